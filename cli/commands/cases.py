"""``parley cases``: list the built-in cases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.output import dumps
from game.case.library import library


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``cases`` command."""
    parser = commands.add_parser(
        "cases",
        help="list the built-in cases",
        description="List the built-in cases (and those in --dir) with counts of their parts.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per case")
    parser.add_argument("--dir", type=Path, metavar="DIR", help="also list the cases in DIR")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the list; return 1 if a listed case does not load."""
    broken = 0
    rows = []
    for entry in library(args.dir):
        case = entry.case
        if case is None:
            broken += 1
            first = entry.problems[0].format() if entry.problems else f"{entry.path}: cannot be loaded"
            print(f"{entry.path.name}: not loaded: {first}", file=sys.stderr)
            continue
        row = {
            "id": case.id,
            "title": case.title,
            "difficulty": case.difficulty.value,
            "duration_minutes": case.duration_minutes,
            "roles": len(case.roles),
            "phases": len(case.phases),
            "moves": len(case.moves),
            "injects": len(case.injects),
            "endings": len(case.endings),
            "path": str(entry.path),
        }
        rows.append(row)
    if args.json:
        for row in rows:
            print(dumps(row))
    else:
        width = max((len(r["id"]) for r in rows), default=2)
        print(
            f"{'id':<{width}}  {'roles':>5} {'phases':>6} {'moves':>5} {'injects':>7} {'endings':>7}  title"
        )
        for r in rows:
            print(
                f"{r['id']:<{width}}  {r['roles']:>5} {r['phases']:>6} {r['moves']:>5} "
                f"{r['injects']:>7} {r['endings']:>7}  {r['title']}"
            )
    return 1 if broken else 0
