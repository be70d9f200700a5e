"""A one-line chooser: ``◀ Republic of Velmar ▶``.

Left/Right (or Space/Enter, or a click on either half) step through the options; it posts
:class:`Choice.Changed`. It replaces a drop-down on the set-up screen: one key per change, no
overlay to open and close, and nothing to go wrong while an overlay is half drawn.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from tui.text import visible

T = TypeVar("T", bound=Hashable)


class Choice(Widget, Generic[T], can_focus=True):
    """Pick one of a few options with the arrow keys."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right,space", "step(1)", "Next", show=False),
    ]

    @dataclass
    class Changed(Message):
        """The chosen value changed."""

        choice: Choice[Hashable]
        value: Hashable

    def __init__(self, options: Sequence[tuple[str, T]], value: T, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._options = list(options)
        values = [v for _, v in self._options]
        self._index = values.index(value) if value in values else 0

    @property
    def value(self) -> T:
        """The chosen value."""
        return self._options[self._index][1]

    def render(self) -> Content:
        """``◀ label ▶``."""
        label = self._options[self._index][0] if self._options else ""
        return Content.assemble(("◀ ", "bold"), visible(label), (" ▶", "bold"))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line."""
        return 1

    def action_step(self, step: int) -> None:
        """Move to the previous or next option, wrapping around."""
        if not self._options:
            return
        self._index = (self._index + step) % len(self._options)
        self.refresh()
        self.post_message(self.Changed(self, self.value))  # type: ignore[arg-type]

    def on_click(self, event: events.Click) -> None:
        """A click on the left half steps back, on the right half forward."""
        self.action_step(-1 if event.x < self.size.width // 2 else 1)
