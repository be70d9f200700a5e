"""``parley replay ID``: step through a saved session in the terminal app.

The session is checked here (it exists and its stored case loads); the app
then steps through it with :func:`game.storage.open_replay` and branches with
:meth:`game.storage.Autosave.branch`.
"""

from __future__ import annotations

import argparse

from cli.storage import app_entry, open_store, storage_errors
from game.storage import open_saved


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``replay`` command."""
    parser = commands.add_parser(
        "replay",
        help="step through a saved session move by move in the terminal app",
        description="Step through a saved session move by move, with the meters and the debrief's notes "
        'at each step; "branch from here" starts a new session from that point.',
    )
    parser.add_argument("id", type=int, metavar="ID", help="the session's id (see `parley sessions`)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check the session, then open the app's replay on it."""
    with open_store() as store, storage_errors():
        open_saved(store, args.id)  # fails here, with a clear message, if it cannot be replayed
    run_app = app_entry("replay", f"replay session {args.id}")
    return int(run_app(replay=args.id))
