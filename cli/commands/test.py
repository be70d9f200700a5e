"""``parley test CASE…``: run the expected paths kept beside each case."""

from __future__ import annotations

import argparse
import sys

from cli.output import Failure, print_diagnostics
from game.case.library import builtin_files, paths_file_for, resolve
from game.case.loader import load_case
from game.case.model import Case
from game.errors import CaseError
from game.instructor.bounds import StrategyPath, prime
from game.instructor.calibrate import StrategyReport
from game.instructor.expect import read_paths, run_path
from game.instructor.margins import confirm_all


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``test`` command."""
    parser = commands.add_parser(
        "test",
        help="run a case's expected paths (<case>.paths.yaml) like a test runner",
        description="Play the expected paths written in <case>.paths.yaml beside each case and report "
        "pass or fail. With no CASE, tests every built-in case. Exit status 0 only when every path passed.",
    )
    parser.add_argument("cases", nargs="*", metavar="CASE", help="built-in case ids or case files")
    parser.add_argument("--verbose", "-v", action="store_true", help="print each path's score and ending")
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="J",
        help="processes for the strategy paths (default: one per core when there are many seeds to play)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run every path; print one line each and a summary."""
    if args.jobs is not None and not 1 <= args.jobs <= 64:
        raise Failure("--jobs must be from 1 to 64 (each job is a process)")
    case_paths = [resolve(ref) for ref in args.cases] if args.cases else builtin_files()
    passed = failed = broken = narrow = 0
    loaded = []
    for case_path in case_paths:
        try:
            case = load_case(case_path)  # a broken case says what is wrong with it, paths file or not
        except CaseError as err:
            print_diagnostics(err.diagnostics)
            broken += 1
            continue
        paths_file = paths_file_for(case_path)
        if not paths_file.is_file():
            print(f"{case_path}: no expected paths (write {paths_file.name} beside it)", file=sys.stderr)
            continue
        try:
            loaded.append((paths_file, case, read_paths(paths_file, case)))
        except CaseError as err:
            print_diagnostics(err.diagnostics)
            broken += 1
    # Strategy paths play hundreds of seeds each: play them all at once, on every core.
    prime(
        [(case, p) for _, case, paths in loaded for p in paths if isinstance(p, StrategyPath)], jobs=args.jobs
    )
    results = {id(path): run_path(case, path) for _, case, paths in loaded for path in paths}
    # a share bound met by less than the luck of its seeds is played again, on more seeds
    held: list[tuple[Case, StrategyPath, StrategyReport]] = []
    for _, case, paths in loaded:
        for path in paths:
            report = results[id(path)].over
            if isinstance(path, StrategyPath) and results[id(path)].passed and report is not None:
                held.append((case, path, report))
    notes = {
        id(path): found for (_, path, _), found in zip(held, confirm_all(held, jobs=args.jobs), strict=True)
    }
    for paths_file, _case, paths in loaded:
        for path in paths:
            result = results[id(path)]
            where = f"{paths_file}:{path.line}"
            if result.passed:
                passed += 1
                extra = ""
                if args.verbose and result.result is not None:
                    r = result.result
                    extra = f" (ending {r.ending}, score {r.players[0].overall})"
                elif args.verbose and result.over is not None:
                    extra = f" ({strategy_summary(result.over)})"
                print(f"PASS {where} {path.name}{extra}")
                narrow += bool(notes.get(id(path)))
                for note in notes.get(id(path), ()):
                    print(f"     note: {note}")
            else:
                failed += 1
                print(f"FAIL {where} {path.name}")
                for failure in result.failures:
                    print(f"     {failure}")
    summary = f"{passed} passed" + (f" ({narrow} narrowly, see the notes)" if narrow else "")
    summary += f", {failed} failed"
    if broken:
        summary += f", {broken} file{'s' if broken > 1 else ''} could not be read"
    print(summary)
    if passed + failed == 0 and not broken:
        print("parley: no expected paths ran", file=sys.stderr)
        return 1
    return 1 if failed or broken else 0


def strategy_summary(report: StrategyReport) -> str:
    """One line on a strategy's run: median, spread and most frequent ending."""
    spread = report.overall
    ending, times = next(iter(report.endings.items()))
    return (
        f"{report.strategy} as {report.role} over {report.runs} seeds: median {spread.median:g}, "
        f"p10 {spread.p10:g}, p90 {spread.p90:g}; mostly {ending} ({100 * times / report.runs:.0f}%)"
    )
