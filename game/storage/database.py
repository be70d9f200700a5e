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

import functools
import os
import sqlite3
import stat
import threading
import time
import urllib.parse
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
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


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


class _CannotWrite(Exception):
    """The file is Parley's but cannot be opened for writing; the message says why."""


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
        if code in _BUSY_CODES:
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
            conn, read_only = _connect(path)
            return Database(conn, path, read_only), recovery
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


def _connect(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Connect, check health and schema, migrate; raise :class:`_Damaged` or :class:`StorageError`.

    Returns the connection and, when the file could only be opened for
    reading, why (see :attr:`Database.read_only`).
    """
    identity = _identity(path)
    try:
        _check_file(path)
        _inspect(path)
    except _Damaged as damaged:
        damaged.identity = identity
        raise
    try:
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as err:
            raise _CannotWrite(str(err)) from None
        try:
            _prepare(conn, path)
        except _Damaged as damaged:
            conn.close()
            damaged.identity = identity
            raise
        except BaseException:
            conn.close()
            raise
    except _CannotWrite as why:
        return _read_only(path, str(why)), f"the database {path} cannot be written ({why})"
    return conn, None


def _check_file(path: Path) -> None:
    """A file that exists must be a regular file starting like an SQLite database.

    The type is checked before the file is opened, and it is opened without
    waiting, so a FIFO or a device named ``parley.db`` never makes Parley hang.
    An empty file is a new database.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as err:
        raise _Damaged(f"it cannot be read: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _Damaged("it is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise _Damaged(f"it is {_kind(info.st_mode)}, not a regular file")
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return
    except OSError as err:
        raise _Damaged(f"it cannot be read: {err.strerror or err}") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # replaced between the two looks
            raise _Damaged("it is not a regular file")
        head = os.read(handle, len(HEADER))
    except OSError as err:
        raise _Damaged(f"it cannot be read: {err.strerror or err}") from None
    finally:
        os.close(handle)
    if head and head != HEADER:
        raise _Damaged("it is not an SQLite database")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _uri(path: Path, option: str) -> str:
    return f"file:{urllib.parse.quote(str(path.absolute()))}?{option}"


def _inspect(path: Path) -> None:
    """Read an existing file without changing it: healthy, Parley's, every table of its version there.

    Raises :class:`_Damaged` when it cannot be read as Parley's database and
    :class:`StorageError` when it is busy or from a newer Parley.  A file
    that can only be read (a read-only folder, a full disk) is read
    ``immutable``, which needs no lock or shared-memory file.
    """
    try:
        if os.stat(path).st_size == 0:
            return
    except FileNotFoundError:
        return
    except OSError as err:
        raise _Damaged(f"it cannot be read: {err.strerror or err}") from None
    last: str = ""
    for option in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(_uri(path, option), uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as err:
            last = str(err)
            continue
        try:
            _check_contents(conn, path)
            return
        except UnicodeDecodeError as err:
            raise _Damaged(f"its schema cannot be decoded as text ({err.reason})") from None
        except sqlite3.Error as err:
            code = getattr(err, "sqlite_errorcode", 0) & 0xFF
            if code in _DAMAGED_CODES:
                raise _Damaged(str(err)) from None
            if code in _BUSY_CODES:
                raise StorageError(
                    f"the database {path} stayed busy for {BUSY_TIMEOUT_S:.0f} s (another Parley is writing)"
                ) from None
            last = str(err)
        finally:
            conn.close()
    raise _Damaged(f"it cannot be read: {last}")


def _check_contents(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise _Damaged("SQLite's check failed: " + "; ".join(problems))
    version = user_version(conn)
    if version > LATEST:
        raise StorageError(
            f"the database {path} was written by a newer Parley (schema {version}; this one knows "
            f"up to {LATEST}); upgrade Parley, or set PARLEY_HOME to use another folder"
        )
    found = _tables(conn)
    if version == 0:
        if found:
            raise _Damaged("it holds tables that are not Parley's")
        return
    for table, columns in expected_tables(version).items():
        if table not in found:
            raise _Damaged(f"its table {table!r} is missing")
        missing = sorted(columns - found[table])
        if missing:
            raise _Damaged(f"its table {table!r} lacks the column(s) {', '.join(missing)}")


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Every table of the database (but SQLite's own) with its columns."""
    tables: dict[str, set[str]] = {}
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        tables[str(name)] = {
            str(row[1]) for row in conn.execute("SELECT * FROM pragma_table_info(?)", (name,))
        }
    return tables


@functools.cache
def expected_tables(version: int) -> dict[str, frozenset[str]]:
    """The tables and columns a Parley database of schema ``version`` has (built in memory)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        migrate(conn, version)
        conn.execute("COMMIT")
        return {name: frozenset(cols) for name, cols in _tables(conn).items()}
    finally:
        conn.close()


def _read_only(path: Path, why: str) -> sqlite3.Connection:
    """A read-only connection to a Parley database that cannot be written (see :func:`_inspect`)."""
    if not path.exists():
        raise StorageError(
            f"cannot create the database {path}: {why}; set PARLEY_HOME to a folder you can write to"
        )
    for option in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(
                _uri(path, option),
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error:
            continue
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            if user_version(conn) != LATEST:
                conn.close()
                raise StorageError(
                    f"the database {path} needs upgrading to this Parley's schema but cannot be written "
                    f"({why}); copy the data folder somewhere writable and set PARLEY_HOME to it"
                )
        except sqlite3.Error:
            conn.close()
            continue
        return conn
    raise StorageError(f"the database {path} cannot be opened ({why})")


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        mode = _patiently(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":
            raise _CannotWrite(f"it cannot use write-ahead logging (journal mode {mode})")
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
                    raise _Damaged("it holds tables that are not Parley's")
                migrate(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        else:  # nothing to migrate: make sure a write can begin (a read-only file, a full disk)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
    except UnicodeDecodeError as err:
        raise _Damaged(f"its schema cannot be decoded as text ({err.reason})") from None
    except sqlite3.Error as err:
        code = getattr(err, "sqlite_errorcode", 0) & 0xFF
        if code in _DAMAGED_CODES:
            raise _Damaged(str(err)) from None
        if code in _BUSY_CODES:
            raise StorageError(
                f"the database {path} stayed busy for {BUSY_TIMEOUT_S:.0f} s (another Parley is writing)"
            ) from None
        raise _CannotWrite(str(err)) from None


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
            busy = (getattr(err, "sqlite_errorcode", 0) & 0xFF) in _BUSY_CODES
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _foreign_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]
