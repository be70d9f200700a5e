"""One module per ``parley`` command; :data:`NAMES` lists them in help order.

A command's module is imported only when that command runs (:func:`load`): each brings in the
parts of the engine it needs, and ``parley run`` need not import the terminal app or the storage
to start.
"""

from __future__ import annotations

import importlib
from types import ModuleType

NAMES = (
    "play",
    "cases",
    "new",
    "validate",
    "lint",
    "run",
    "test",
    "analyze",
    "notes",
    "graph",
    "schema",
    "guide",
    "sessions",
    "resume",
    "replay",
    "results",
    "report",
    "compare",
    "host",
    "join",
    "seat",
    "console",
    "serve",
)
"""Every command, in help order; each is the module ``cli.commands.<name>``, whose
``register(subparsers)`` adds the command's parser."""


def load(name: str) -> ModuleType:
    """The module of the command ``name`` (one of :data:`NAMES`)."""
    if name not in NAMES:
        raise ValueError(f"no command {name!r}")
    return importlib.import_module(f"cli.commands.{name}")
