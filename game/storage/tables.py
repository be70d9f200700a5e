"""Tables that span terminals: a stored session with a join code, its seats and its inputs.

A *table* is a stored session that several processes play at once, each seat
from its own terminal.  The shared SQLite file is the only channel:

* ``tables``: the join code, the table's name, its session, and the roles people play
  (the others are played by their policies, as in any session);
* ``seats``: who holds each role; ``PRIMARY KEY (code, role)`` means two people can never
  both hold one role: the database decides, the second is told who has it;
* ``inputs``: what was done at the table, in order: each seat's move (``"move"``) and each
  facilitator action (``"facilitator"``), one row per input, numbered 1, 2, 3 …

No process owns a table.  Every process rebuilds the same session by replaying the
inputs in order (the engine is deterministic: same case, seed and inputs, same log),
keeping a :class:`Replica` that it brings up to date with the inputs added since.
:meth:`Tables.add_input` checks and applies an input inside one write transaction
(``BEGIN IMMEDIATE``): it first brings its replica up to date with what others added,
then plays the input; a move that is not allowed *now* (it is another role's turn, the
role has already chosen this round) is refused with the engine's message and nothing
is written.  The same transaction appends the events the input caused to the
session's log (or holds a secret choice), and finishes the session with its
debrief and results when the case ends, so ``parley sessions``, ``report`` and
``compare`` read a table like any other session.  A process killed at any instant
loses nothing: what was committed is there for every replica, and the rest never
happened.

>>> info = store.host(case, seed=7, name="Table 1")           # info.code == "K7M2QX"
>>> seat = store.join(info.code, "velmar", "Ana")              # SeatTaken if someone holds velmar
>>> seat.token                                                 # "7QXK-2M4P": to take the seat back
>>> store.join(info.code, "velmar", "Ana", token=seat.token)  # back where Ana was
>>> store.release(info.code, "velmar")                         # the facilitator frees the seat
>>> store.add_input(info.code, "move", {"role": "velmar", "move": "listen"}, by="Ana")
>>> session = store.table_session(info.code)                   # the session at its latest input
>>> store.tables("harbour-standoff")                           # open tables of a case
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from game.case.model import Case
from game.errors import MoveError, ParleyError, StorageError
from game.play.facilitator import auto_turn
from game.play.session import Session
from game.storage import seats
from game.storage.database import Database
from game.storage.records import Status, stamp
from game.storage.replica import (
    FACILITATOR,
    KINDS,
    Replica,
    TableInfo,
    TableInput,
    TableSeat,
    apply_input,
    build_replica,
    input_position,
    read_inputs,
)
from game.storage.rows import append_events, case_bytes, insert_session, to_json, write_results
from game.storage.seats import ALPHABET, Seated, SeatTaken

__all__ = [
    "FACILITATOR",
    "KINDS",
    "Replica",
    "SeatTaken",
    "Seated",
    "TableInfo",
    "TableInput",
    "TableSeat",
    "Tables",
    "apply_input",
    "new_code",
    "normal_code",
]

def new_code(length: int = 6) -> str:
    """A fresh join code, e.g. ``K7M2QX``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normal_code(code: str) -> str:
    """A code as typed (``k7m2qx ``) as stored (``K7M2QX``)."""
    return code.strip().upper()


_TABLE_SQL = """
SELECT t.code, t.name, s.case_id, s.case_title, t.session_id, s.seed, t.roles, s.status, t.created_at,
       s.updated_at, (SELECT COUNT(*) FROM inputs i WHERE i.code = t.code)
FROM tables t JOIN sessions s ON s.id = t.session_id
"""


class Tables:
    """The table methods of :class:`game.storage.store.Store` (mixed into it)."""

    _db: Database
    _clock: Callable[[], datetime]
    _replicas: dict[str, Replica]

    # ---------------------------------------------------------------- hosting and joining

    def host(
        self,
        case: Case,
        *,
        seed: int = 0,
        name: str | None = None,
        roles: Sequence[str] | None = None,
        policy: str = "counterpart",
        case_text: str | bytes | None = None,
        case_path: str | None = None,
    ) -> TableInfo:
        """Open a new table of ``case``: a stored session whose ``roles`` (default: every playable
        role) are played by people who join with the table's code; the other roles follow their
        policies.  ``name`` defaults to "Table N" (N counting this case's tables).  Raises
        :class:`StorageError` (or ``ValueError`` for an unknown or unplayable role)."""
        chosen = tuple(case.playable_roles if roles is None else roles)
        if not chosen:
            raise ValueError("a table needs at least one role played by a person")
        session = Session(case, seed=seed, humans=chosen, policy=policy)
        data = case_bytes(case, case_text)
        players = [{"role": r, "name": case.roles[r].name} for r in chosen]
        now = stamp(self._clock())
        with self._db.write() as conn:
            session_id = insert_session(conn, session, data, case_path, players, now)
            if name is None:
                count = conn.execute(
                    "SELECT COUNT(*) FROM tables t JOIN sessions s ON s.id = t.session_id"
                    " WHERE s.case_id = ?",
                    (case.id,),
                ).fetchone()[0]
                name = f"Table {count + 1}"
            for _ in range(20):
                code = new_code()
                try:
                    conn.execute(
                        "INSERT INTO tables (code, name, session_id, roles, created_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (code, name, session_id, to_json(list(chosen)), now),
                    )
                    break
                except sqlite3.IntegrityError:
                    continue  # that code is taken: draw another
            else:  # pragma: no cover - 31**6 codes
                raise StorageError("no free join code could be drawn; try again")
            if session.over:  # every role already played out (a case with no turn for people)
                self._finish_in(conn, session_id, session, now)
            return self._table_in(conn, code)

    def join(self, code: str, role: str, name: str, token: str | None = None) -> Seated:
        """Take the seat of ``role`` at table ``code`` as ``name``, or take it back (same name and
        the rejoin ``token`` given when it was taken, :mod:`game.storage.seats`).

        Raises :class:`SeatTaken` when someone else holds the role (the database decides
        between two people joining at once) or when its holder's name comes without the right
        token, and :class:`StorageError` for an unknown table, a role nobody plays at it, or a
        finished table joined for the first time.
        """
        code = normal_code(code)
        name = name.strip()
        if not name:
            raise StorageError("a seat needs a name: give one with --name")
        with self._db.write() as conn:
            info = self._table_in(conn, code)
            held = info.seat(role)
            if held is not None:
                if held.name.casefold() != name.casefold():
                    raise SeatTaken(seats.taken(info, role, held.name))
                digest = conn.execute(
                    "SELECT token FROM seats WHERE code = ? AND role = ?", (code, role)
                ).fetchone()[0]
                if not seats.token_matches(token, digest):
                    raise SeatTaken(seats.token_needed(info, role, held.name, bool(token)))
                if digest is None:  # a seat taken before tokens: it gets one now
                    token = seats.new_token()
                    conn.execute(
                        "UPDATE seats SET token = ? WHERE code = ? AND role = ?",
                        (seats.token_digest(token), code, role),
                    )
                assert token is not None
                # the same person back: they go on where they were
                return Seated(info, role, held.name, seats.shown_token(token), back=True)
            if role not in info.roles:
                raise StorageError(seats.not_a_seat(info, role))
            if info.status is not Status.PLAYING:
                raise StorageError(f"table {code} is {info.status.value}; nobody can take a new seat at it")
            fresh = seats.new_token()
            try:
                conn.execute(
                    "INSERT INTO seats (code, role, name, joined_at, token) VALUES (?, ?, ?, ?, ?)",
                    (code, role, name, stamp(self._clock()), seats.token_digest(fresh)),
                )
            except sqlite3.IntegrityError:  # pragma: no cover - the write lock makes the check above exact
                winner = conn.execute(
                    "SELECT name FROM seats WHERE code = ? AND role = ?", (code, role)
                ).fetchone()
                raise SeatTaken(seats.taken(info, role, winner[0] if winner else "someone")) from None
            raw = conn.execute("SELECT players FROM sessions WHERE id = ?", (info.session_id,)).fetchone()[0]
            players = [
                {**p, "name": name} if isinstance(p, dict) and p.get("role") == role else p
                for p in json.loads(raw)
            ]
            conn.execute("UPDATE sessions SET players = ? WHERE id = ?", (to_json(players), info.session_id))
            return Seated(self._table_in(conn, code), role, name, fresh, back=False)

    def release(self, code: str, role: str) -> TableSeat:
        """The facilitator frees the seat of ``role``: its holder's name and token no longer hold it,
        and the next ``join`` (anyone's, any name) takes it with a fresh token.  The moves made from
        it stay in the log.  Returns the seat as it was; raises :class:`StorageError` when nobody
        holds it."""
        code = normal_code(code)
        with self._db.write() as conn:
            info = self._table_in(conn, code)
            held = info.seat(role)
            if held is None:
                if role not in info.roles:
                    raise StorageError(seats.not_a_seat(info, role))
                raise StorageError(f"nobody holds {role!r} at table {code}: there is no seat to release")
            conn.execute("DELETE FROM seats WHERE code = ? AND role = ?", (code, role))
            return held

    # ---------------------------------------------------------------- reading

    def tables(self, case_id: str | None = None, *, open_only: bool = True) -> list[TableInfo]:
        """Tables, newest first: those still in play (``open_only``) or all, of one case or all."""
        clauses, params = [], []
        if case_id is not None:
            clauses.append("s.case_id = ?")
            params.append(case_id)
        if open_only:
            clauses.append("s.status = 'playing'")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._db.read() as conn:
            rows = conn.execute(_TABLE_SQL + where + " ORDER BY t.session_id DESC", params).fetchall()
            return [self._info_of(conn, row) for row in rows]

    def table(self, code: str) -> TableInfo:
        """One table by its join code (any case, any spacing); raises :class:`StorageError` if none."""
        with self._db.read() as conn:
            return self._table_in(conn, normal_code(code))

    def table_of(self, session_id: int) -> str | None:
        """The join code of the table whose session is ``session_id``, or None for other sessions."""
        with self._db.read() as conn:
            row = conn.execute("SELECT code FROM tables WHERE session_id = ?", (session_id,)).fetchone()
        return None if row is None else str(row[0])

    def inputs(self, code: str, since: int = 0) -> list[TableInput]:
        """The table's inputs after position ``since``, in order."""
        with self._db.read() as conn:
            return read_inputs(conn, normal_code(code), since)

    def table_position(self, code: str) -> int:
        """How many inputs the table has: a cheap check for news (see also :meth:`data_version`)."""
        with self._db.read() as conn:
            return input_position(conn, normal_code(code))

    def table_positions(self) -> dict[str, int]:
        """Every table's number of inputs, in one query: which tables changed since a look before."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT t.code, COALESCE(MAX(i.position), 0) FROM tables t"
                " LEFT JOIN inputs i ON i.code = t.code GROUP BY t.code"
            ).fetchall()
        return {str(code): int(position) for code, position in rows}

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes whenever another connection commits.

        The cheapest way to poll the store: read it every ~200 ms and look further only when
        it changed (this connection's own writes do not change it).
        """
        with self._db.read() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def table_session(self, code: str) -> Session:
        """The table's session at its latest input, replayed in this process.

        Kept between calls and brought up to date with the inputs added since; read it, never
        play on it (moves go through :meth:`add_input`).
        """
        return self.replica(code).session

    def replica(self, code: str) -> Replica:
        """This process's :class:`Replica` of table ``code``, brought up to date."""
        code = normal_code(code)
        with self._db.read() as conn:
            return self._caught_up(conn, code)

    # ---------------------------------------------------------------- playing

    def add_input(self, code: str, kind: str, payload: Mapping[str, Any], by: str) -> TableInput:
        """Apply and store one input in one write transaction; return it with its position.

        ``kind`` "move": ``payload`` is ``{"role": R, "move": M}`` (or ``{"role": R, "policy":
        true}`` to let the policy choose for R); ``by`` must be the name of the person holding
        R's seat, or "facilitator".  ``kind`` "facilitator": ``payload`` is an action for
        ``Session.facilitate`` (:mod:`game.play.facilitator`).  Raises :class:`MoveError` when the
        engine refuses the input now (another role's turn, a role that has chosen this round, a
        locked move, a paused table, an unknown inject or meter) and
        :class:`StorageError` for anything else; nothing is stored then.
        """
        code = normal_code(code)
        if kind not in KINDS:
            raise StorageError(f"unknown kind of input {kind!r}; the kinds are {', '.join(KINDS)}")
        try:
            text = to_json(dict(payload))
        except (TypeError, ValueError) as err:
            raise StorageError(f"an input's payload must be a JSON object: {err}") from None
        clean: Mapping[str, Any] = json.loads(text)
        now = stamp(self._clock())
        with self._db.write() as conn:
            info = self._table_in(conn, code)
            if info.status is not Status.PLAYING:
                raise StorageError(f"table {code} is {info.status.value}; it takes no more moves")
            if kind == "move":
                seats.check_seat(info, clean, by)
            replica = self._caught_up(conn, code)
            item = TableInput(replica.position + 1, kind, MappingProxyType(dict(clean)), by, now)
            self._store_input(conn, replica, item, text)
            try:
                # seats the facilitator handed to the policy play at once, in this same transaction
                while (role := auto_turn(replica.session)) is not None:
                    auto = {"role": role, "policy": True}
                    turn = TableInput(replica.position + 1, "move", MappingProxyType(auto), FACILITATOR, now)
                    self._store_input(conn, replica, turn, to_json(auto))
            except BaseException:
                self._replicas.pop(code, None)  # the whole transaction rolls back: so must the replica
                raise
            return item

    def _store_input(self, conn: sqlite3.Connection, replica: Replica, item: TableInput, text: str) -> None:
        """Apply ``item`` to ``replica`` and write it with the events it caused (or the secret choice
        it holds, or the finished session's debrief)."""
        session = replica.session
        before = len(session.log)
        kind, clean = item.kind, item.payload
        try:
            replica.apply(item)
        except MoveError:
            raise  # refused before anything changed
        except BaseException:
            self._replicas.pop(replica.code, None)  # it may be half applied: rebuild it next time
            raise
        try:
            conn.execute(
                "INSERT INTO inputs (code, position, kind, payload, by, at) VALUES (?, ?, ?, ?, ?, ?)",
                (replica.code, item.position, kind, text, item.by, item.at),
            )
            events = session.events_since(before)
            if session.over:
                append_events(conn, replica.session_id, events)
                self._finish_in(conn, replica.session_id, session, item.at)
            elif events:
                append_events(conn, replica.session_id, events)
                if kind == "move":  # the round resolved: no secret choice is held any more
                    conn.execute("DELETE FROM pending WHERE session_id = ?", (replica.session_id,))
            elif kind == "move":  # a secret choice, held until the round resolves
                conn.execute(
                    "INSERT OR REPLACE INTO pending (session_id, role, move, by, position)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        replica.session_id,
                        clean["role"],
                        "" if clean.get("policy") is True else clean.get("move", ""),
                        "policy" if clean.get("policy") is True else "human",
                        item.position,
                    ),
                )
            conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (item.at, replica.session_id))
        except BaseException:
            self._replicas.pop(replica.code, None)  # the transaction rolls back: so must the replica
            raise

    # ---------------------------------------------------------------- helpers

    def _finish_in(self, conn: sqlite3.Connection, session_id: int, session: Session, now: str) -> None:
        """Store the debrief and results, each player under the name of the person in the seat."""
        from game.debriefing.facilitation import mark_handed
        from game.debriefing.scoring import debrief

        result = mark_handed(debrief(session.case, session.log), session.log)
        names = dict(
            conn.execute(
                "SELECT s.role, s.name FROM seats s JOIN tables t ON t.code = s.code WHERE t.session_id = ?",
                (session_id,),
            ).fetchall()
        )
        players = tuple(replace(p, name=names.get(p.role, p.name)) for p in result.players)
        write_results(conn, session_id, replace(result, players=players), now)

    def _caught_up(self, conn: sqlite3.Connection, code: str) -> Replica:
        """The replica of ``code`` with every stored input applied (built on first use)."""
        replica = self._replicas.get(code)
        if replica is None:
            replica = build_replica(conn, code)
            self._replicas[code] = replica
        try:
            for item in read_inputs(conn, code, replica.position):
                replica.apply(item)
        except (ParleyError, ValueError, KeyError, TypeError) as err:
            self._replicas.pop(code, None)
            raise StorageError(f"table {code} cannot be replayed: {err}") from None
        return replica

    def _table_in(self, conn: sqlite3.Connection, code: str) -> TableInfo:
        row = conn.execute(_TABLE_SQL + " WHERE t.code = ?", (code,)).fetchone()
        if row is None:
            raise StorageError(f"there is no table {code!r} (check the code the host printed)")
        return self._info_of(conn, row)

    def _info_of(self, conn: sqlite3.Connection, row: Sequence[Any]) -> TableInfo:
        code, name, case_id, title, session_id, seed, roles, status, created, updated, count = row
        role_list = tuple(json.loads(roles))
        order = {r: i for i, r in enumerate(role_list)}
        seats = sorted(
            (
                TableSeat(r, n, j)
                for r, n, j in conn.execute(
                    "SELECT role, name, joined_at FROM seats WHERE code = ?", (code,)
                ).fetchall()
            ),
            key=lambda s: order.get(s.role, len(order)),
        )
        last = conn.execute("SELECT MAX(at) FROM inputs WHERE code = ?", (code,)).fetchone()[0]
        return TableInfo(
            code=code,
            name=name,
            case_id=case_id,
            case_title=title,
            session_id=int(session_id),
            seed=int(seed),
            roles=role_list,
            seats=tuple(seats),
            status=Status(status),
            created_at=created,
            last_activity=max(last or created, updated or created),
            inputs=int(count),
        )

