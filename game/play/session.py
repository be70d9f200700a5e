"""The session façade: the one API through which the terminal app, the command
line and the tests play a case.

>>> session = Session(case, seed=7, humans=["velmar"])
>>> session.waiting_for            # human roles that must choose now
('velmar',)
>>> [o.move.id for o in session.options("velmar") if o.open]
[...]
>>> new_events = session.play("velmar", "listen")
>>> session.snapshot().phase, session.over

Roles not in ``humans`` are played by a policy (:mod:`game.play.policy`) as soon as
it is their turn, so after every call the session is either waiting for a
human or over.  In a simultaneous round :meth:`play` records a secret choice;
the round resolves, in the case's stated order, when the last human has
chosen.

Everything that happens is appended to :attr:`log`; the same case, seed,
humans, policy and choices always give the same log.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from game.case.conditions import compound
from game.case.model import Case, Ending, Move, RoundMode
from game.debriefing.clauses import locked_reason
from game.errors import MoveError, ParleyError
from game.play import bargaining, facilitator
from game.play.attribution import Tracker
from game.play.board import Board, Offer
from game.play.events import Event
from game.play.offerterms import answer_detail
from game.play.policy import POLICIES
from game.play.rounds import RoundRunner
from game.play.rules import rules_for
from game.play.view import View, view_of


class ReplayError(ParleyError, ValueError):
    """A log that cannot be replayed against this case."""


@dataclass(frozen=True, slots=True)
class Option:
    """A move listed for a role in the current phase, open or locked."""

    move: Move
    open: bool
    reason: str  # why it is locked; "" when open
    detail: str = ""  # (format 2) an answer to an offer: what it does to the terms on the table now


@dataclass(frozen=True, slots=True)
class Reading:
    """One meter slot's value."""

    slot: str
    meter: str
    label: str
    owner: str  # "" for a global meter, a role id, or a pair key
    value: int
    minimum: int
    maximum: int
    visible: bool
    band: str = ""  # in a role's view: the band shown instead of the number (value is its lowest)


@dataclass(frozen=True, slots=True)
class Countdown:
    """A running timer (format 2): "Ultimatum: 2 rounds left"."""

    timer: str
    label: str
    rounds_left: int  # 1 in its last round
    visible_to: tuple[str, ...]  # empty: every role


@dataclass(frozen=True, slots=True)
class Tabled:
    """An offer on the table (format 2): the proposal, its current terms, who tabled it, who must answer."""

    proposal: str
    label: str
    terms: tuple[str, ...]
    by: str
    awaiting: tuple[str, ...]  # addressed roles that have not answered yet
    rounds_left: int  # 0: it does not lapse


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A read-only view of a session at one moment."""

    seq: int  # number of events so far
    phase: str
    round: int
    phase_round: int
    meters: tuple[Reading, ...]
    flags: Mapping[str, bool]
    waiting_for: tuple[str, ...]
    over: bool
    ending: str | None
    rounds_left: int = 0  # rounds left in the phase, this one included (1: its last round); 0: no limit
    timers: tuple[Countdown, ...] = ()
    offers: tuple[Tabled, ...] = ()
    paused: bool = False  # paused by the facilitator: no move is taken until it resumes


class Session(RoundRunner):
    """One playthrough of a case."""

    def __init__(
        self,
        case: Case,
        *,
        seed: int = 0,
        humans: Sequence[str] = (),
        policy: str = "counterpart",
        names: Mapping[str, str] | None = None,
        party_lines: bool = True,
        sealed_answers: bool = True,
    ) -> None:
        """``party_lines``: an agreement crosses the red lines of every party to it, not only of the
        role whose answer closed it (see :mod:`game.play.bargaining`); False only to replay a session
        saved before that rule, whose start event does not say ``party_lines``.  ``sealed_answers``
        (simultaneous rounds): an answer chosen in secret to an offer that a counter or a new tabling
        replaced earlier in the same resolution is late; False only to replay a session saved before
        that rule, whose start event does not say ``sealed_answers``."""
        if policy not in POLICIES:
            raise ValueError(f"unknown policy {policy!r}; choose one of {', '.join(POLICIES)}")
        seen: set[str] = set()
        for role in humans:
            if role not in case.roles:
                raise ValueError(f"unknown role {role!r}; the roles are {', '.join(case.roles)}")
            if not case.roles[role].playable:
                raise ValueError(f"role {role!r} cannot be played by a human in this case")
            if role in seen:
                raise ValueError(f"role {role!r} is taken twice")
            seen.add(role)
        self.case = case
        self.seed = seed
        self.humans = tuple(humans)
        self._human_set = frozenset(self.humans)
        self.policy = policy
        self.names: Mapping[str, str] = MappingProxyType(dict(names or {}))
        self._rules = rules_for(case)
        # Independent seeded streams: chance injects draw from one, each role's
        # policy from its own, so changing one inject or one role's choices does
        # not reshuffle the draws of everything else.
        self._seed_streams(seed)
        self._board: Board = self._rules.new_board()
        # The log is kept as raw (round, kind, role, data) rows, seq being the index, and turned into
        # Event objects when first read (:meth:`_events`): building them costs more than the rest of
        # a round, and many sessions (analysis, rollouts) never read most of them.
        self._raw: list[tuple[int, str, str, dict[str, Any]]] = []
        self._log: list[Event] = []
        self._phase = case.start
        self._ending: Ending | None = None
        self._turn = 0
        self._secret: dict[str, str] = {}
        self._planned: dict[str, Move] = {}
        self._by: dict[str, str] = {}
        self._simultaneous = case.rounds.mode is RoundMode.SIMULTANEOUS
        self._v2 = case.schema_version >= 2
        self._history = self._rules.history
        self._tracker = Tracker(case, self._board)
        self._held: dict[str, bool] = {}  # injects the facilitator holds -> came due while held
        self._paused = False
        self._auto: set[str] = set()  # seats the facilitator handed to the policy (game.play.facilitator)
        start: dict[str, Any] = {
            "case": case.id,
            "hash": case.source_hash,
            "seed": seed,
            "humans": list(self.humans),
            "policy": policy,
        }
        if self.names:
            start["names"] = dict(self.names)
        # only a case with proposals has agreements: its sessions say which rule they were played by
        self._party_lines = party_lines and bool(case.proposals)
        if self._party_lines:
            start["party_lines"] = True
        self._sealed_answers = sealed_answers and bool(case.proposals) and self._simultaneous
        if self._sealed_answers:
            start["sealed_answers"] = True
        self._emit("start", "", start)
        self._enter(case.start, "start")
        self._begin_round()
        self._run()

    @classmethod
    def from_start(cls, case: Case, start: Mapping[str, Any]) -> Session:
        """A new session of ``case`` with the seed, seats, policy and rules its log's ``start`` event
        records (a log without a rule's flag was played before that rule: it replays without it).
        Raises KeyError, TypeError or ValueError when the event lacks what a session needs."""
        return cls(
            case,
            seed=int(start["seed"]),
            humans=list(start["humans"]),
            policy=str(start["policy"]),
            names=start.get("names"),
            party_lines=bool(start.get("party_lines", False)),
            sealed_answers=bool(start.get("sealed_answers", False)),
        )

    @classmethod
    def replay(cls, case: Case, events: Sequence[Event]) -> Session:
        """Rebuild a session from its log: same seed, seats and human choices.

        ``events`` may stop anywhere (a log cut short by a crash); the human
        choices in it are replayed and play continues from there.  Raises
        :class:`ReplayError` when the log does not come from ``case`` or does
        not replay to the same events.
        """
        if not events or events[0].kind != "start":
            raise ReplayError("the log does not begin with a start event")
        start = events[0].data
        if start.get("case") != case.id:
            raise ReplayError(f"the log is of case {start.get('case')!r}, not {case.id!r}")
        if start.get("hash") != case.source_hash:
            raise ReplayError("the case file has changed since this session was played")
        try:
            session = cls.from_start(case, start)
            early: set[int] = set()  # choices played before a facilitator's action (see below)
            for index, event in enumerate(events):
                if event.seq in early:
                    continue
                if (event.kind == "move" or (event.kind == "offer" and "by" in event.data)) and (
                    event.role in session.humans
                ):
                    session._replay_choice(event)
                elif event.kind == "facilitator":
                    # in a simultaneous round, the secret choices made before the action come first
                    for ahead in facilitator.chosen_before(event, events[index + 1 :], early):
                        if not session.has_chosen(ahead.role):  # not already, before an earlier action
                            session._replay_choice(ahead)
                            early.add(ahead.seq)
                    session.facilitate(facilitator.payload_of(event))
        except (KeyError, TypeError, ValueError) as err:
            raise ReplayError(f"the log cannot be replayed: {err}") from None
        replayed = session._events()[: len(events)]
        if [e.to_dict() for e in replayed] != [e.to_dict() for e in events[: len(replayed)]]:
            raise ReplayError("the log does not replay to the same events")
        return session

    def _replay_choice(self, event: Event) -> None:
        """Play a human's move (or answer) of a log again, as it was chosen."""
        if event.data["by"] == "policy":
            self.play_policy(event.role)
        else:
            self.play(event.role, event.data["move"])

    def _seed_streams(self, seed: int) -> None:
        self._inject_rng = random.Random(f"{seed}:injects")
        self._policy_rng = {role: random.Random(f"{seed}:policy:{role}") for role in self.case.roles}

    def fork(self, *, seed: int, policy: str | None = None) -> Session:
        """An independent copy of this session as it stands now, for what-if play.

        The copy has this session's seats, state and log so far, but fresh
        generators seeded from ``seed``, and, if ``policy`` is given, that
        policy for every role played by the policy from now on (including
        humans asked to :meth:`play_policy`).  Nothing done in the copy touches
        this session.  The copy's log does not replay (its draws change where it
        forked), so it is for rollouts and previews, not for saving.
        """
        if policy is not None and policy not in POLICIES:
            raise ValueError(f"unknown policy {policy!r}; choose one of {', '.join(POLICIES)}")
        twin = copy.copy(self)
        twin._board = _copy_board(self._board)
        twin._raw = list(self._raw)
        twin._log = list(self._log)
        twin._secret = dict(self._secret)
        twin._planned = dict(self._planned)
        twin._by = dict(self._by)
        twin._tracker = self._tracker.copy()
        twin._held = dict(self._held)
        twin._auto = set(self._auto)
        twin._seed_streams(seed)
        if policy is not None:
            twin.policy = policy
        return twin

    # ----------------------------------------------------------------- reading

    def tally(self) -> Board:
        """The running totals now, as a detached :class:`~game.play.board.Board`.

        Meters, flags, moves played (by anyone and by each role), tags, injects
        fired, phases visited, the round and the ending: the board
        :func:`game.play.replay.fold` rebuilds from :attr:`log`, without reading the
        log.  For analysis and scoring of many sessions (see
        :func:`game.debriefing.scoring.totals`); changing it changes nothing here.
        """
        board = _copy_board(self._board)
        # who caused what, kept up to date during play: the same as attribute() gives from the log
        # (tests/test_tracked_attribution.py holds them equal)
        tracker = self._tracker
        ledger = tracker.detached()
        tracker.finish_into(ledger, _copy_board(self._board))
        board.ledger = ledger
        return board

    @property
    def log(self) -> tuple[Event, ...]:
        """Every event so far, oldest first."""
        return tuple(self._events())

    def events_since(self, seq: int) -> tuple[Event, ...]:
        """Events with a sequence number of ``seq`` or more."""
        return tuple(self._events()[seq:])

    @property
    def phase(self) -> str:
        """The current phase id (the last phase, once over)."""
        return self._phase

    @property
    def round(self) -> int:
        """The current round, from 1."""
        return self._board.round

    @property
    def over(self) -> bool:
        """Whether the case has reached an ending."""
        return self._ending is not None

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None while in play."""
        return self._ending

    @property
    def waiting_for(self) -> tuple[str, ...]:
        """Human roles that must choose before play can go on, in turn order."""
        if self._ending is not None:
            return ()
        order = self.case.rounds.order
        if self._simultaneous:
            return tuple(
                r for r in order if r in self.humans and r not in self._secret and self._open_moves(r)
            )
        return (order[self._turn],) if self._turn < len(order) else ()

    def has_chosen(self, role: str) -> bool:
        """In a simultaneous round: whether ``role`` has made its secret choice."""
        return role in self._secret

    def options(self, role: str) -> tuple[Option, ...]:
        """The moves listed for ``role`` in the current phase, open or locked."""
        return self._listed(role, True)

    def _listed(self, role: str, explain: bool) -> tuple[Option, ...]:
        """:meth:`options`; without ``explain``, a locked move's reason is not worked out."""
        if role not in self.case.roles:
            raise ValueError(f"unknown role {role!r}")
        board = self._board
        board.self_role = role
        out = []
        for move in self._rules.menu(self._phase, role):
            if move.appears_when is not None and not move.appears_when.test(board):
                continue
            is_open = move.when is None or bool(move.when.test(board))
            reason = "" if is_open else self._locked_reason(move, role) if explain else "locked"
            if is_open:
                for requirement in move.requires:
                    if not requirement.when.test(board):
                        is_open, reason = False, requirement.reason
                        break
            out.append(Option(move, is_open, reason))
        if board.offers:
            for move in bargaining.answers_for(self._rules, board, role):
                assert move.answer is not None
                offer = board.offers[move.answer[0]]
                out.append(Option(move, True, "", answer_detail(self.case, offer, move) if explain else ""))
        return tuple(out)

    def _locked_reason(self, move: Move, role: str) -> str:
        """The author's ``locked_reason``; for a compound ``when`` (``and``/``or``) without
        ``requires``, the parts that fail now, in words (:func:`game.debriefing.clauses.locked_reason`)."""
        assert move.when is not None
        if move.requires or not compound(move.when.expr):
            return move.locked_reason
        return locked_reason(self.case, move.when.expr, self._board, role) or move.locked_reason

    def move_named(self, move_id: str) -> Move | None:
        """The move with this id: one of the case's, or (format 2) an answer to an offer
        (``standstill.accept``); None when there is none."""
        found = self.case.moves.get(move_id)
        if found is None:
            proposal, _, action = move_id.partition(".")
            found = self._rules.answers.get(proposal, {}).get(action)
        return found

    def snapshot(self) -> Snapshot:
        """The state of play now, as plain read-only values."""
        board = self._board
        readings = []
        for meter in self.case.meters.values():
            for slot in meter.initial:
                owner = slot.partition(".")[2]
                readings.append(
                    Reading(
                        slot,
                        meter.id,
                        meter.label,
                        owner,
                        board.meters[slot],
                        meter.minimum,
                        meter.maximum,
                        meter.visible,
                    )
                )
        left = self._rules.names.resolve_rounds_left(board) if self._ending is None else 0
        timers = tuple(
            Countdown(t, self.case.timers[t].label, last - board.round + 1, self.case.timers[t].visible_to)
            for t, last in board.timers.items()
        )
        offers = tuple(
            Tabled(
                p,
                self.case.proposals[p].label,
                o.terms,
                o.by,
                tuple(r for r in o.to if bargaining.awaiting(o, r)),
                o.expires - board.round + 1 if o.expires else 0,
            )
            for p, o in board.offers.items()
        )
        return Snapshot(
            rounds_left=left,
            timers=timers,
            offers=offers,
            seq=len(self._raw),
            phase=self._phase,
            round=board.round,
            phase_round=board.phase_round,
            meters=tuple(readings),
            flags=MappingProxyType(dict(board.flags)),
            waiting_for=self.waiting_for,
            over=self.over,
            ending=self._ending.id if self._ending else None,
            paused=self._paused,
        )

    def view(self, role: str | None) -> View:
        """The log and the snapshot as ``role`` knows them (``None``: what everyone may see).

        See :mod:`game.play.view`; :attr:`log` stays the full record.
        """
        return view_of(self.case, self._events(), self.snapshot(), role)

    def changes_since(self, seq: int) -> dict[str, int]:
        """The net change of each meter slot over the events from ``seq`` on."""
        out: dict[str, int] = {}
        for event in self._events()[seq:]:
            if event.kind == "effect" and event.data["change"]:
                slot = event.data["slot"]
                out[slot] = out.get(slot, 0) + event.data["change"]
        return out

    # ----------------------------------------------------------------- playing

    def play(self, role: str, move_id: str) -> tuple[Event, ...]:
        """A human plays ``move_id`` for ``role``; returns the events it caused.

        In a simultaneous round this records a secret choice and returns no
        events until the last human has chosen.  Raises :class:`MoveError` when
        the case is over, it is not ``role``'s turn, or the move is not open.
        """
        move = self._check(role, move_id)
        return self._accept(role, move, "human")

    def play_policy(self, role: str) -> tuple[Event, ...]:
        """Let the session's policy choose for a human ``role`` whose turn it is."""
        facilitator.refuse_if_paused(self)
        if role not in self.waiting_for:
            raise MoveError(self._not_your_turn(role))
        move = self._choose(role)
        assert move is not None  # waiting_for lists only roles with an open move
        return self._accept(role, move, "policy")

    def play_out(self, plans: Mapping[str, Sequence[str]] | None = None) -> None:
        """Play every human's turns until the case ends: the policy chooses, or a plan.

        Without ``plans``, the same moves as calling :meth:`play_policy` for ``waiting_for[0]``
        until :attr:`over`.  ``plans`` gives some humans the moves to play at their next turns, in
        order: at each turn the next planned move is played when it is open, and when it is not
        (or the plan has run out) the policy chooses.  No events are built on the way (rollouts
        read only :meth:`tally`).
        """
        queues = {role: list(moves) for role, moves in (plans or {}).items()}
        taken = dict.fromkeys(queues, 0)
        while self._ending is None:
            role = self.waiting_for[0]
            move: Move | None = None
            queue = queues.get(role)
            if queue and taken[role] < len(queue):
                planned = queue[taken[role]]
                taken[role] += 1
                move = next((m for m in self._open_moves(role) if m.id == planned), None)
            by = "human" if move is not None else "policy"
            if move is None:
                move = self._choose(role)
                assert move is not None  # waiting_for lists only roles with an open move
            self._take(role, move, by)

    def facilitate(self, payload: Mapping[str, object]) -> list[Event]:
        """Apply one facilitator action (a JSON-able mapping, see :mod:`game.play.facilitator`);
        returns the events it added.  Raises :class:`~game.play.facilitator.FacilitatorError`."""
        return facilitator.act(self, payload)

    @property
    def paused(self) -> bool:
        """Whether the facilitator has paused the table (moves are refused until it resumes)."""
        return self._paused

    @property
    def auto(self) -> frozenset[str]:
        """The seats the facilitator handed to the policy: it chooses for them when their turn comes."""
        return frozenset(self._auto)

    @property
    def held(self) -> dict[str, bool]:
        """The injects the facilitator holds, each with whether it came due while held."""
        return dict(self._held)

    def _accept(self, role: str, move: Move, by: str) -> tuple[Event, ...]:
        before = len(self._raw)
        self._take(role, move, by)
        return tuple(self._events()[before:])

    def _take(self, role: str, move: Move, by: str) -> None:
        if self._simultaneous:
            self._secret[role] = move.id
            self._planned[role] = move
            self._by[role] = by
        else:
            self._resolve(role, move, by)
            self._turn += 1
        self._run()

    def _check(self, role: str, move_id: str) -> Move:
        if self._ending is not None:
            raise MoveError("the case is over")
        facilitator.refuse_if_paused(self)
        if role not in self.case.roles:
            raise MoveError(f"unknown role {role!r}")
        if role not in self.humans:
            raise MoveError(f"{role!r} is played by the counterpart policy, not a human")
        if role not in self.waiting_for:
            raise MoveError(self._not_your_turn(role))
        for option in self._listed(role, False):
            if option.move.id == move_id:
                if not option.open:
                    reason = next(o.reason for o in self.options(role) if o.move.id == move_id)
                    raise MoveError(f"{option.move.label!r} is locked: {reason}")
                return option.move
        if move_id in self.case.moves:
            raise MoveError(f"{move_id!r} is not open to {role!r} in this phase")
        proposal_id, _, action = move_id.partition(".")
        if action in self._rules.answers.get(proposal_id, {}):  # format 2: a real answer, out of turn
            label = self.case.proposals[proposal_id].label
            raise MoveError(f"{move_id!r} answers the {label!r} offer, and none awaits {role!r}'s answer now")
        raise MoveError(f"unknown move {move_id!r}")

    def _not_your_turn(self, role: str) -> str:
        if self._simultaneous and role in self._secret:
            return f"{role!r} has already chosen this round"
        waiting = ", ".join(self.waiting_for) or "nobody"
        return f"it is not {role!r}'s turn (waiting for {waiting})"

    def _events(self) -> list[Event]:
        """The log as Event objects, building those not built yet."""
        log = self._log
        raw = self._raw
        if len(log) < len(raw):
            log.extend(Event(seq, *raw[seq]) for seq in range(len(log), len(raw)))
        return log


def _copy_board(board: Board) -> Board:
    """A copy of ``board`` sharing no mutable container with it (every field of Board is listed:
    ``tests/instructor/test_session_tools.py`` fails when one is added and not copied here)."""
    return Board(
        meters=dict(board.meters),
        flags=dict(board.flags),
        played=dict(board.played),
        tagged=dict(board.tagged),
        mine={role: dict(counts) for role, counts in board.mine.items()},
        fired=dict(board.fired),
        visited=set(board.visited),
        round=board.round,
        phase_round=board.phase_round,
        self_role=board.self_role,
        ending=board.ending,
        outcome=board.outcome,
        ledger=board.ledger,
        first=dict(board.first),
        last=dict(board.last),
        phase_cap=board.phase_cap,
        timers=dict(board.timers),
        expired=set(board.expired),
        offers={p: _copy_offer(o) for p, o in board.offers.items()},
        accepted=dict(board.accepted),
    )


def _copy_offer(offer: Offer) -> Offer:
    return Offer(
        offer.terms,
        offer.by,
        offer.to,
        offer.expires,
        set(offer.accepted),
        set(offer.rejected),
        set(offer.countered),
        offer.seen,
        offer.fresh,
    )
