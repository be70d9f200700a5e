"""Teaching notes (``t`` on the debrief, Ctrl+N on set-up): for the facilitator, never during play."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.case.model import Case
from game.instructor.notes import NoNotes, markdown
from tui.screens.base import STYLES


class NotesScreen(ModalScreen[None]):
    """The case's teaching notes, as plain text over the screen that opened them."""

    CSS_PATH = [STYLES / "dialogs.tcss", STYLES / "notes.tcss"]

    BINDINGS = [
        Binding("escape", "close", "Close notes"),
        Binding("q", "close", "Close notes", show=False),
    ]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case

    def compose(self) -> ComposeResult:
        """The notes, scrollable; case text is shown as text, never as markup."""
        try:
            text = markdown(self.case)
        except NoNotes as err:
            text = str(err)
        with Vertical(id="help-box"):
            yield Static(Content.styled("Teaching notes · for the facilitator", "bold"), id="help-title")
            with VerticalScroll(id="help-keys"):
                yield Static(Content(text))
            yield Static("Escape closes the notes.", id="help-close")

    def action_close(self) -> None:
        """Close the notes."""
        self.dismiss()
