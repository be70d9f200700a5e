"""The facilitator's actions on a table: the control cell of an exercise.

An action is a JSON-able mapping (so a table can store it as an input and every process replay
it), applied by :meth:`game.play.session.Session.facilitate`:

=============  ==============================================  =====================================
``action``     other keys                                      what it does
=============  ==============================================  =====================================
``fire``       ``inject`` (any inject of the case)             fires it now, whatever its schedule
``hold``       ``inject``                                      it does not fire on its own until
                                                               released
``release``    ``inject`` (a held one)                         lifts the hold; if it came due while
                                                               held, it fires now
``pause``      ``reason`` (optional)                           the table takes no move until resumed
``resume``     (none)                                          the table plays on
``adjust``     ``meter`` (a meter slot, or a meter with one    adjudication: the meter moves by
               slot), ``change`` (a non-zero integer),         ``change`` (clamped to its bounds)
               ``reason`` (required)
``note``       ``text``, ``shown`` (optional, false)           a note on this moment; trainees read
                                                               it only if ``shown``
``seat``       ``seat`` (a role people play), ``to``:          hands an empty or abandoned seat to
               "policy" or "person"                            its counterpart policy, or gives it
                                                               back to a person
=============  ==============================================  =====================================

Each action is one ``facilitator`` event in the log (``role`` "", the facilitator being the actor),
followed by what it caused: the inject (its event carries ``by: facilitator``) and its effects, or
the adjusted meter's effect.  Who sees what: a fired inject, by its own audience (the facilitator
event before it is the facilitator's only); holds and releases, nobody but the facilitator; a pause
and a resume, everyone; an adjudication with its reason, the roles who see that meter's number
(nobody for a hidden meter); a note, everyone if shown, else nobody; a seat handed over, everyone.

A seat handed to the policy stays a seat (its role is still scored as a player's), but the session
does not choose for it: whoever drives the table asks the policy each time :func:`auto_turn` names
the role (a table in the store does it in the same transaction as the input that made it the
role's turn, :meth:`game.storage.Store.add_input`), so every move it makes is an ordinary
``move`` event with ``by`` "policy", replayed as such.

Scoring: what the facilitator causes is attributed to :data:`FACILITATOR`
(:mod:`game.play.attribution`), never to a player, so no player earns or loses credit for it; the
table's result (the state at the end) still includes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from game.errors import MoveError
from game.play.events import Event

if TYPE_CHECKING:
    from game.play.session import Session

FACILITATOR = "@facilitator"
"""The cause role (:class:`game.play.attribution.Cause`) of what the facilitator did: never a role id
(role ids are lowercase letters and digits), so never a player's credit."""

ACTIONS = ("fire", "hold", "release", "pause", "resume", "adjust", "note", "seat")
SEAT_TO = ("policy", "person")  # a seat handed to its counterpart policy, or given back to a person
MAX_TEXT = 1000  # characters in a reason or a note

NOBODY: list[str] = []  # the audience of an event only the facilitator sees


class FacilitatorError(MoveError):
    """An action that cannot be applied: unknown action, inject or meter, missing reason, bad value.

    Like a refused move (a :class:`~game.errors.MoveError`, so a ``ValueError``), it is raised
    before anything changed."""


def act(session: Session, payload: Mapping[str, object]) -> list[Event]:
    """Apply one action to ``session``; the events it added. Raises :class:`FacilitatorError`."""
    action = normalize(session, payload)
    if session.over:
        raise FacilitatorError("the case is over: the facilitator can no longer act on this table")
    before = len(session._raw)
    kind = action["action"]
    if kind == "fire":
        _announce(session, action, NOBODY)
        _fire(session, str(action["inject"]))
    elif kind == "hold":
        if action["inject"] in session._held:
            raise FacilitatorError(f"the inject {action['inject']!r} is already held")
        session._held[str(action["inject"])] = False
        _announce(session, action, NOBODY)
    elif kind == "release":
        if action["inject"] not in session._held:
            raise FacilitatorError(f"the inject {action['inject']!r} is not held: nothing to release")
        due = session._held.pop(str(action["inject"]))
        _announce(session, action, NOBODY)
        if due:
            _fire(session, str(action["inject"]))
    elif kind == "pause":
        if session._paused:
            raise FacilitatorError("the table is already paused")
        session._paused = True
        _announce(session, action, None)
    elif kind == "resume":
        if not session._paused:
            raise FacilitatorError("the table is not paused")
        session._paused = False
        _announce(session, action, None)
    elif kind == "adjust":
        _adjust(session, action)
    elif kind == "seat":
        _seat(session, action)
    else:  # note
        _announce(session, action, None if action["shown"] else NOBODY)
    if kind in ("fire", "release", "adjust"):
        session._run()  # a changed state may leave a seat with no open move: play goes on as it would
    return list(session._events()[before:])


def normalize(session: Session, payload: Mapping[str, object]) -> dict[str, Any]:
    """``payload`` checked against the case and written in one form (the form the log keeps)."""
    case = session.case
    if not isinstance(payload, Mapping):
        raise FacilitatorError("a facilitator action is a mapping with an 'action' key")
    kind = payload.get("action")
    if kind not in ACTIONS:
        raise FacilitatorError(f"unknown facilitator action {kind!r}; the actions are {', '.join(ACTIONS)}")
    allowed = {
        "fire": {"inject"},
        "hold": {"inject"},
        "release": {"inject"},
        "pause": {"reason"},
        "resume": set(),
        "adjust": {"meter", "change", "reason"},
        "note": {"text", "shown"},
        "seat": {"seat", "to"},  # not "role": an event's data never repeats its own keys
    }[str(kind)]
    extra = sorted(set(payload) - allowed - {"action"})
    if extra:
        raise FacilitatorError(f"'{kind}' takes no {', '.join(map(repr, extra))}")
    out: dict[str, Any] = {"action": kind}
    if kind in ("fire", "hold", "release"):
        inject = payload.get("inject")
        if not isinstance(inject, str) or inject not in case.injects:
            known = ", ".join(case.injects) or "none"
            raise FacilitatorError(f"unknown inject {inject!r}; the case's injects are: {known}")
        out["inject"] = inject
    elif kind == "pause":
        if payload.get("reason") not in (None, ""):
            out["reason"] = _text(payload.get("reason"), "reason")
    elif kind == "adjust":
        out["meter"] = _slot(session, payload.get("meter"))
        change = payload.get("change")
        if isinstance(change, bool) or not isinstance(change, int) or change == 0:
            raise FacilitatorError(f"'change' must be a whole number other than 0, not {change!r}")
        out["change"] = change
        out["reason"] = _text(payload.get("reason"), "reason")
    elif kind == "note":
        out["text"] = _text(payload.get("text"), "text")
        shown = payload.get("shown", False)
        if not isinstance(shown, bool):
            raise FacilitatorError(f"'shown' must be true or false, not {shown!r}")
        out["shown"] = shown
    elif kind == "seat":
        role = payload.get("seat")
        if not isinstance(role, str) or role not in session.humans:
            seats = ", ".join(session.humans) or "none"
            raise FacilitatorError(
                f"{role!r} is not a seat people play at this table (its seats: {seats}); the other "
                "roles are played by their policies already"
            )
        to = payload.get("to")
        if to not in SEAT_TO:
            raise FacilitatorError(f"'to' must be one of {', '.join(SEAT_TO)}, not {to!r}")
        out["seat"] = role
        out["to"] = to
    return out


def payload_of(event: Event) -> dict[str, Any]:
    """The action a ``facilitator`` event records, as :func:`act` takes it (for replays)."""
    return {k: v for k, v in event.data.items() if k not in ("audience", "chosen")}


def chosen_before(event: Event, later: Sequence[Event], skip: set[int]) -> list[Event]:
    """The choices of the roles that had chosen in secret before the action ``event`` records
    (its ``chosen``): each role's next move or answer in ``later`` not in ``skip`` (positions already
    played early), to replay before the action."""
    out = []
    for role in event.data.get("chosen", ()):
        found = next(
            (
                e
                for e in later
                if e.role == role and (e.kind == "move" or (e.kind == "offer" and "by" in e.data))
            ),
            None,
        )
        if found is not None:
            out.append(found)
    return out


def auto_turn(session: Session) -> str | None:
    """The first seat handed to the policy that the table waits for now (None: none, or the table
    is paused or over): the caller plays it with ``session.play_policy(role)``."""
    if session._paused or not session._auto:
        return None
    return next((r for r in session.waiting_for if r in session._auto), None)


def held(session: Session) -> dict[str, bool]:
    """The injects on hold now, each with whether it came due while held."""
    return dict(session._held)


def actions_in(events: Sequence[Event]) -> list[Event]:
    """The ``facilitator`` events of a log (a debrief's list of what the facilitator did)."""
    return [e for e in events if e.kind == "facilitator"]


def _text(value: object, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FacilitatorError(f"'{key}' is required: write a few words (it is kept in the log)")
    if len(value) > MAX_TEXT:
        raise FacilitatorError(f"'{key}' is {len(value)} characters; at most {MAX_TEXT}")
    return value.strip()


def _slot(session: Session, meter: object) -> str:
    """The meter slot ``meter`` names: a slot (``trust.a_b``), or a meter that has one slot."""
    case = session.case
    slots = session._board.meters
    if isinstance(meter, str):
        if meter in slots:
            return meter
        found = case.meters.get(meter)
        if found is not None and len(found.initial) == 1:
            return next(iter(found.initial))
        if found is not None:
            raise FacilitatorError(
                f"the meter {meter!r} has one value per role or pair: name one of {', '.join(found.initial)}"
            )
    raise FacilitatorError(f"unknown meter {meter!r}; the meters are: {', '.join(slots)}")


def _announce(session: Session, action: Mapping[str, Any], seen: list[str] | None) -> None:
    data = dict(action)
    if session._secret:  # a simultaneous round: who had chosen already (a replay plays them first)
        data["chosen"] = sorted(session._secret)
    if seen is not None:
        data["audience"] = sorted(seen)
    session._emit("facilitator", "", data)


def _seat(session: Session, action: Mapping[str, Any]) -> None:
    """A seat handed to the policy or given back to a person: seen by everyone at the table."""
    role = str(action["seat"])
    name = session.case.roles[role].name
    if action["to"] == "policy":
        if role in session._auto:
            raise FacilitatorError(f"{name}'s seat is played by the policy already")
        session._auto.add(role)
    else:
        if role not in session._auto:
            raise FacilitatorError(f"{name}'s seat is played by a person already")
        session._auto.discard(role)
    _announce(session, action, None)


def _fire(session: Session, inject_id: str) -> None:
    """Fire ``inject_id`` now, as the facilitator's doing (like a scheduled inject otherwise)."""
    inject = session.case.injects[inject_id]
    board = session._board
    board.fired[inject_id] = board.fired.get(inject_id, 0) + 1
    seen = inject.audience.who()
    data: dict[str, Any] = {"inject": inject_id, "by": "facilitator"}
    if inject.quiet:
        data["quiet"] = True
    if seen is not None:
        data["audience"] = sorted(seen)
    session._emit("inject", "", data)
    session._apply(session._rules.steps(inject.effects, ""), "", seen)
    if inject.starts or inject.stops:
        session._timers(inject.starts, inject.stops, "", seen)


def _adjust(session: Session, action: Mapping[str, Any]) -> None:
    """Adjudication: the meter moves, logged as an effect after the facilitator's event."""
    slot = str(action["meter"])
    rules = session._rules
    meter = session.case.meters[rules.meter_of[slot]]
    seen = rules.slot_seen.get(slot) if meter.visible else frozenset()
    _announce(session, action, None if seen is None else sorted(seen))
    low, high = rules.bounds[slot]
    before = session._board.meters[slot]
    after = min(high, max(low, before + int(action["change"])))
    session._board.meters[slot] = after
    data: dict[str, Any] = {"slot": slot, "value": after, "change": after - before}
    effect_seen = rules.slot_seen.get(slot) if rules.private else None
    if effect_seen is not None:
        data["audience"] = sorted(effect_seen)
    session._emit("effect", "", data)


def refuse_if_paused(session: Session) -> None:
    """The error a paused table gives a seat that tries to move."""
    if session._paused:
        raise MoveError("the table is paused by the facilitator: wait for it to resume")
