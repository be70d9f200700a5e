"""A screen of text worked out in a worker thread: a bold title, the text (scrollable), Escape back.

The console's debrief of a table and its comparison of tables both read and replay logs, which
takes a moment; the screen says what it is doing meanwhile and shows the text, or the error, once
the worker is done.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from tui.text import visible


class WorkedTextScreen(Screen[None]):
    """Subclasses set :attr:`NAME` (the ids ``#<NAME>-body`` and ``#<NAME>-text``, and the worker's
    group) and :attr:`WORKING`, and give :meth:`title_text` and :meth:`work`."""

    BINDINGS = [Binding("escape", "back", "Back")]
    NAME = "text"
    WORKING = "Working it out…"

    def title_text(self) -> str:
        """The title line."""
        raise NotImplementedError

    def work(self) -> str:
        """The text (run in a worker thread)."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        """The title, the text (scrollable), the keys."""
        yield Static(Content.styled(visible(self.title_text()), "bold"))
        with VerticalScroll(id=f"{self.NAME}-body"):
            yield Static(Content(self.WORKING), id=f"{self.NAME}-text")
        yield Footer(compact=True)

    def start(self) -> None:
        """Work the text out (again) in a worker thread."""
        self.query_one(f"#{self.NAME}-text", Static).update(Content(self.WORKING))
        self.run_worker(self.work, thread=True, group=self.NAME, exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The text is ready (or its work failed): show it."""
        if event.worker.group != self.NAME or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()
        text = event.worker.result if event.state is WorkerState.SUCCESS else f"{event.worker.error}"
        self.query_one(f"#{self.NAME}-text", Static).update(Content(visible(str(text))))

    def action_back(self) -> None:
        """Back."""
        self.dismiss()
