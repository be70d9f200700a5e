"""Saving the debrief as a Markdown report the trainee keeps.

Reports go to ``reports`` in the data directory (:func:`game.home.data_home`: ``$PARLEY_HOME``
when set, else the user data directory). A report is never written over an
existing file: a name already taken gets ``-2``, ``-3``… This module does not import Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.case.model import Case
from game.debriefing.counterfactual import Suggestion
from game.debriefing.report import markdown
from game.debriefing.reportmodel import build_report, work_out
from game.debriefing.scoring import Debrief
from game.home import data_home
from game.play.events import Event

if TYPE_CHECKING:
    from game.storage import Store


def reports_dir() -> Path:
    """Where reports are saved (not created here): ``reports`` in the data directory."""
    return data_home() / "reports"


def report_name(case: Case, seed: int, when: datetime) -> str:
    """``<case id>-seed<seed>-<YYYYmmdd-HHMMSS>`` (no suffix)."""
    return f"{case.id}-seed{seed}-{when:%Y%m%d-%H%M%S}"


def save_report(
    case: Case,
    events: Sequence[Event],
    result: Debrief,
    seed: int,
    *,
    better: Mapping[str, tuple[Suggestion, ...] | str] | None = None,
    folder: Path | None = None,
    when: datetime | None = None,
) -> Path:
    """Write the Markdown report to a new file and return its path; raises OSError on failure.

    ``better`` are the better moves the debrief screen has worked out so far, by role; those of the
    other players are worked out here (the report carries the same section as the screen).
    """
    folder = reports_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    found = dict(better or {})
    if any(p.role not in found for p in result.players):
        found = {**work_out(case, events, result), **found}
    text = markdown(build_report(case, events, result, found))
    return write_new(folder, report_name(case, seed, when or datetime.now()), ".md", text)


def write_new(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """Write ``text`` to a new file ``stem`` + ``suffix`` in ``folder`` (``stem-2`` … when taken).

    The file gets normal permissions (0o666 less the umask): reports are for sharing and
    printing. Raises OSError on failure.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if attempt == 1 else f"{stem}-{attempt}{suffix}")
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"too many reports named {stem} in {folder}")


def export_session(store: Store, session_id: int, *, folder: Path | None = None) -> tuple[Path, Path]:
    """Write stored session ``session_id``'s report as Markdown and HTML, as ``parley report`` does.

    Returns both paths. Raises :class:`game.errors.StorageError` or OSError.
    """
    from cli.commands.report import render
    from game.storage import open_saved

    saved, case, result = open_saved(store, session_id)
    folder = reports_dir() if folder is None else folder
    stem = f"{case.id}-session{session_id}"
    return (
        write_new(folder, stem, ".md", render(saved, case, result, "md")),
        write_new(folder, stem, ".html", render(saved, case, result, "html")),
    )
