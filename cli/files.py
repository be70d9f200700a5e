"""Writing an export (a report, a CSV) to a file the user named."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cli.output import Failure
from game.textsafe import visible


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    Replaces an existing file of that name (the user asked for it); a reader
    never sees half a file.  Control characters are written out
    (:func:`game.textsafe.visible`), as on the terminal.  Raises :class:`Failure` when it cannot be written.
    """
    folder = path.parent if str(path.parent) else Path(".")
    temp: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=folder, prefix=f".{path.name}.", delete=False
        ) as handle:
            temp = handle.name
            handle.write(visible(text))
        os.replace(temp, path)
    except OSError as err:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise Failure(f"cannot write {path}: {err.strerror or err}") from None
