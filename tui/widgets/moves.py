"""The moves open to the player now: number keys, arrows and Enter, or a click.

Locked moves stay in the list, greyed, with the reason they are locked. Under the list, the
highlighted move's whole description is shown. A move's effects are never shown here: they
appear in the log after the move is played.

With nine moves or fewer a number key plays its move at once. With ten or more, number keys
are typed (``1`` then ``2`` picks move 12) and highlight the move; Enter plays it.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.play.session import Option as MoveOption
from tui.messages import MoveChosen
from tui.text import visible
from tui.widgets.lists import SafeOptionList

MAX_NUMBERED = 9
"""Up to this many moves, a number key plays its move at once."""


def prompt(number: int, option: MoveOption, digits: int = 1) -> Content:
    """An option's line: its number, its label, and for a locked move why it is locked."""
    key = f"{number:>{digits}}"
    label = visible(option.move.label)
    if option.open:
        return Content.assemble((f"{key} ", "bold"), label)
    reason = visible(option.reason or "not open now")
    return Content.assemble((f"{key} ", "bold"), label, ("  — locked: ", "italic"), (reason, "italic"))


def typed_number(typed: str, digit: int, count: int) -> str:
    """The number typed so far after pressing ``digit``, among ``count`` moves.

    The digit extends what was typed when that is still a move's number; otherwise it starts
    again: with 12 moves, ``1`` then ``2`` is 12, but ``2`` then ``3`` is 3.
    """
    longer = f"{typed}{digit}"
    if typed and int(longer) <= count:
        return longer
    return str(digit) if digit else ""


class MoveList(SafeOptionList):
    """The option list of moves; locked moves are disabled options."""


class MovePicker(Vertical):
    """A titled move list, with the highlighted move's description under it."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._options: tuple[MoveOption, ...] = ()
        self.typed = ""
        """The move number typed so far (ten moves or more)."""

    def compose(self) -> ComposeResult:
        """The list and the description."""
        yield MoveList(id="move-list")
        yield Static("", id="move-info")

    @property
    def options(self) -> tuple[MoveOption, ...]:
        """The options on show."""
        return self._options

    def show(self, options: Sequence[MoveOption], title: str) -> None:
        """List ``options`` (open and locked) under ``title``."""
        self._options = tuple(options)
        self.typed = ""
        self.border_title = Content(visible(title))
        moves = self.query_one(MoveList)
        digits = len(str(len(self._options)))
        moves.set_options(
            Option(prompt(i, o, digits), id=o.move.id, disabled=not o.open)
            for i, o in enumerate(self._options, 1)
        )
        # Nothing is highlighted until the player moves the cursor, so an Enter meant for the
        # previous screen cannot play a move by accident.
        moves.highlighted = None
        self._describe(None)

    def focus_list(self) -> None:
        """Put the keyboard focus on the list."""
        self.query_one(MoveList).focus()

    @property
    def typing(self) -> bool:
        """Whether number keys are typed and highlight (ten moves or more) rather than play at once."""
        return len(self._options) > MAX_NUMBERED

    def press_digit(self, digit: int) -> str | None:
        """A number key: play the move (up to nine moves), or type its number and highlight it.

        Returns why nothing could be done, or None.
        """
        if not self.typing:
            return self.choose_number(digit) if digit else "There is no move 0."
        self.typed = typed_number(self.typed, digit, len(self._options))
        if not self.typed:
            return "There is no move 0."
        index = int(self.typed) - 1
        moves = self.query_one(MoveList)
        moves.focus()
        moves.highlighted = index
        self._describe(index)
        return None

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
        """Show the highlighted move's whole description under the list (or how to pick one)."""
        info = self.query_one("#move-info", Static)
        if not any(o.open for o in self._options):
            info.update(Content.styled("No move is open to you now.", "italic"))
            return
        if index is None or not 0 <= index < len(self._options):
            if self.typing:
                hint = f"Type a move's number (1–{len(self._options)}) or use ↑ ↓, then Enter to play it."
            else:
                hint = "Press a move's number, or ↑ ↓ to pick one and Enter to play it."
            info.update(Content.styled(hint, "$text-muted"))
            return
        option = self._options[index]
        text = " ".join((option.detail or option.move.description or option.move.label).split())
        number = Content.styled(f"{index + 1}. ", "bold")
        if not option.open:
            reason = visible(option.reason or "not open now")
            info.update(Content.assemble(number, visible(text), (f" Locked: {reason}", "italic")))
        else:
            info.update(Content.assemble(number, visible(text)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Describe the highlighted move."""
        event.stop()
        if self.typed and event.option_index != int(self.typed) - 1:
            self.typed = ""  # the arrows moved on: typing starts again
        self._describe(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on an open move plays it."""
        event.stop()
        if event.option.id is not None and not event.option.disabled:
            self.post_message(MoveChosen(event.option.id))
