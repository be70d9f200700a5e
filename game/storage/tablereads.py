"""Reading a table from the store: the tables of a case, one table, its inputs, and this
process's replica of its session brought up to date (:mod:`game.storage.tables` writes).

:class:`TableReads` is mixed into :class:`game.storage.store.Store` through
:class:`game.storage.tables.Tables`; nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from game.errors import ParleyError, StorageError
from game.play.session import Session
from game.storage.database import Database
from game.storage.records import Status
from game.storage.replica import (
    Replica,
    TableInfo,
    TableInput,
    TableSeat,
    build_replica,
    handed_seats,
    input_position,
    read_inputs,
)


def normal_code(code: str) -> str:
    """A code as typed (``k7m2qx ``) as stored (``K7M2QX``)."""
    return code.strip().upper()


_TABLE_SQL = """
SELECT t.code, t.name, s.case_id, s.case_title, t.session_id, s.seed, t.roles, s.status, t.created_at,
       s.updated_at, (SELECT COUNT(*) FROM inputs i WHERE i.code = t.code)
FROM tables t JOIN sessions s ON s.id = t.session_id
"""


class TableReads:
    """The reading half of the table methods of :class:`game.storage.store.Store`."""

    _db: Database
    _replicas: dict[str, Replica]

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
            handed=handed_seats(conn, code),
        )
