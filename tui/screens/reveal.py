"""The reveal of a simultaneous round: every secret choice, and all that followed, for everyone.

The whole table reads it, so it is given the public view of the round (:func:`game.play.view.view_log`
with no role): a private move is shown as "a private move", private events not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from game.case.model import Case
from game.play.events import Event
from tui.messages import TurnOver
from tui.screens.base import STYLES, ParleyScreen
from tui.text import visible
from tui.widgets.event_log import log_content


class RevealScreen(ParleyScreen):
    """All choices are in: what each role did, then the consequences."""

    CSS_PATH = [STYLES / "pages.tcss"]

    BINDINGS = [
        Binding("enter", "continue", "Continue", priority=True),
        Binding("q", "app.request_quit", "Quit", show=False, tooltip="Quit Parley (asks first)"),
    ]
    KEYS_HELP = (("↑ ↓ PgUp PgDn", "scroll"),)
    IN_PLAY = True
    AUTO_FOCUS = "#reveal-body"

    def __init__(self, case: Case, events: Sequence[Event], round_number: int) -> None:
        super().__init__()
        self.case = case
        self.events = tuple(events)
        self.round_number = round_number

    def compose(self) -> ComposeResult:
        """Heading, the choices, the log of the round, Continue."""
        yield Static(
            Content.assemble(("All choices are in", "bold"), f" · round {self.round_number} revealed"),
            id="status",
        )
        with VerticalScroll(id="reveal-body"):
            chosen = [
                f"• {visible(self.case.roles[e.role].name)}: "
                + (visible(self.case.moves[e.data["move"]].label) if e.kind == "move" else "a private move")
                for e in self.events
                if e.kind in ("move", "private")
            ]
            yield Static(
                Content.assemble(
                    ("The choices", "bold $primary"), "\n", "\n".join(chosen) or "Nobody moved."
                ),
                id="reveal-choices",
            )
            yield Static(Content.assemble(("What happened", "bold $primary")), classes="heading")
            yield Static(log_content(self.case, self.events, None), id="reveal-log")
            yield Button("Continue (Enter)", variant="primary", id="continue")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The button does what Enter does."""
        event.stop()
        self.action_continue()

    def action_continue(self) -> None:
        """On to the next round (or the debrief)."""
        self.post_message(TurnOver())

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Continue."""
        yield ("Continue", "On to the next round", self.action_continue)
