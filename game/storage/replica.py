"""A table's records, and its session rebuilt from its inputs (see :mod:`game.storage.tables`).

:class:`Replica` is one process's copy of a table's session: the stored case, seed and seats,
then every input applied in order (:func:`apply_input`).  Nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from game.errors import MoveError, ParleyError, StorageError
from game.play.session import Session
from game.storage.records import Status

KINDS = ("move", "facilitator")
FACILITATOR = "facilitator"


@dataclass(frozen=True, slots=True)
class TableSeat:
    """A person holding one role at a table."""

    role: str
    name: str
    joined_at: str  # ISO 8601 UTC


@dataclass(frozen=True, slots=True)
class TableInfo:
    """One table, as listed for a facilitator."""

    code: str
    name: str
    case_id: str
    case_title: str
    session_id: int
    seed: int
    roles: tuple[str, ...]  # the roles people play; the other roles are played by their policies
    seats: tuple[TableSeat, ...]  # the roles taken so far, in the order of ``roles``
    status: Status  # the session's: playing, finished or abandoned
    created_at: str
    last_activity: str  # the last input (or the hosting)
    inputs: int  # how many inputs so far
    handed: tuple[str, ...] = ()  # seats the facilitator has handed to the policy (game.play.facilitator)

    @property
    def open_roles(self) -> tuple[str, ...]:
        """Roles people play that nobody has taken yet."""
        taken = {seat.role for seat in self.seats}
        return tuple(r for r in self.roles if r not in taken)

    def seat(self, role: str) -> TableSeat | None:
        """Who holds ``role``, or None."""
        return next((s for s in self.seats if s.role == role), None)


@dataclass(frozen=True, slots=True)
class TableInput:
    """One thing done at a table: a seat's move or a facilitator's action."""

    position: int  # 1, 2, 3 … in the order applied
    kind: str  # "move" or "facilitator"
    payload: Mapping[str, Any]
    by: str
    at: str


class Replica:
    """This process's copy of a table's session, rebuilt by replaying the table's inputs.

    Read :attr:`session`; never play on it directly (add inputs through the store).
    """

    def __init__(self, code: str, session_id: int, session: Session) -> None:
        self.code = code
        self.session_id = session_id
        self.session = session
        self.position = 0  # the last input applied

    def apply(self, item: TableInput) -> None:
        """Apply one input; raises :class:`MoveError` (or the action's own error) when it is refused."""
        if item.position != self.position + 1:
            raise StorageError(
                f"table {self.code}: input {item.position} does not follow input {self.position}"
            )
        apply_input(self.session, item.kind, item.payload)
        self.position = item.position


def apply_input(session: Session, kind: str, payload: Mapping[str, Any]) -> None:
    """Play one input on ``session``: a seat's move (``{"role", "move"}`` or ``{"role", "policy": true}``)
    or a facilitator's action (``Session.facilitate``)."""
    if kind == "move":
        role = payload.get("role")
        if not isinstance(role, str):
            raise MoveError("a move needs the role that plays it ({'role': ..., 'move': ...})")
        if payload.get("policy") is True:
            session.play_policy(role)
            return
        move = payload.get("move")
        if not isinstance(move, str):
            raise MoveError("a move needs the id of the move played ({'role': ..., 'move': ...})")
        session.play(role, move)
    elif kind == FACILITATOR:
        session.facilitate(payload)  # game.play.facilitator: FacilitatorError (a MoveError) when refused
    else:
        raise StorageError(f"unknown kind of input {kind!r}; the kinds are {', '.join(KINDS)}")


def build_replica(conn: sqlite3.Connection, code: str) -> Replica:
    """A replica of table ``code`` at its start: the stored case, seed, seats and policy."""
    from game.case.loader import load_case_text

    row = conn.execute(
        "SELECT t.session_id, s.case_hash, s.case_path, c.text FROM tables t"
        " JOIN sessions s ON s.id = t.session_id LEFT JOIN case_texts c ON c.hash = s.case_hash"
        " WHERE t.code = ?",
        (code,),
    ).fetchone()
    if row is None:
        raise StorageError(f"there is no table {code!r} (check the code the host printed)")
    session_id, digest, path, text = row
    first = conn.execute("SELECT data FROM events WHERE session_id = ? AND seq = 0", (session_id,)).fetchone()
    if text is None or first is None:
        raise StorageError(f"table {code} is damaged (its case text or its start is missing)")
    try:
        data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
        case = load_case_text(data, f"{path} (table {code})")
        start = json.loads(first[0])
        session = Session.from_start(case, start)
    except (ParleyError, ValueError, KeyError, TypeError) as err:
        raise StorageError(f"table {code} cannot be rebuilt: {err}") from None
    if case.source_hash != digest:
        raise StorageError(f"table {code} is damaged (its case text does not match its hash)")
    return Replica(code, int(session_id), session)


def handed_seats(conn: sqlite3.Connection, code: str) -> tuple[str, ...]:
    """The seats handed to the policy now, from the table's stored ``seat`` actions (each one was
    checked by the engine before it was stored, so they alternate as the engine says)."""
    handed: dict[str, bool] = {}
    for (payload,) in conn.execute(
        "SELECT payload FROM inputs WHERE code = ? AND kind = 'facilitator' AND payload LIKE '%\"seat\"%'"
        " ORDER BY position",
        (code,),
    ):
        action = json.loads(payload)
        if action.get("action") == "seat":
            handed[str(action.get("seat"))] = action.get("to") == "policy"
    return tuple(role for role, policy in handed.items() if policy)


def read_inputs(conn: sqlite3.Connection, code: str, since: int) -> list[TableInput]:
    rows = conn.execute(
        "SELECT position, kind, payload, by, at FROM inputs WHERE code = ? AND position > ?"
        " ORDER BY position",
        (code, since),
    ).fetchall()
    return [TableInput(p, k, MappingProxyType(json.loads(d)), b, a) for p, k, d, b, a in rows]


def input_position(conn: sqlite3.Connection, code: str) -> int:
    return int(
        conn.execute("SELECT COALESCE(MAX(position), 0) FROM inputs WHERE code = ?", (code,)).fetchone()[0]
    )
