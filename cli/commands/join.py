"""``parley join CODE --role R --name N``: take a seat at a table and play it in the terminal app.

The seat is taken here, in one transaction (someone else holding the role is refused with
who has it), and its rejoin token is printed; the app then opens on that role's own view of
the table and follows it through the store.  Joining again with the same name and the token
(or after the facilitator released the seat) takes the seat back where it was.
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
        "within a second. Taking the seat prints its rejoin token: if your terminal closes, join again "
        "with the same name and --token, and you go on where you were (lost it? the facilitator can "
        "release the seat: `parley seat CODE ROLE release`).",
    )
    parser.add_argument("code", metavar="CODE", help="the table's join code (printed by `parley host`)")
    parser.add_argument("--role", required=True, help="the role you play (a role id, as `parley host` lists)")
    parser.add_argument("--name", required=True, help="your name, shown to the table")
    parser.add_argument(
        "--token",
        metavar="XXXX-XXXX",
        help="the rejoin token printed when you took the seat, to take it back",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Take the seat, then open the app on it."""
    with open_store() as store, storage_errors():
        seated = store.join(args.code, args.role, args.name, token=args.token)
    print(ticket(seated.code, args.role, seated.name, seated.token, seated.back), flush=True)
    run_app = app_entry("join", f"join table {seated.code}")
    return int(run_app(join=(seated.code, args.role, seated.name, seated.token)))


def ticket(code: str, role: str, name: str, token: str, back: bool) -> str:
    """What a player reads (and keeps) on taking a seat: the rejoin token and the line to come back."""
    said = "are back at" if back else "have taken"
    return (
        f"{name}, you {said} {role} at table {code}. Your rejoin token: {token}\n"
        f"Keep it: to take this seat back from any terminal, type\n"
        f"  parley join {code} --role {role} --name {name!r} --token {token}"
    )
