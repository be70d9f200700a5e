"""``parley lint CASE…``: static checks of cases, with a stable code for each finding."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from cli.output import Failure
from game.case.library import PATHS_SUFFIX, builtin_files, case_files, resolve
from game.case.loader import load_case
from game.errors import CaseError, Severity
from game.instructor.lint import CODES, lint_case
from game.instructor.lint.codes import INVALID_CASE


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``lint`` command."""
    parser = commands.add_parser(
        "lint",
        help="static checks: unreachable phases and endings, dead ends, conditions never true …",
        description="Check cases for content that can never be played or is probably not meant: "
        "phases and endings no path reaches, moves never open, injects that never fire, dead ends, "
        "conditions never (or always) true given the meters' bounds, meters and flags never read "
        "or written, rubric dimensions no move affects. Each finding is printed as "
        "path:line:column: code: message; warnings say 'warning:'. Exit status 1 when there are "
        "errors (with --strict, warnings too). With no CASE, checks every built-in case.",
        epilog="codes: "
        + ", ".join(f"{c.code} ({c.severity.value})" for c in (*CODES.values(), INVALID_CASE)),
    )
    parser.add_argument("cases", nargs="*", metavar="CASE", help="built-in case ids, case files or folders")
    parser.add_argument("--strict", action="store_true", help="fail on warnings as well as errors")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only findings, no summary")
    parser.set_defaults(handler=handle)


def _files(refs: list[str]) -> list[Path]:
    if not refs:
        return builtin_files()
    out: list[Path] = []
    for ref in refs:
        path = Path(ref)
        if path.is_dir() and not case_files(path):
            raise Failure(f"no case files (*.yaml) found in {path}")
        out.extend(case_files(path) if path.is_dir() else [resolve(ref)])
    return out


def handle(args: argparse.Namespace) -> int:
    """Lint every case; return 1 if any has an error (or, with --strict, a warning)."""
    errors = warnings = 0
    files = []
    for path in _files(args.cases):
        if path.name.endswith(PATHS_SUFFIX):
            print(
                f"{path}: skipped, an expected-paths file (check it with parley validate or parley test)",
                file=sys.stderr,
            )
        else:
            files.append(path)
    for path in files:
        try:
            findings = lint_case(load_case(path))
        except CaseError as err:  # not a valid case: report why, as validate would, under one code
            findings = tuple(dataclasses.replace(d, code=INVALID_CASE.code) for d in err.diagnostics)
        for diagnostic in findings:
            print(diagnostic.format(with_code=True))
            if diagnostic.severity is Severity.WARNING:
                warnings += 1
            else:
                errors += 1
    if not args.quiet:
        counted = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
        print(f"{counted} in {_count(len(files), 'case file')}")
    return 1 if errors or (args.strict and warnings) else 0


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"
