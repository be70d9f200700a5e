"""Set-up: how many people play, who takes which role, and the seed.

Roles nobody takes are played by the case's counterpart policy. The seed is shown (and can be
typed) so the same session can be replayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Static

from game.case.model import Case
from tui.hotseat import MAX_PLAYERS, Plan, Seat, default_seats
from tui.messages import OpenLibrary, SetupDone
from tui.screens.base import STYLES, ParleyScreen
from tui.screens.notes import NotesScreen
from tui.seeds import random_seed
from tui.text import visible
from tui.widgets.choice import Choice

SEED_LIMIT = 2**31 - 1


class SetupScreen(ParleyScreen):
    """Choose players, roles and seed, then start."""

    CSS_PATH = [STYLES / "setup.tcss"]

    BINDINGS = [
        Binding("escape", "back", "Back to library"),
        Binding("ctrl+r", "new_seed", "New seed"),
        Binding("ctrl+s", "start", "Start"),
        Binding("ctrl+n", "notes", "Teaching notes", show=False, tooltip="Teaching notes (facilitator)"),
    ]
    KEYS_HELP = (
        ("Tab / Shift+Tab", "move between the fields"),
        ("← → / Space", "change the number of players or a player's role"),
        ("Enter", "start (in a text field or on Start)"),
    )

    AUTO_FOCUS = "#start"  # with one player and the defaults, Enter starts

    def __init__(
        self, case: Case, *, seed: int, players: int | None = None, seats: tuple[Seat, ...] = ()
    ) -> None:
        super().__init__()
        self.case = case
        self.seed = seed
        roles = case.playable_roles
        self.max_players = max(1, min(MAX_PLAYERS, len(roles)))
        wanted = len(seats) or players or 1
        self.note = ""
        if wanted > self.max_players:
            self.note = (
                f"{wanted} players were asked for, but this case has {len(roles)} playable "
                f"role{'s' * (len(roles) != 1)}: {self.max_players} at most."
            )
        self.initial = seats or default_seats(case, wanted)

    def compose(self) -> ComposeResult:
        """Title, players and seed, one row per player, the counterpart note and Start."""
        case = self.case
        yield Static(Content.assemble("Set-up · ", (visible(case.title), "bold")), id="status")
        with VerticalScroll(id="setup-body", can_focus=False):
            yield Static(
                "Who is at the keyboard? Choose how many people play and which role each takes. "
                "Tab moves between fields, ← → change a choice, Enter or Ctrl+S starts.",
                id="setup-intro",
            )
            if self.note:
                yield Static(Content(self.note), id="setup-note", classes="warning")
            with Horizontal(id="setup-top", classes="setup-row"):
                yield Static("Players", classes="field-label")
                yield Choice(
                    [(str(n), n) for n in range(1, self.max_players + 1)], len(self.initial), id="players"
                )
                yield Static("Seed", classes="field-label")
                yield Input(str(self.seed), type="integer", compact=True, id="seed", max_length=10)
            role_options = [(case.roles[r].name, r) for r in case.playable_roles]
            for index in range(self.max_players):
                seat = self.initial[index] if index < len(self.initial) else None
                role = seat.role if seat else case.playable_roles[index]
                with Horizontal(id=f"seat-{index}", classes="setup-row seat"):
                    yield Static(f"Player {index + 1}", classes="field-label")
                    typed = seat.name if seat and seat.name != f"Player {index + 1}" else ""
                    yield Input(
                        typed,
                        placeholder=f"Player {index + 1}",
                        compact=True,
                        id=f"name-{index}",
                        max_length=24,
                    )
                    yield Static("plays", classes="field-label short")
                    yield Choice(role_options, role, id=f"role-{index}")
            yield Static("", id="counterparts")
            yield Static("", id="setup-error", classes="error")
            with Horizontal(id="setup-buttons"):
                yield Button("Start", variant="primary", id="start")
                yield Button("Back", id="back")
        yield Footer()

    def on_mount(self) -> None:
        """Show the rows for the chosen number of players."""
        self._sync()

    # ------------------------------------------------------------------ reading the form

    def _count(self) -> int:
        value = self.query_one("#players", Choice).value
        return value if isinstance(value, int) else 1

    def seats(self) -> tuple[Seat, ...]:
        """The seats as the form says now."""
        out = []
        for index in range(self._count()):
            name = self.query_one(f"#name-{index}", Input).value.strip() or f"Player {index + 1}"
            role = self.query_one(f"#role-{index}", Choice).value
            out.append(Seat(role if isinstance(role, str) else "", name))
        return tuple(out)

    def _seed(self) -> int | None:
        text = self.query_one("#seed", Input).value.strip()
        try:
            value = int(text)
        except ValueError:
            return None
        return value if 0 <= value <= SEED_LIMIT else None

    def _sync(self) -> None:
        count = self._count()
        for index in range(self.max_players):
            self.query_one(f"#seat-{index}").display = index < count
        taken = {s.role for s in self.seats()}
        others = [visible(r.name) for r in self.case.roles.values() if r.id not in taken]
        text = (
            "Played by the computer (the case's counterpart policy): " + ", ".join(others) + "."
            if others
            else "Every role is played by a person."
        )
        if count > 1:
            text += " Players pass the keyboard between turns; each sees a hand-off screen first."
        self.query_one("#counterparts", Static).update(Content(text))
        self.query_one("#setup-error", Static).update("")

    # ------------------------------------------------------------------ events

    def on_choice_changed(self, event: Choice.Changed) -> None:
        """Re-draw the rows when the count or a role changes."""
        self._sync()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Clear a stale error."""
        self.query_one("#setup-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any text field starts."""
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start or Back."""
        event.stop()
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_back()

    # ------------------------------------------------------------------ actions

    def action_start(self) -> None:
        """Start the session, or say what to fix."""
        seed = self._seed()
        problems = [] if seed is not None else [f"The seed must be a whole number from 0 to {SEED_LIMIT}."]
        plan = Plan(self.case, seed or 0, self.seats())
        problems += plan.problems()
        if problems:
            self.query_one("#setup-error", Static).update(Content(" ".join(problems)))
            return
        self.post_message(SetupDone(plan))

    def action_notes(self) -> None:
        """Show the case's teaching notes (for the facilitator, before play)."""
        self.app.push_screen(NotesScreen(self.case))

    def action_back(self) -> None:
        """Back to the case library."""
        self.post_message(OpenLibrary())

    def action_new_seed(self) -> None:
        """Draw a new random seed."""
        self.query_one("#seed", Input).value = str(random_seed())

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Start, new seed, back."""
        yield ("Start the case", "Start playing with these players and seed", self.action_start)
        yield ("New random seed", "Draw a different seed", self.action_new_seed)
        yield ("Teaching notes", "The case's notes for the facilitator", self.action_notes)
        yield ("Back to the case library", "Choose another case", self.action_back)
