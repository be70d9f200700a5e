"""Who has the keyboard: the seats of a hot-seat table around one engine session.

Nothing here imports Textual and nothing here is a game rule: the session decides whose turn it
is (:attr:`game.play.session.Session.waiting_for`); this module only remembers which player is at the
keyboard, who has read their briefing, and where each player last moved, and says what the screen
must show next:

* ``handoff`` — another player must take the keyboard before anything private is shown;
* ``briefing`` — the player at the keyboard has not read their briefing yet;
* ``play`` — the player at the keyboard chooses a move;
* ``debrief`` — the case is over.

Moves are played through :class:`tui.saving.Saver`, the one place that plays and saves them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field
from typing import Literal

from game.case.model import Case, RoundMode
from game.play.events import Event
from game.play.session import Session
from tui.saving import Saver

MAX_PLAYERS = 6

StepKind = Literal["handoff", "briefing", "play", "debrief"]


@dataclass(frozen=True, slots=True)
class Seat:
    """One person at the table and the role they play."""

    role: str
    name: str


@dataclass(frozen=True, slots=True)
class Plan:
    """What the set-up screen decided: the case, the seed and who plays which role."""

    case: Case
    seed: int
    seats: tuple[Seat, ...]

    def problems(self) -> list[str]:
        """Why this plan cannot start, as sentences for people (empty when it can)."""
        out: list[str] = []
        if not 1 <= len(self.seats) <= MAX_PLAYERS:
            out.append(f"Choose between 1 and {MAX_PLAYERS} players.")
        taken: dict[str, str] = {}
        for seat in self.seats:
            role = self.case.roles.get(seat.role)
            if role is None or not role.playable:
                out.append(f"{seat.name} needs a playable role.")
            elif seat.role in taken:
                out.append(f"{taken[seat.role]} and {seat.name} both chose {role.name}; one role each.")
            else:
                taken[seat.role] = seat.name
            if not seat.name.strip():
                out.append("Every player needs a name.")
        return out


@dataclass(frozen=True, slots=True)
class Step:
    """What the app must show next, and for whom."""

    kind: StepKind
    seat: Seat | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    """What one choice did: the events it caused, and whether it stayed secret."""

    events: tuple[Event, ...]
    sealed: bool  # a secret choice in a simultaneous round, not resolved yet
    start: int  # the log position before the choice


@dataclass(repr=False)
class HotSeat:
    """A session and the people playing it at one keyboard.

    Every move goes through :attr:`saver` (:class:`tui.saving.Saver`), which saves it before its
    events come back; without one, the game is kept in memory only.
    """

    plan: Plan
    start_with: InitVar[Saver | None] = None  # None: a new game of the plan, kept in memory
    saver: Saver = field(init=False)
    holder: Seat | None = field(init=False, default=None)
    briefed: set[str] = field(init=False, default_factory=set)
    last_move: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self, start_with: Saver | None) -> None:
        self.saver = start_with if start_with is not None else Saver(new_session(self.plan))
        if len(self.plan.seats) == 1:
            self.holder = self.plan.seats[0]

    @classmethod
    def resumed(cls, saver: Saver) -> HotSeat:
        """The table of a game resumed (or branched) from the store, standing where it stopped.

        Players who have moved already have read their briefing; in hot-seat nobody holds the
        keyboard yet, so play goes on through a hand-off screen.
        """
        session = saver.session
        seats = tuple(
            Seat(role, session.names.get(role) or session.case.roles[role].name) for role in session.humans
        )
        table = cls(Plan(session.case, session.seed, seats), saver)
        table.last_move.update(last_choices(session))
        table.briefed.update(table.last_move)
        return table

    @property
    def session(self) -> Session:
        """The engine session being played."""
        return self.saver.session

    # ------------------------------------------------------------------ reading

    def player_names(self) -> dict[str, str]:
        """Players' names the log does not hold (role -> name), for the debrief: none at one
        keyboard (the names are in the log's start); a table's seats name theirs."""
        return {}

    @property
    def case(self) -> Case:
        """The case being played."""
        return self.plan.case

    @property
    def seats(self) -> tuple[Seat, ...]:
        """The people at the table, in set-up order."""
        return self.plan.seats

    @property
    def multiplayer(self) -> bool:
        """Whether more than one person shares the keyboard."""
        return len(self.plan.seats) > 1

    @property
    def simultaneous(self) -> bool:
        """Whether the case's rounds are chosen in secret, then resolved together."""
        return self.plan.case.rounds.mode is RoundMode.SIMULTANEOUS

    def seat_of(self, role: str) -> Seat:
        """The seat playing ``role``; KeyError if nobody does."""
        for seat in self.plan.seats:
            if seat.role == role:
                return seat
        raise KeyError(role)

    def untaken_roles(self) -> tuple[str, ...]:
        """Roles played by the counterpart policy, in the case's order."""
        taken = {s.role for s in self.plan.seats}
        return tuple(r for r in self.plan.case.roles if r not in taken)

    def next_step(self) -> Step:
        """What the screen must show now."""
        session = self.session
        if session.over or not session.waiting_for:
            return Step("debrief")
        seat = self.seat_of(session.waiting_for[0])
        if self.multiplayer and self.holder != seat:
            return Step("handoff", seat)
        if seat.role not in self.briefed:
            return Step("briefing", seat)
        return Step("play", seat)

    def changes_for(self, role: str) -> dict[str, int]:
        """Each meter slot's net change since ``role`` last chose a move (since the start before),
        for the slots whose number ``role`` sees (a band or a hidden number shows no change)."""
        changes = self.session.changes_since(self.last_move.get(role, 0))
        if not self.case.private:
            return changes
        shown = {r.slot for r in self.session.view(role).snapshot.meters if not r.band}
        return {slot: change for slot, change in changes.items() if slot in shown}

    def since_for(self, role: str) -> int:
        """The log position where what is new for ``role`` begins."""
        return self.last_move.get(role, 0)

    # ------------------------------------------------------------------ acting

    def take_keyboard(self, seat: Seat) -> None:
        """``seat`` confirmed the hand-off and now has the keyboard."""
        self.holder = seat

    def mark_briefed(self, seat: Seat) -> None:
        """``seat`` has read their briefing."""
        self.briefed.add(seat.role)

    def play(self, seat: Seat, move_id: str) -> Turn:
        """Play ``move_id`` for ``seat``, saved before it returns (see :meth:`tui.saving.Saver.play`).

        Raises :class:`game.errors.MoveError` when the move is refused; a failed save does not
        raise (:attr:`tui.saving.Saver.problem` says why).
        """
        start = len(self.session.log)
        events = self.saver.play(seat.role, move_id)
        self.last_move[seat.role] = start
        sealed = self.simultaneous and not events
        if sealed and self.multiplayer:
            self.holder = None  # the next player must take the keyboard before anything is shown
        return Turn(events=events, sealed=sealed, start=start)


def last_choices(session: Session) -> dict[str, int]:
    """Where each human role last chose a move, as a log position: what :meth:`HotSeat.play` would
    have remembered had the game never stopped.

    In turn, that is where the role's move event stands. In a simultaneous round the choices are
    made in secret and logged together when the round resolves, so a choice was made where that
    round's first move stands; a choice made in the current round, not resolved yet, was made at
    the end of the log.
    """
    humans = set(session.humans)
    simultaneous = session.case.rounds.mode is RoundMode.SIMULTANEOUS
    out: dict[str, int] = {}
    first_move: dict[int, int] = {}  # round → position of its first move event
    for event in session.log:
        if event.kind not in ("move", "pass"):
            continue
        first_move.setdefault(event.round, event.seq)
        if event.kind == "move" and event.role in humans:
            out[event.role] = first_move[event.round] if simultaneous else event.seq
    if simultaneous and not session.over:
        waiting = set(session.waiting_for)
        for role in humans - waiting:
            out[role] = len(session.log)  # sealed this round
    return out


def new_session(plan: Plan) -> Session:
    """A new engine session for ``plan``: its case, seed, and a human in each seat."""
    return Session(
        plan.case,
        seed=plan.seed,
        humans=[s.role for s in plan.seats],
        names={s.role: s.name for s in plan.seats},
    )


def default_seats(case: Case, players: int, names: Sequence[str] = ()) -> tuple[Seat, ...]:
    """``players`` seats taking the playable roles in order, named "Player 1", "Player 2"…"""
    roles = case.playable_roles
    count = max(1, min(players, len(roles), MAX_PLAYERS))
    return tuple(
        Seat(roles[i], names[i] if i < len(names) and names[i].strip() else f"Player {i + 1}")
        for i in range(count)
    )
