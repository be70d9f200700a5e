"""The facilitator's console (``parley console``): the overview, one table, its actions, notes and
the comparison, at 80×24, over tables held in memory (:class:`game.instructor.desk.LocalDesk`)."""

from __future__ import annotations

from textual.widgets import DataTable
from tui_support import SIZE, press, sync, top_text

from game.instructor.desk import LocalDesk
from game.play.session import Session
from tests.engine_helpers import sample
from tui.console import build_console_app
from tui.screens.console import ConsoleScreen
from tui.screens.console_compare import CompareScreen
from tui.screens.console_dialogs import AdjustScreen, NoteScreen, PickScreen
from tui.screens.console_table import TableScreen
from tui.screens.notes import NotesScreen


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
        assert first[0] == "AAA111\nTable 1" and first[1].endswith("\nround 1")
        assert first[2] == "Velmar" and first[4] == "paused"
        assert "AAA111: Republic of Velmar: —" in top_text(app)  # the highlighted table's seats
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
        await pilot.pause()
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
