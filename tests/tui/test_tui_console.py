"""The facilitator's console (``parley console``): the overview, one table, its actions, notes and
the comparison, at 80×24, over tables held in memory (:class:`game.instructor.desk.LocalDesk`)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_support import SIZE, sync, top_text

from game.errors import StorageError
from game.instructor.desk import Listed, LocalDesk, StoreDesk
from game.play.session import Session
from tests.engine_helpers import sample
from tui.console import build_console_app
from tui.labels import short_role_name
from tui.screens.console import ConsoleScreen
from tui.screens.console_compare import CompareScreen
from tui.screens.console_dialogs import AdjustScreen, NoteScreen, PickScreen
from tui.screens.console_table import TableScreen
from tui.screens.notes import NotesScreen


async def press(pilot: Pilot[int], *keys: str) -> None:
    """Press keys one at a time, letting the console's readings and actions (worker threads) finish
    and the screen redraw after each."""
    for key in keys:
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def desk(finished: int = 0) -> tuple[LocalDesk, dict[str, Session]]:
    sessions = {"AAA111": Session(sample(), seed=1, humans=["velmar"]), "BBB222": Session(sample(), seed=2)}
    for number in range(finished):
        done = Session(sample(), seed=10 + number, humans=["velmar"])
        while not done.over:
            done.play_policy("velmar")
        sessions[f"END{number}"] = done
    return LocalDesk(sessions, {"AAA111": "Table 1", "BBB222": "Table 2"}), sessions


@sync
async def test_the_overview_lists_every_table_with_phase_waiting_and_alerts() -> None:
    the_desk, sessions = desk()
    sessions["AAA111"].facilitate({"action": "pause"})
    app = build_console_app(the_desk, title="Harbour class", refresh=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        text = top_text(app)
        assert "Harbour class · 2 tables, 1 in play" in text
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[0] == "AAA111\nTable 1" and first[1].split("\n")[1].startswith("round 1 of ")
        assert first[2] == "Velmar" and first[4] == "paused"
        assert "AAA111: Velmar: —" in top_text(app)  # the highlighted table's seats
        assert "⏎ Open table" in top_text(app).splitlines()  # the footer says how to open one
        # refreshed from the desk: a resume elsewhere shows within a refresh
        sessions["AAA111"].facilitate({"action": "resume"})
        await pilot.pause(0.5)
        assert [str(c) for c in table.get_row_at(0)][4] == ""


@sync
async def test_a_table_opened_takes_every_action() -> None:
    the_desk, sessions = desk()
    session = sessions["AAA111"]
    app = build_console_app(the_desk, refresh=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "enter")
        assert isinstance(app.screen, TableScreen)
        for _ in range(50):  # the table screen fills in from the desk once mounted (slower when loaded)
            if "AAA111 Table 1" in top_text(app):
                break
            await pilot.pause(0.1)
        assert "AAA111 Table 1" in top_text(app) and "waiting for Velmar" in top_text(app)
        # fire: pick the inject from the list
        await press(pilot, "f")
        assert isinstance(app.screen, PickScreen)
        titles = [i.title for i in session.case.injects.values()]
        await press(pilot, *["down"] * titles.index(session.case.injects["parliament_wavers"].title), "enter")
        assert isinstance(app.screen, TableScreen)
        fired = [e for e in session.log if e.kind == "inject"]
        assert fired and fired[-1].data == {"inject": "parliament_wavers", "by": "facilitator"}
        # pause, and the move is refused with the facilitator's reason
        await press(pilot, "p")
        assert session.paused and "PAUSED" in top_text(app)
        await press(pilot, "p")
        assert not session.paused
        # hold then release
        await press(pilot, "h", "enter")
        assert list(session.held) == [next(iter(session.case.injects))]
        await press(pilot, "r", "enter")
        assert session.held == {}
        # adjust: a meter, a change, a reason
        await press(pilot, "a")
        assert isinstance(app.screen, AdjustScreen)
        await press(pilot, "enter", "minus", "2", "enter")
        await pilot.press(*"Shots fired")
        await press(pilot, "enter")
        assert isinstance(app.screen, TableScreen)
        adjust = [e for e in session.log if e.kind == "facilitator" and e.data["action"] == "adjust"]
        assert adjust and adjust[-1].data["change"] == -2 and adjust[-1].data["reason"] == "Shots fired"
        # a note, shown to the table
        await press(pilot, "n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Good listening")
        await press(pilot, "tab", "space", "shift+tab", "enter")
        notes = [e for e in session.log if e.kind == "facilitator" and e.data["action"] == "note"]
        assert notes[-1].data["text"] == "Good listening" and notes[-1].data["shown"] is True
        # the log shows the facilitator's actions
        assert "Facilitator adjudicated" in top_text(app)
        await press(pilot, "t")
        assert isinstance(app.screen, NotesScreen)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, ConsoleScreen)


@sync
async def test_a_refused_action_is_said_not_raised() -> None:
    the_desk, sessions = desk()
    app = build_console_app(the_desk, refresh=0.2, open_code="AAA111")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):  # opened once the overview has read it, filled in once it has read it too
            if isinstance(app.screen, TableScreen) and app.screen.session is not None:
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, TableScreen)
        await press(pilot, "a", "enter", "enter")  # no change written
        await pilot.press(*"why")
        await press(pilot, "enter")
        assert isinstance(app.screen, AdjustScreen)
        assert "whole number" in top_text(app)
        await press(pilot, "escape", "r")  # nothing held
        assert isinstance(app.screen, TableScreen)
        assert any("No inject is held" in str(n.message) for n in app._notifications)
        assert not any(e.kind == "facilitator" for e in sessions["AAA111"].log)


@sync
async def test_compare_shows_the_finished_tables_of_the_case() -> None:
    the_desk, _ = desk(finished=2)
    app = build_console_app(the_desk, refresh=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "c")
        assert isinstance(app.screen, CompareScreen)
        text = top_text(app)
        assert "3 finished tables of The Harbour Standoff." in text  # Table 2 has no seat: played out
        assert "WHERE THEIR DECISIONS FIRST DIVERGED" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, ConsoleScreen)


@sync
async def test_a_finished_table_offers_its_debrief_in_place_of_the_actions() -> None:
    from tui.screens.console_debrief import TableDebriefScreen

    the_desk, _ = desk(finished=1)
    app = build_console_app(the_desk, refresh=0.2, open_code="END0")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            if isinstance(app.screen, TableScreen) and "Ended: " in top_text(app):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, TableScreen)
        await pilot.pause()
        keys = top_text(app).splitlines()  # the footer's keys, one a line
        assert "d Debrief" in keys and "f Fire" not in keys and "s Seat" not in keys
        await press(pilot, "f")  # hidden, so nothing happens
        assert isinstance(app.screen, TableScreen)
        await press(pilot, "d")
        assert isinstance(app.screen, TableDebriefScreen)
        for _ in range(100):
            if "Outcome: " in top_text(app):
                break
            await pilot.pause(0.05)
        text = " ".join(top_text(app).split())
        assert "Debrief · END0" in text and "Outcome: " in text and "Overall score: " in text
        assert "Republic of Velmar: " in text  # the player's score follows, with its reasons
        await press(pilot, "escape")
        assert isinstance(app.screen, TableScreen)
    the_desk, _ = desk()
    app = build_console_app(the_desk, refresh=0.2, open_code="AAA111")
    async with app.run_test(size=SIZE) as pilot:  # a table in play: the actions, no debrief
        for _ in range(50):
            if isinstance(app.screen, TableScreen) and "waiting for" in top_text(app):
                break
            await pilot.pause(0.05)
        await press(pilot, "d")
        assert isinstance(app.screen, TableScreen)
        keys = top_text(app).splitlines()
        assert "f Fire" in keys and "d Debrief" not in keys


@sync
async def test_a_trainee_sees_the_pause_and_the_move_is_refused() -> None:
    from tui_support import SAMPLE, SEED, make_app

    from tui.screens.play import PAUSED, PlayScreen

    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+s")
        for _ in range(6):
            if isinstance(app.screen, PlayScreen):
                break
            await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        session = app.table.session  # type: ignore[attr-defined]
        session.facilitate({"action": "pause", "reason": "coffee"})
        screen.render_turn()
        await pilot.pause()
        assert PAUSED in top_text(app) and "PAUSED · " in top_text(app)  # the top line says it too
        length = len(session.log)
        number = next(i for i, o in enumerate(session.options("velmar"), 1) if o.open)
        await press(pilot, str(number))  # an open move, refused while paused
        assert len(session.log) == length
        assert any("paused by the facilitator" in str(n.message) for n in app._notifications)
        session.facilitate({"action": "resume"})
        screen.render_turn()
        await pilot.pause()
        assert PAUSED not in top_text(app) and "PAUSED" not in top_text(app)


@sync
async def test_with_no_table_yet_the_watched_case_keeps_its_notes_and_comparison_at_hand() -> None:
    app = build_console_app(LocalDesk({}), title="Harbour class", refresh=0.2, case=sample())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No table yet: host one with `parley host CASE`." in top_text(app)
        await press(pilot, "c")
        assert isinstance(app.screen, CompareScreen)
        assert "Comparing needs at least two finished tables of The Harbour Standoff" in top_text(app)
        await press(pilot, "escape", "t")
        assert isinstance(app.screen, NotesScreen)


class SlowDesk(LocalDesk):
    """A desk whose readings wait for ``gate`` (a slow disk, a busy writer), or fail while ``broken``."""

    def __init__(self, sessions: Mapping[str, Session]) -> None:
        super().__init__(sessions)
        self.gate = threading.Event()
        self.broken = False

    def tables(self) -> list[Listed]:
        self.gate.wait(30)
        if self.broken:
            raise StorageError("the database /x/parley.db stayed busy for 5 s (another Parley is writing)")
        return super().tables()


@sync
async def test_a_slow_store_never_freezes_the_console_and_it_says_it_is_reconnecting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.screens.console as console_module

    monkeypatch.setattr(console_module, "RECONNECTING_AFTER", 0.3)
    slow = SlowDesk({"AAA111": Session(sample(), seed=1, humans=["velmar"])})
    app = build_console_app(slow, title="Harbour class", refresh=0.1, case=sample())
    async with app.run_test(size=SIZE) as pilot:
        try:
            await pilot.pause(0.6)  # the first reading is stuck in its worker thread
            assert "Reconnecting… no answer from the store for" in top_text(app)
            assert "reconnecting…" in top_text(app)
            await pilot.press("t")  # keys still work: the screen's own thread is free
            await pilot.pause()
            assert isinstance(app.screen, NotesScreen)
            await pilot.press("escape")
            await pilot.pause()
            slow.gate.set()  # the store answers
            for _ in range(40):
                if app.screen.query_one(DataTable).row_count == 1:
                    break
                await pilot.pause(0.05)
            assert app.screen.query_one(DataTable).row_count == 1
            assert "reconnecting" not in top_text(app).lower()
            slow.broken = True  # the store fails: the rows stay as last read, the console says why
            await pilot.pause(0.4)
            assert "Reconnecting: cannot read the tables: the database /x/parley.db stayed busy" in top_text(
                app
            )
            assert app.screen.query_one(DataTable).row_count == 1
            slow.broken = False
            await pilot.pause(0.4)
            assert "reconnecting" not in top_text(app).lower()
        finally:
            slow.gate.set()


@sync
async def test_a_seat_is_handed_to_the_policy_and_released_from_the_console(parley_home: Path) -> None:
    from game.storage import Store

    with Store.open(parley_home) as store:
        code = store.host(sample(), seed=7, roles=("velmar", "kest")).code
        store.join(code, "velmar", "Ana")
        move = next(o.move.id for o in store.table_session(code).options("velmar") if o.open)
        store.add_input(code, "move", {"role": "velmar", "move": move}, by="Ana")
        app = build_console_app(StoreDesk(store), refresh=0.2)
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(50):
                if app.screen.query_one(DataTable).row_count == 1:
                    break
                await pilot.pause(0.05)
            row = [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)]
            assert row[2] == "Kestmark" and row[4] == "empty seat:\nKestmark"  # wrapped to its column
            assert "Ana (Velmar), Kestmark: — · empty seat: Kestmark" in top_text(app)
            await press(pilot, "enter")
            assert isinstance(app.screen, TableScreen)
            for _ in range(50):
                if "waiting for Kestmark" in top_text(app):
                    break
                await pilot.pause(0.05)
            assert "waiting for Kestmark" in top_text(app)
            await press(pilot, "s")
            assert isinstance(app.screen, PickScreen)
            text = " ".join(top_text(app).split())
            assert "Hand Velmar's seat to the policy (held by Ana)" in text
            assert "Release Velmar's seat: Ana can no longer hold it" in text
            assert "Hand Kestmark's seat to the policy (empty)" in text
            await press(pilot, "down", "down", "enter")  # Kestmark to the policy
            assert isinstance(app.screen, TableScreen)
            session = store.table_session(code)
            assert session.auto == {"kest"} and session.waiting_for == ("velmar",)  # the table moved on
            for _ in range(50):
                if "waiting for Ana (Velmar)" in top_text(app):
                    break
                await pilot.pause(0.05)
            assert "waiting for Ana (Velmar)" in top_text(app)
            assert "Facilitator handed Kestmark's seat to the policy" in top_text(app)
            await press(pilot, "s", "down", "enter")  # release Ana's seat (she lost her token)
            assert store.table(code).seat("velmar") is None
            assert any("seat is free to take again" in str(n.message) for n in app._notifications)
            await press(pilot, "s")
            assert "Give Kestmark's seat back to a person" in " ".join(top_text(app).split())
            await press(pilot, "escape", "escape", "q")


@sync
async def test_a_table_that_ends_while_watched_stays_in_the_overview(parley_home: Path) -> None:
    """A store's open tables leave its list once over: the console keeps the ones it has shown, so
    the facilitator sees how a table ended and can still open its record."""
    from game.storage import Store

    with Store.open(parley_home) as store:
        first = store.host(sample(), seed=7, roles=("velmar",), name="Room A").code
        second = store.host(sample(), seed=8, roles=("velmar",), name="Room B").code
        app = build_console_app(StoreDesk(store), refresh=0.2)
        async with app.run_test(size=SIZE) as pilot:
            table = app.screen.query_one(DataTable)
            for _ in range(50):
                if table.row_count == 2:
                    break
                await pilot.pause(0.05)
            assert "2 tables, 2 in play" in top_text(app)
            store.add_input(
                first, "facilitator", {"action": "seat", "seat": "velmar", "to": "policy"}, by="f"
            )
            assert store.table_session(first).over and [t.code for t in store.tables()] == [second]
            for _ in range(50):
                if "2 tables, 1 in play" in top_text(app):
                    break
                await pilot.pause(0.05)
            assert "2 tables, 1 in play" in top_text(app)
            rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
            assert [row[0].split("\n")[0] for row in rows] == [second, first]  # in play first
            assert rows[1][1].startswith("Ended: ") and rows[1][2] == "—"
            await press(pilot, "down", "enter")
            assert isinstance(app.screen, TableScreen)
            for _ in range(50):
                if f"{first} Room A · Ended: " in top_text(app):
                    break
                await pilot.pause(0.05)
            assert f"{first} Room A · Ended: " in top_text(app)
            await press(pilot, "escape", "q")


@sync
async def test_the_line_under_the_tables_gives_a_long_list_of_seats_and_alerts_in_full() -> None:
    session = Session(sample(), seed=1, humans=["velmar", "kest", "norland"])
    session.play("velmar", "cancel_lease")  # crosses Velmar's red line: an alert
    session.facilitate({"action": "pause"})
    app = build_console_app(LocalDesk({"AAA111": session}, {"AAA111": "Table 1"}), refresh=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#console-status")
        text = " ".join(top_text(app).split())
        seats = "AAA111: Velmar: —, Kestmark: —, Norland: —"
        said = f"{seats} · paused · red line crossed by Republic of Velmar (R1)"
        assert said in text and len(said) > SIZE[0]
        assert status.region.height == 2  # on two lines, not cut at the edge of the screen


@sync
async def test_a_table_is_at_the_round_of_its_phase_as_its_seats_count_it() -> None:
    """The seats read "Backchannel · round 1 of 3" at the top of their screens: so does the
    facilitator, not the case's round (the fourth, say), which the phase's limit does not count."""
    from tui.clock import clock

    session = Session(sample(), seed=3, humans=["velmar"])
    first = session.snapshot().phase
    while session.snapshot().phase == first:
        session.play_policy(session.waiting_for[0])
    snap = session.snapshot()
    assert snap.round > snap.phase_round == 1
    heading = clock(session.case, snap).heading()  # "Backchannel · round 1 of 3"
    app = build_console_app(LocalDesk({"AAA111": session}, {"AAA111": "Table 1"}), refresh=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cells = [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)]
        assert cells[1].split("\n")[1] == heading.split(" · ")[-1]
        await press(pilot, "enter")
        assert isinstance(app.screen, TableScreen)
        for _ in range(50):
            if "waiting for" in top_text(app):
                break
            await pilot.pause(0.05)
        assert f"Table 1 · {heading} · waiting for" in " ".join(top_text(app).split())


@sync
async def test_the_inject_picker_says_who_a_private_inject_reaches() -> None:
    the_desk, sessions = desk()
    case = sessions["AAA111"].case
    private = [i for i in case.injects.values() if not i.audience.public]
    assert private  # the sample case has injects only some roles read
    app = build_console_app(the_desk, refresh=0.2, open_code="AAA111")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            if isinstance(app.screen, TableScreen) and "waiting for" in top_text(app):
                break
            await pilot.pause(0.05)
        await press(pilot, "f")
        assert isinstance(app.screen, PickScreen)
        text = " ".join(top_text(app).split())
        for inject in case.injects.values():
            if inject.audience.public:
                assert f"{inject.title} · only" not in text
            else:
                names = " and ".join(short_role_name(case, r) for r in inject.audience.roles)
                assert f"{inject.title} · only {names} see" in text
        await press(pilot, "escape")
