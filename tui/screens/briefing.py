"""The briefing: the public situation, then the role's private instructions.

Shown to a player the first time they take the keyboard, and again on request from play (``b``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from game.case.model import Case
from tui.hotseat import Seat
from tui.messages import BackToSetup, BriefingRead
from tui.screens.base import STYLES, ParleyScreen
from tui.text import paragraph, visible


def briefing_content(case: Case, seat: Seat) -> Content:
    """The whole briefing for ``seat`` as plain text with headings."""
    role = case.roles[seat.role]
    others = [r for r in case.roles.values() if r.id != role.id]
    parts: list[str | tuple[str, str]] = [
        ("The situation", "bold $primary"),
        "\n",
        visible(paragraph(case.briefing)),
        "\n\n",
        ("The parties", "bold $primary"),
        "\n",
        "\n".join(f"• {visible(r.name)}: {visible(r.description)}" for r in others),
        "\n\n",
        (f"Your role: {visible(role.name)}", "bold $accent"),
        (" — private, for your eyes only", "italic"),
        "\n",
        visible(role.description),
        "\n\n",
        visible(paragraph(role.briefing)),
    ]
    if role.interests:
        parts += [
            "\n\n",
            ("Your interests", "bold"),
            "\n",
            "\n".join(f"• {visible(i)}" for i in role.interests),
        ]
    if role.red_lines:
        parts += [
            "\n\n",
            ("Your red lines", "bold"),
            "\n",
            "\n".join(f"• {visible(i)}" for i in role.red_lines),
        ]
    if role.batna:
        parts += [
            "\n\n",
            ("Your best alternative to a negotiated agreement (BATNA)", "bold"),
            "\n",
            visible(paragraph(role.batna)),
        ]
    return Content.assemble(*parts)


class BriefingScreen(ParleyScreen):
    """A player's briefing; Enter to begin (or to return to play when re-reading)."""

    CSS_PATH = [STYLES / "pages.tcss"]

    BINDINGS = [
        Binding(
            "enter",
            "done",
            "Read on / begin",
            priority=True,
            tooltip="Show the next page; on the last page, begin (or go back to play)",
        ),
        Binding("escape", "back", "Back", show=False, tooltip="Back to play, or to set-up before any move"),
        Binding("q", "app.request_quit", "Quit", show=False, tooltip="Quit Parley (asks first)"),
    ]
    KEYS_HELP = (("↑ ↓ PgUp PgDn", "scroll the briefing"),)
    IN_PLAY = True
    AUTO_FOCUS = "#briefing-body"

    def __init__(self, case: Case, seat: Seat, *, seed: int, review: bool = False) -> None:
        super().__init__()
        self.case = case
        self.seat = seat
        self.seed = seed
        self.review = review

    def compose(self) -> ComposeResult:
        """Heading, the briefing text, and the button."""
        role = self.case.roles[self.seat.role]
        yield Static(
            Content.assemble(
                "Briefing · ",
                (visible(self.seat.name), "bold"),
                f" — {visible(role.name)} · {visible(self.case.title)} · seed {self.seed}",
            ),
            id="status",
        )
        with VerticalScroll(id="briefing-body"):
            yield Static(briefing_content(self.case, self.seat), id="briefing-text")
            label = "Back to play (Enter)" if self.review else "I have read my briefing: begin (Enter)"
            yield Button(label, variant="primary", id="begin")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The button does what Enter does."""
        event.stop()
        self.finish()

    def action_done(self) -> None:
        """Show the next page; at the end, begin playing (or go back to play when re-reading)."""
        body = self.query_one("#briefing-body", VerticalScroll)
        if body.scroll_y < body.max_scroll_y:
            body.scroll_page_down(animate=False)
            return
        self.finish()

    def finish(self) -> None:
        """Begin playing, or go back to play when re-reading."""
        if self.review:
            self.dismiss()
        else:
            self.post_message(BriefingRead(self.seat))

    def action_back(self) -> None:
        """Escape returns to play when re-reading, and to set-up before anyone has moved."""
        if self.review:
            self.dismiss()
        else:
            self.post_message(BackToSetup())

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Begin."""
        yield ("Begin playing" if not self.review else "Back to play", "Close the briefing", self.finish)
