"""Score bars for the debrief (a dimension's title, a 0–100 bar and the score), and the table of
every player's scores side by side."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from game.debriefing.scoring import Debrief
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


def score_table(result: Debrief, names: Sequence[str], width: int = 78) -> Content:
    """Every player's dimension scores side by side: one row per dimension, one column per player.

    ``names`` heads the players' columns (in ``result.players`` order); the last row is each
    player's overall score. Fitted to ``width`` cells: the dimension names are cut first.
    """
    players = result.players
    if not players:
        return Content("No player was scored.")
    column = max(7, min(14, (width - 20) // len(players)))
    first = max(12, width - column * len(players))
    dims = players[0].dimensions
    header = Content.assemble(
        ("Dimension (weight)".ljust(first), "bold"),
        *((fit(visible(name), column - 1).rjust(column), "bold $primary") for name in names),
    )
    lines = [header]
    for dim in dims:
        note = f" (×{dim.weight:g})"
        title = fit(visible(dim.title), max(1, first - len(note) - 1)) + note
        cells = []
        # players may be scored by different rubrics (a role's own): match dimensions by id
        scores = [next((d.score for d in p.dimensions if d.id == dim.id), None) for p in players]
        best = max((x for x in scores if x is not None), default=None)
        for score in scores:
            if score is None:
                cells.append(("-".rjust(column), ""))
                continue
            cells.append((f"{score:>{column}}", "bold $accent" if score == best and len(players) > 1 else ""))
        lines.append(Content.assemble(title.ljust(first), *cells))
    lines.append(
        Content.assemble(
            ("Overall".ljust(first), "bold"), *((f"{p.overall:>{column}}", "bold") for p in players)
        )
    )
    return Content("\n").join(lines)
