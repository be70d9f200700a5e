"""The console's overview: every table at a glance, read again every second.

One row a table: its code and name, phase and round, who it waits for ("Ana (Velmar)"), key
meters and alerts (paused, a red line crossed, an inject held past its time, an empty seat the
table waits for, a table waiting long). Enter opens a table (:mod:`tui.screens.console_table`);
``t`` shows the case's teaching notes; ``c`` compares the case's finished tables
(:mod:`tui.screens.console_compare`).

The store is read in a worker thread (:func:`read_tables`), never on the screen's own: the rows
stay as last read, and keys keep working, while a slow disk or a busy writer holds a reading up;
after :data:`RECONNECTING_AFTER` seconds without an answer, or when a reading fails, the title
and the status line say the console is reconnecting, and it goes on asking every second.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from game.case.model import Case
from game.errors import ParleyError
from game.instructor.desk import Desk, Listed, TableRow, summarize
from game.play.session import Session
from tui.clock import clock
from tui.labels import seat_label
from tui.text import visible

RECONNECTING_AFTER = 3.0
"""Seconds a reading may take before the console says it is reconnecting."""

COLUMNS = (("Table", 9), ("Phase · round", 18), ("Waiting for", 13), ("Meters", 15), ("Alerts", 15))
"""Each column's heading and width: with the cells' padding, 80 columns in all."""


def two_lines(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` on at most two lines, the second cut with "…" if need be."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return "\n".join(lines)


def phase_round(session: Session) -> str:
    """ "round 2 of 3": the round of the phase the table is in, as its seats read it at the top of
    their screens (the case's round is another count: a phase's first round may be its fourth)."""
    heading = clock(session.case, session.snapshot()).heading()
    return heading[heading.rfind(" · ") + 3 :]


def row_cells(row: TableRow, listed: Listed) -> tuple[str, ...]:
    """The overview's cells for one table, two lines each (plain text; case text is never markup)."""
    session = listed.session
    widths = [width for _, width in COLUMNS]
    if row.over:
        phase = row.phase
        waiting = "—"
    else:
        title = row.phase if len(row.phase) <= widths[1] else row.phase[: widths[1] - 1] + "…"
        # the phase's own round, as the trainees' screens count it ("round 3 of 3": its last)
        phase = f"{title}\n{phase_round(session)}"
        waiting = ", ".join(seat_label(session, r, listed.seats) for r in session.waiting_for) or "—"
    meters = [f"{label} {value}" for label, value in row.meters]
    cells = (
        f"{row.code}\n{row.name}",
        phase,
        waiting,
        "\n".join([" ".join(meters[:2]), " ".join(meters[2:])]),
        "; ".join(row.alerts),
    )
    return tuple(
        two_lines(cell, width) if "\n" not in cell else cell
        for cell, width in zip(cells, widths, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of the desk: the tables, their rows, their cells; or why it failed."""

    listed: tuple[Listed, ...] = ()
    rows: tuple[TableRow, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()
    problem: str = ""


def read_tables(desk: Desk, seen: Sequence[str] = ()) -> Reading:
    """Read every table and sum each up (run in a worker thread: it may wait on the store).

    ``seen``: the codes of the tables shown so far. One of them that is no longer among the
    desk's tables (a store's open tables leave the list once over) stays, read on its own, after
    the others: the facilitator sees how it ended and can still open it."""
    try:
        found = list(desk.tables())
        codes = {item.code for item in found}
        for code in seen:
            if code not in codes:
                gone = desk.get(code)
                if gone is not None:
                    found.append(gone)
        listed = tuple(sorted(found, key=lambda item: item.session.over))  # those in play first
        rows = tuple(summarize(item) for item in listed)
        cells = tuple(row_cells(row, item) for row, item in zip(rows, listed, strict=True))
    except (ParleyError, OSError) as err:
        return Reading(problem=f"cannot read the tables: {err}")
    return Reading(listed, rows, cells)


def lag_text(asked: float, now: float) -> str:
    """What the console says while a reading is late ("" while it is not late yet)."""
    waited = now - asked
    if waited < RECONNECTING_AFTER:
        return ""
    return f"Reconnecting… no answer from the store for {waited:.0f} s; showing the last reading"


class ConsoleScreen(Screen[None]):
    """The tables of the desk, refreshed from it every ``every`` seconds."""

    BINDINGS = [
        # priority: the table of tables would take Enter first, and the footer would not show it
        Binding("enter", "open", "Open table", priority=True),
        Binding("t", "notes", "Teaching notes"),
        Binding("c", "compare", "Compare finished"),
        Binding("r", "reload", "Refresh", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        desk: Desk,
        heading: str = "",
        every: float = 1.0,
        open_code: str | None = None,
        case: Case | None = None,
    ) -> None:
        super().__init__()
        self.case = case
        self.open_code = open_code
        self.desk = desk
        self.heading = heading
        self.every = every
        self.listed: list[Listed] = []
        self.rows: list[TableRow] = []
        self.problem = ""
        self.read_once = False  # a reading has answered (the overview is not empty for lack of one)
        self.seen: set[str] = set()  # every table shown so far: kept in the overview once it ends
        self._reading: Worker[Reading] | None = None
        self._asked = 0.0  # when the reading in flight was asked for (time.monotonic)

    def compose(self) -> ComposeResult:
        """A title line, the table of tables, a status line and the keys."""
        yield Static("", id="console-title")
        yield DataTable(id="console-tables", cursor_type="row", zebra_stripes=True)
        yield Static("", id="console-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Columns, the first reading, then one every ``every`` seconds."""
        table = self.query_one(DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        self.reload()
        self.set_interval(self.every, self.reload)

    def reload(self) -> None:
        """Ask for a fresh reading in a worker thread; while one is still out, say how late it is."""
        if self._reading is not None and self._reading.state in (WorkerState.PENDING, WorkerState.RUNNING):
            self._title()
            self._say()
            return
        self._asked = time.monotonic()
        self._reading = self.run_worker(
            partial(read_tables, self.desk, tuple(self.seen)),
            thread=True,
            group="console-read",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A reading answered: show it (or why it failed, keeping the rows as last read)."""
        if event.worker is not self._reading or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()
        reading = event.worker.result if event.state is WorkerState.SUCCESS else None
        if reading is None:
            reading = Reading(problem=f"cannot read the tables: {event.worker.error}")
        self._show(reading)

    def _show(self, reading: Reading) -> None:
        """Redraw the rows from a reading, keeping the highlighted one."""
        self.read_once = True
        if reading.problem:
            self.problem = "Reconnecting: " + reading.problem
            self._title()
            self._say()
            return
        self.problem = ""
        table = self.query_one(DataTable)
        keep = self._highlighted()
        self.listed, self.rows = list(reading.listed), list(reading.rows)
        self.seen |= {row.code for row in self.rows}
        table.clear()
        for row, cells in zip(self.rows, reading.cells, strict=True):
            table.add_row(*(Text(visible(cell)) for cell in cells), key=row.code, height=2)
        codes = [row.code for row in self.rows]
        if keep in codes:
            table.move_cursor(row=codes.index(keep), animate=False)
        self._title()
        self._say()
        if self.open_code is not None:  # ``parley console TABLE``: open it once it has been read
            code, self.open_code = self.open_code, None
            self.open_table(code)

    def _late(self) -> str:
        """The lag line while a reading is out and late, else ""."""
        if self._reading is None or self._reading.state not in (WorkerState.PENDING, WorkerState.RUNNING):
            return ""
        return lag_text(self._asked, time.monotonic())

    def _title(self) -> None:
        title = self.heading or "Facilitator's console"
        playing = sum(1 for row in self.rows if not row.over)
        late = " · reconnecting…" if self.problem or self._late() else ""
        self.query_one("#console-title", Static).update(
            Content.styled(
                visible(
                    f"{title} · {len(self.rows)} table{'' if len(self.rows) == 1 else 's'}, {playing} in play"
                    f"{late}"
                ),
                "bold",
            )
        )

    def _say(self) -> None:
        """The status line: a problem, or the highlighted table's seats and alerts in full."""
        code = self._highlighted()
        row = next((r for r in self.rows if r.code == code), None)
        late = self._late()
        if self.problem or late:
            status = self.problem or late
        elif not self.read_once:
            status = "Reading the tables…"
        elif row is None:
            status = "No table yet: host one with `parley host CASE`."
        else:
            status = " · ".join(
                filter(None, [f"{row.code}: {self._seats(row.code) or 'no seat'}", *row.alerts])
            )
        self.query_one("#console-status", Static).update(Content(visible(status)))

    def _seats(self, code: str) -> str:
        """The table's seats, short: "Ana (Velmar), Kestmark: —, Norland (policy)"."""
        listed = next((item for item in self.listed if item.code == code), None)
        if listed is None:
            return ""
        session = listed.session
        return ", ".join(
            seat_label(session, r, listed.seats) + ("" if r in listed.seats or r in session.auto else ": —")
            for r in session.humans
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Say more about the highlighted table."""
        self._say()

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].code

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A row chosen with Enter or a click: open that table."""
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted table."""
        code = self._highlighted()
        if code is not None:
            self.open_table(code)

    def open_table(self, code: str) -> None:
        """Open table ``code`` (the command line's ``parley console TABLE``)."""
        from tui.screens.console_table import TableScreen

        if any(item.code == code for item in self.listed):
            self.app.push_screen(TableScreen(self.desk, code, self.every))
        else:
            self.notify(f"There is no table {code} on this console.", severity="error")

    def action_reload(self) -> None:
        """Read the tables now."""
        self.reload()

    def _case(self) -> Case | None:
        """The highlighted table's case, else the case the console watches."""
        code = self._highlighted()
        listed = next((item for item in self.listed if item.code == code), None)
        return listed.session.case if listed is not None else self.case

    def action_notes(self) -> None:
        """The teaching notes of the highlighted table's case."""
        from tui.screens.notes import NotesScreen

        case = self._case()
        if case is None:
            self.notify("No table, so no case to show the notes of.", severity="warning")
            return
        self.app.push_screen(NotesScreen(case))

    def action_compare(self) -> None:
        """The finished tables of the highlighted table's case, side by side."""
        from tui.screens.console_compare import CompareScreen

        case = self._case()
        if case is None:
            self.notify("No table, so no case to compare.", severity="warning")
            return
        self.app.push_screen(CompareScreen(self.desk, case))
