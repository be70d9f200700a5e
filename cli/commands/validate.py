"""``parley validate PATH…``: check case files and report every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.output import print_diagnostics
from game.case.library import PATHS_SUFFIX, case_files
from game.case.loader import check_case
from game.instructor.expect import check_paths


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command."""
    parser = commands.add_parser(
        "validate",
        help="check case files; every problem as path:line:column",
        description="Check case files and report every problem at once as "
        "path:line:column: message. Exit status 0 when all are valid. A folder checks every case in it; "
        "an expected-paths file (<case>.paths.yaml) is checked against the case beside it.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders of cases")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Validate each path; return 1 if any has a problem or a folder holds no case file."""
    files: list[Path] = []
    empty = 0
    for raw in args.paths:
        path = Path(raw)
        found = case_files(path) if path.is_dir() else [path]
        if not found:
            print(f"parley: no case files (*.yaml) found in {path}", file=sys.stderr)
            empty += 1
        files.extend(found)
    failed = 0
    for path in files:
        problems = check_paths(path) if path.name.endswith(PATHS_SUFFIX) else check_case(path)
        if problems:
            failed += 1
            print_diagnostics(problems)
        elif not args.quiet:
            print(f"{path}: ok")
    if len(files) > 1 and not args.quiet:
        print(
            f"{len(files) - failed} of {len(files)} files valid",
            file=sys.stderr if failed else sys.stdout,
        )
    return 1 if failed or empty else 0
