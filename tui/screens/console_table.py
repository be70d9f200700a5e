"""One table opened in the console: the full record (every role's view, every private part) and
the facilitator's actions on it.

Keys: ``f`` fire an inject, ``h`` hold one, ``r`` release a held one, ``p`` pause or resume,
``a`` adjust a meter with a reason, ``n`` annotate this moment, ``s`` a seat (hand it to the
policy, give it back to a person, release it), ``t`` the teaching notes, Escape back to the
overview. A finished table shows ``d``, its debrief, in place of the actions. Each action goes
through the desk (:meth:`Desk.act`): for a table in the store, one input every seat replays.
Refused actions are said in a notification, never raised.

Like the overview, the screen reads the table and acts on it in worker threads, so a slow store
never freezes it; it says "reconnecting" when a reading is late or fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from game.debriefing.labels import slot_label
from game.errors import ParleyError
from game.instructor.desk import Desk, Listed, injects_of, summarize
from game.play.session import Session
from tui.labels import fit, seat_label, short_role_name, short_slot_label
from tui.screens.console import lag_text, phase_round
from tui.text import visible
from tui.widgets.event_log import EventLog


def status_line(listed: Listed) -> str:
    """ "K7M2QX Table 1 · PAUSED · Mediation · round 2 of 3 · waiting for Velmar"."""
    row = summarize(listed)
    session = listed.session
    parts = [f"{row.code} {row.name}"]
    if row.paused:
        parts.append("PAUSED")
    parts.append(row.phase)
    if not row.over:
        parts.append(phase_round(session))
        waiting = ", ".join(seat_label(session, r, listed.seats) for r in session.waiting_for)
        parts.append("waiting for " + (waiting or "nobody"))
    return " · ".join(parts)


def meter_lines(session: Session) -> list[str]:
    """Every meter slot with its value (the facilitator sees all numbers), then alerts and holds."""
    case = session.case
    lines = []
    for reading in session.snapshot().meters:
        lines.append(f"{fit(short_slot_label(case, reading.slot), 23):<23} {reading.value:>3}")
    held = session.held
    if held:
        lines.append("")
        lines.append("Held injects:")
        lines += [f" {fit(case.injects[i].title, 20)}{' (due)' if due else ''}" for i, due in held.items()]
    alerts = summarize(Listed("", "", session)).alerts
    if alerts:
        lines += ["", *[f"! {alert}" for alert in alerts]]
    return lines


def seen_by(session: Session, inject: str) -> str:
    """ " · only Kestmark sees it" after a private inject's title ("" for one everyone sees): what
    the facilitator fires reaches the roles its audience names, and nobody else."""
    audience = session.case.injects[inject].audience
    if audience.public:
        return ""
    names = {role: short_role_name(session.case, role) for role in session.case.roles}
    sees = "sees" if len(audience.roles) == 1 else "see"
    return f" · only {audience.describe(names)} {sees} it"


def seat_options(listed: Listed) -> list[tuple[str, str]]:
    """What the facilitator may do with each seat ("policy:kest", "Hand Kestmark's seat …")."""
    session = listed.session
    out = []
    for role in session.humans:
        name = short_role_name(session.case, role)
        holder = listed.seats.get(role)
        held = f"held by {holder}" if holder else "empty"
        if role in session.auto:
            out.append((f"person:{role}", f"Give {name}'s seat back to a person ({held})"))
        else:
            out.append((f"policy:{role}", f"Hand {name}'s seat to the policy ({held})"))
        if holder and listed.has_seats:
            out.append((f"release:{role}", f"Release {name}'s seat: {holder} can no longer hold it"))
    return out


class TableScreen(Screen[None]):
    """One table's full record and the facilitator's actions on it."""

    BINDINGS = [
        Binding("f", "fire", "Fire"),
        Binding("h", "hold", "Hold"),
        Binding("r", "release", "Release"),
        Binding("p", "pause", "Pause"),
        Binding("a", "adjust", "Adjust"),
        Binding("n", "note", "Note"),
        Binding("s", "seat", "Seat"),
        Binding("d", "debrief", "Debrief"),
        Binding("t", "notes", "Notes"),
        Binding("escape", "back", "Back"),
    ]

    IN_PLAY = frozenset({"fire", "hold", "release", "pause", "adjust", "note", "seat"})
    """The actions on a table in play: a finished table shows ``d`` (its debrief) instead."""

    def __init__(self, desk: Desk, code: str, every: float = 1.0) -> None:
        super().__init__()
        self.desk = desk
        self.code = code
        self.every = every
        self.listed: Listed | None = None
        self._shown_length = -1
        self._reading: Worker[Listed | None] | None = None
        self._asked = 0.0
        self._done: dict[Worker[str], str] = {}  # an action in flight -> what to say once it is done

    def compose(self) -> ComposeResult:
        """The status line, the log beside the meters, the keys."""
        yield Static("", id="table-status")
        with Horizontal(id="table-body"):
            yield EventLog(id="table-log")
            yield Static("", id="table-meters")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """First reading (once every pane is in place), then one every ``every`` seconds."""
        self.call_after_refresh(self.reload)
        self.set_interval(self.every, self.reload)

    @property
    def session(self) -> Session | None:
        """The table's session as last read."""
        return self.listed.session if self.listed is not None else None

    def reload(self) -> None:
        """Ask for the table again, in a worker thread; while a reading is out, say how late it is."""
        if not self.is_current:  # under a dialog, or being closed: the next tick will do
            return
        if self._reading is not None and self._reading.state in (WorkerState.PENDING, WorkerState.RUNNING):
            late = lag_text(self._asked, time.monotonic())
            if late:
                self._status(late)
            return
        self._asked = time.monotonic()
        self._reading = self.run_worker(
            partial(self.desk.get, self.code), thread=True, group="table-read", exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A reading answered (draw it), or an action finished (say so)."""
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        worker = event.worker
        if worker is self._reading:
            event.stop()
            if event.state is WorkerState.ERROR:
                self._status(f"Reconnecting: cannot read the table: {worker.error}")
            else:
                self._draw(worker.result)
        elif worker in self._done:
            event.stop()
            done = self._done.pop(worker)  # type: ignore[arg-type]
            problem = worker.result if event.state is WorkerState.SUCCESS else str(worker.error)
            if problem:
                self.notify(visible(str(problem)), title="Refused", severity="error")
            else:
                self.notify(visible(done), timeout=3)
            self._reading = None  # read again now: the action changed the table
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once the table is over, its debrief in place of the actions (which it would refuse)."""
        session = self.session
        over = session is not None and session.over
        if action in self.IN_PLAY:
            return not over
        if action == "debrief":
            return over
        return True

    def _status(self, text: str) -> None:
        self.query_one("#table-status", Static).update(Content(visible(text)))

    def _draw(self, found: Listed | None) -> None:
        """Draw the table as read; the log only when it grew."""
        if found is None:
            self._status(f"There is no table {self.code} any more.")
            return
        was_over = self.session is not None and self.session.over
        self.listed = found
        session = found.session
        if session.over != was_over:
            self.refresh_bindings()
        self.query_one("#table-status", Static).update(Content.styled(visible(status_line(found)), "bold"))
        self.query_one("#table-meters", Static).update(Content(visible("\n".join(meter_lines(session)))))
        log = session.log
        if len(log) != self._shown_length:
            since = max((e.seq for e in log if e.kind == "round"), default=0)
            self.query_one(EventLog).show(session.case, log, since, f"Round {session.round}")
            self._shown_length = len(log)

    # ------------------------------------------------------------------ actions

    def act(self, payload: Mapping[str, object], done: str) -> None:
        """Apply one action in a worker thread; say what happened, or why it was refused."""
        self._run(partial(self.desk.act, self.code, payload), done)

    def _run(self, call: Callable[[], object], done: str) -> None:
        def attempt() -> str:
            try:
                call()
            except (ParleyError, ValueError) as err:
                return str(err)
            return ""

        worker = self.run_worker(attempt, thread=True, group="table-act", exit_on_error=False)
        self._done[worker] = done

    def _pick_inject(self, title: str, only_held: bool, then: str) -> None:
        from tui.screens.console_dialogs import PickScreen

        session = self.session
        if session is None:
            return
        held = session.held
        options = [
            (i, label + seen_by(session, i)) for i, label in injects_of(session) if not only_held or i in held
        ]
        if not options:
            self.notify("No inject is held." if only_held else "This case has no inject.", severity="warning")
            return

        def chosen(inject: str | None) -> None:
            if inject is not None:
                label = session.case.injects[inject].title
                self.act({"action": then, "inject": inject}, f"{then.capitalize()}: {label}")

        self.app.push_screen(PickScreen(title, options), chosen)

    def action_fire(self) -> None:
        """Fire an inject now."""
        self._pick_inject("Fire which inject now?", False, "fire")

    def action_hold(self) -> None:
        """Hold an inject: it will not fire on its own until released."""
        self._pick_inject("Hold which inject?", False, "hold")

    def action_release(self) -> None:
        """Release a held inject (it fires now if it came due while held)."""
        self._pick_inject("Release which inject?", True, "release")

    def action_pause(self) -> None:
        """Pause the table, or resume it."""
        session = self.session
        if session is None:
            return
        if session.paused:
            self.act({"action": "resume"}, "The table plays on.")
        else:
            self.act({"action": "pause"}, "Paused: the table takes no move until you resume it (p).")

    def action_adjust(self) -> None:
        """Adjudicate: move a meter, with a reason."""
        from tui.screens.console_dialogs import AdjustScreen

        session = self.session
        if session is None:
            return
        slots = [
            (r.slot, f"{slot_label(session.case, r.slot)} ({r.value})") for r in session.snapshot().meters
        ]

        def chosen(payload: dict[str, object] | None) -> None:
            if payload is not None:
                self.act(payload, "Adjudicated.")

        self.app.push_screen(AdjustScreen(slots), chosen)

    def action_note(self) -> None:
        """Annotate this moment (for the facilitator, or shown to the table)."""
        from tui.screens.console_dialogs import NoteScreen

        def chosen(payload: dict[str, object] | None) -> None:
            if payload is not None:
                self.act(payload, "Note kept.")

        self.app.push_screen(NoteScreen(), chosen)

    def action_seat(self) -> None:
        """A seat: hand it to the policy, give it back to a person, or release it."""
        from tui.screens.console_dialogs import PickScreen

        listed = self.listed
        if listed is None:
            return
        options = seat_options(listed)
        if not options:
            self.notify("Every role at this table is played by its policy.", severity="warning")
            return

        def chosen(key: str | None) -> None:
            if key is None:
                return
            what, _, role = key.partition(":")
            name = listed.session.case.roles[role].name
            if what == "release":
                self._run(
                    partial(self.desk.release, self.code, role), f"{name}'s seat is free to take again."
                )
            elif what == "policy":
                self.act({"action": "seat", "seat": role, "to": "policy"}, f"The policy plays {name} now.")
            else:
                self.act(
                    {"action": "seat", "seat": role, "to": "person"}, f"{name} waits for a person again."
                )

        self.app.push_screen(PickScreen("Which seat, and what to do with it?", options), chosen)

    def action_notes(self) -> None:
        """The case's teaching notes."""
        from tui.screens.notes import NotesScreen

        if self.session is not None:
            self.app.push_screen(NotesScreen(self.session.case))

    def action_debrief(self) -> None:
        """The finished table's debrief: every player's scores, reasons and decisions."""
        from tui.screens.console_debrief import TableDebriefScreen

        if self.listed is not None and self.listed.session.over:
            self.app.push_screen(TableDebriefScreen(self.listed))

    def action_back(self) -> None:
        """Back to every table."""
        self.dismiss()
