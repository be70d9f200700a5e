"""``parley compare CASE``: the tables that played a case, side by side."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cli.files import write_whole
from cli.output import Failure
from cli.storage import open_store, storage_errors
from game.case.library import open_case
from game.debriefing.compare import Table, compare, markdown
from game.errors import StorageError
from game.storage import open_saved

FORMATS = ("md", "html")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``compare`` command."""
    parser = commands.add_parser(
        "compare",
        help="finished tables of one case side by side (Markdown or HTML)",
        description="Compare the finished sessions ('tables') of one case: outcome, overall and "
        "per-dimension scores, the rounds where the players' decisions first diverged, and every meter "
        "by round with one line per table. HTML is one self-contained file for the projector.",
    )
    parser.add_argument(
        "case",
        metavar="CASE",
        help="the case id the sessions played (see `parley results`) or its file",
    )
    parser.add_argument(
        "--since", metavar="DATE", help="only sessions that ended on or after DATE (YYYY-MM-DD)"
    )
    parser.add_argument("--sessions", metavar="ID", type=int, nargs="+", help="only these sessions")
    parser.add_argument("--format", choices=FORMATS, default="md", help="md (default) or html")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.set_defaults(handler=handle)


def _since(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise Failure(f"--since {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-07", 2) from None


def _case_id(ref: str) -> str:
    """The id the sessions were saved under: ``ref``, or the id inside the case file ``ref`` names."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return open_case(ref).id  # like every other command, a path to the case file names the case
    return ref


def handle(args: argparse.Namespace) -> int:
    """Load the finished tables, compare them, print or write the result."""
    since = _since(args.since)
    case_id = _case_id(args.case)
    tables: list[Table] = []
    with open_store() as store, storage_errors():
        for result in store.finished(case_id):
            info = result.session
            if since and (info.ended_at or "") < since:
                continue
            if args.sessions and info.id not in args.sessions:
                continue
            try:
                saved, case, scored = open_saved(store, info.id)
            except StorageError as err:
                print(f"parley: skipping session {info.id}: {err}", file=sys.stderr)
                continue
            tables.append(Table(info, case, saved.events, scored))
    if len(tables) < 2:
        found = "no finished session" if not tables else "only one finished session"
        raise Failure(
            f"comparing needs at least two finished tables of {case_id!r}; found {found}"
            " (see `parley results --case ID`)"
        )
    tables.sort(key=lambda t: t.info.id)
    comparison = compare(tables[-1].case, tables)
    if args.format == "html":
        from game.debriefing.comparehtml import html

        text = html(comparison)
    else:
        text = markdown(comparison)
    if args.output:
        write_whole(Path(args.output), text)
        print(f"parley: wrote the comparison of {len(tables)} tables to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
