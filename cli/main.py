"""Entry point of the ``parley`` command: argument parsing and error reporting.

Every command module in :mod:`cli.commands` has ``register(subparsers)``, which
adds its parser and sets ``handler`` to a function of the parsed arguments
returning the exit status.  Errors the user can fix (a broken case, a missing
file, a refused move) are printed as one line per problem on stderr with a
non-zero status, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata

from cli.commands import NAMES, load
from cli.output import Failure, print_diagnostics, visible_output
from game.errors import CaseError


def version() -> str:
    """The installed version of Parley."""
    try:
        return metadata.version("parley")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: with one sub-parser per command, or, for ``argv`` that names a command,
    with that command's only (so that only its module is imported), or none for ``argv`` that
    names none (the terminal app)."""
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Tabletop training for diplomacy under pressure. "
        "With no command, opens the case library in the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"parley {version()}")
    parser.add_argument("--cases", metavar="DIR", help="also list the cases in DIR (terminal app)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in NAMES if argv is None else _needed(argv):
        load(name).register(commands)
    return parser


def _needed(argv: Sequence[str]) -> tuple[str, ...]:
    """The commands to register for ``argv``: the one its first argument names (after ``parley``'s own
    ``--cases DIR``); none when it names none, which opens the terminal app; every one when it
    starts with anything else (``--help`` lists them all, a mistyped command is told their names)."""
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token == "--cases":
            rest = rest[1:]
        elif not token.startswith("--cases="):
            return (token,) if token in NAMES else NAMES
    return ()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``parley`` with ``argv`` (default: the process arguments); return the exit status.

    Everything printed goes through :func:`cli.output.visible_output`.  When
    the reader of standard output goes away (``parley schema | head``), the
    command stops quietly with status 0: the reader had what it wanted.
    """
    given = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(given)
    args = parser.parse_args(given)
    handler = getattr(args, "handler", None)
    try:
        with visible_output():
            return _run(args, handler)
    except BrokenPipeError:
        _silence_stdout()
        return 0


def _run(args: argparse.Namespace, handler: Callable[[argparse.Namespace], int] | None) -> int:
    try:
        if handler is None:
            from cli.commands.play import open_library

            return open_library(args)
        return int(handler(args))
    except CaseError as err:
        print_diagnostics(err.diagnostics)
        return 1
    except Failure as err:
        print(f"parley: {err}", file=sys.stderr)
        return err.status
    except KeyboardInterrupt:
        print("parley: interrupted", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # pragma: no cover - a stream with no file behind it
        pass


if __name__ == "__main__":
    raise SystemExit(main())
