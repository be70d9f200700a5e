"""The console's small dialogs: pick an inject, adjust a meter with a reason, write a note.

Each returns the facilitator's answer (an inject id, or the action as a payload) or None when
cancelled with Escape; none checks the action against the case (the engine does, and the table
screen says why it refused).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.text import visible


class PickScreen(ModalScreen[str | None]):
    """Choose one of ``options`` ((id, label) pairs); Enter chooses, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)

    def compose(self) -> ComposeResult:
        """The question and the list."""
        with Vertical(classes="console-dialog"):
            yield Static(Content.styled(visible(self.title_text), "bold"))
            yield OptionList(*(Option(Content(visible(label)), id=key) for key, label in self.options))
            yield Static("Enter chooses · Escape cancels", classes="console-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """The chosen id."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Nothing chosen."""
        self.dismiss(None)


class AdjustScreen(ModalScreen[dict[str, object] | None]):
    """Adjudication: which meter, by how much, and why (all three needed)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, slots: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.slots = list(slots)

    def compose(self) -> ComposeResult:
        """The meters, the change, the reason."""
        with Vertical(classes="console-dialog"):
            yield Static(Content.styled("Adjust a meter (adjudication)", "bold"))
            yield OptionList(
                *(Option(Content(visible(label)), id=slot) for slot, label in self.slots), id="adjust-meter"
            )
            yield Input(placeholder="change, e.g. -2 or +1", id="adjust-change", restrict=r"[-+]?[0-9]*")
            yield Input(placeholder="reason (shown with the change)", id="adjust-reason", max_length=1000)
            yield Static("", id="adjust-problem", classes="console-hint")
            yield Static("Enter in the reason applies · Escape cancels", classes="console-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A meter chosen: on to the change."""
        event.stop()
        self.query_one("#adjust-change", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: from the change on to the reason; from the reason, apply."""
        if event.input.id == "adjust-change":
            self.query_one("#adjust-reason", Input).focus()
            return
        meters = self.query_one("#adjust-meter", OptionList)
        index = meters.highlighted
        problem = self.query_one("#adjust-problem", Static)
        text = self.query_one("#adjust-change", Input).value.strip()
        try:
            change = int(text)
        except ValueError:
            problem.update("Write the change as a whole number, e.g. -2.")
            return
        if index is None:
            problem.update("Choose a meter first.")
            return
        reason = self.query_one("#adjust-reason", Input).value
        slot = self.slots[index][0]
        self.dismiss({"action": "adjust", "meter": slot, "change": change, "reason": reason})

    def action_cancel(self) -> None:
        """No adjustment."""
        self.dismiss(None)


class NoteScreen(ModalScreen[dict[str, object] | None]):
    """A note on this moment, kept in the log; shown to the table only if ticked."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        """The text and whether the table reads it."""
        with Vertical(classes="console-dialog"):
            yield Static(Content.styled("Annotate this moment", "bold"))
            yield Input(placeholder="your note", id="note-text", max_length=1000)
            yield Checkbox("Show it to the trainees", id="note-shown")
            yield Static("Enter in the note keeps it · Escape cancels", classes="console-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Keep the note."""
        shown = self.query_one("#note-shown", Checkbox).value
        self.dismiss({"action": "note", "text": event.value, "shown": shown})

    def action_cancel(self) -> None:
        """No note."""
        self.dismiss(None)
