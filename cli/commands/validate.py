"""``parley validate PATH…``: check case files and report every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.output import print_diagnostics
from game.case.library import PATHS_SUFFIX, case_files, resolve
from game.case.loader import check_case
from game.case.yamlsafe import MappingNode, read_file
from game.errors import CaseError, Diagnostic
from game.instructor.expect import check_paths
from game.instructor.strategy import check_strategy, is_strategy_file


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command."""
    parser = commands.add_parser(
        "validate",
        help="check case files; every problem as path:line:column",
        description="Check case files and report every problem at once as "
        "path:line:column: message. Exit status 0 when all are valid. A built-in case id checks that "
        "case; a folder checks every case in it; "
        "an expected-paths file (<case>.paths.yaml) is checked against the case beside it, and a "
        "strategy file in <case>.strategies/ against that case.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="CASE", help="built-in case ids, case files or folders of cases"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Validate each path; return 1 if any has a problem or a folder holds no case file."""
    files: list[Path] = []
    unknown = empty = 0
    for raw in args.paths:
        path = Path(raw)
        try:
            found = case_files(path) if path.is_dir() else [resolve(raw)]
        except CaseError as err:  # neither a file nor a built-in id: say so, and check the rest
            print_diagnostics(err.diagnostics)
            unknown += 1
            continue
        if not found:
            print(f"parley: no case files (*.yaml) found in {path}", file=sys.stderr)
            empty += 1
        files.extend(found)
    failed = unknown
    for path in files:
        if is_strategy_file(path):
            problems = check_strategy(path)
        else:
            problems = check_paths(path) if path.name.endswith(PATHS_SUFFIX) else check_case(path)
        if problems and not is_strategy_file(path) and _looks_like_a_strategy(path):
            problems = (
                Diagnostic(
                    str(path),
                    1,
                    1,
                    "this looks like a strategy file, not a case (it has 'role:' and preferences)",
                    "a strategy is checked against its case when it is in the folder <case>.strategies/ "
                    "beside the case file, or with: parley analyze CASE --strategy FILE",
                ),
            )
        if problems:
            failed += 1
            print_diagnostics(problems)
        elif not args.quiet:
            print(f"{path}: ok")
    total = len(files) + unknown
    if total > 1 and not args.quiet:
        print(
            f"{total - failed} of {total} files valid",
            file=sys.stderr if failed else sys.stdout,
        )
    return 1 if failed or empty else 0


def _looks_like_a_strategy(path: Path) -> bool:
    """Whether a file that failed as a case reads like a strategy: 'role:' and preferences,
    no 'schema_version:' (a misplaced strategy is otherwise told it lacks every key of a case)."""
    root = read_file(path).root
    if not isinstance(root, MappingNode):
        return False
    keys = {key.text for key, _ in root.pairs}
    return "role" in keys and bool(keys & {"phases", "everywhere"}) and "schema_version" not in keys
