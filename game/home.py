"""Where Parley keeps its files: ``$PARLEY_HOME`` if set, else the user data directory.

A module of its own so that anything needing the location (the library cache,
the store, saved reports) can find it without importing the store.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "PARLEY_HOME"


def data_home(home: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``home`` if given, else ``$PARLEY_HOME``, else the user data directory."""
    if home is not None:
        return Path(home).expanduser()
    env = os.environ.get(HOME_VARIABLE, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("parley", appauthor=False))
