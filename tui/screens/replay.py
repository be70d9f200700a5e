"""Replay: step through a stored session move by move, and branch a new game off it.

The screen reads a :class:`game.play.cursor.ReplayCursor` (frame 0 is the start, frame *k* the state
after the *k*-th move and all it led to) and shows, for the frame on screen: the phase and round,
what happened, the meters at that point with their change over the step, and what the debrief
says about the move. "Branch from here" posts :class:`tui.messages.BranchFrom`; the app starts a
new saved game standing at that frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from game.play.cursor import Frame, ReplayCursor
from tui.labels import owner_names
from tui.messages import BranchFrom, OpenLibrary
from tui.screens.base import STYLES, ParleyScreen
from tui.text import visible
from tui.widgets.event_log import log_content
from tui.widgets.meters import MeterPanel


class ReplayScreen(ParleyScreen):
    """One frame of a stored session at a time: ← → to step, ``b`` to branch a new game from it."""

    CSS_PATH = [STYLES / "play.tcss", STYLES / "replay.tcss"]

    BINDINGS = [
        # Priority: the scrolling panes would otherwise take these keys (and hide them in the footer).
        Binding("left", "step(-1)", "Prev", key_display="←", priority=True, tooltip="The previous move"),
        Binding("right", "step(1)", "Next", key_display="→", priority=True, tooltip="The next move"),
        Binding("home", "go(0)", "Start", show=False, priority=True, tooltip="The start, before any move"),
        Binding("end", "go(-1)", "End", show=False, priority=True, tooltip="The last move and the ending"),
        Binding("b", "branch", "Branch", tooltip="Branch a new saved game from this point"),
        Binding("escape,n", "library", "Library", tooltip="Back to the case library"),
        Binding("q", "app.request_quit", "Quit", show=False, tooltip="Quit Parley"),
    ]
    KEYS_HELP = (("↑ ↓ PgUp PgDn", "scroll what happened when it has the focus"),)
    AUTO_FOCUS = "#replay-step"
    HORIZONTAL_BREAKPOINTS = [(0, "-normal"), (120, "-wide")]

    def __init__(self, cursor: ReplayCursor, session_id: int) -> None:
        super().__init__()
        self.cursor = cursor
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        """Status, what happened and the debrief's notes beside the meters."""
        yield Static("", id="status")
        yield Static("", id="replay-where")
        with Horizontal(id="upper"):
            with Vertical(id="left"):
                with VerticalScroll(id="replay-step"):
                    yield Static("", id="replay-lines")
                with VerticalScroll(id="replay-notes"):
                    yield Static("", id="replay-notes-text")
            yield MeterPanel(id="meters")
        yield Footer()

    def on_mount(self) -> None:
        """Draw the first frame."""
        self.query_one("#meters").border_title = "Meters here · ▲▼ this step"
        self.query_one("#replay-step").border_title = "What happened"
        self.query_one("#replay-notes").border_title = "The debrief on this move"
        self.render_frame()

    # ------------------------------------------------------------------ drawing

    def render_frame(self) -> None:
        """Re-draw everything for the cursor's current frame."""
        cursor = self.cursor
        case = cursor.case
        frame = cursor.frame
        last = len(cursor) - 1
        where = "the start" if frame.index == 0 else f"move {frame.index} of {last}"
        self.query_one("#status", Static).update(
            Content.assemble(
                f"Replay · session {self.session_id} · ", (visible(case.title), "bold"), f" · {where}"
            )
        )
        snap = frame.snapshot
        # Where the move was played (the step may go on into the next round or phase).
        at = cursor.at(frame.index - 1).snapshot if frame.index else snap
        phase = case.phases[at.phase]
        played = frame.move.round if frame.move is not None else snap.round
        ending = case.endings.get(snap.ending or "")
        self.query_one("#replay-where", Static).update(
            Content.assemble(
                (visible(phase.title), "bold"),
                f" · round {played} of {case.rounds.limit}",
                " · before the first move" if frame.move is None else "",
                (f" · ended: {visible(ending.title)}", "bold $accent") if ending else "",
            )
        )
        lines = log_content(case, frame.events)
        self.query_one("#replay-lines", Static).update(lines if lines else Content("Nothing happened."))
        self.query_one("#replay-step", VerticalScroll).scroll_home(animate=False)
        self.query_one("#replay-notes-text", Static).update(self._notes(frame))
        owners = {r.slot: owner_names(case, r.owner) for r in snap.meters if r.owner}
        self.query_one(MeterPanel).show(snap.meters, frame.changes, owners)
        self.refresh_bindings()

    def _notes(self, frame: Frame) -> Content:
        """The debrief's notes on this move, its weight on the score, and whether a game can branch here."""
        parts: list[Content] = []
        if frame.notes:
            parts.extend(Content(visible(f"• {note}")) for note in frame.notes)
        elif frame.move is not None and frame.move.role not in self.cursor.humans:
            computer = "Played by the computer: the debrief scores the players' moves."
            parts.append(Content.styled(computer, "$text-muted"))
        elif frame.move is not None:
            parts.append(Content.styled("The debrief says nothing about this move.", "$text-muted"))
        if frame.impact:
            parts.append(Content.styled(f"Effect on the overall score: {frame.impact:+.1f}", "bold"))
        why = self.cursor.why_not(frame.index)
        if why:
            parts.append(Content.styled(f"No branch from here: {why}.", "$text-muted"))
        else:
            parts.append(
                Content.assemble(("b", "bold $accent"), " branches a new game from here: you choose again.")
            )
        return Content("\n").join(parts)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Stepping stops at either end (greyed); branching only where a player chooses again."""
        position, last = self.cursor.position, len(self.cursor) - 1
        if action == "step":
            step = parameters[0] if parameters else 0
            return None if (step == -1 and position == 0) or (step == 1 and position == last) else True
        if action == "branch":
            return True if self.cursor.frame.branchable else None
        return True

    def action_step(self, step: int) -> None:
        """One frame back or on."""
        self.cursor.goto(self.cursor.position + step)
        self.render_frame()

    def action_go(self, index: int) -> None:
        """The first (0) or last (-1) frame."""
        self.cursor.goto(index)
        self.render_frame()

    def action_branch(self) -> None:
        """Start a new saved game from this frame, or say why not."""
        why = self.cursor.why_not(self.cursor.position)
        if why:
            self.notify(f"No branch from here: {why}.", severity="warning")
            return
        self.post_message(BranchFrom(self.cursor.position))

    def action_library(self) -> None:
        """Back to the case library."""
        self.post_message(OpenLibrary())

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Step, branch, library."""
        yield ("Next move", "Step on one move", lambda: self.action_step(1))
        yield ("Previous move", "Step back one move", lambda: self.action_step(-1))
        yield ("Branch from here", "Start a new saved game from this point", self.action_branch)
        yield ("Back to the case library", "Leave the replay", self.action_library)
