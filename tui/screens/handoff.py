"""The hot-seat hand-off: a blank screen naming who takes the keyboard next.

It is a full, opaque screen that replaces the previous player's screen (the app switches to it,
so the previous screen is gone from the stack): nothing private of the previous player is drawn
on it or behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.content import Content
from textual.widgets import Button, Footer, Static

from tui.hotseat import Seat
from tui.messages import KeyboardTaken
from tui.screens.base import STYLES, ParleyScreen
from tui.text import visible


class HandoffScreen(ParleyScreen):
    """ "Pass the keyboard to Player 2 — Kestmark. Press Enter when ready." """

    CSS_PATH = [STYLES / "dialogs.tcss"]

    BINDINGS = [
        Binding("enter", "ready", "I am ready", priority=True),
        Binding("q", "app.request_quit", "Quit", show=False, tooltip="Quit Parley (asks first)"),
    ]
    KEYS_HELP = ()
    IN_PLAY = True

    def __init__(self, seat: Seat, role_name: str, note: str = "") -> None:
        super().__init__()
        self.seat = seat
        self.role_name = role_name
        self.note = note

    def compose(self) -> ComposeResult:
        """The message, centred."""
        with Middle(), Center(id="handoff-box"):
            if self.note:
                yield Static(Content(visible(self.note)), id="handoff-note")
            yield Static(
                Content.assemble(
                    "Pass the keyboard to ",
                    (visible(self.seat.name), "bold"),
                    " — ",
                    (visible(self.role_name), "bold $accent"),
                    ".",
                ),
                id="handoff-title",
            )
            yield Static("Everyone else, please look away from the screen.", id="handoff-hint")
            yield Static("Press Enter when ready.", id="handoff-enter")
            yield Button("I am ready", variant="primary", id="ready")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The button does what Enter does."""
        event.stop()
        self.action_ready()

    def action_ready(self) -> None:
        """The named player has the keyboard."""
        self.post_message(KeyboardTaken(self.seat))

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Ready."""
        yield ("I am ready", f"{self.seat.name} takes the keyboard", self.action_ready)
