"""Small screens over the app: the quit confirmation (and what it says) and the terminal-too-small
notice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Middle, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from tui.screens.base import STYLES

if TYPE_CHECKING:
    from tui.saving import Saver

MIN_WIDTH = 80
MIN_HEIGHT = 24


@dataclass(frozen=True, slots=True)
class QuitWarning:
    """What the quit confirmation says, and whether quitting now loses something."""

    message: str
    loss: bool = True
    stay: str = "Keep playing"


def quit_in_play(saver: Saver) -> QuitWarning:
    """The truth about quitting mid-case: saved (and how to resume), or not saved and why."""
    if saver.saved:
        number = saver.id
        return QuitWarning(
            f"Your game is saved as session {number}, up to the last move played. Quit now and carry "
            f"on later where you stopped: run `parley resume {number}`, or press Ctrl+R in the case "
            "library.",
            loss=False,
        )
    if not saver.enabled:
        return QuitWarning("This game is not being saved: quitting now ends it for good.")
    return QuitWarning(
        f"This game is NOT saved ({saver.problem or 'the last save did not finish'}). Quitting now "
        "loses it. If you keep playing, Parley tries to save it again at the next move."
    )


class ConfirmQuitScreen(ModalScreen[bool]):
    """Ask before quitting; says plainly what will be lost, or that nothing will. Dismisses with True to
    quit."""

    CSS_PATH = [STYLES / "dialogs.tcss"]

    BINDINGS = [
        Binding("y", "answer(True)", "Quit"),
        Binding("n,escape", "answer(False)", "Stay"),
        Binding("left,right", "app.focus_next", "Switch button", show=False),
    ]
    AUTO_FOCUS = "#stay"  # the safe answer

    def __init__(self, message: str, stay: str = "Keep playing", *, loss: bool = True) -> None:
        super().__init__()
        self.message = message
        self.stay = stay
        self.loss = loss

    def compose(self) -> ComposeResult:
        """The question and two buttons; the safe answer has the focus."""
        with Vertical(id="confirm-box", classes="" if self.loss else "-safe"):
            yield Static(Content.styled("Quit Parley?", "bold"), id="confirm-title")
            yield Static(Content(self.message), id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                yield Button("Quit (y)", variant="error", id="quit")
                yield Button(f"{self.stay} (n)", variant="primary", id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Quit or stay."""
        event.stop()
        self.dismiss(event.button.id == "quit")

    def action_answer(self, quit_app: bool) -> None:
        """Answer by key."""
        self.dismiss(quit_app)


class TooSmallScreen(Screen[None]):
    """Covers everything while the terminal is smaller than 80×24; resizing brings the app back."""

    CSS_PATH = [STYLES / "dialogs.tcss"]

    def compose(self) -> ComposeResult:
        """The notice, centred."""
        with Middle(), Center():
            yield Static("", id="too-small-text")

    def on_mount(self) -> None:
        """Say how big the terminal is."""
        self.update_size()

    def on_resize(self) -> None:
        """Keep the numbers current, and give the app back once the terminal is large enough."""
        self.update_size()
        self.app.call_later(self.app.check_size)  # type: ignore[attr-defined]

    def update_size(self) -> None:
        """Tell the person how much larger to make the terminal."""
        width, height = self.app.size
        self.query_one("#too-small-text", Static).update(
            Content.assemble(
                ("Please enlarge the terminal", "bold"),
                f"\nParley needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {width}×{height}.",
                "\nNothing is lost: the app comes back when it fits.",
                "\nCtrl+Q quits.",
            )
        )

    def on_screen_resume(self) -> None:
        """When a dialog over this notice closes, the terminal may already be large enough."""
        self.app.call_later(self.app.check_size)  # type: ignore[attr-defined]
