"""The moves open to the player now: number keys, arrows and Enter, or a click.

Locked moves stay in the list, greyed, with the reason they are locked. A move's effects are
never shown here: they appear in the log after the move is played.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.play.session import Option as MoveOption
from tui.messages import MoveChosen
from tui.text import visible
from tui.widgets.lists import SafeOptionList

MAX_NUMBERED = 9


def prompt(number: int, option: MoveOption) -> Content:
    """An option's line: its number, its label, and for a locked move why it is locked."""
    key = f"{number}" if number <= MAX_NUMBERED else " "
    label = visible(option.move.label)
    if option.open:
        return Content.assemble((f"{key} ", "bold"), label)
    reason = visible(option.reason or "not open now")
    return Content.assemble((f"{key} ", "bold"), label, ("  — locked: ", "italic"), (reason, "italic"))


class MoveList(SafeOptionList):
    """The option list of moves; locked moves are disabled options."""


class MovePicker(Vertical):
    """A titled move list; its bottom border describes the highlighted move."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._options: tuple[MoveOption, ...] = ()

    def compose(self) -> ComposeResult:
        """The list and the description line."""
        yield MoveList(id="move-list")

    @property
    def options(self) -> tuple[MoveOption, ...]:
        """The options on show."""
        return self._options

    def show(self, options: Sequence[MoveOption], title: str) -> None:
        """List ``options`` (open and locked) under ``title``."""
        self._options = tuple(options)
        self.border_title = Content(visible(title))
        moves = self.query_one(MoveList)
        moves.set_options(
            Option(prompt(i, o), id=o.move.id, disabled=not o.open) for i, o in enumerate(self._options, 1)
        )
        # Nothing is highlighted until the player moves the cursor, so an Enter meant for the
        # previous screen cannot play a move by accident.
        moves.highlighted = None
        self._describe(None)

    def focus_list(self) -> None:
        """Put the keyboard focus on the list."""
        self.query_one(MoveList).focus()

    def choose_number(self, number: int) -> str | None:
        """Play move ``number`` (from 1) if it is open; return why not, or None when it was chosen."""
        if not 1 <= number <= len(self._options):
            return f"There is no move {number}."
        option = self._options[number - 1]
        if not option.open:
            return f"{option.move.label} is locked: {option.reason or 'not open now'}"
        self.post_message(MoveChosen(option.move.id))
        return None

    def _describe(self, index: int | None) -> None:
        """Put the highlighted move's description in the panel's bottom border."""
        if not any(o.open for o in self._options):
            self.border_subtitle = "No move is open to you now."
            return
        if index is None or not 0 <= index < len(self._options):
            self.border_subtitle = "Press a move's number, or ↑ ↓ to pick one and Enter to play it."
            return
        option = self._options[index]
        text = option.move.description or option.move.label
        self.border_subtitle = Content(visible(" ".join(text.split())))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Describe the highlighted move."""
        event.stop()
        self._describe(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on an open move plays it."""
        event.stop()
        if event.option.id is not None and not event.option.disabled:
            self.post_message(MoveChosen(event.option.id))
