"""The console's debrief of one finished table: outcome, the facilitator's actions, every player's
scores with their reasons and decisions (what ``parley report`` prints, as plain text), scrollable.

Worked out in a worker thread from the table's log (scoring a long game takes a moment); the
better moves, which play hundreds of rollouts, are left to ``parley report`` and the trainees' own
debriefs.
"""

from __future__ import annotations

from dataclasses import replace

from game.debriefing.facilitation import mark_handed
from game.debriefing.report import text_lines, wrap
from game.debriefing.reportmodel import build_report
from game.debriefing.scoring import debrief
from game.errors import ParleyError
from game.instructor.desk import Listed
from tui.screens.worked_text import WorkedTextScreen

WIDTH = 72
"""The text's width: 80 columns less the border, the padding, the scrollbar and a margin."""


def debrief_text(listed: Listed) -> str:
    """The debrief of the finished table ``listed``, each player under the name of whoever sat in
    the seat; or why there is none."""
    session = listed.session
    if not session.over:
        return "The table is still in play: its debrief comes when it ends."
    case, log = session.case, session.log
    try:
        result = mark_handed(debrief(case, log), log)
    except (ParleyError, ValueError, KeyError) as err:
        return f"The debrief cannot be worked out: {err}"
    players = tuple(replace(p, name=listed.seats.get(p.role, p.name)) for p in result.players)
    report = build_report(case, log, replace(result, players=players))
    lines = text_lines(report, better=False)[2:]  # without the blank line and "DEBRIEF"
    return "\n".join(wrap(lines, WIDTH))


class TableDebriefScreen(WorkedTextScreen):
    """One finished table's debrief, for the facilitator."""

    NAME = "debrief"
    WORKING = "Working the debrief out…"

    def __init__(self, listed: Listed) -> None:
        super().__init__()
        self.listed = listed

    def title_text(self) -> str:
        return f"Debrief · {self.listed.code} {self.listed.name} · {self.listed.session.case.title}"

    def work(self) -> str:
        return debrief_text(self.listed)

    def on_mount(self) -> None:
        """Work the debrief out, the text focused to scroll."""
        self.start()
        self.query_one("#debrief-body").focus()
