"""Which saved games a process is playing right now: one advisory lock file per session.

A process that starts or resumes a game holds ``open/<id>.lock`` beside the database with an
exclusive ``flock``.  The operating system lets go of it when the process ends, however it ends,
so no hold outlives a crash or a closed terminal.  Another process (a second terminal, another
laptop's game under ``parley serve``, all on one store) is then refused when it tries to resume
that game, instead of playing it a second time: of two processes playing one session, only the
first to move is saved, and the other's moves would be lost.

Holding is best effort: where ``fcntl`` is missing (Windows) or the folder cannot be written (a
read-only store), nothing is held and nothing is refused.  A process may hold the same session
more than once (two objects playing it in turn): each :func:`hold` is matched by a
:func:`let_go`, and the lock goes with the last (:class:`game.storage.autosave.Autosave` lets go
when its game ends, or when it is dropped).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: holding is best effort
    fcntl = None  # type: ignore[assignment]

FOLDER = "open"
"""The folder beside the database that holds the lock files."""

_mine: dict[tuple[Path, int], list[int]] = {}
"""The sessions this process holds: (lock folder, session id) -> [the lock file's descriptor, how
many holds]."""


def _folder(database: Path) -> Path:
    return database.parent / FOLDER


def hold(database: Path, session_id: int) -> bool:
    """Hold session ``session_id`` of the store in ``database`` for this process; False when
    another process holds it (True too when it cannot be held at all: best effort)."""
    key = (_folder(database), session_id)
    if key in _mine:
        _mine[key][1] += 1
        return True
    if fcntl is None:
        return True
    try:
        key[0].mkdir(parents=True, exist_ok=True)
        fd = os.open(key[0] / f"{session_id}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    except OSError:  # a file system without locks: best effort
        os.close(fd)
        return True
    _mine[key] = [fd, 1]
    return True


def held_elsewhere(database: Path, session_id: int) -> bool:
    """Whether another process holds session ``session_id`` now (this process's own holds and a
    session nobody holds are not)."""
    key = (_folder(database), session_id)
    if key in _mine or fcntl is None:
        return False
    try:
        fd = os.open(key[0] / f"{session_id}.lock", os.O_RDWR)
    except OSError:  # no lock file: nobody ever held it
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing lets go of a lock taken just now
    return False


def let_go(database: Path, session_id: int) -> None:
    """Give back one hold of session ``session_id``; the last lets go of the lock (nothing when
    this process does not hold it)."""
    key = (_folder(database), session_id)
    held = _mine.get(key)
    if held is None:
        return
    held[1] -= 1
    if held[1] <= 0:
        del _mine[key]
        with contextlib.suppress(OSError):
            os.close(held[0])
