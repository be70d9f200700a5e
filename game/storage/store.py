"""The store: sessions, their event logs, debriefs and results in one SQLite file.

>>> store = Store.open()                       # $PARLEY_HOME/parley.db or the user data dir
>>> session_id = store.start(session)          # the session row, the case text, the log so far
>>> store.append(session_id, session.play("velmar", "listen"))   # one transaction per move
>>> store.finish(session_id, debrief(case, session.log))
>>> store.unfinished(), store.finished(case_id="harbour-standoff")
>>> session = store.resume(session_id)         # replayed from the stored case text and log

A session whose stored row holds a value that cannot be read is skipped by
the listings and recorded in :attr:`Store.damaged` (id → what is wrong), so
one bad row never hides the others; opening it alone raises
:class:`StorageError` saying what is wrong.

Every write is one ``BEGIN IMMEDIATE`` transaction, so a move is saved whole
or not at all, and two processes writing at once take turns.  Writes are
checked: events must continue the stored log without a gap, and only a
session still in play takes moves.  :class:`~game.storage.autosave.Autosave`
wraps a session so that every move is saved before the caller sees it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from game.case.model import Case
from game.debriefing.scoring import Debrief
from game.errors import ParleyError, StorageError
from game.play.events import Event
from game.play.session import ReplayError, Session
from game.storage.database import Database, Recovery, open_database
from game.storage.location import database_path
from game.storage.records import (
    DimensionResult,
    Held,
    PlayerResult,
    Result,
    Saved,
    SessionInfo,
    Status,
    debrief_from_dict,
    stamp,
    utc_now,
)
from game.storage.rows import (
    INFO_SQL,
    DamagedRow,
    append_events,
    case_bytes,
    dimension_row_problem,
    filters,
    insert_session,
    player_row_problem,
    session_info,
    write_results,
)
from game.storage.tables import Replica, Tables


class CaseChanged(StorageError):
    """The case given to resume a session is not the one the session was played on.

    The caller asks the user, then resumes on the stored copy
    (``store.resume(id)``) or abandons the session (``store.abandon(id)``).
    """

    def __init__(self, session_id: int, case_path: str, stored_hash: str, current_hash: str) -> None:
        self.session_id = session_id
        self.case_path = case_path
        self.stored_hash = stored_hash
        self.current_hash = current_hash
        super().__init__(
            f"the case {case_path} has changed since session {session_id} started; "
            "continue on the version stored with the session, or abandon it"
        )


class Store(Tables):
    """Saved sessions in the database file; safe to share between threads and processes."""

    def __init__(self, db: Database, recovery: Recovery | None, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock
        self.recovery = recovery
        """Set when a damaged database was moved aside at opening: tell the user :meth:`Recovery.message`."""
        self.damaged: dict[int, str] = {}
        """Sessions skipped by a listing because a stored value cannot be read: id → what is wrong."""
        self._replicas: dict[str, Replica] = {}

    @property
    def read_only(self) -> str | None:
        """Why the database could only be opened for reading (saving is off), or None."""
        return self._db.read_only

    @classmethod
    def open(
        cls, home: str | os.PathLike[str] | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> Store:
        """Open the store in ``home`` (default ``$PARLEY_HOME``, else the user data directory).

        Creates the folder and database as needed, brings an older schema up to
        date, and moves a damaged file aside (see :attr:`recovery`).  ``clock``
        gives the times written (tests fix it).  Raises :class:`StorageError`.
        """
        clock = clock or utc_now
        db, recovery = open_database(database_path(home), clock)
        return cls(db, recovery, clock)

    @property
    def path(self) -> Path:
        """The database file."""
        return self._db.path

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---------------------------------------------------------------- writing

    def start(
        self,
        session: Session,
        *,
        case_text: str | bytes | None = None,
        case_path: str | None = None,
        parent: tuple[int, int] | None = None,
    ) -> int:
        """Store a new session and its log so far; return its id.

        The text of the case is kept with the session so it can go on even if
        the file changes: it is read from ``session.case.path`` unless given as
        ``case_text``, and must hash to ``case.source_hash``.  ``case_path`` is
        where to look for the case file later (default ``case.path``).  ``parent`` is
        (session id, number of its events) for a session branched from another.
        Does not finish a session that is already over: call :meth:`finish`.
        """
        players = [
            {"role": role, "name": session.names.get(role) or session.case.roles[role].name}
            for role in session.humans
        ]
        data = case_bytes(session.case, case_text)
        with self._db.write() as conn:
            return insert_session(conn, session, data, case_path, players, stamp(self._clock()), parent)

    def append(self, session_id: int, events: Sequence[Event]) -> int:
        """Save the events of one move in one transaction; return how many events are stored now.

        ``events`` must continue the stored log (events already stored are
        checked to be the same and skipped, so saving twice is harmless).
        Clears the secret choices held for the round they resolve.
        """
        with self._db.write() as conn:
            self._playing(conn, session_id)
            count = append_events(conn, session_id, events)
            if events:
                conn.execute("DELETE FROM pending WHERE session_id = ?", (session_id,))
            conn.execute(
                "UPDATE sessions SET updated_at = ? WHERE id = ?", (stamp(self._clock()), session_id)
            )
        return count

    def hold(self, session_id: int, role: str, move: str, by: str) -> None:
        """Save a secret choice made in a simultaneous round before the round resolves.

        ``move`` may be "" when ``by`` is "policy": on resume the policy is asked
        again from the same generator state and makes the same choice.
        """
        with self._db.write() as conn:
            self._playing(conn, session_id)
            position = conn.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM pending WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            conn.execute(
                "INSERT OR REPLACE INTO pending (session_id, role, move, by, position)"
                " VALUES (?, ?, ?, ?, ?)",
                (session_id, role, move, by, position),
            )
            conn.execute(
                "UPDATE sessions SET updated_at = ? WHERE id = ?", (stamp(self._clock()), session_id)
            )

    def finish(self, session_id: int, result: Debrief, events: Sequence[Event] = ()) -> None:
        """Save the last ``events`` (if any), the debrief and the results, and mark the session finished.

        The stored log must then end the case (an ``ending`` event).
        """
        now = stamp(self._clock())
        with self._db.write() as conn:
            self._playing(conn, session_id)
            append_events(conn, session_id, events)
            write_results(conn, session_id, result, now)

    def abandon(self, session_id: int) -> None:
        """Give up an unfinished session: it is kept and listed, but never resumed."""
        now = stamp(self._clock())
        with self._db.write() as conn:
            self._playing(conn, session_id)
            conn.execute("DELETE FROM pending WHERE session_id = ?", (session_id,))
            conn.execute(
                "UPDATE sessions SET status = 'abandoned', ended_at = ?, updated_at = ? WHERE id = ?",
                (now, now, session_id),
            )

    # ---------------------------------------------------------------- reading

    def sessions(self, status: Status | None = None, case_id: str | None = None) -> list[SessionInfo]:
        """Stored sessions, newest first, optionally of one status and one case."""
        where, params = filters(status, case_id)
        with self._db.read() as conn:
            rows = conn.execute(INFO_SQL + where + " ORDER BY s.id DESC", params).fetchall()
        return self._readable(rows)

    def _readable(self, rows: Sequence[Sequence[object]]) -> list[SessionInfo]:
        """The rows that read as sessions; the others are noted in :attr:`damaged` and skipped."""
        infos = []
        for row in rows:
            try:
                infos.append(session_info(row))
            except DamagedRow as err:
                self._damage(err.session_id, err.what)
        return infos

    def _damage(self, session_id: object, what: str) -> None:
        try:
            key = int(session_id)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            key = -1
        self.damaged.setdefault(key, what)

    def unfinished(self) -> list[SessionInfo]:
        """Sessions that can be resumed, the most recently saved first (a table's session is joined
        with its code instead, see :meth:`join`)."""
        with self._db.read() as conn:
            tables = {row[0] for row in conn.execute("SELECT session_id FROM tables")}
        playing = [s for s in self.sessions(Status.PLAYING) if s.id not in tables]
        return sorted(playing, key=lambda s: (s.updated_at, s.id), reverse=True)

    def finished(self, case_id: str | None = None) -> list[Result]:
        """Finished sessions with every player's overall and per-dimension scores, oldest first."""
        where, params = filters(Status.FINISHED, case_id)
        with self._db.read() as conn:
            infos = self._readable(conn.execute(INFO_SQL + where + " ORDER BY s.id", params).fetchall())
            players: dict[int, list[tuple[str, str, int]]] = {}
            bad: set[int] = set()
            for sid, role, name, overall in conn.execute(
                "SELECT p.session_id, p.role, p.name, p.overall FROM player_results p"
                " JOIN sessions s ON s.id = p.session_id" + where + " ORDER BY p.session_id, p.position",
                params,
            ):
                problem = player_row_problem(role, name, overall)
                if problem:
                    self._damage(sid, problem)
                    bad.add(sid)
                players.setdefault(sid, []).append((role, name, overall))
            dims: dict[tuple[int, str], list[DimensionResult]] = {}
            for sid, role, *rest in conn.execute(
                "SELECT d.session_id, d.role, d.dimension, d.title, d.weight, d.score, d.explanation"
                " FROM dimension_results d JOIN sessions s ON s.id = d.session_id"
                + where
                + " ORDER BY d.session_id, d.role, d.position",
                params,
            ):
                problem = dimension_row_problem(*rest)
                if problem:
                    self._damage(sid, problem)
                    bad.add(sid)
                dims.setdefault((sid, role), []).append(DimensionResult(*rest))
        infos = [info for info in infos if info.id not in bad]
        results = [
            Result(
                info,
                tuple(
                    PlayerResult(r, n, o, tuple(dims.get((info.id, r), ())))
                    for r, n, o in players.get(info.id, [])
                ),
            )
            for info in infos
        ]
        return results

    def info(self, session_id: int) -> SessionInfo:
        """One session's listing; raises :class:`StorageError` if there is no such session."""
        with self._db.read() as conn:
            return self._info(conn, session_id)

    def load(self, session_id: int) -> Saved:
        """Everything stored about a session; raises :class:`StorageError` if it is missing or unreadable."""
        with self._db.read() as conn:
            info = self._info(conn, session_id)
            text = conn.execute("SELECT text FROM case_texts WHERE hash = ?", (info.case_hash,)).fetchone()
            rows = conn.execute(
                "SELECT seq, round, kind, role, data FROM events WHERE session_id = ? ORDER BY seq",
                (session_id,),
            ).fetchall()
            raw_debrief = conn.execute(
                "SELECT debrief FROM debriefs WHERE session_id = ?", (session_id,)
            ).fetchone()
            held = conn.execute(
                "SELECT role, move, by FROM pending WHERE session_id = ? ORDER BY position", (session_id,)
            ).fetchall()
        stored = None if text is None else text[0]
        if isinstance(stored, str):
            stored = stored.encode("utf-8", "surrogateescape")
        if not isinstance(stored, bytes) or hashlib.sha256(stored).hexdigest() != info.case_hash:
            raise StorageError(
                f"session {session_id} is damaged (the case text stored with it is missing or does not "
                "match its hash)"
            )
        try:
            events = tuple(
                Event.from_dict({**json.loads(data), "seq": seq, "round": rnd, "kind": kind, "role": role})
                for seq, rnd, kind, role, data in rows
            )
            result = debrief_from_dict(json.loads(raw_debrief[0])) if raw_debrief else None
            held_choices = tuple(Held(*h) for h in held)
        except (ValueError, TypeError, KeyError, AttributeError) as err:
            raise StorageError(f"session {session_id} is damaged (it cannot be read: {err})") from None
        if [e.seq for e in events] != list(range(len(events))):
            raise StorageError(f"session {session_id} is damaged (its log has gaps)")
        return Saved(info, stored, events, result, held_choices)

    def resume(self, session_id: int, case: Case | None = None) -> Session:
        """Rebuild an unfinished session where it stopped: same case, seed, seats, moves and secret choices.

        ``case`` is the case as it is now; it must be the very version the
        session started on, else :class:`CaseChanged` is raised and nothing is
        replayed.  With ``case=None`` the session goes on on the copy of the case
        stored with it.  Raises :class:`StorageError` for a finished, abandoned,
        missing or unreplayable session.
        """
        saved = self.load(session_id)
        info = saved.info
        code = self.table_of(session_id)
        if code is not None and info.status is Status.PLAYING:
            raise StorageError(
                f"session {session_id} is played at table {code}: take your seat with "
                f"`parley join {code} --role ROLE --name NAME`"
            )
        if info.status is not Status.PLAYING:
            raise StorageError(
                f"session {session_id} is {info.status.value}; only unfinished sessions can be resumed"
                f" (step through it with `parley replay {session_id}`)"
            )
        if case is None:
            case = saved.stored_case()
        elif case.source_hash != info.case_hash or case.id != info.case_id:
            raise CaseChanged(session_id, info.case_path, info.case_hash, case.source_hash)
        try:
            session = Session.replay(case, saved.events)
            for held in saved.held:
                if held.role in session.waiting_for:
                    if held.by == "policy":
                        session.play_policy(held.role)
                    else:
                        session.play(held.role, held.move)
        except (ReplayError, ParleyError, ValueError, KeyError, TypeError) as err:
            raise StorageError(f"session {session_id} cannot be resumed: {err}") from None
        return session

    # ---------------------------------------------------------------- helpers

    def _info(self, conn: sqlite3.Connection, session_id: int) -> SessionInfo:
        self._known_id(session_id)
        row = conn.execute(INFO_SQL + " WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            raise StorageError(f"there is no session {session_id} in {self.path}")
        return session_info(row)

    def _known_id(self, session_id: int) -> None:
        """Refuse an id SQLite cannot hold (it would overflow) with the message of a missing session."""
        if not isinstance(session_id, int) or not -(2**63) <= session_id < 2**63:
            raise StorageError(f"there is no session {session_id} in {self.path}")

    def _playing(self, conn: sqlite3.Connection, session_id: int) -> None:
        self._known_id(session_id)
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise StorageError(f"there is no session {session_id} in {self.path}")
        if row[0] != Status.PLAYING.value:
            raise StorageError(f"session {session_id} is {row[0]}; it takes no more moves")
