"""The facilitator's desk: the tables a console watches, each summed up in one row, and the way
its actions reach them.

A :class:`Desk` lists tables (:meth:`Desk.tables`), gives each one's session
(:meth:`Desk.session`) and applies a facilitator's action to one (:meth:`Desk.act`).  Two kinds:

* :class:`LocalDesk`: sessions held in this process (one table played here, tests);
* :class:`StoreDesk`: the tables of the shared store (``parley host`` / ``parley join``), read
  again at every refresh; an action is one input of the table
  (``Store.add_input(code, "facilitator", payload, by="facilitator")``), replayed by every seat.

:class:`GuardedDesk` wraps either for a console that reads in a worker thread: one call at a time,
and each session it hands out is a copy that no later reading or action changes, so the screen
reads the last copy while the next reading runs.

:func:`summarize` turns a table's session into a :class:`TableRow`: phase, round, who is
choosing, key meters and alerts (a red line crossed, a table waiting long, paused, an inject held
past its time).  Nothing here imports the terminal app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from game.debriefing.compare import Table
from game.debriefing.scoring import debrief
from game.errors import ParleyError, StorageError
from game.play.facilitator import auto_turn
from game.play.session import Session
from game.storage.records import Seat, SessionInfo, Status

WAITING_LONG = 180  # seconds without an input before a table in play is flagged as waiting long
KEY_METERS = 3  # meters shown per table in the overview


@dataclass(frozen=True, slots=True)
class TableRow:
    """One table as the console's overview shows it."""

    code: str
    name: str
    case_id: str
    phase: str  # the phase's title, or the ending's once over
    round: int
    choosing: tuple[str, ...]  # the names of the roles the table waits for
    meters: tuple[tuple[str, int], ...]  # (short label, value) of the key meters
    alerts: tuple[str, ...]
    over: bool
    paused: bool
    seats: str = ""  # "velmar: Ana, kest: —"


@dataclass(slots=True)
class Listed:
    """A table a desk knows: its code, name, session and when it last moved."""

    code: str
    name: str
    session: Session
    last_activity: str = ""  # ISO 8601 UTC; "" when unknown
    seats: Mapping[str, str] = field(default_factory=dict)  # role -> the person's name
    has_seats: bool = False  # people take seats at it (a stored table): an empty seat is worth an alert


class Desk(Protocol):
    """Where a console's tables come from and where its actions go."""

    def tables(self) -> list[Listed]:
        """The tables to show now (read again at every refresh)."""
        ...

    def get(self, code: str) -> Listed | None:
        """One table, finished or not, or None when there is no such table."""
        ...

    def act(self, code: str, payload: Mapping[str, object]) -> None:
        """Apply one facilitator action to table ``code``; raises a ParleyError saying why not."""
        ...

    def finished(self, case_id: str) -> list[Table]:
        """The finished tables of a case, to compare (:mod:`game.debriefing.compare`)."""
        ...

    def release(self, code: str, role: str) -> str:
        """Free the seat of ``role`` at table ``code``; the name of the person who held it.
        Raises a ParleyError saying why not (a desk without seats says so)."""
        ...


class LocalDesk:
    """Tables whose sessions live in this process (named by code)."""

    def __init__(self, sessions: Mapping[str, Session], names: Mapping[str, str] | None = None) -> None:
        self._sessions = dict(sessions)
        self._names = dict(names or {})

    def tables(self) -> list[Listed]:
        """Every table, in the order given."""
        return [Listed(code, self._names.get(code, code), s) for code, s in self._sessions.items()]

    def get(self, code: str) -> Listed | None:
        """The table ``code``, or None."""
        session = self._sessions.get(code)
        return None if session is None else Listed(code, self._names.get(code, code), session)

    def act(self, code: str, payload: Mapping[str, object]) -> None:
        """Apply the action to the session in memory; a seat handed to the policy plays at once."""
        session = self._sessions[code]
        session.facilitate(payload)
        while (role := auto_turn(session)) is not None:
            session.play_policy(role)

    def release(self, code: str, role: str) -> str:
        """Sessions in memory have no seats to release."""
        raise StorageError("these tables are played here, with no seats to release")

    def finished(self, case_id: str) -> list[Table]:
        """The sessions of ``case_id`` that are over, numbered in the order given."""
        out = []
        for number, (_code, session) in enumerate(self._sessions.items(), 1):
            if session.over and session.case.id == case_id:
                result = debrief(session.case, session.log)
                out.append(Table(_info(number, session), session.case, session.log, result))
        return out


class StoreDesk:
    """The store's tables: open tables of one case (or of every case), or the one table ``code``.

    ``store`` is a :class:`game.storage.Store` with tables (``tables``, ``table``,
    ``table_session``, ``add_input``).
    """

    def __init__(self, store: Any, *, case_id: str | None = None, code: str | None = None) -> None:
        self.store = store
        self.case_id = case_id
        self.code = code

    def tables(self) -> list[Listed]:
        """The tables as the store has them now (finished ones too, when watching one table)."""
        infos = [self.store.table(self.code)] if self.code is not None else self.store.tables(self.case_id)
        return [self._listed(info) for info in infos]

    def get(self, code: str) -> Listed | None:
        """The table ``code`` as the store has it now, finished or not; None when there is none."""
        try:
            info = self.store.table(code)
        except StorageError:
            return None
        return self._listed(info)

    def _listed(self, info: Any) -> Listed:
        session = self.store.table_session(info.code)
        seats = {seat.role: seat.name for seat in info.seats}
        return Listed(info.code, info.name, session, info.last_activity, seats, has_seats=True)

    def act(self, code: str, payload: Mapping[str, object]) -> None:
        """One facilitator input of the table, in the store (every seat replays it)."""
        self.store.add_input(code, "facilitator", dict(payload), by="facilitator")

    def release(self, code: str, role: str) -> str:
        """Free the seat in the store: the next ``parley join`` takes it with a new token."""
        return str(self.store.release(code, role).name)

    def finished(self, case_id: str) -> list[Table]:
        """Every finished session of ``case_id`` in the store (tables and hot-seat games alike),
        as ``parley compare`` reads them; a session that cannot be opened is left out."""
        from game.storage.autosave import open_saved

        out = []
        for result in self.store.finished(case_id):
            try:
                saved, case, scored = open_saved(self.store, result.session.id)
            except ParleyError:
                continue
            out.append(Table(result.session, case, saved.events, scored))
        return sorted(out, key=lambda t: t.info.id)


class GuardedDesk:
    """``desk`` for callers in several threads: one call at a time; the sessions it returns are
    copies (:meth:`Session.fork`) the caller may read while later calls run.  A table's copy is
    made again only when the table changed."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self._lock = threading.Lock()
        self._copies: dict[str, tuple[tuple[object, ...], Session]] = {}

    def tables(self) -> list[Listed]:
        """The desk's tables, each with a copy of its session."""
        with self._lock:
            return [self._copy(item) for item in self.desk.tables()]

    def get(self, code: str) -> Listed | None:
        """One table, with a copy of its session."""
        with self._lock:
            found = self.desk.get(code)
            return None if found is None else self._copy(found)

    def act(self, code: str, payload: Mapping[str, object]) -> None:
        """The desk's action."""
        with self._lock:
            self.desk.act(code, payload)

    def release(self, code: str, role: str) -> str:
        """The desk's release."""
        with self._lock:
            return self.desk.release(code, role)

    def finished(self, case_id: str) -> list[Table]:
        """The desk's finished tables (stored sessions, never changed again)."""
        with self._lock:
            return self.desk.finished(case_id)

    def _copy(self, listed: Listed) -> Listed:
        session = listed.session
        snap = session.snapshot()
        key = (id(session), snap.seq, snap.waiting_for, snap.paused, session.auto)
        kept = self._copies.get(listed.code)
        if kept is None or kept[0] != key:
            kept = (key, session.fork(seed=session.seed))
            self._copies[listed.code] = kept
        return replace(listed, session=kept[1])


def _info(number: int, session: Session) -> SessionInfo:
    """A session held in memory described as a stored one, for a comparison."""
    case = session.case
    snap = session.snapshot()
    ending = case.endings[snap.ending] if snap.ending else None
    return SessionInfo(
        id=number,
        case_id=case.id,
        case_title=case.title,
        case_path="",
        case_hash=case.source_hash,
        seed=session.seed,
        policy=session.policy,
        players=tuple(Seat(r, session.names.get(r, case.roles[r].name)) for r in session.humans),
        status=Status.FINISHED,
        started_at="",
        updated_at="",
        ended_at="",
        events=len(session.log),
        moves=sum(1 for e in session.log if e.kind == "move"),
        round=snap.round,
        ending=snap.ending,
        outcome=ending.outcome.value if ending else None,
        overall=debrief(case, session.log).overall,
        parent_id=None,
        parent_seq=None,
    )


def summarize(listed: Listed, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> TableRow:
    """The overview's row for one table."""
    session = listed.session
    case = session.case
    snap = session.snapshot()
    if snap.over and snap.ending is not None:
        phase = f"Ended: {case.endings[snap.ending].title}"
    else:
        phase = case.phases[snap.phase].title
    alerts: list[str] = []
    if snap.paused:
        alerts.append("paused")
    crossed = [e for e in session.log if e.kind == "breach"]
    if crossed:
        last = crossed[-1]
        alerts.append(f"red line crossed by {case.roles[last.role].name} (R{last.round})")
    due = [case.injects[i].title for i, came in session.held.items() if came]
    if due:
        alerts.append("held past its time: " + ", ".join(due))
    empty = [
        case.roles[r].name
        for r in snap.waiting_for
        if listed.has_seats and r not in listed.seats and r not in session.auto
    ]
    if empty and not snap.paused:
        alerts.append("empty seat: " + ", ".join(empty))
    idle = _idle_seconds(listed.last_activity, now)
    if not snap.over and not snap.paused and idle is not None and idle >= WAITING_LONG:
        alerts.append(f"waiting {int(idle // 60)} min")
    meters = tuple((_short(r.meter), r.value) for r in snap.meters if r.visible and not r.owner)[:KEY_METERS]
    seats = ", ".join(
        seat_text(case.roles[r].name, listed.seats.get(r), r in session.auto) for r in session.humans
    )
    return TableRow(
        code=listed.code,
        name=listed.name,
        case_id=case.id,
        phase=phase,
        round=snap.round,
        choosing=tuple(case.roles[r].name for r in snap.waiting_for),
        meters=meters,
        alerts=tuple(alerts),
        over=snap.over,
        paused=snap.paused,
        seats=seats,
    )


def seat_text(role_name: str, holder: str | None, policy: bool) -> str:
    """A seat as the console says it: "Ana (Republic of Velmar)", "Kestmark: —", and ", policy
    plays" after a seat the facilitator handed to the policy."""
    text = f"{holder} ({role_name})" if holder else f"{role_name}: —"
    return text + (", policy plays" if policy else "")


def _short(meter: str) -> str:
    """A meter's id cut to fit a column: "escalation" → "Escal"."""
    return meter[:5].capitalize()


def _idle_seconds(stamp: str, now: Callable[[], datetime]) -> float | None:
    if not stamp:
        return None
    try:
        then = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    return (now() - then).total_seconds()


def injects_of(session: Session) -> Sequence[tuple[str, str]]:
    """Every inject of the case as (id, title), with its state: "held", "due" (held past its time) or
    "fired ×N" after the title."""
    out = []
    held = session.held
    fired: dict[str, int] = {}
    for event in session.log:
        if event.kind == "inject":
            fired[event.data["inject"]] = fired.get(event.data["inject"], 0) + 1
    for inject in session.case.injects.values():
        state = []
        if inject.id in held:
            state.append("held, due" if held[inject.id] else "held")
        if fired.get(inject.id):
            state.append(f"fired ×{fired[inject.id]}")
        suffix = f" ({'; '.join(state)})" if state else ""
        out.append((inject.id, f"{inject.title}{suffix}"))
    return out
