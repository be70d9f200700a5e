"""Looking at a database file without changing it: is it a Parley database, and can it be read?

:func:`check_file` looks at the file's type and first bytes (a FIFO or a
device is never opened for reading, so nothing waits); :func:`inspect` reads
it through a read-only connection: its health (``PRAGMA quick_check``), its
schema version, and that every table and column of that version is there
(:func:`expected_tables`, built by running the migrations in memory).  A file
that fails is :class:`Damaged`; :func:`read_only` opens a healthy one that
cannot be written.  Nothing here writes to the file.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import stat
from pathlib import Path

from game.errors import StorageError
from game.storage.migrations import LATEST, migrate, user_version

BUSY_TIMEOUT_S = 15.0
HEADER = b"SQLite format 3\x00"
DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB (primary result codes)
BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


class Damaged(Exception):
    """The file is not a usable Parley database; the message says why."""

    identity: tuple[int, int] | None = None  # the file found damaged, to move only that one aside


class CannotWrite(Exception):
    """The file is Parley's but cannot be opened for writing; the message says why."""


def raise_if_damaged_or_busy(err: UnicodeDecodeError | sqlite3.Error, path: Path) -> None:
    """Raise :class:`Damaged` for a file that is not a usable database, :class:`StorageError` for
    one another Parley keeps busy; return for any other failure (the caller says what it means)."""
    if isinstance(err, UnicodeDecodeError):
        raise Damaged(f"its schema cannot be decoded as text ({err.reason})") from None
    code = getattr(err, "sqlite_errorcode", 0) & 0xFF
    if code in DAMAGED_CODES:
        raise Damaged(str(err)) from None
    if code in BUSY_CODES:
        raise StorageError(
            f"the database {path} stayed busy for {BUSY_TIMEOUT_S:.0f} s (another Parley is writing)"
        ) from None


def check_file(path: Path) -> None:
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
        raise Damaged(f"it cannot be read: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise Damaged("it is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Damaged(f"it is {_kind(info.st_mode)}, not a regular file")
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return
    except OSError as err:
        raise Damaged(f"it cannot be read: {err.strerror or err}") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # replaced between the two looks
            raise Damaged("it is not a regular file")
        head = os.read(handle, len(HEADER))
    except OSError as err:
        raise Damaged(f"it cannot be read: {err.strerror or err}") from None
    finally:
        os.close(handle)
    if head and head != HEADER:
        raise Damaged("it is not an SQLite database")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _uri(path: Path, option: str) -> str:
    """An SQLite URI for ``path`` (``?``, ``#`` and ``%`` in the name escaped) with ``option``."""
    return f"{path.absolute().as_uri()}?{option}"


def inspect(path: Path) -> None:
    """Read an existing file without changing it: healthy, Parley's, every table of its version there.

    Raises :class:`Damaged` when it cannot be read as Parley's database and
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
        raise Damaged(f"it cannot be read: {err.strerror or err}") from None
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
        except (UnicodeDecodeError, sqlite3.Error) as err:
            raise_if_damaged_or_busy(err, path)
            last = str(err)
        finally:
            conn.close()
    raise Damaged(f"it cannot be read: {last}")


def _check_contents(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    problems = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise Damaged("SQLite's check failed: " + "; ".join(problems))
    version = user_version(conn)
    if version > LATEST:
        raise StorageError(
            f"the database {path} was written by a newer Parley (schema {version}; this one knows "
            f"up to {LATEST}); upgrade Parley, or set PARLEY_HOME to use another folder"
        )
    found = _tables(conn)
    if version == 0:
        if found:
            raise Damaged("it holds tables that are not Parley's")
        return
    for table, columns in expected_tables(version).items():
        if table not in found:
            raise Damaged(f"its table {table!r} is missing")
        missing = sorted(columns - found[table])
        if missing:
            raise Damaged(f"its table {table!r} lacks the column(s) {', '.join(missing)}")


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


def read_only(path: Path, why: str) -> sqlite3.Connection:
    """A read-only connection to a Parley database that cannot be written (see :func:`inspect`)."""
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
