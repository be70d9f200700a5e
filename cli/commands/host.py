"""``parley host CASE``: open a table that people join from other terminals.

The table is a stored session with a join code (:mod:`game.storage.tables`); this command
stores it, prints the code and the ``parley join`` line each player types, and returns.
Nothing keeps running: every seat's process plays through the shared store.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from cli.output import Failure, seed
from cli.storage import open_store, storage_errors
from game.case.library import open_case
from game.case.model import Role
from game.storage import TableInfo


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``host`` command."""
    parser = commands.add_parser(
        "host",
        help="open a table that players join from other terminals",
        description="Open a table of a case in the store and print its join code. Each player then "
        "takes a role from their own terminal (another tmux pane, an SSH login to this machine) with "
        "`parley join CODE --role ROLE --name NAME`. Roles nobody plays at the table (see --roles) "
        "are played by their counterpart policies.",
    )
    parser.add_argument("case", metavar="CASE", help="a built-in case id or a path to a case file")
    parser.add_argument("--seed", type=seed, default=0, help="seed (default: 0)")
    parser.add_argument("--table", metavar="NAME", help='the table\'s name (default: "Table N")')
    parser.add_argument(
        "--roles",
        metavar="R1,R2",
        help="the roles people play, comma-separated (default: every playable role)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Store the table and print how to join it."""
    case = open_case(args.case)
    roles = None
    if args.roles is not None:
        roles = tuple(r.strip() for r in args.roles.split(",") if r.strip())
        unknown = [r for r in roles if r not in case.playable_roles]
        if unknown or not roles:
            raise Failure(
                f"--roles {args.roles!r}: {', '.join(unknown) or 'no role'} is not a playable role of "
                f"{case.id}; choose from {', '.join(case.playable_roles)}",
                status=2,
            )
        if len(set(roles)) != len(roles):
            raise Failure(f"--roles {args.roles!r} names a role twice", status=2)
    with open_store() as store, storage_errors():
        info = store.host(case, seed=args.seed, name=args.table, roles=roles)
        print(announcement(info, case.roles))
    return 0


def announcement(info: TableInfo, roles: Mapping[str, Role]) -> str:
    """What the host reads: the code, then the line each player types."""
    lines = [
        f"{info.name} of {info.case_title} is open (seed {info.seed}).",
        f"Join code: {info.code}",
        "",
        "Each player types, in their own terminal (NAME: their name):",
    ]
    width = max(len(r) for r in info.roles)
    lines += [
        f"  parley join {info.code} --role {r:<{width}} --name NAME   # {roles[r].name}" for r in info.roles
    ]
    others = [role.name for r, role in roles.items() if r not in info.roles]
    if others:
        lines.append(f"Played by their policies: {', '.join(others)}.")
    lines += [
        "Taking a seat prints its rejoin token: the player keeps it to take the seat back.",
        f"A seat nobody takes: `parley seat {info.code} ROLE policy` lets its policy play it.",
    ]
    return "\n".join(lines)
