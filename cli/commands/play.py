"""``parley play CASE`` and ``parley`` alone: the terminal app.

The app is imported only here, so headless commands never load Textual.
"""

from __future__ import annotations

import argparse

from cli.output import Failure, seed


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``play`` command."""
    parser = commands.add_parser(
        "play",
        help="play a case in the terminal app",
        description="Go straight into a case in the terminal app.",
    )
    parser.add_argument("case", metavar="CASE", help="a built-in case id or a path to a case file")
    parser.add_argument("--seed", type=seed, default=None, help="seed (default: random, shown on screen)")
    parser.add_argument("--players", type=int, default=None, metavar="N", help="how many people play (1-6)")
    parser.add_argument("--cases", metavar="DIR", help=argparse.SUPPRESS)
    parser.set_defaults(handler=handle)


def _app_module():  # type: ignore[no-untyped-def]
    try:
        import tui.app as app_module
    except ImportError as err:  # pragma: no cover - only without the app installed
        raise Failure(f"the terminal app is not available: {err}") from None
    return app_module


def handle(args: argparse.Namespace) -> int:
    """Open the app on one case."""
    return int(
        _app_module().run_app(case=args.case, seed=args.seed, players=args.players, cases_dir=args.cases)
    )


def open_library(args: argparse.Namespace) -> int:
    """Open the app on the case library."""
    return int(_app_module().run_app(cases_dir=getattr(args, "cases", None)))
