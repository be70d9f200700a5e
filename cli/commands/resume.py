"""``parley resume [ID]``: continue an unfinished session in the terminal app.

The session is checked here (it exists, it is unfinished); the app then
rebuilds it with :func:`game.storage.check_resume` and
:meth:`game.storage.Autosave.resume`, asking first if its case file changed.
Without an ID, the app opens on the list of unfinished sessions to pick one.
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
        description="Continue a saved, unfinished session exactly where it stopped. Without ID, the app "
        "lists the unfinished sessions, most recent first, to pick one. If its case file has changed "
        "since, the app asks whether to go on with the version stored with the session or to abandon it.",
    )
    parser.add_argument(
        "id", type=int, nargs="?", metavar="ID", help="the session's id (see `parley sessions`)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check the session, then open the app on it."""
    with open_store() as store, storage_errors():
        if args.id is None:
            if not store.unfinished():
                raise Failure("there is no unfinished session to resume (see `parley sessions`)")
        else:
            info = store.info(args.id)
            code = store.table_of(args.id)
            if code is not None and info.status is Status.PLAYING:
                raise Failure(
                    f"session {args.id} is played at table {code}: take your seat with "
                    f"`parley join {code} --role ROLE --name NAME`"
                )
            if info.status is not Status.PLAYING:
                raise Failure(
                    f"session {args.id} is {info.status.value}; only unfinished sessions can be resumed "
                    f"(step through it with `parley replay {args.id}`)"
                )
    if args.id is None:
        run_app = app_entry("choose_resume", "offer the unfinished sessions")
        return int(run_app(choose_resume=True))
    run_app = app_entry("resume", f"resume session {args.id}")
    return int(run_app(resume=args.id))
