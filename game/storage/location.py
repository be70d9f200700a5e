"""Where Parley keeps its data, and how a damaged database file is put aside.

The data directory is ``$PARLEY_HOME`` when that variable is set and not
empty, else ``platformdirs.user_data_dir("parley")`` (on Linux
``~/.local/share/parley``).  The database is ``parley.db`` in it, with
SQLite's ``parley.db-wal`` and ``parley.db-shm`` beside it.

A file that cannot be read as a Parley database is never deleted or written
over: :func:`move_aside` renames it (and its ``-wal``/``-shm`` companions) to
``parley.db.corrupt-<UTC timestamp>``, choosing another name if that one is
taken, so the user can inspect it or send it in.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from game.home import HOME_VARIABLE as HOME_VARIABLE  # re-exported: the store's callers use it
from game.home import data_home as data_home

DATABASE_NAME = "parley.db"
COMPANIONS = ("-wal", "-shm", "-journal")


def database_path(home: str | os.PathLike[str] | None = None) -> Path:
    """The database file in the data directory (see :func:`data_home`)."""
    return data_home(home) / DATABASE_NAME


def aside_name(path: Path, when: datetime) -> Path:
    """``parley.db.corrupt-20261122T031500``: where a damaged ``path`` goes, before collisions."""
    return path.with_name(f"{path.name}.corrupt-{when:%Y%m%dT%H%M%S}")


def move_aside(path: Path, when: datetime) -> Path:
    """Rename a damaged database and its companions out of the way; return the new path.

    The new name is never one that exists already (``-2``, ``-3`` … are added
    when needed); nothing is deleted or overwritten.  Raises OSError when the
    file cannot be moved.
    """
    base = aside_name(path, when)
    for attempt in range(1, 1000):
        target = base if attempt == 1 else base.with_name(f"{base.name}-{attempt}")
        taken = [target, *(Path(f"{target}{suffix}") for suffix in COMPANIONS)]
        if any(os.path.lexists(p) for p in taken):
            continue
        try:
            # The companions first: once the main file is gone, another Parley may create a fresh
            # database here, and its new companions must stay where they are.
            for suffix in COMPANIONS:
                companion = Path(f"{path}{suffix}")
                if companion.exists():
                    _rename_new(companion, Path(f"{target}{suffix}"))
            _rename_new(path, target)
        except FileExistsError:  # another process took the name between the check and the rename
            continue
        return target
    raise FileExistsError(f"too many damaged databases beside {path}")


def _rename_new(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``, failing rather than replacing an existing ``target``."""
    try:
        os.link(source, target)  # fails with FileExistsError instead of replacing
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (POSIX ``flock``) while damaged files are moved aside.

    Two Parley processes that find the same damaged database take turns, so
    the second sees that the first has already moved it and does not move the
    fresh database (or its companions) that replaced it.  Where such locks are
    not available, nothing is locked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows, where an open file cannot be renamed anyway
        yield
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder that cannot be opened for reading
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock
