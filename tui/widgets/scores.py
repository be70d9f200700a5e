"""Score bars for the debrief: a dimension's title, a 0–100 bar and the score."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tui.labels import fit
from tui.text import visible
from tui.widgets.meters import bar


class ScoreBar(Widget):
    """``Title  ██████░░░░  62/100`` on one line, fitted to the width."""

    def __init__(
        self,
        title: str,
        score: int,
        *,
        note: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.title = title
        self.score = score
        self.note = note
        """Kept whole after the title, however short the title must be cut: "(×2)"."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Always one line."""
        return 1

    def render(self) -> Content:
        """The bar at the current width."""
        width = self.content_region.width or self.size.width
        bar_width = max(10, min(40, width // 3))
        title_width = max(8, width - bar_width - 9)
        filled = bar(self.score, 0, 100, bar_width)
        note = f" {self.note}" if self.note else ""
        title = fit(visible(self.title), max(1, title_width - len(note))) + note
        return Content.assemble(
            (title.ljust(title_width) + " ", "bold"),
            (filled.rstrip(), "$success"),
            ("░" * (bar_width - len(filled.rstrip())), "$text-muted"),
            (f" {self.score:>3}/100", "bold"),
        )
