"""The console's debrief of one finished table: outcome, the facilitator's actions, every player's
scores with their reasons and decisions (what ``parley report`` prints, as plain text), scrollable.

Worked out in a worker thread from the table's log (scoring a long game takes a moment); the
better moves, which play hundreds of rollouts, are left to ``parley report`` and the trainees' own
debriefs.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from game.debriefing.facilitation import mark_handed
from game.debriefing.report import text_lines, wrap
from game.debriefing.reportmodel import build_report
from game.debriefing.scoring import debrief
from game.errors import ParleyError
from game.instructor.desk import Listed
from tui.text import visible

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


class TableDebriefScreen(Screen[None]):
    """One finished table's debrief, for the facilitator."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, listed: Listed) -> None:
        super().__init__()
        self.listed = listed

    def compose(self) -> ComposeResult:
        """A title line, the debrief (scrollable), the keys."""
        title = f"Debrief · {self.listed.code} {self.listed.name} · {self.listed.session.case.title}"
        yield Static(Content.styled(visible(title), "bold"))
        with VerticalScroll(id="debrief-body"):
            yield Static(Content("Working the debrief out…"), id="debrief-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Work the debrief out in a worker thread."""
        self.run_worker(lambda: debrief_text(self.listed), thread=True, group="debrief", exit_on_error=False)
        self.query_one("#debrief-body", VerticalScroll).focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The debrief is ready (or failed): show it."""
        if event.worker.group != "debrief" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()
        text = event.worker.result if event.state is WorkerState.SUCCESS else f"{event.worker.error}"
        self.query_one("#debrief-text", Static).update(Content(visible(str(text))))

    def action_back(self) -> None:
        """Back to the table."""
        self.dismiss()
