"""The debrief: outcome, scores with their reasons, the decisions that mattered, the meters over
the rounds, per-player results, and a key to save the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static, TabbedContent, TabPane

from game.replay import meter_series
from game.report import slot_label
from game.scoring import Debrief, PlayerScore, debrief
from tui.hotseat import HotSeat
from tui.labels import short_role_name, short_slot_label
from tui.messages import OpenLibrary
from tui.reports import save_report
from tui.screens.base import STYLES, ParleyScreen
from tui.screens.dialogs import QUIT_UNSAVED
from tui.text import paragraph, visible
from tui.widgets.chart import MeterChart, build_series
from tui.widgets.scores import ScoreBar


class DebriefScreen(ParleyScreen):
    """What happened and how it scored; ``s`` saves the Markdown report."""

    CSS_PATH = [STYLES / "debrief.tcss"]

    BINDINGS = [
        Binding("s", "save", "Save report"),
        Binding("n", "library", "New case"),
        Binding("left", "tab(-1)", "Previous tab", show=False),
        Binding("right", "tab(1)", "Next tab", show=False),
        Binding("q", "app.request_quit", "Quit", show=False, tooltip="Quit Parley (asks first)"),
    ]
    KEYS_HELP = (
        ("← →", "switch between players and the meter chart"),
        ("↑ ↓ PgUp PgDn", "scroll"),
    )

    AUTO_FOCUS = "#debrief-tabs Tabs"

    def __init__(self, table: HotSeat) -> None:
        super().__init__()
        self.table = table
        self.result: Debrief = debrief(table.case, table.session.log)
        self.saved_to: str | None = None

    def compose(self) -> ComposeResult:
        """Summary, then one tab per player and one for the meter chart."""
        table, result = self.table, self.result
        case = table.case
        ending = case.endings.get(result.ending or "")
        outcome = f"{ending.title} ({ending.outcome.value})" if ending else "not finished"
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
                Content.assemble(
                    ("Outcome: ", "bold"),
                    (visible(outcome), "bold $accent"),
                    "\n",
                    visible(paragraph(ending.text)) if ending else "",
                ),
                id="outcome",
            )
        label = "Table score" if len(result.players) > 1 else "Overall score"
        yield ScoreBar(label, result.overall, id="overall")
        with TabbedContent(id="debrief-tabs"):
            many = len(result.players) > 1
            for index, player in enumerate(result.players):
                role = short_role_name(case, player.role) if many else case.roles[player.role].name
                with TabPane(Content(visible(f"{player.name} — {role}")), id=f"player-{index}"):
                    yield from self._player(player)
            with (
                TabPane("Meters" if many else "Meters over the rounds", id="chart-tab"),
                VerticalScroll(classes="pane"),
            ):
                yield Static(
                    "Each column is a round (S is the start); taller blocks are higher values.",
                    classes="hint",
                )
                yield MeterChart(self._series(), id="chart")
        yield Static("Press s to save this debrief as a Markdown report.", id="saved", markup=False)
        yield Footer()

    def _player(self, player: PlayerScore) -> ComposeResult:
        with VerticalScroll(classes="pane"):
            if len(self.result.players) > 1:
                yield ScoreBar(f"{player.name}: overall", player.overall, classes="player-overall")
            for dim in player.dimensions:
                yield ScoreBar(f"{dim.title} (×{dim.weight:g})", dim.score, classes="dimension")
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

    def quit_warning(self) -> str | None:
        """An unsaved debrief is lost on quitting."""
        return None if self.saved_to else QUIT_UNSAVED

    def action_save(self) -> None:
        """Save the Markdown report and show where."""
        table = self.table
        try:
            path = save_report(table.case, table.session.log, self.result, table.plan.seed)
        except OSError as err:
            self.notify(f"Could not save the report: {err}", severity="error", timeout=10)
            return
        self.saved_to = str(path)
        self.query_one("#saved", Static).update(
            Content.assemble(("Report saved to ", "bold"), visible(str(path)))
        )

    def action_library(self) -> None:
        """Back to the case library for another case."""
        self.post_message(OpenLibrary())

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Save, new case."""
        yield ("Save the report", "Write the debrief as Markdown and show its path", self.action_save)
        yield ("Back to the case library", "Play another case", self.action_library)
