"""Opening the session store from a command, and reaching the terminal app's entry points.

Store problems become :class:`~cli.output.Failure` (one line on stderr, exit
status 1); a damaged database that was moved aside is reported on stderr and
the command goes on with the fresh one.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from cli.output import Failure
from game.errors import StorageError
from game.storage import Store


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn :class:`StorageError` into a :class:`Failure` with the same message."""
    try:
        yield
    except StorageError as err:
        raise Failure(str(err)) from None


@contextmanager
def open_store() -> Iterator[Store]:
    """The store in ``$PARLEY_HOME`` or the user data directory, closed at the end of the block.

    Tells the user on stderr: that a damaged database was moved aside; that
    the database can only be read (and why saving is off); and, at the end,
    each session skipped because a stored value of it cannot be read.
    """
    with storage_errors():
        store = Store.open()
    try:
        if store.recovery is not None:
            print(f"parley: {store.recovery.message()}", file=sys.stderr)
        if store.read_only is not None:
            print(
                f"parley: saving is off: {store.read_only}; saved sessions can still be listed, "
                "reported and replayed",
                file=sys.stderr,
            )
        yield store
    finally:
        store.close()
        for session_id, what in sorted(store.damaged.items()):
            print(f"parley: session {session_id} is damaged ({what}); it was skipped", file=sys.stderr)


def app_entry(parameter: str, doing: str) -> Callable[..., Any]:
    """``tui.app.run_app`` if it accepts ``parameter``; else a :class:`Failure` naming what is missing."""
    try:
        app_module = importlib.import_module("tui.app")
    except ImportError as err:
        raise Failure(f"the terminal app is not available ({err}), so it cannot {doing}") from None
    run_app = getattr(app_module, "run_app", None)
    if run_app is None or parameter not in inspect.signature(run_app).parameters:
        raise Failure(
            f"the terminal app cannot {doing} yet: tui.app.run_app() has no '{parameter}' parameter "
            f"(it is called as run_app({parameter}=ID))"
        )
    return run_app  # type: ignore[no-any-return]
