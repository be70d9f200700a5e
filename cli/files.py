"""Writing an export (a report, a CSV) to a file the user named."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cli.output import Failure
from game.textsafe import visible


def normal_mode(path: Path) -> int:
    """The permissions a file written at ``path`` should have: those of the file it replaces, else
    what any new file gets (0o666 less the umask, so 0o644 usually). Reports are meant to be
    shared and printed; a temporary file's 0o600 would hide them from everyone else."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    Replaces an existing file of that name (the user asked for it); a reader
    never sees half a file.  Control characters are written out
    (:func:`game.textsafe.visible`), as on the terminal.  The file gets normal permissions
    (:func:`normal_mode`), not the temporary file's 0o600.  Raises :class:`Failure` when it
    cannot be written.
    """
    folder = path.parent if str(path.parent) else Path(".")
    temp: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=folder, prefix=f".{path.name}.", delete=False
        ) as handle:
            temp = handle.name
            handle.write(visible(text))
        os.chmod(temp, normal_mode(path))
        os.replace(temp, path)
    except OSError as err:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise Failure(f"cannot write {path}: {err.strerror or err}") from None
