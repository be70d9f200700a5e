"""A seat's screen at a table played across terminals: the play screen, following the store.

The same layout and keys as the hot-seat play screen (:class:`tui.screens.play.PlayScreen`),
from this seat's own view.  About every 200 ms it asks the store whether anything changed
(:meth:`tui.tables.SeatSaver.refresh`: one ``PRAGMA data_version`` when nothing did) and, when
another seat moved, draws the table again.  While others choose, the move list gives way to
who the table is waiting for; when it is this seat's turn the moves come back.  Once the
facilitator releases the seat (:meth:`tui.tables.TableSeat.displaced`), the screen says so and
stops following the table: whoever takes the seat next plays on without this terminal reading
along.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Button

from game.errors import MoveError, StorageError
from tui.messages import MoveChosen, TurnOver
from tui.screens.play import PlayScreen
from tui.tables import TableSeat
from tui.text import visible
from tui.widgets.moves import MovePicker

POLL_SECONDS = 0.2


class TablePlayScreen(PlayScreen):
    """This seat's turn, or the table as this seat sees it while others choose."""

    def __init__(self, table: TableSeat, seat: object) -> None:
        super().__init__(table, seat)  # type: ignore[arg-type]
        self.seated = table
        self.waiting = False
        self._sealed: str = ""  # the label of a secret choice made this round

    def on_mount(self) -> None:
        """Follow the table (Textual then runs :meth:`PlayScreen.on_mount`, which draws the turn)."""
        self.poller = self.set_interval(POLL_SECONDS, self.poll)

    def poll(self) -> None:
        """Draw the table again when another seat (or the facilitator) changed it."""
        if self.app.return_code is not None or not self.is_attached:
            return
        try:
            changed = self.seated.seat_saver.refresh()
        except StorageError as err:  # the store is busy or gone: say so, keep polling
            self.query_one("#log").border_subtitle = f"table {self.seated.code} · cannot read: {err}"
            return
        if changed:
            self.render_turn()

    def render_turn(self) -> None:
        """Draw the view, then the moves (this seat's turn), who the table waits for, or the end."""
        displaced = self.seated.displaced()
        if displaced:  # no longer this player's seat: the view stays as it was, and stops here
            self._displaced(displaced)
            return
        super().render_turn()
        session = self.seated.session
        role = self.seat.role
        if session.over:
            self.waiting = False
            self.finish_case(session.ending)
            return
        paused = session.paused
        if role in session.waiting_for and not paused:
            self._sealed = ""
            was_waiting = self.waiting or self.finished
            self.waiting = False
            self.finished = False
            self.query_one("#done").display = False
            self.query_one(MovePicker).display = True
            if was_waiting:
                self.query_one(MovePicker).focus_list()
                self.notify("Your turn.", timeout=3)
            self.refresh_bindings()
            return
        self.waiting = True
        self.finished = False
        self.query_one(MovePicker).display = False
        self.query_one("#done").display = True
        self.query_one("#continue", Button).display = False
        if self._sealed:
            sealed: tuple[object, ...] = (("Your choice is sealed: ", "bold"), visible(self._sealed), ".\n")
        elif self.seated.simultaneous and session.has_chosen(role):  # chosen before this terminal joined
            sealed = (("Your choice for this round is sealed.\n", "bold"),)
        else:
            sealed = ()
        waiting = self.seated.waiting_line()
        if role in session.auto:
            waiting = (
                "The facilitator has handed your seat to the policy: it plays your moves until the "
                "facilitator gives the seat back. " + waiting
            )
        if paused:
            waiting = "Paused by the facilitator: the table takes no move until it resumes."
        self.query_one("#done-text").update(  # type: ignore[attr-defined]
            Content.assemble(*sealed, (visible(waiting), "bold"))
        )
        self.refresh_bindings()

    def _displaced(self, text: str) -> None:
        """Say the seat is no longer this player's, take the moves away and stop following."""
        self.poller.stop()
        self.waiting = True
        self.finished = False
        self.query_one(MovePicker).display = False
        self.query_one("#done").display = True
        self.query_one("#continue", Button).display = False
        self.query_one("#done-text").update(Content.styled(visible(text), "bold"))  # type: ignore[attr-defined]
        self.refresh_bindings()

    def _finish(self, text: Content, button: str) -> None:
        self.query_one("#continue", Button).display = True
        super()._finish(text, button)

    def on_move_chosen(self, event: MoveChosen) -> None:
        """Send the move to the table; the store decides whether it is still this seat's turn."""
        event.stop()
        event.prevent_default()  # not the hot-seat handler as well
        if self.finished or self.waiting:
            return
        move = self.seated.session.move_named(event.move_id)
        if move is None:
            self._refuse(f"unknown move {event.move_id!r}", title="Move refused")
            return
        try:
            turn = self.seated.play(self.seat, event.move_id)
        except MoveError as err:
            self._refuse(str(err), title="Move refused")
            self.render_turn()  # the table may have moved on meanwhile
            return
        self._sealed = move.label if turn.sealed else ""
        self.render_turn()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No move keys while others choose."""
        if action == "choose" and self.waiting:
            return False
        return super().check_action(action, parameters)

    def action_continue(self) -> None:
        """On to the debrief once the case is over."""
        if self.finished and self.seated.session.over:
            self.post_message(TurnOver())
