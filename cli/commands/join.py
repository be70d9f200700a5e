"""``parley join CODE --role R --name N``: take a seat at a table and play it in the terminal app.

The seat is taken here, in one transaction (someone else holding the role is refused with
who has it); the app then opens on that role's own view of the table and follows it
through the store.  Joining again with the same name takes the seat back where it was.
"""

from __future__ import annotations

import argparse

from cli.storage import app_entry, open_store, storage_errors


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``join`` command."""
    parser = commands.add_parser(
        "join",
        help="take a seat at a table opened with `parley host`",
        description="Take ROLE at the table with join code CODE and play it in the terminal app, seeing "
        "only what that role sees. Each seat's move is saved in the shared store, and the others see it "
        "within a second. If your terminal closes, join again with the same name: you go on where you "
        "were.",
    )
    parser.add_argument("code", metavar="CODE", help="the table's join code (printed by `parley host`)")
    parser.add_argument("--role", required=True, help="the role you play (a role id, as `parley host` lists)")
    parser.add_argument("--name", required=True, help="your name, shown to the table")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Take the seat, then open the app on it."""
    with open_store() as store, storage_errors():
        info = store.join(args.code, args.role, args.name)
    run_app = app_entry("join", f"join table {info.code}")
    return int(run_app(join=(info.code, args.role, args.name.strip())))
