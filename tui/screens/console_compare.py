"""The console's comparison of a case's finished tables (what ``parley compare`` prints), scrollable.

The comparison itself is :mod:`game.debriefing.compare`'s; this screen only shows its text,
worked out in a worker thread (it reads and replays every finished table of the case).
"""

from __future__ import annotations

from textual.binding import Binding

from game.case.model import Case
from game.debriefing.compare import Comparison, compare, markdown
from game.errors import ParleyError
from game.instructor.desk import Desk
from tui.screens.worked_text import WorkedTextScreen


def comparison_text(desk: Desk, case: Case) -> str:
    """The comparison of the case's finished tables, or why there is none."""
    try:
        tables = desk.finished(case.id)
    except (ParleyError, OSError) as err:
        return f"The finished tables cannot be read: {err}"
    if len(tables) < 2:
        found = "none is" if not tables else "only one is"
        return f"Comparing needs at least two finished tables of {case.title}; {found} finished yet."
    return compact(compare(tables[-1].case, tables))


def compact(comparison: Comparison) -> str:
    """The comparison laid out for 80 columns: results and scores as aligned lines (the Markdown
    tables of ``parley compare`` wrap badly in a terminal), then its divergence and meters."""
    out = [f"{len(comparison.tables)} finished tables of {comparison.case_title}.", "", "RESULTS"]
    for s in comparison.tables:
        out.append(f"  {s.table}")
        out.append(f"      {s.ending} ({s.outcome}) · {s.overall}/100 · {s.rounds} rounds · seed {s.seed}")
    codes = [f"D{i}" for i in range(1, len(comparison.dimensions) + 1)]
    out += ["", "SCORES: overall, then each dimension"]
    out += [f"  {code} {title}" for code, (_, title) in zip(codes, comparison.dimensions, strict=True)]
    out.append("")
    out.append(f"  {'':<26} {'all':>4} " + " ".join(f"{code:>3}" for code in codes))
    for row in comparison.rows:
        who = f"{row.table.split(' (')[0]} · {row.role}"
        cells = " ".join(f"{'–' if v is None else v:>3}" for v in row.scores)
        out.append(f"  {who[:26]:<26} {row.overall:>4} {cells}")
    out.append("")
    text = markdown(comparison)
    rest = text[text.find("## Where their decisions first diverged") :]
    for line in rest.splitlines():
        out.append(line[3:].upper() if line.startswith("## ") else line.replace("**", ""))
    return "\n".join(out)


class CompareScreen(WorkedTextScreen):
    """The finished tables of one case, side by side."""

    BINDINGS = [*WorkedTextScreen.BINDINGS, Binding("r", "reload", "Refresh")]
    NAME = "compare"
    WORKING = "Comparing the finished tables…"

    def __init__(self, desk: Desk, case: Case) -> None:
        super().__init__()
        self.desk = desk
        self.case = case

    def title_text(self) -> str:
        return f"Tables compared · {self.case.title}"

    def work(self) -> str:
        return comparison_text(self.desk, self.case)

    def on_mount(self) -> None:
        """Work the comparison out."""
        self.start()

    def action_reload(self) -> None:
        """Work it out again (more tables may have finished)."""
        self.start()
