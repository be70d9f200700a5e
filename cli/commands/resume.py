"""``parley resume [ID]``: continue an unfinished session in the terminal app.

The session is checked here (it exists, it is unfinished); the app then
rebuilds it with :func:`game.storage.check_resume` and
:meth:`game.storage.Autosave.resume`, asking first if its case file changed.
"""

from __future__ import annotations

import argparse

from cli.output import Failure
from cli.storage import app_entry, open_store, storage_errors
from game.storage import Status


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``resume`` command."""
    parser = commands.add_parser(
        "resume",
        help="continue an unfinished session in the terminal app",
        description="Continue a saved, unfinished session exactly where it stopped. Without ID, the one "
        "saved most recently. If its case file has changed since, the app asks whether to go on with the "
        "version stored with the session or to abandon it.",
    )
    parser.add_argument(
        "id", type=int, nargs="?", metavar="ID", help="the session's id (see `parley sessions`)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check the session, then open the app on it."""
    with open_store() as store, storage_errors():
        if args.id is None:
            waiting = store.unfinished()
            if not waiting:
                raise Failure("there is no unfinished session to resume (see `parley sessions`)")
            session_id = waiting[0].id
        else:
            session_id = args.id
            info = store.info(session_id)
            if info.status is not Status.PLAYING:
                raise Failure(
                    f"session {session_id} is {info.status.value}; only unfinished sessions can be resumed "
                    f"(step through it with `parley replay {session_id}`)"
                )
    run_app = app_entry("resume", f"resume session {session_id}")
    return int(run_app(resume=session_id))
