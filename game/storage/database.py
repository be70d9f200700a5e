"""The SQLite connection: opening, checking, recovering, and transactions.

:func:`open_database` opens (or creates) the database file, makes sure it is a
healthy Parley database at the current schema version, and returns a
:class:`Database`.  A file that SQLite reports as damaged, that is not a
database, that cannot be read, or that holds someone else's tables is moved
aside (:func:`game.storage.location.move_aside`) and a fresh database is
started; the returned :class:`Recovery` says where the old file went, and the
caller tells the user.  A database written by a newer Parley is left alone
and refused.

Settings, and why:

* ``journal_mode=WAL``: readers never block the writer, and a write is one
  append to the log, so a process killed at any instant leaves the file as it
  was before or after its last transaction, never in between;
* ``synchronous=FULL``: a committed move survives a power cut, not only a
  crash of the process;
* ``BEGIN IMMEDIATE`` for every write and a busy timeout: two Parley processes
  on one file take turns instead of failing or losing a write.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from game.errors import StorageError
from game.storage.location import folder_lock, move_aside
from game.storage.migrations import LATEST, migrate, user_version

BUSY_TIMEOUT_S = 15.0
HEADER = b"SQLite format 3\x00"
T = TypeVar("T")
_DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB (primary result codes)


@dataclass(frozen=True, slots=True)
class Recovery:
    """A damaged database was moved aside and a fresh one started."""

    path: Path  # the database in use now (fresh)
    moved_to: Path  # where the damaged file is now
    reason: str  # what was wrong with it

    def message(self) -> str:
        """What to tell the user, in one sentence."""
        return (
            f"the database {self.path} could not be read ({self.reason}); it was moved to "
            f"{self.moved_to} and a new, empty database was started"
        )


class _Damaged(Exception):
    """The file is not a usable Parley database; the message says why."""

    identity: tuple[int, int] | None = None  # the file found damaged, to move only that one aside


class Database:
    """One connection to the database file, shared safely between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``): committed at the end, rolled back on error."""
        with self._lock, _translated(self.path):
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query in it sees the same committed state."""
        with self._lock, _translated(self.path):
            conn = self.conn
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self.conn.close()


@contextmanager
def _translated(path: Path) -> Iterator[None]:
    """sqlite3 errors as :class:`StorageError` with a message a user can act on."""
    try:
        yield
    except sqlite3.Error as err:
        code = getattr(err, "sqlite_errorcode", 0) & 0xFF
        if code in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
            message = (
                f"the database {path} stayed busy for {BUSY_TIMEOUT_S:.0f} s (another Parley is writing)"
            )
        elif code in _DAMAGED_CODES:
            message = f"the database {path} is damaged ({err}); restart Parley to move it aside"
        elif code == 13:  # SQLITE_FULL
            message = f"the disk holding {path} is full"
        else:
            message = f"the database {path} cannot be used: {err}"
        raise StorageError(message) from err


def open_database(path: Path, now: Callable[[], datetime]) -> tuple[Database, Recovery | None]:
    """Open the database at ``path``, moving a damaged file aside; raises :class:`StorageError`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StorageError(
            f"cannot create the data directory {path.parent}: {err.strerror or err}; "
            "set PARLEY_HOME to a folder you can write to"
        ) from None
    recovery: Recovery | None = None
    for _ in range(5):
        try:
            return Database(_connect(path), path), recovery
        except _Damaged as damaged:
            if recovery is not None:  # pragma: no cover - a fresh file that is damaged at once
                raise StorageError(f"a new database at {path} cannot be created: {damaged}") from None
            try:
                with folder_lock(path.parent):
                    if damaged.identity != _identity(path):
                        continue  # another Parley moved it aside meanwhile: open what is there now
                    moved_to = move_aside(path, now())
            except OSError as err:
                raise StorageError(
                    f"the database {path} cannot be read ({damaged}) and could not be moved aside: "
                    f"{err.strerror or err}; move it away yourself to start a new one"
                ) from None
            recovery = Recovery(path, moved_to, str(damaged))
    raise StorageError(f"the database {path} keeps changing while it is opened; try again")


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), or None when there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _connect(path: Path) -> sqlite3.Connection:
    """Connect, check health and schema, migrate; raise :class:`_Damaged` or :class:`StorageError`."""
    identity = _identity(path)
    try:
        _check_header(path)
    except _Damaged as damaged:
        damaged.identity = identity
        raise
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as err:
        raise StorageError(f"the database {path} cannot be opened: {err}") from None
    try:
        _prepare(conn, path)
    except _Damaged as damaged:
        conn.close()
        damaged.identity = identity
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _check_header(path: Path) -> None:
    """A file that exists must start like an SQLite database (an empty file is a new database)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(HEADER))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise _Damaged("it is a directory, not a file") from None
    except OSError as err:
        raise _Damaged(f"it cannot be read: {err.strerror or err}") from None
    if head and head != HEADER:
        raise _Damaged("it is not an SQLite database")


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        mode = _patiently(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":
            raise StorageError(f"the database {path} cannot use write-ahead logging (journal mode {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise _Damaged("SQLite's check failed: " + "; ".join(problems))
        version = user_version(conn)
        if version > LATEST:
            raise StorageError(
                f"the database {path} was written by a newer Parley (schema {version}; this one knows "
                f"up to {LATEST}); upgrade Parley, or set PARLEY_HOME to use another folder"
            )
        if version < LATEST:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if user_version(conn) == 0 and _foreign_tables(conn):
                    raise _Damaged("it holds tables that are not Parley's")
                migrate(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
    except sqlite3.Error as err:
        code = getattr(err, "sqlite_errorcode", 0) & 0xFF
        if code in _DAMAGED_CODES:
            raise _Damaged(str(err)) from None
        if code in (5, 6):
            raise StorageError(
                f"the database {path} stayed busy for {BUSY_TIMEOUT_S:.0f} s (another Parley is writing)"
            ) from None
        raise StorageError(f"the database {path} cannot be opened: {err}") from None


def _patiently(statement: Callable[[], T]) -> T:
    """Run ``statement``, retrying while the database is busy, for up to the busy timeout.

    Needed for ``PRAGMA journal_mode = WAL``: while another process is creating
    the same new database, SQLite answers it with SQLITE_BUSY at once instead
    of waiting in its busy handler.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            return statement()
        except sqlite3.OperationalError as err:
            busy = (getattr(err, "sqlite_errorcode", 0) & 0xFF) in (5, 6)
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _foreign_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]
