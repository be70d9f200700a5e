"""One seat at a table played across terminals: the seat's side of :mod:`game.storage.tables`.

Nothing here imports Textual.  :class:`SeatSaver` stands where a hot-seat game has its
:class:`tui.saving.Saver`: a move goes to the store as the table's next input (one write
transaction, checked by the engine against every input before it), and the session is this
process's replica of the table, brought up to date by :meth:`SeatSaver.refresh` (the play
screen calls it about every 200 ms).  :class:`TableSeat` is a one-seat
:class:`tui.hotseat.HotSeat` whose next step is always this seat's own screen: the screen
itself shows whether the seat chooses now or waits for others, and for whom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.errors import MoveError, ParleyError
from game.play.events import Event
from tui.hotseat import HotSeat, Plan, Seat, Step, last_choices

if TYPE_CHECKING:
    from game.play.session import Session
    from game.storage import Replica, Store, TableInfo
    from tui.screens.dialogs import QuitWarning
    from tui.screens.play import PlayScreen


class SeatSaver:
    """A seat's moves, saved as the table's inputs; the session, as replayed from them."""

    problem: str | None = None
    enabled = True

    def __init__(self, store: Store, code: str, seat: Seat) -> None:
        self.store = store
        self.code = code
        self.seat = seat
        self.replica: Replica = store.replica(code)
        self.info: TableInfo = store.table(code)
        self._version = store.data_version()

    @property
    def session(self) -> Session:
        """This process's replica of the table's session."""
        return self.replica.session

    @property
    def id(self) -> int:
        """The table's stored session."""
        return self.replica.session_id

    @property
    def saved(self) -> bool:
        """Always: a move is shown only once the store has it."""
        return True

    def status(self) -> str:
        """ "table K7M2QX · saved" """
        return f"table {self.code} · saved"

    def retry(self) -> bool:
        """Nothing waits to be saved at a table."""
        return True

    def refresh(self) -> bool:
        """Catch up with what others did; True when something changed (cheap when nothing did)."""
        version = self.store.data_version()
        if version == self._version:
            return False
        self._version = version
        before = self.replica.position
        seats = self.info.seats
        self.replica = self.store.replica(self.code)
        self.info = self.store.table(self.code)
        return self.replica.position != before or self.info.seats != seats

    def play(self, role: str, move_id: str) -> tuple[Event, ...]:
        """Add this seat's move as the table's next input; its events once stored.

        Raises :class:`MoveError` when the move is refused (another seat played first, the
        round was already chosen, the store cannot be written): nothing was played then.
        """
        self.refresh()
        start = len(self.session.log)
        try:
            self.store.add_input(self.code, "move", {"role": role, "move": move_id}, by=self.seat.name)
        except MoveError:
            raise
        except (ParleyError, ValueError) as err:  # the store, or a table the facilitator paused
            raise MoveError(str(err)) from None
        self.replica = self.store.replica(self.code)
        return self.session.events_since(start)

    def play_policy(self, role: str) -> tuple[Event, ...]:  # pragma: no cover - seats choose themselves
        raise MoveError("at a table, each seat chooses its own moves")


class TableSeat(HotSeat):
    """The one seat this terminal plays at a table."""

    token = ""  # the seat's rejoin token, as ``parley join`` printed it

    @classmethod
    def join(cls, store: Store, code: str, role: str, name: str, token: str = "") -> TableSeat:
        """The seat ``role`` held by ``name`` (already joined, with rejoin ``token``), standing where
        the table is."""
        saver = SeatSaver(store, code, Seat(role, name))
        session = saver.session
        table = cls(Plan(session.case, session.seed, (Seat(role, name),)), saver)  # type: ignore[arg-type]
        table.token = token
        table.last_move.update({r: p for r, p in last_choices(session).items() if r == role})
        table.briefed.update(table.last_move)  # back at the table after a move: no briefing again
        return table

    @property
    def seat_saver(self) -> SeatSaver:
        """The saver, as a table seat's."""
        return self.saver  # type: ignore[return-value]

    @property
    def code(self) -> str:
        """The table's join code."""
        return self.seat_saver.code

    def next_step(self) -> Step:
        """The debrief once over; else this seat's briefing (first time) or its own screen."""
        seat = self.seats[0]
        if self.session.over:
            return Step("debrief")
        if seat.role not in self.briefed:
            return Step("briefing", seat)
        return Step("play", seat)

    def waiting_line(self) -> str:
        """Who the table waits for, by name and role: "Waiting for Bo (Kestmark)." """
        session = self.session
        waiting = session.waiting_for
        if not waiting:
            return ""
        holders = {s.role: s.name for s in self.seat_saver.info.seats}
        who = [
            f"{self.case.roles[r].name} (played by the policy)"
            if r in session.auto
            else f"{holders[r]} ({self.case.roles[r].name})"
            if r in holders
            else f"{self.case.roles[r].name} (nobody has joined yet)"
            for r in waiting
        ]
        return "Waiting for " + ", ".join(who) + "."

    def displaced(self) -> str:
        """ "" while this terminal's player holds the seat; else what happened to it (the
        facilitator released it, and maybe someone else took it), said to the player."""
        seat = self.seats[0]
        holder = self.seat_saver.info.seat(seat.role)
        if holder is not None and holder.name.casefold() == seat.name.strip().casefold():
            return ""
        now = (
            f"{holder.name} holds it now."
            if holder is not None
            else f"It is free: take it again with `parley join {self.code} --role {seat.role} --name NAME`."
        )
        return f"The facilitator released your seat at table {self.code}. {now}"

    def player_names(self) -> dict[str, str]:
        """Each seat's role -> its player's name (for "Ana (Maren)" in the debrief): who holds it,
        else the last person who took it (a seat the facilitator released)."""
        saver = self.seat_saver
        try:
            names = {p.role: p.name for p in saver.store.info(saver.id).players}
        except ParleyError:  # the store cannot be read now: the seats as last read
            names = {}
        return names | {s.role: s.name for s in saver.info.seats}

    def play_screen(self, seat: Seat) -> PlayScreen:
        """This seat's play screen (imported when first shown)."""
        from tui.screens.table import TablePlayScreen

        return TablePlayScreen(self, seat)

    def quit_warning(self) -> QuitWarning:
        """Leaving a table loses nothing: every move is in the store."""
        from tui.screens.dialogs import QuitWarning

        seat = self.seats[0]
        token = f" --token {self.token}" if self.token else ""
        return QuitWarning(
            f"Your seat at table {self.code} is kept, and the table goes on without you. Come back "
            f"where you were with `parley join {self.code} --role {seat.role} --name {seat.name!r}{token}`.",
            loss=False,
        )
