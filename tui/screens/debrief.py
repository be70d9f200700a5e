"""The debrief: outcome, scores with their reasons, the decisions that mattered and what a better
move would have done there, the meters over the rounds, per-player results, and a key to save the
report.

The better moves (:func:`game.debriefing.counterfactual.better_moves`) take up to a second or so per player:
they are worked out in a thread worker, one player after the other, while the screen is already
usable; a failure is shown in place of the suggestions and never closes the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from game.debriefing.counterfactual import ROLLOUTS, Suggestion, better_moves
from game.debriefing.facilitation import mark_handed
from game.debriefing.facilitation import public_actions as facilitated
from game.debriefing.report import slot_label
from game.debriefing.reportmodel import better_section
from game.debriefing.reveal import reveal, reveal_lines
from game.debriefing.scoring import Debrief, PlayerScore, debrief
from game.play.replay import meter_series
from tui.clock import timeouts
from tui.hotseat import HotSeat
from tui.labels import short_role_name, short_slot_label
from tui.messages import ExportReport, OpenLibrary, OpenReplay
from tui.reports import save_report
from tui.screens.base import STYLES, ParleyScreen
from tui.screens.dialogs import QuitWarning
from tui.screens.notes import NotesScreen
from tui.text import paragraph, visible
from tui.widgets.chart import MeterChart, build_series
from tui.widgets.scores import ScoreBar, score_table

WORKING = "Working out better moves…"


def suggestions_content(suggestions: tuple[Suggestion, ...] | str) -> Content:
    """One player's better-moves section, read from the report model as every report reads it."""
    section = better_section(suggestions)
    if section.state == "failed":
        return Content.assemble(
            ("Better moves could not be worked out: ", "$error"), visible(section.message)
        )
    if not section.items:
        return Content(visible(section.message))
    return Content("\n").join(
        Content.assemble(("▲ ", "bold $accent") if i.verdict == "better" else "• ", visible(i.text))
        for i in section.items
    )


def named(result: Debrief, names: Mapping[str, str]) -> Debrief:
    """``result`` with each player under the name of the person in the seat, where one is given."""
    if not names:
        return result
    players = tuple(replace(p, name=names.get(p.role, p.name)) for p in result.players)
    return replace(result, players=players)


def who(name: str, role: str, role_name: str = "") -> str:
    """A player as the debrief names them: "Ana (Maren)"; just ``role`` (the role as shown) when
    the player has no name of their own (it is the role's name, ``role_name``, e.g. a seat nobody
    took)."""
    return role if name in (role, role_name) else f"{name} ({role})"


class DebriefScreen(ParleyScreen):
    """What happened and how it scored; ``s`` saves the Markdown report."""

    CSS_PATH = [STYLES / "debrief.tcss"]

    BINDINGS = [
        Binding("s", "save", "Save report"),
        Binding("r", "replay", "Replay", tooltip="Step through this game move by move"),
        Binding(
            "x", "export", "Export", tooltip="Write the full report, Markdown and HTML, to the reports folder"
        ),
        Binding("n", "library", "New case"),
        Binding("escape", "library", "Library", show=False, tooltip="Back to the case library"),
        Binding("t", "notes", "Teaching notes", show=False, tooltip="Teaching notes, for the facilitator"),
        Binding("left", "tab(-1)", "Previous tab", show=False),
        Binding("right", "tab(1)", "Next tab", show=False),
        Binding("q", "app.request_quit", "Quit", show=False, tooltip="Quit Parley (asks first)"),
    ]
    KEYS_HELP = (
        ("← →", "switch between players and the meter chart"),
        ("↑ ↓ PgUp PgDn", "scroll"),
    )

    AUTO_FOCUS = "#debrief-tabs .pane"  # ↑ ↓ scroll the scores at once; ← → switch tabs from anywhere

    def __init__(self, table: HotSeat) -> None:
        super().__init__()
        self.table = table
        log = table.session.log
        self.result: Debrief = named(mark_handed(debrief(table.case, log), log), table.player_names())
        self.revealed = reveal(table.case, table.session.log)  # empty when nothing was private
        self.saved_to: str | None = None
        self._better: dict[Worker[tuple[Suggestion, ...]], int] = {}  # worker → player index
        self._found: dict[str, tuple[Suggestion, ...] | str] = {}  # role → better moves, or the failure

    def compose(self) -> ComposeResult:
        """Summary, then one tab per player and one for the meter chart."""
        table, result = self.table, self.result
        case = table.case
        ending = case.endings.get(result.ending or "")
        outcome = f"{ending.title} ({ending.outcome.value})" if ending else "not finished"
        log = table.session.log
        yield Static(
            Content.assemble(
                "Debrief · ",
                (visible(case.title), "bold"),
                f" · {result.rounds} rounds · seed {table.plan.seed}",
            ),
            id="status",
        )
        with VerticalScroll(id="debrief-summary"):
            yield Static(
                Content.assemble(  # the ending's story first: the box shows four lines at 80×24
                    ("Outcome: ", "bold"),
                    (visible(outcome), "bold $accent"),
                    "\n" + visible(paragraph(ending.text)) if ending else "",
                    *(("\n⏱ " + visible(line), "$warning") for line in timeouts(case, table.session.log)),
                    *(("\n⚑ " + visible(line), "$text-muted") for line in facilitated(case, log)),
                ),
                id="outcome",
            )
        label = "Table score" if len(result.players) > 1 else "Overall score"
        yield ScoreBar(label, result.overall, id="overall")
        with TabbedContent(id="debrief-tabs"):
            many = len(result.players) > 1
            if many:
                with TabPane("All players", id="table-tab"), VerticalScroll(classes="pane"):
                    names = [  # a seat nobody took is named by its role, short
                        short_role_name(case, p.role) if p.name == case.roles[p.role].name else p.name
                        for p in result.players
                    ]
                    # 72: 80 columns less the tab's border, its padding and the scrollbar
                    yield Static(score_table(result, names, 72), id="score-table")
                    yield Static(
                        "Scores out of 100, highest of each row marked. ← → show each player's "
                        "reasons and the meters.",
                        classes="hint",
                    )
            for index, player in enumerate(result.players):
                role = short_role_name(case, player.role) if many else case.roles[player.role].name
                named_as = who(player.name, role, case.roles[player.role].name)
                with TabPane(Content(visible(named_as)), id=f"player-{index}"):
                    yield from self._player(player, index)
            with (
                TabPane("Meters" if many else "Meters over the rounds", id="chart-tab"),
                VerticalScroll(classes="pane"),
            ):
                yield Static(
                    "Each column is a round (S is the start); taller blocks are higher values.",
                    classes="hint",
                )
                yield MeterChart(self._series(), id="chart")
            if self.revealed:
                with TabPane("Who knew what", id="reveal-tab"), VerticalScroll(classes="pane"):
                    yield Static(
                        "What each side knew and did, round by round: every secret, now revealed.",
                        classes="hint",
                    )
                    yield Static("", id="reveal-text")
        yield Static(self._saved_text(), id="saved")
        yield Footer()

    def _saved_text(self) -> Content:
        """Where this debrief is kept: the session store, and the report file once saved."""
        saver = self.table.saver
        if self.saved_to:
            path = Path(self.saved_to)
            return Content.assemble(
                ("Report saved as ", "bold"),
                visible(path.name),
                "\n",
                ("in ", "bold"),
                visible(str(path.parent)),
            )
        if saver.saved:
            return Content(
                f"Saved as session {saver.id}: r replays it, `parley report {saver.id}` prints it. "
                "Press s to save this debrief as a Markdown report."
            )
        if saver.enabled:
            return Content.assemble(
                ("Not saved: ", "bold $error"),
                visible(saver.problem or "the last save did not finish"),
                ". Press s to save this debrief as a Markdown report.",
            )
        return Content("Press s to save this debrief as a Markdown report.")

    def on_mount(self) -> None:
        """Work out the better moves for the first player (the others follow in turn)."""
        self._work_out_next(0)
        self._show_reveal()

    def on_resize(self) -> None:
        """Lay the reveal's columns out again for the new width."""
        self._show_reveal()

    def _show_reveal(self) -> None:
        """The reveal, one column per role, as wide as the screen allows."""
        if self.revealed:
            width = max(40, self.size.width - 6)
            lines = reveal_lines(self.table.case, self.revealed, width)
            self.query_one("#reveal-text", Static).update(Content(visible("\n".join(lines))))

    def _player(self, player: PlayerScore, index: int) -> ComposeResult:
        with VerticalScroll(classes="pane"):
            if len(self.result.players) > 1:
                yield ScoreBar(f"{player.name}: overall", player.overall, classes="player-overall")
            for dim in player.dimensions:
                yield ScoreBar(dim.title, dim.score, note=f"(×{dim.weight:g})", classes="dimension")
                yield Static(Content(visible(dim.explanation)), classes="explanation")
            yield Static(
                Content.styled("The decisions that mattered most", "bold $primary"), classes="heading"
            )
            if player.decisions:
                for d in player.decisions:
                    yield Static(
                        Content.assemble(
                            (f"Round {d.round}: ", "bold"),
                            (visible(d.label), "bold"),
                            (f"  {d.impact:+.1f} overall", "$accent"),
                            "\n",
                            visible("; ".join(d.notes)),
                        ),
                        classes="decision",
                    )
            else:
                yield Static("No single move moved the score.", classes="decision")
            yield Static(
                Content.styled("What a better move would have done", "bold $primary"), classes="heading"
            )
            yield Static(Content(WORKING), id=f"better-{index}", classes="better")

    def _series(self) -> list:
        case = self.table.case
        series = meter_series(case, self.table.session.log)
        labels = {
            slot: (slot_label(case, slot), short_slot_label(case, slot))
            for slot in series
            if case.meters[slot.partition(".")[0]].visible
        }
        bounds = {
            slot: (case.meters[slot.partition(".")[0]].minimum, case.meters[slot.partition(".")[0]].maximum)
            for slot in labels
        }
        return build_series(series, labels, bounds)

    def action_tab(self, step: int) -> None:
        """Show the previous or next tab."""
        tabs = self.query_one(TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane)]
        if tabs.active in panes:
            tabs.active = panes[(panes.index(tabs.active) + step) % len(panes)] or tabs.active
            self.call_after_refresh(self._focus_pane)

    def _focus_pane(self) -> None:
        """Give the focus to the scrolling pane of the tab on show, so ↑ ↓ scroll it."""
        tabs = self.query_one(TabbedContent)
        if tabs.active:
            pane = tabs.query_one(f"#{tabs.active}", TabPane)
            pane.query_one(".pane", VerticalScroll).focus()

    # ------------------------------------------------------------------ better moves

    def _work_out_next(self, index: int) -> None:
        """Start working out the better moves of player ``index``, if there is one."""
        if index < len(self.result.players):
            self._better[self.work_out_better_moves(index)] = index

    @work(thread=True, exit_on_error=False, group="better-moves")
    def work_out_better_moves(self, index: int) -> tuple[Suggestion, ...]:
        """Player ``index``'s better moves (in a thread: it takes up to a second or so)."""
        table = self.table
        role = self.result.players[index].role
        log, seed = table.session.log, table.plan.seed
        return better_moves(table.case, log, role, top=3, rollouts=ROLLOUTS, seed=seed)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Show a player's better moves (or why there are none), then start on the next player."""
        index = self._better.get(event.worker)  # type: ignore[arg-type]
        if index is None or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()
        del self._better[event.worker]  # type: ignore[arg-type]
        role = self.result.players[index].role
        if event.state is WorkerState.SUCCESS and event.worker.result is not None:
            self._found[role] = event.worker.result
        else:
            self._found[role] = str(event.worker.error)
        self.query_one(f"#better-{index}", Static).update(suggestions_content(self._found[role]))
        if self.app._exit or getattr(self.app, "leaving", False) or not self.is_attached:
            return  # closing: a worker started now would never run, and the app would wait for it
        self._work_out_next(index + 1)

    # ------------------------------------------------------------------ actions

    def quit_warning(self) -> QuitWarning | None:
        """Nothing is lost once the session is saved or the report written; else say what is."""
        saver = self.table.saver
        if self.saved_to or saver.saved:
            return None
        if not saver.saved:
            saver.retry()
            if saver.saved:
                return None
        return QuitWarning(
            "This session is not saved and the debrief has not been saved as a report: quitting now "
            "loses them. Press s to save the report first.",
            stay="Stay",
        )

    def action_replay(self) -> None:
        """Step through this game move by move (once it is saved)."""
        saver = self.table.saver
        if not saver.saved and not saver.retry():
            self.notify("This game is not saved, so it cannot be replayed.", severity="warning")
            return
        if saver.id is not None:
            self.post_message(OpenReplay(saver.id))

    def action_save(self) -> None:
        """Save the Markdown report and show where."""
        table = self.table
        try:
            path = save_report(
                table.case, table.session.log, self.result, table.plan.seed, better=self._found
            )
        except OSError as err:
            self.notify(f"Could not save the report: {err}", severity="error", timeout=10)
            return
        self.saved_to = str(path)
        self.query_one("#saved", Static).update(self._saved_text())

    def action_export(self) -> None:
        """Write the stored game's full report (Markdown and HTML), as ``parley report`` does."""
        saver = self.table.saver
        if not saver.saved and not saver.retry():
            self.notify("This game is not saved, so s saves its debrief instead.", severity="warning")
            return
        if saver.id is not None:
            self.post_message(ExportReport(saver.id))

    def exported(self, paths: Sequence[Path]) -> None:
        """Say where the exported report files are (the app calls this after ``x``)."""
        self.saved_to = str(paths[0])
        names = " and ".join(p.name for p in paths)
        self.query_one("#saved", Static).update(
            Content.assemble(
                ("Exported ", "bold"), visible(names), "\n", ("in ", "bold"), visible(str(paths[0].parent))
            )
        )

    def action_notes(self) -> None:
        """Show the case's teaching notes (for the facilitator)."""
        self.app.push_screen(NotesScreen(self.table.case))

    def action_library(self) -> None:
        """Back to the case library for another case."""
        self.post_message(OpenLibrary())

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Save, replay, export, teaching notes, new case."""
        yield ("Save the report", "Write the debrief as Markdown and show its path", self.action_save)
        yield ("Replay this game", "Step through it move by move", self.action_replay)
        yield (
            "Export the report",
            "Markdown and HTML with the transcript, to the reports folder",
            self.action_export,
        )
        yield ("Teaching notes", "The case's notes for the facilitator", self.action_notes)
        yield ("Back to the case library", "Play another case", self.action_library)
