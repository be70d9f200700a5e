"""What the app remembers between runs: the theme and the last folder of cases.

Kept as ``preferences.json`` in the user's config directory (``platformdirs.user_config_dir``);
``$PARLEY_CONFIG`` names another folder, and when only ``$PARLEY_HOME`` is set the file lives
there, so a test or a classroom machine never touches the real config. A missing, unreadable or
damaged file gives the defaults (it is rewritten at the next change); failing to write is not
an error: the preference is simply not remembered. Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from game.home import HOME_VARIABLE

CONFIG_VARIABLE = "PARLEY_CONFIG"
FILE_NAME = "preferences.json"


def config_dir() -> Path:
    """``$PARLEY_CONFIG``, else ``$PARLEY_HOME``, else the user config directory."""
    for variable in (CONFIG_VARIABLE, HOME_VARIABLE):
        value = os.environ.get(variable, "").strip()
        if value:
            return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("parley", appauthor=False))


@dataclass(frozen=True, slots=True)
class Preferences:
    """The remembered choices; None where nothing was chosen yet."""

    theme: str | None = None
    case_folder: str | None = None

    def remembered_folder(self) -> Path | None:
        """The last ``--cases`` folder, if it is still there."""
        if self.case_folder and Path(self.case_folder).is_dir():
            return Path(self.case_folder)
        return None


def load_preferences(folder: Path | None = None) -> Preferences:
    """The saved preferences, or the defaults when there are none or they cannot be read."""
    path = (folder or config_dir()) / FILE_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    values = {key: raw.get(key) for key in ("theme", "case_folder")}
    return Preferences(**{k: v if isinstance(v, str) else None for k, v in values.items()})


def remember(folder: Path | None = None, **changes: str | None) -> Preferences:
    """Save ``changes`` over the saved preferences (written whole, or not at all) and return them."""
    where = folder or config_dir()
    prefs = replace(load_preferences(where), **changes)
    temp: str | None = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=where, prefix=f".{FILE_NAME}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(asdict(prefs), out, indent=2)
        os.replace(temp, where / FILE_NAME)
    except OSError:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return prefs
