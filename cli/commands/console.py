"""``parley console [CASE|TABLE]``: the facilitator's console over the tables in the store.

The console app is imported only here, so headless commands never load Textual.
"""

from __future__ import annotations

import argparse

from cli.output import Failure
from cli.storage import open_store, storage_errors
from game.case.model import Case
from game.errors import CaseError, StorageError


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``console`` command."""
    parser = commands.add_parser(
        "console",
        help="the facilitator's console: every open table at a glance, act on one",
        description="Watch the open tables (`parley host`) of one case, or of every case, refreshed every "
        "second: phase, round, who is choosing, key meters and alerts. Open a table to read its full "
        "record and act on it: fire, hold or release an inject, pause and resume, adjust a meter with a "
        "reason, annotate. The case's teaching notes and a comparison of its finished tables are at hand.",
    )
    parser.add_argument(
        "target",
        nargs="?",
        metavar="CASE|TABLE",
        help="a case id or path (its open tables), or a table's join code (that table); default: every "
        "open table",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Open the console on the store's tables."""
    from game.instructor.desk import StoreDesk

    with open_store() as store, storage_errors():
        code: str | None = None
        case: Case | None = None
        title = "Every open table"
        target = args.target
        if target is not None:
            code, case, title = _resolve(store, target)
        desk = StoreDesk(store, case_id=case.id if case is not None and code is None else None, code=code)
        try:
            from tui.console import run_console
        except ImportError as err:  # pragma: no cover - only without the app installed
            raise Failure(f"the terminal app is not available: {err}") from None
        return run_console(desk, title=title, open_code=code, case=case)


def _resolve(store: object, target: str) -> tuple[str | None, Case | None, str]:
    """(table code, case, title) for what was typed: a table's join code first (its case is read
    from the table), else a case."""
    from game.case.library import open_case

    try:
        info = store.table(target)  # type: ignore[attr-defined]
    except StorageError:
        info = None
    if info is not None:
        return info.code, None, f"{info.case_title} · {info.name}"
    try:
        case = open_case(target)
    except CaseError as err:
        first = err.diagnostics[0].format() if err.diagnostics else str(err)
        raise Failure(
            f"{target!r} is neither the code of a table in the store nor a case ({first}); "
            "see `parley cases`, or the code `parley host` printed"
        ) from None
    return None, case, case.title
