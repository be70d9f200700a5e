"""The SQLite connection: opening, checking, recovering, and transactions.

:func:`open_database` opens (or creates) the database file, makes sure it is a
healthy Parley database at the current schema version, and returns a
:class:`Database`.  A file that SQLite reports as damaged, that is not a
database, that cannot be read, or that holds someone else's tables is moved
aside (:func:`game.storage.location.move_aside`) and a fresh database is
started; the returned :class:`Recovery` says where the old file went, and the
caller tells the user.  A database written by a newer Parley is left alone
and refused.

Nothing is changed in a file before it is known to be Parley's: its type is
checked first (a FIFO or a device is never opened, so nothing hangs), then it
is read through a read-only connection (its health, its schema version, and
that every table and column of that version is there); only then is it
opened for writing and switched to write-ahead logging.  Any failure to read
it as Parley's (SQLite's errors, undecodable schema text, missing tables)
counts as damage.  When it is Parley's but cannot be written (a read-only
folder or stick, a full disk, an I/O error), it is opened read-only instead:
sessions still list and report, and every write says why saving is off
(:attr:`Database.read_only`).

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
from game.storage.inspection import (
    BUSY_CODES,
    BUSY_TIMEOUT_S,
    DAMAGED_CODES,
    CannotWrite,
    Damaged,
    check_file,
    inspect,
    raise_if_damaged_or_busy,
    read_only,
)
from game.storage.location import folder_lock, move_aside
from game.storage.migrations import LATEST, migrate, user_version

T = TypeVar("T")


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


class Database:
    """One connection to the database file, shared safely between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: str | None = None) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        """Why the file could only be opened for reading (None when it can be written)."""
        self._lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``): committed at the end, rolled back on error."""
        if self.read_only is not None:
            raise StorageError(f"saving is off: {self.read_only}")
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
    except UnicodeDecodeError as err:  # SQLite's message quoting damaged schema text
        raise StorageError(
            f"the database {path} is damaged (its text cannot be decoded: {err.reason}); "
            "restart Parley to move it aside"
        ) from None
    except sqlite3.Error as err:
        code = getattr(err, "sqlite_errorcode", 0) & 0xFF
        if code in BUSY_CODES:
            message = (
                f"the database {path} stayed busy for {BUSY_TIMEOUT_S:.0f} s (another Parley is writing)"
            )
        elif code in DAMAGED_CODES:
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
            conn, read_only = _connect(path)
            return Database(conn, path, read_only), recovery
        except Damaged as damaged:
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


def _connect(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Connect, check health and schema, migrate; raise :class:`Damaged` or :class:`StorageError`.

    Returns the connection and, when the file could only be opened for
    reading, why (see :attr:`Database.read_only`).
    """
    identity = _identity(path)
    try:
        check_file(path)
        inspect(path)
    except Damaged as damaged:
        damaged.identity = identity
        raise
    try:
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as err:
            raise CannotWrite(str(err)) from None
        try:
            _prepare(conn, path)
        except Damaged as damaged:
            conn.close()
            damaged.identity = identity
            raise
        except BaseException:
            conn.close()
            raise
    except CannotWrite as why:
        return read_only(path, str(why)), f"the database {path} cannot be written ({why})"
    return conn, None


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        mode = _patiently(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":
            raise CannotWrite(f"it cannot use write-ahead logging (journal mode {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
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
                    raise Damaged("it holds tables that are not Parley's")
                migrate(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        else:  # nothing to migrate: make sure a write can begin (a read-only file, a full disk)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
    except (UnicodeDecodeError, sqlite3.Error) as err:
        raise_if_damaged_or_busy(err, path)
        raise CannotWrite(str(err)) from None


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
            busy = (getattr(err, "sqlite_errorcode", 0) & 0xFF) in BUSY_CODES
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _foreign_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]
