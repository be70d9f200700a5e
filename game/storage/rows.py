"""Translating between the store's records and the database's rows.

Plain functions on an open connection, used by :class:`~game.storage.store.Store`
inside its transactions; they neither begin nor commit one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.case.model import Case
from game.debriefing.scoring import Debrief
from game.errors import StorageError
from game.play.events import Event
from game.storage.records import Seat, SessionInfo, Status, debrief_to_json

if TYPE_CHECKING:
    from game.play.session import Session

INFO_SQL = """
SELECT s.id, s.case_id, s.case_title, s.case_path, s.case_hash, s.seed, s.policy, s.players, s.status,
       s.started_at, s.updated_at, s.ended_at, s.ending, s.outcome, s.overall, s.parent_id, s.parent_seq,
       (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id),
       (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id AND e.kind = 'move'),
       (SELECT COALESCE(MAX(round), 1) FROM events e WHERE e.session_id = s.id)
FROM sessions s
"""


def case_bytes(case: Case, case_text: str | bytes | None) -> bytes:
    if case_text is None:
        try:
            data = Path(case.path).read_bytes()
        except OSError as err:
            raise StorageError(
                f"cannot read the case file {case.path} to keep a copy with the session: "
                f"{err.strerror or err}"
            ) from None
    else:
        data = case_text.encode("utf-8") if isinstance(case_text, str) else bytes(case_text)
    if hashlib.sha256(data).hexdigest() != case.source_hash:
        raise StorageError(f"the case file {case.path} has changed since it was loaded; load it again")
    return data


def insert_session(
    conn: sqlite3.Connection,
    session: Session,
    data: bytes,
    case_path: str | None,
    players: list[dict[str, str]],
    now: str,
    parent: tuple[int, int] | None = None,
) -> int:
    """Insert a new session row, its case text and its log so far; return its id."""
    case = session.case
    if not -(2**63) <= session.seed < 2**63:
        raise StorageError(f"the seed {session.seed} is too large to save; use a seed below 2**63")
    conn.execute(
        "INSERT OR IGNORE INTO case_texts (hash, case_id, text) VALUES (?, ?, ?)",
        (case.source_hash, case.id, data),
    )
    cursor = conn.execute(
        "INSERT INTO sessions (case_id, case_title, case_path, case_hash, seed, policy, players,"
        " started_at, updated_at, status, parent_id, parent_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'playing', ?, ?)",
        (
            case.id,
            case.title,
            case_path or str(case.path),
            case.source_hash,
            session.seed,
            session.policy,
            to_json(players),
            now,
            now,
            *(parent or (None, None)),
        ),
    )
    session_id = int(cursor.lastrowid or 0)
    insert_events(conn, session_id, 0, session.log)
    return session_id


def write_results(conn: sqlite3.Connection, session_id: int, result: Debrief, now: str) -> None:
    """Store the debrief and results of a session whose log ends the case, and mark it finished."""
    ended = conn.execute(
        "SELECT 1 FROM events WHERE session_id = ? AND kind = 'ending'", (session_id,)
    ).fetchone()
    if ended is None:
        raise StorageError(f"session {session_id} has not reached an ending; it cannot be finished")
    conn.execute(
        "INSERT INTO debriefs (session_id, debrief) VALUES (?, ?)", (session_id, debrief_to_json(result))
    )
    for place, player in enumerate(result.players):
        conn.execute(
            "INSERT INTO player_results (session_id, role, name, overall, position) VALUES (?, ?, ?, ?, ?)",
            (session_id, player.role, player.name, player.overall, place),
        )
        conn.executemany(
            "INSERT INTO dimension_results (session_id, role, dimension, title, weight, score,"
            " explanation, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (session_id, player.role, d.id, d.title, d.weight, d.score, d.explanation, order)
                for order, d in enumerate(player.dimensions)
            ],
        )
    conn.execute("DELETE FROM pending WHERE session_id = ?", (session_id,))
    conn.execute(
        "UPDATE sessions SET status = 'finished', ended_at = ?, updated_at = ?, ending = ?,"
        " outcome = ?, overall = ? WHERE id = ?",
        (now, now, result.ending, result.outcome, result.overall, session_id),
    )


def append_events(conn: sqlite3.Connection, session_id: int, events: Sequence[Event]) -> int:
    """Insert the events that continue the stored log; return the new length."""
    count = conn.execute(
        "SELECT COALESCE(MAX(seq), -1) + 1 FROM events WHERE session_id = ?", (session_id,)
    ).fetchone()[0]
    new = [e for e in events if e.seq >= count]
    old = [e for e in events if e.seq < count]
    if old:
        stored = conn.execute(
            "SELECT seq, round, kind, role, data FROM events WHERE session_id = ? AND seq BETWEEN ? AND ?",
            (session_id, old[0].seq, old[-1].seq),
        ).fetchall()
        if [tuple(r) for r in stored] != [event_row(e) for e in old]:
            raise StorageError(f"session {session_id}: these events differ from the ones already saved")
    insert_events(conn, session_id, count, new)
    return count + len(new)


def insert_events(conn: sqlite3.Connection, session_id: int, first: int, events: Iterable[Event]) -> None:
    rows = []
    for expected, event in enumerate(events, start=first):
        if event.seq != expected:
            raise StorageError(
                f"session {session_id}: event {event.seq} does not follow event {expected - 1}"
            )
        rows.append((session_id, *event_row(event)))
    conn.executemany(
        "INSERT INTO events (session_id, seq, round, kind, role, data) VALUES (?, ?, ?, ?, ?, ?)", rows
    )


def event_row(event: Event) -> tuple[int, int, str, str, str]:
    return (event.seq, event.round, event.kind, event.role, to_json(dict(event.data)))


def to_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def filters(status: Status | None, case_id: str | None) -> tuple[str, tuple[str, ...]]:
    clauses, params = [], []
    if status is not None:
        clauses.append("s.status = ?")
        params.append(status.value)
    if case_id is not None:
        clauses.append("s.case_id = ?")
        params.append(case_id)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


class DamagedRow(StorageError):
    """A stored session whose row holds a value that cannot be read; the message says which and why."""

    def __init__(self, session_id: object, what: str) -> None:
        self.session_id = session_id
        self.what = what
        super().__init__(f"session {session_id} is damaged ({what})")


def session_info(row: Sequence[Any]) -> SessionInfo:
    """The :class:`SessionInfo` of one row of :data:`INFO_SQL`; raises :class:`DamagedRow` for a bad value."""
    (sid, case_id, title, path, digest, seed, policy, players, status, started, updated, ended,
     ending, outcome, overall, parent_id, parent_seq, events, moves, rnd) = row  # fmt: skip
    try:
        seats = _seats(players)
        return SessionInfo(
            id=_whole(sid, "id"),
            case_id=_text(case_id, "case_id"),
            case_title=_text(title, "case_title"),
            case_path=_text(path, "case_path"),
            case_hash=_text(digest, "case_hash"),
            seed=_whole(seed, "seed"),
            policy=_text(policy, "policy"),
            players=seats,
            status=Status(status),
            started_at=_text(started, "started_at"),
            updated_at=_text(updated or started, "updated_at"),
            ended_at=None if ended is None else _text(ended, "ended_at"),
            events=int(events),
            moves=int(moves),
            round=_whole(rnd, "round"),
            ending=None if ending is None else _text(ending, "ending"),
            outcome=None if outcome is None else _text(outcome, "outcome"),
            overall=None if overall is None else _whole(overall, "overall"),
            parent_id=None if parent_id is None else _whole(parent_id, "parent_id"),
            parent_seq=None if parent_seq is None else _whole(parent_seq, "parent_seq"),
        )
    except (ValueError, TypeError, KeyError) as err:
        raise DamagedRow(sid, str(err)) from None


def _whole(value: object, column: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{column} is {value!r}, not a whole number")
    return value


def _text(value: object, column: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{column} is {value!r}, not text")
    return value


def _seats(players: object) -> tuple[Seat, ...]:
    try:
        raw = json.loads(str(players))
    except ValueError:
        raise ValueError(f"players is {str(players)[:40]!r}, not valid JSON") from None
    if not isinstance(raw, list) or not all(
        isinstance(p, dict) and isinstance(p.get("role"), str) and isinstance(p.get("name"), str) for p in raw
    ):
        raise ValueError("players is not a list of {role, name} seats")
    return tuple(Seat(p["role"], p["name"]) for p in raw)


def player_row_problem(role: object, name: object, overall: object) -> str:
    """What is wrong with a ``player_results`` row, or "" when it reads."""
    if isinstance(role, str) and isinstance(name, str) and _is_whole(overall):
        return ""
    return f"a player's result is unreadable ({role!r}, {name!r}, {overall!r})"


def dimension_row_problem(
    dim: object, title: object, weight: object, score: object, explanation: object
) -> str:
    """What is wrong with a ``dimension_results`` row (after its session and role), or "" when it reads."""
    if (
        isinstance(dim, str)
        and isinstance(title, str)
        and isinstance(weight, int | float)
        and _is_whole(score)
        and isinstance(explanation, str)
    ):
        return ""
    return f"a rubric score is unreadable ({dim!r}: {score!r})"


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
