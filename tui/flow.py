"""The flow of a case through the screens: set-up, hand-offs, briefings, turns, reveals, debrief.

:class:`CaseFlow` is mixed into the app. Screens post messages (:mod:`tui.messages`); its handlers
ask the hot-seat table what comes next (:meth:`tui.hotseat.HotSeat.next_step`) and show it. The
screen stack is always ``[library, current]`` plus any dialog: each step *replaces* the current
screen, so a hand-off screen never has the previous player's screen behind it.

Screens other than the library are imported when first shown, to keep start-up short.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import Screen

from tui.messages import (
    BackToSetup,
    BriefingRead,
    CaseChosen,
    KeyboardTaken,
    OpenLibrary,
    RoundResolved,
    SetupDone,
    TurnOver,
)
from tui.screens.base import ParleyScreen
from tui.seeds import random_seed

if TYPE_CHECKING:
    from game.case.model import Case
    from tui.hotseat import HotSeat, Plan
    from tui.screens.setup import SetupScreen


class CaseFlow(App[int]):
    """The app's handlers for moving a case from screen to screen."""

    table: HotSeat | None = None
    start_seed: int | None = None

    @property
    def leaving(self) -> bool:
        """Whether the app has been told to exit: keys typed after that change nothing."""
        return self.return_code is not None

    def check_size(self) -> None:
        """Cover the app if the terminal is too small (the app implements this)."""

    def setup_screen(self, case: Case, seed: int | None = None, players: int | None = None) -> SetupScreen:
        """The set-up screen for ``case``; a random seed unless one was given."""
        from tui.screens.setup import SetupScreen

        return SetupScreen(case, seed=random_seed() if seed is None else seed, players=players)

    def replace_screen(self, screen: Screen[None]) -> None:
        """Show ``screen`` in place of the current one, above the library."""
        if self.leaving:
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, ParleyScreen):
            self.pop_screen()  # a dialog or the size notice: never leave it above a new screen
        if len(self.screen_stack) > 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def advance(self) -> None:
        """Show whatever the table says comes next."""
        from tui.screens.briefing import BriefingScreen
        from tui.screens.debrief import DebriefScreen
        from tui.screens.handoff import HandoffScreen
        from tui.screens.play import PlayScreen

        table = self.table
        if table is None or self.leaving:
            return
        step = table.next_step()
        seat = step.seat
        if step.kind == "debrief" or seat is None:
            self.replace_screen(DebriefScreen(table))
        elif step.kind == "handoff":
            # A toast from the previous player's turn (a refused move names a move of theirs) must
            # not follow them onto the hand-off screen.
            self.clear_notifications()
            self.replace_screen(HandoffScreen(seat, table.case.roles[seat.role].name))
        elif step.kind == "briefing":
            self.replace_screen(BriefingScreen(table.case, seat, seed=table.plan.seed))
        else:
            own = getattr(table, "play_screen", None)  # a seat at a table across terminals
            self.replace_screen(own(seat) if own is not None else PlayScreen(table, seat))
        self.check_size()

    def on_case_chosen(self, message: CaseChosen) -> None:
        """Library → set-up, loading the case in full now (the library lists summaries)."""
        from game.case.loader import load_case
        from game.errors import CaseError

        try:
            case = load_case(message.entry.path)
        except CaseError as err:
            first = err.diagnostics[0].format() if err.diagnostics else str(message.entry.path)
            self.notify(f"This case cannot be played: {first}", severity="error", markup=False)
            return
        self.replace_screen(self.setup_screen(case, self.start_seed))

    def start_table(self, plan: Plan) -> HotSeat:
        """A new game of ``plan`` (kept in memory here; the app saves it, see :mod:`tui.resuming`)."""
        from tui.hotseat import HotSeat

        return HotSeat(plan)

    def on_setup_done(self, message: SetupDone) -> None:
        """Set-up → the first player's hand-off or briefing."""
        if self.leaving:
            return
        self.table = self.start_table(message.plan)
        self.advance()

    def discard_table(self, table: HotSeat) -> None:
        """Forget a game nobody has moved in yet (the app also abandons its saved copy)."""

    def on_back_to_setup(self, message: BackToSetup) -> None:
        """First briefing → set-up again, with the same players and seed, while nobody has moved."""
        from tui.screens.setup import SetupScreen

        table = self.table
        if table is None or self.leaving:
            return
        if hasattr(table, "code"):  # a seat at a table: its set-up is the host's
            self.notify(f"You hold a seat at table {table.code}. Ctrl+Q leaves; join again to come back.")
            return
        session = table.session
        if any(e.kind == "move" and e.role in session.humans for e in session.log):
            self.notify(
                "The game has begun, so set-up cannot be changed now. Ctrl+Q leaves; the game is saved.",
                timeout=6,
            )
            return
        self.discard_table(table)
        self.table = None
        self.replace_screen(SetupScreen(table.case, seed=table.plan.seed, seats=table.seats))

    def on_keyboard_taken(self, message: KeyboardTaken) -> None:
        """Hand-off → the player's briefing or turn."""
        if self.table is not None:
            self.table.take_keyboard(message.seat)
        self.advance()

    def on_briefing_read(self, message: BriefingRead) -> None:
        """Briefing → play."""
        if self.table is not None:
            self.table.mark_briefed(message.seat)
        self.advance()

    def on_turn_over(self, message: TurnOver) -> None:
        """Play or reveal → the next hand-off, turn or the debrief."""
        self.advance()

    def on_round_resolved(self, message: RoundResolved) -> None:
        """The last secret choice is in: reveal the round to everyone."""
        from game.play.view import view_log
        from tui.screens.reveal import RevealScreen

        if self.table is not None:
            # The whole table reads the reveal: it shows only what everyone may see.
            events = view_log(message.events, None)
            round_number = next(
                (e.round for e in events if e.kind in ("move", "private")), self.table.session.round
            )
            self.replace_screen(RevealScreen(self.table.case, events, round_number))

    def on_open_library(self, message: OpenLibrary) -> None:
        """Back to the library (ends any finished case)."""
        if self.leaving:
            return
        self.table = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
