"""The console's comparison of a case's finished tables (what ``parley compare`` prints), scrollable.

The comparison itself is :mod:`game.debriefing.compare`'s; this screen only shows its text.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.case.model import Case
from game.debriefing.compare import compare, markdown
from game.errors import ParleyError
from game.instructor.desk import Desk
from tui.text import visible


def comparison_text(desk: Desk, case: Case) -> str:
    """The comparison of the case's finished tables, or why there is none."""
    try:
        tables = desk.finished(case.id)
    except (ParleyError, OSError) as err:
        return f"The finished tables cannot be read: {err}"
    if len(tables) < 2:
        found = "none is" if not tables else "only one is"
        return f"Comparing needs at least two finished tables of {case.title}; {found} finished yet."
    return markdown(compare(tables[-1].case, tables))


class CompareScreen(Screen[None]):
    """The finished tables of one case, side by side."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("r", "reload", "Refresh")]

    def __init__(self, desk: Desk, case: Case) -> None:
        super().__init__()
        self.desk = desk
        self.case = case

    def compose(self) -> ComposeResult:
        """The comparison, scrollable."""
        yield Static(Content.styled(visible(f"Tables compared · {self.case.title}"), "bold"))
        with VerticalScroll(id="compare-body"):
            yield Static("", id="compare-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Work the comparison out."""
        self.action_reload()

    def action_reload(self) -> None:
        """Work it out again (more tables may have finished)."""
        self.query_one("#compare-text", Static).update(
            Content(visible(comparison_text(self.desk, self.case)))
        )

    def action_back(self) -> None:
        """Back."""
        self.dismiss()
