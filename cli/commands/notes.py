"""``parley notes CASE``: the teaching notes of a case, for the facilitator."""

from __future__ import annotations

import argparse

from cli.output import Failure
from game.case.library import open_case
from game.instructor.notes import NoNotes, html_page, markdown


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``notes`` command."""
    parser = commands.add_parser(
        "notes",
        help="print a case's teaching notes (objectives, expected play, common errors, timing, questions)",
        description="Print the teaching notes of a case for the facilitator: learning objectives with the "
        "rubric dimensions and doctrine passages behind them, expected play, common errors, a plan for a "
        "45-minute class and discussion questions.",
    )
    parser.add_argument("case", metavar="CASE", help="a built-in case id or a path to a case file")
    parser.add_argument("--format", choices=("md", "html"), default="md", help="Markdown (default) or HTML")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print or write the notes."""
    case = open_case(args.case)
    try:
        text = html_page(case) if args.format == "html" else markdown(case)
    except NoNotes as err:
        raise Failure(str(err)) from None
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as err:
            raise Failure(f"cannot write {args.output}: {err.strerror or err}") from None
    else:
        print(text, end="")
    return 0
