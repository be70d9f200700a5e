"""The database schema and its ordered migrations.

``PRAGMA user_version`` holds the schema version: 0 is an empty file, and each
:class:`Migration` takes the database from ``version - 1`` to ``version``.
:func:`migrate` runs the missing ones in order, inside the caller's write
transaction, so a database is always at one version or the next, never in
between.  Migrations are frozen once released: a change of schema is a new
migration at the end of :data:`MIGRATIONS`, and ``tests/data/`` keeps a
database of each old version to prove it still opens.

Version 1: sessions, the texts of their cases, their event logs and debriefs.
Version 2: results for querying (one row per player, one per player and rubric
dimension, backfilled from the stored debriefs), the outcome on the session
row, the time of the last save, the session a branch was taken from, and the
secret choices held during a simultaneous round.
Version 3: tables that span terminals: a table (a stored session with a join
code), its seats (one person per role, unique) and its inputs (each seat's
move, each facilitator action) in the order they were applied.
Version 4: each seat's rejoin token (its SHA-256), so taking a seat back needs more than a name.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: ``apply`` takes the database from ``version - 1`` to ``version``."""

    version: int
    summary: str
    apply: Callable[[sqlite3.Connection], None]


def _v1(conn: sqlite3.Connection) -> None:
    for statement in (
        """CREATE TABLE case_texts (
            hash    TEXT PRIMARY KEY,      -- sha256 of the case file's bytes
            case_id TEXT NOT NULL,
            text    BLOB NOT NULL          -- the bytes of the case file, exactly as loaded
        )""",
        """CREATE TABLE sessions (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id    TEXT NOT NULL,
            case_title TEXT NOT NULL,
            case_path  TEXT NOT NULL,      -- where the case was loaded from, to look for it again
            case_hash  TEXT NOT NULL REFERENCES case_texts(hash),
            seed       INTEGER NOT NULL,
            policy     TEXT NOT NULL,
            players    TEXT NOT NULL,      -- JSON list of {"role", "name"}: the human seats in order
            started_at TEXT NOT NULL,      -- ISO 8601, UTC
            ended_at   TEXT,
            status     TEXT NOT NULL CHECK (status IN ('playing', 'finished', 'abandoned'))
        )""",
        "CREATE INDEX sessions_by_status ON sessions (status, id)",
        "CREATE INDEX sessions_by_case ON sessions (case_id, id)",
        """CREATE TABLE events (
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            seq        INTEGER NOT NULL,
            round      INTEGER NOT NULL,
            kind       TEXT NOT NULL,
            role       TEXT NOT NULL,
            data       TEXT NOT NULL,      -- JSON object: the event's data
            PRIMARY KEY (session_id, seq)
        ) WITHOUT ROWID""",
        """CREATE TABLE debriefs (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
            debrief    TEXT NOT NULL       -- JSON, see game.storage.records.debrief_to_dict
        )""",
    ):
        conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    for statement in (
        "ALTER TABLE sessions ADD COLUMN updated_at TEXT",
        "ALTER TABLE sessions ADD COLUMN ending TEXT",
        "ALTER TABLE sessions ADD COLUMN outcome TEXT",
        "ALTER TABLE sessions ADD COLUMN overall INTEGER",
        "ALTER TABLE sessions ADD COLUMN parent_id INTEGER REFERENCES sessions(id)",
        "ALTER TABLE sessions ADD COLUMN parent_seq INTEGER",
        "UPDATE sessions SET updated_at = COALESCE(ended_at, started_at)",
        """CREATE TABLE player_results (
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            role       TEXT NOT NULL,
            name       TEXT NOT NULL,
            overall    INTEGER NOT NULL,
            position   INTEGER NOT NULL,   -- the player's place in the debrief
            PRIMARY KEY (session_id, role)
        ) WITHOUT ROWID""",
        """CREATE TABLE dimension_results (
            session_id  INTEGER NOT NULL REFERENCES sessions(id),
            role        TEXT NOT NULL,
            dimension   TEXT NOT NULL,
            title       TEXT NOT NULL,
            weight      REAL NOT NULL,
            score       INTEGER NOT NULL,
            explanation TEXT NOT NULL,
            position    INTEGER NOT NULL,  -- the dimension's place in the rubric
            PRIMARY KEY (session_id, role, dimension)
        ) WITHOUT ROWID""",
        "CREATE INDEX dimension_results_by_dimension ON dimension_results (dimension, score)",
        """CREATE TABLE pending (
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            role       TEXT NOT NULL,
            move       TEXT NOT NULL,      -- "" when the policy chose: it chooses the same again
            by         TEXT NOT NULL,      -- "human" or "policy"
            position   INTEGER NOT NULL,   -- the order the choices were made in
            PRIMARY KEY (session_id, role)
        ) WITHOUT ROWID""",
    ):
        conn.execute(statement)
    rows = conn.execute("SELECT session_id, debrief FROM debriefs").fetchall()
    for session_id, text in rows:
        try:
            raw = json.loads(text)
            players = [(p["role"], p["name"], int(p["overall"]), p["dimensions"]) for p in raw["players"]]
            summary = (raw.get("ending"), raw.get("outcome"), int(raw["overall"]))
        except (ValueError, KeyError, TypeError):
            continue  # a debrief that cannot be read keeps its text; it just has no result rows
        conn.execute(
            "UPDATE sessions SET ending = ?, outcome = ?, overall = ? WHERE id = ?", (*summary, session_id)
        )
        for place, (role, name, overall, dimensions) in enumerate(players):
            conn.execute(
                "INSERT INTO player_results VALUES (?, ?, ?, ?, ?)", (session_id, role, name, overall, place)
            )
            for order, d in enumerate(dimensions):
                conn.execute(
                    "INSERT INTO dimension_results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (session_id, role, d["id"], d["title"], d["weight"], d["score"], d["explanation"], order),
                )


def _v3(conn: sqlite3.Connection) -> None:
    for statement in (
        """CREATE TABLE tables (
            code       TEXT PRIMARY KEY,   -- the join code, e.g. K7M2QX
            name       TEXT NOT NULL,
            session_id INTEGER NOT NULL UNIQUE REFERENCES sessions(id),
            roles      TEXT NOT NULL,      -- JSON list: the roles people play, in the case's order
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE seats (
            code      TEXT NOT NULL REFERENCES tables(code),
            role      TEXT NOT NULL,
            name      TEXT NOT NULL,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (code, role)       -- one person per role: the database decides who took it
        ) WITHOUT ROWID""",
        """CREATE TABLE inputs (
            code     TEXT NOT NULL REFERENCES tables(code),
            position INTEGER NOT NULL,     -- 1, 2, 3 ... in the order they were applied
            kind     TEXT NOT NULL CHECK (kind IN ('move', 'facilitator')),
            payload  TEXT NOT NULL,        -- JSON object
            by       TEXT NOT NULL,        -- who gave it: a seat's player, or "facilitator"
            at       TEXT NOT NULL,        -- ISO 8601, UTC
            PRIMARY KEY (code, position)
        ) WITHOUT ROWID""",
    ):
        conn.execute(statement)


def _v4(conn: sqlite3.Connection) -> None:
    # the SHA-256 of each seat's rejoin token (game.storage.seats); NULL for a seat taken before
    conn.execute("ALTER TABLE seats ADD COLUMN token TEXT")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "sessions, case texts, event logs, debriefs", _v1),
    Migration(2, "results for querying, outcomes, last save, branches, held secret choices", _v2),
    Migration(3, "tables across terminals: join codes, seats, ordered inputs", _v3),
    Migration(4, "a rejoin token for each seat", _v4),
)
LATEST = MIGRATIONS[-1].version


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database file."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> list[int]:
    """Apply the migrations the database lacks, up to ``target``; return the versions applied.

    Must run inside a write transaction (``BEGIN IMMEDIATE``), which the caller
    commits or rolls back: either every step lands or none does.
    """
    if not conn.in_transaction:
        raise RuntimeError("migrate() must run inside a write transaction")
    current = user_version(conn)
    applied = []
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            applied.append(migration.version)
    return applied
