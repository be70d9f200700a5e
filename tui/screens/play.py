"""Play: the phase and its clock, the narrative, any inject, the meters, the moves and the log.

The screen holds the hot-seat table (and through it the engine session) and renders snapshots of
it; it never decides a rule. After a move, what it did is shown in the log and the meters; the
move list never shows effects beforehand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, OptionList, Static

from game.case.audience import part_roles, parts_for
from game.case.model import Case, Ending
from game.errors import MoveError
from tui.clock import StatusLine, clock, timer_lines
from tui.hotseat import HotSeat, Seat
from tui.labels import owner_names, short_role_name
from tui.messages import MoveChosen, RoundResolved, TurnOver
from tui.screens.base import STYLES, ParleyScreen
from tui.screens.briefing import BriefingScreen
from tui.text import paragraph, visible
from tui.widgets.event_log import EventLog
from tui.widgets.meters import MeterPanel
from tui.widgets.moves import MovePicker


def _own_parts(case: Case, parts: Mapping[str, str], role: str) -> list[str | tuple[str, str]]:
    """The per-role parts of a narrative that ``role`` reads, each after a marked heading."""
    out: list[str | tuple[str, str]] = []
    for key, text in parts_for(parts, role):
        others = [short_role_name(case, r) for r in part_roles(key) if r != role]
        who = "Only you and " + " and ".join(others) + " know: " if others else "Only you know: "
        out += ["\n\n", (visible(who), "bold $accent"), visible(paragraph(text))]
    return out


class SidePane(Vertical):
    """The meters and, while they have the focus, what the highlighted one means; expanded whole."""

    ALLOW_MAXIMIZE = True


class StoryPane(VerticalScroll, can_focus=True):
    """Any warning and inject, then the phase's text: scrolls when longer, expands with ``n``."""

    ALLOW_MAXIMIZE = True


PAUSED = "Paused by the facilitator."


class PlayScreen(ParleyScreen):
    """One player's turn at the keyboard.

    Laid out for 80×24 first: the phase and its clock on top; the narrative and any inject
    (scrollable), the log and the meters in the middle; the moves, with the highlighted move's
    description, at the bottom. Like k9s or lazygit, each pane can be expanded to the whole
    screen (``n`` narrative, ``l`` log, ``e`` meters) and Escape brings the layout back.
    """

    CSS_PATH = [STYLES / "play.tcss"]

    BINDINGS = [
        *(Binding(str(n), f"choose({n})", f"Play move {n}", show=False) for n in range(10)),
        Binding(
            "enter",
            "continue",
            "Continue",
            show=False,
            priority=True,
            tooltip="Continue once your move is in",
        ),
        Binding("b", "briefing", "Briefing", tooltip="Read your private briefing again"),
        Binding("l", "expand('log')", "Log", tooltip="The whole log, full screen (again to close)"),
        Binding("e", "expand('meters')", "Meters", tooltip="Every meter, full screen (again to close)"),
        Binding("n", "expand('story')", "Story", tooltip="The situation and any inject, full screen"),
        Binding("escape", "close_log", "Back", tooltip="Back from a full-screen pane"),
        Binding("m", "focus_moves", "Moves", show=False, tooltip="Focus the move list"),
        Binding("q", "app.request_quit", "Quit", show=False, tooltip="Quit Parley (asks first)"),
    ]
    KEYS_HELP = (
        ("↑ ↓ then Enter", "highlight a move and play it"),
        ("1–9", "play that move (with 10 moves or more: type its number, then Enter)"),
        ("Tab / Shift+Tab", "move between the moves, the narrative, the log and the meters"),
        ("↑ ↓ PgUp PgDn", "scroll the pane that has the focus; on the meters, read what each means"),
        ("click", "play a move; scroll a pane with the wheel"),
    )
    IN_PLAY = True
    ESCAPE_TO_MINIMIZE = False  # Escape goes through close_log, which also gives the moves the focus
    HORIZONTAL_BREAKPOINTS = [(0, "-normal"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    AUTO_FOCUS = "#move-list"

    def __init__(self, table: HotSeat, seat: Seat) -> None:
        super().__init__()
        self.table = table
        self.seat = seat
        self.finished = False  # the player's move is in; only "continue" is left
        self._status: StatusLine | None = None

    def compose(self) -> ComposeResult:
        """Status, narrative and log beside the meters, then the moves."""
        with Horizontal(id="status"):
            yield Static("", id="clock")
            yield Static("", id="who")
        with Horizontal(id="upper"):
            with Vertical(id="left"):
                with StoryPane(id="story"):
                    yield Static("", id="inject")
                    yield Static("", id="warning")
                    yield Static("", id="situation")
                yield EventLog(id="log")
            with SidePane(id="side"):
                yield MeterPanel(id="meters")
                yield Static("", id="meter-info")
        with Vertical(id="lower"):
            yield MovePicker(id="moves")
            with Vertical(id="done"):
                yield Static("", id="done-text")
                yield Button("Continue", variant="primary", id="continue")
        yield Footer()

    def on_mount(self) -> None:
        """Draw the turn."""
        self.query_one("#meters").border_title = "Meters · ▲▼ since your move"
        self.query_one("#log").border_title = "Log · l: in full, with notes"
        self.query_one(EventLog).compact = True
        self.query_one("#story").border_title = "Situation"
        self.query_one("#done").display = False
        self.query_one("#meter-info").display = False
        self.render_turn()

    def on_screen_resume(self) -> None:
        """Back from the briefing or a dialog: the footer shows this screen's keys again."""
        super().on_screen_resume()
        self.refresh_bindings()

    # ------------------------------------------------------------------ drawing

    def render_turn(self) -> None:
        """Re-draw everything from the session as it stands."""
        table, seat = self.table, self.seat
        case, session = table.case, table.session
        # Everything below is read from the seat's view (game.play.view): what this role knows.
        view = session.view(seat.role)
        snap = view.snapshot
        phase = case.phases[snap.phase]
        role = case.roles[seat.role]
        time = clock(case, snap)
        paused = PAUSED if snap.paused and not session.over else ""  # the facilitator's pause
        lines = [paused, time.warning(), *timer_lines(snap)]
        warning = "" if session.over else "\n".join(filter(None, lines))
        self._status = StatusLine(
            heading=("PAUSED · " if paused else "") + time.heading(),
            alert=not session.over and (time.last_phase_round or time.last_case_round),
            mode="secret moves" if table.simultaneous else "",
            name=seat.name,
            role=role.name,
            short_role=short_role_name(case, seat.role),
        )
        self._draw_status()
        warning_box = self.query_one("#warning", Static)
        warning_box.display = bool(warning)
        warning_box.update(
            Content.assemble(("⚠ " if time.warning() or paused else "", "bold"), visible(warning))
        )
        since = table.since_for(seat.role)
        new_phase = any(e.kind == "phase" and e.seq >= since for e in view.log) and since > 0
        self.query_one("#situation", Static).update(
            Content.assemble(
                (f"New phase: {visible(phase.title)}. ", "bold $accent") if new_phase else "",
                visible(paragraph(phase.text)),
                *_own_parts(case, phase.private_text, seat.role),
            )
        )
        injects = [
            case.injects[e.data["inject"]]
            for e in view.log
            if e.kind == "inject" and e.round == snap.round and not e.data.get("quiet")  # quiet: no banner
        ]
        inject = self.query_one("#inject", Static)
        inject.display = bool(injects)
        if injects:
            inject.update(
                Content("\n").join(
                    Content.assemble(
                        ("BREAKING: ", "bold"),
                        (visible(i.title), "bold"),
                        "\n",
                        visible(paragraph(i.text)),
                        *_own_parts(case, i.private_text, seat.role),
                    )
                    for i in injects
                )
            )
        story = self.query_one("#story", VerticalScroll)
        story.border_title = f"Breaking · {phase.title}" if injects else f"Situation · {phase.title}"
        story.scroll_home(animate=False)
        title = "New since your last move" if seat.role in table.last_move else "So far"
        log = self.query_one(EventLog)
        log.show(case, view.log, view.since(since), title, viewer=seat.role)
        saved = table.saver.status()
        log.border_subtitle = f"seed {table.plan.seed}" + (f" · {saved}" if saved else "")
        log.set_class(table.saver.enabled and not table.saver.saved, "-unsaved")
        owners = {r.slot: owner_names(case, r.owner) for r in snap.meters if r.owner}
        descriptions = {m.id: m.description for m in case.meters.values()}
        meters = self.query_one(MeterPanel)
        meters.show(snap.meters, table.changes_for(seat.role), owners, descriptions)
        self._describe_meter()
        picker = self.query_one(MovePicker)
        picker.show(session.options(seat.role), f"Your moves, {seat.name} — {role.name}")

    def _draw_status(self) -> None:
        """The phase and clock on the left, the player on the right, fitted to the width: the
        role is shortened or dropped before the player's name, which is never cut."""
        status = self._status
        if status is None:
            return
        left, right = status.fit(self.size.width - 2)
        heading, alert = left
        self.query_one("#clock", Static).update(
            Content.assemble((visible(heading), "bold"), (alert, "bold $warning"))
        )
        mode, name, role = right
        self.query_one("#who", Static).update(
            Content.assemble((mode, "$text-muted"), (visible(name), "bold"), visible(role))
        )

    def on_resize(self) -> None:
        """Fit the status line to the new width."""
        super().on_resize()
        if self.is_mounted:
            self._draw_status()

    def _describe_meter(self) -> None:
        """Say what the highlighted meter means while the meters have the focus."""
        if not self.is_attached or not self.query(MeterPanel):
            return  # called after the screen was replaced
        meters = self.query_one(MeterPanel)
        info = self.query_one("#meter-info", Static)
        info.display = meters.has_focus
        if meters.has_focus:
            info.update(meters.describe())

    def on_descendant_focus(self) -> None:
        """The meter description follows the focus."""
        self._describe_meter()

    def on_descendant_blur(self) -> None:
        """The meter description hides when the meters lose the focus."""
        self.call_after_refresh(self._describe_meter)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """A meter highlighted: describe it."""
        if event.option_list is self.query_one(MeterPanel):
            event.stop()
            self._describe_meter()

    def finish_case(self, ending: Ending | None) -> None:
        """Say the case has ended (in ``ending``) and offer the debrief."""
        title = f"{ending.title} ({ending.outcome.value})" if ending else "the case is over"
        self._finish(
            Content.assemble(
                ("The case has ended: ", "bold"),
                (visible(title), "bold $accent"),
                ". Read the log, then press Enter for the debrief.",
            ),
            "See the debrief (Enter)",
        )

    def _finish(self, text: Content, button: str) -> None:
        """Replace the move list with a message and a Continue button."""
        self.finished = True
        self.query_one(MovePicker).display = False
        self.query_one("#done").display = True
        self.query_one("#done-text", Static).update(text)
        continue_button = self.query_one("#continue", Button)
        continue_button.label = button
        continue_button.focus()
        self.refresh_bindings()

    # ------------------------------------------------------------------ playing

    def on_move_chosen(self, event: MoveChosen) -> None:
        """Play the chosen move and show what it did."""
        event.stop()
        if self.finished:
            return
        table, seat = self.table, self.seat
        move = table.session.move_named(event.move_id)  # a case's move, or an answer to an offer
        if move is None:
            self._refuse(f"unknown move {event.move_id!r}", title="Move refused")
            return
        problem = table.saver.problem
        try:
            turn = table.play(seat, event.move_id)
        except MoveError as err:
            self._refuse(str(err), title="Move refused")
            return
        self._tell_saving(problem)
        if turn.sealed:
            self._finish(
                Content.assemble(
                    ("Your choice is sealed: ", "bold"),
                    visible(move.label),
                    ".\nIt is revealed when everyone has chosen. Press Enter, then pass the keyboard on.",
                ),
                "Done (Enter)",
            )
            return
        if table.simultaneous and table.multiplayer:
            self.post_message(RoundResolved(turn.events))
            return
        step = table.next_step()
        if step.kind == "play" and step.seat == seat:
            self.render_turn()
            self.query_one(MovePicker).focus_list()
            return
        self.render_turn()
        if step.kind == "debrief":
            self.finish_case(table.session.ending)
        else:
            nxt = step.seat
            who = f"{nxt.name} — {table.case.roles[nxt.role].name}" if nxt else "the next player"
            self._finish(
                Content.assemble(
                    ("Your move is played. ", "bold"),
                    "Read what happened in the log, then press Enter and pass the keyboard to ",
                    (visible(who), "bold"),
                    ".",
                ),
                "Pass the keyboard (Enter)",
            )

    def _tell_saving(self, before: str | None) -> None:
        """Say so when saving starts failing (the game goes on in memory) or works again."""
        saver = self.table.saver
        if saver.problem and saver.problem != before:
            self.notify(
                f"{saver.problem}. The game goes on in memory; Parley tries again at the next move.",
                title="This move could not be saved",
                severity="error",
                timeout=12,
                markup=False,
            )
        elif before and saver.saved:
            self.notify(f"Saved again: everything is in session {saver.id}.", timeout=5, markup=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Continue."""
        event.stop()
        self.action_continue()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Number keys only while choosing; Continue only once the move is in."""
        if action == "choose":
            return not self.finished
        if action == "continue":
            return self.finished
        if action == "close_log":
            return self.maximized is not None
        return True

    def action_choose(self, number: int) -> None:
        """A number key: play that move, or type its number when there are ten moves or more."""
        if self.finished or self.maximized is not None:
            return
        reason = self.query_one(MovePicker).press_digit(number)
        if reason:
            self._refuse(reason)

    def _refuse(self, message: str, title: str = "") -> None:
        """Say why a move cannot be played: case text shown as written, replacing any earlier
        refusal so that pressing a locked move again does not pile notices over the screen."""
        self.app.clear_notifications()
        self.notify(message, title=title, severity="warning", markup=False)

    def action_continue(self) -> None:
        """On to the next player, the next round or the debrief."""
        if self.finished:
            self.post_message(TurnOver())

    def action_briefing(self) -> None:
        """Read the briefing again."""
        self.app.push_screen(
            BriefingScreen(self.table.case, self.seat, seed=self.table.plan.seed, review=True)
        )

    def action_toggle_log(self) -> None:
        """Show the log full screen, or back to normal."""
        self.action_expand("log")

    def action_expand(self, pane: str) -> None:
        """Show ``pane`` (``log``, ``meters`` or ``story``) full screen; the same key brings it back."""
        widget = self.query_one(f"#{pane}")
        target = self.query_one("#side") if pane == "meters" else widget
        if self.maximized is target:
            self.action_close_log()
            return
        if self.maximized is not None:
            self.minimize()
        self.query_one(EventLog).set_compact(pane != "log")
        widget.focus()
        self.maximize(target, container=False)
        self.refresh_bindings()

    def action_close_log(self) -> None:
        """Back from a full-screen pane."""
        if self.maximized is not None:
            self.minimize()
            self.query_one(EventLog).set_compact(True)
            self.action_focus_moves()
            self.refresh_bindings()

    def action_focus_moves(self) -> None:
        """Focus the move list (or the Continue button)."""
        if self.finished:
            self.query_one("#continue", Button).focus()
        else:
            self.query_one(MovePicker).focus_list()

    def action_expand_meters(self) -> None:
        """The meters full screen (from the command palette)."""
        self.action_expand("meters")

    def action_expand_story(self) -> None:
        """The narrative full screen (from the command palette)."""
        self.action_expand("story")

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Briefing, log, moves."""
        yield ("Read my briefing again", "Your role's private briefing", self.action_briefing)
        yield ("Show the whole log", "The log of what happened, full screen", self.action_toggle_log)
        yield ("Show every meter", "The meters full screen, with what each means", self.action_expand_meters)
        yield ("Read the situation in full", "Narrative and inject, full screen", self.action_expand_story)
        if self.finished:
            yield ("Continue", "On to the next turn", self.action_continue)
