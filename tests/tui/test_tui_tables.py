"""A seat at a table played across terminals: its own view, following the store, refusals."""

from __future__ import annotations

from pathlib import Path

from game.case.loader import load_case
from game.storage import Store
from tests.tui.tui_support import (
    SAMPLE,
    SIMULTANEOUS,
    SIZE,
    make_app,
    press,
    shown,
    stack_text,
    sync,
    top_text,
)
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import ConfirmQuitScreen
from tui.screens.table import TablePlayScreen


def _table(home: Path) -> str:
    with Store.open(home) as store:
        code = store.host(load_case(SAMPLE), seed=7, roles=("velmar", "kest")).code
        store.join(code, "velmar", "Ana")
        store.join(code, "kest", "Bo")
    return code


def _open_move(store: Store, code: str, role: str) -> str:
    session = store.table_session(code)
    return next(o.move.id for o in session.options(role) if o.open)


@sync
async def test_a_seat_plays_its_turn_waits_for_the_others_and_sees_their_moves(parley_home: Path) -> None:
    code = _table(parley_home)
    app = make_app(join=(code, "velmar", "Ana"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):  # the library first, then the seat's briefing once the table is read
            if isinstance(app.screen, BriefingScreen):
                break
            await pilot.pause(0.05)
        while isinstance(app.screen, BriefingScreen):
            await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, TablePlayScreen) and not screen.waiting
        assert f"table {code} · saved" in shown(app)
        await press(pilot, "1")
        assert screen.waiting
        assert "Waiting for Bo (Kestmark)." in shown(app)
        with Store.open(parley_home) as other:  # Bo, in another terminal
            assert other.table_position(code) == 1
            await press(pilot, "2")  # not our turn: nothing happens
            assert other.table_position(code) == 1
            other.add_input(code, "move", {"role": "kest", "move": _open_move(other, code, "kest")}, by="Bo")
            await pilot.pause(0.6)  # the seat polls the store every 200 ms
            assert not screen.waiting, shown(app)
            assert "Kestmark" in shown(app)  # Bo's move (or that Kestmark made a private move) is in the log
            other.add_input(code, "facilitator", {"action": "pause"}, by="facilitator")  # the console
            await pilot.pause(0.6)
            assert screen.waiting
            assert "Paused by the facilitator: the table takes no move until it resumes." in shown(app)
            other.add_input(code, "facilitator", {"action": "resume"}, by="facilitator")
            await pilot.pause(0.6)
            assert not screen.waiting, shown(app)
            # Ana's move arrives from elsewhere first (a second terminal of hers), before this screen
            # has looked again: the store decides, and this one is refused with why.
            screen.poller.pause()
            other.add_input(
                code, "move", {"role": "velmar", "move": _open_move(other, code, "velmar")}, by="Ana"
            )
            await press(pilot, "1")
            told = [str(n.message) for n in app._notifications]
            assert told == ["it is not 'velmar''s turn (waiting for kest)"]
            assert screen.waiting  # drawn again as the table now stands
            assert (
                other.table_position(code) == 5
            )  # two moves, the pause, the resume, the move from elsewhere
            screen.poller.resume()
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        assert f"parley join {code} --role velmar --name 'Ana'" in " ".join(top_text(app).split())
        await press(pilot, "y")
    assert app.return_code == 0


@sync
async def test_a_secret_choice_is_sealed_until_every_seat_has_chosen_and_a_rejoin_knows_it(
    parley_home: Path,
) -> None:
    with Store.open(parley_home) as store:
        code = store.host(load_case(SIMULTANEOUS), seed=3, roles=("velmar", "kest")).code
        store.join(code, "velmar", "Ana")
        store.join(code, "kest", "Bo")
    for attempt in range(2):  # the second time, Ana's terminal comes back after choosing
        app = make_app(join=(code, "velmar", "Ana"))
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(50):
                if isinstance(app.screen, (BriefingScreen, TablePlayScreen)):
                    break
                await pilot.pause(0.05)
            while isinstance(app.screen, BriefingScreen):
                await press(pilot, "enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TablePlayScreen)
            if attempt == 0:
                await press(pilot, "1")
                assert "Your choice is sealed: " in shown(app)
                assert "Waiting for Bo (Kestmark)." in shown(app)
            else:
                assert screen.waiting
                assert "Your choice for this round is sealed. Waiting for Bo (Kestmark)." in shown(app)
                with Store.open(parley_home) as other:
                    move = _open_move(other, code, "kest")
                    other.add_input(code, "move", {"role": "kest", "move": move}, by="Bo")
                await pilot.pause(0.6)
                assert not screen.waiting  # the round resolved: Ana chooses again
                assert "Your moves, Ana" in shown(app)
            await press(pilot, "ctrl+q", "y")


@sync
async def test_a_seat_handed_to_the_policy_is_told_so_and_the_debrief_names_the_players(
    parley_home: Path,
) -> None:
    code = _table(parley_home)
    app = make_app(join=(code, "velmar", "Ana", "TOKN-TOKN"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            if isinstance(app.screen, BriefingScreen):
                break
            await pilot.pause(0.05)
        while isinstance(app.screen, BriefingScreen):
            await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, TablePlayScreen)
        with Store.open(parley_home) as desk:  # the facilitator, from parley seat or the console
            desk.add_input(
                code, "facilitator", {"action": "seat", "seat": "velmar", "to": "policy"}, by="facilitator"
            )
            await pilot.pause(0.6)
            assert screen.waiting
            assert "The facilitator has handed your seat to the policy" in shown(app)
            assert "Waiting for Bo (Kestmark)." in shown(app)  # the policy played Ana's turn at once
            desk.add_input(code, "facilitator", {"action": "pause"}, by="facilitator")
            desk.add_input(
                code, "facilitator", {"action": "seat", "seat": "kest", "to": "policy"}, by="facilitator"
            )
            await pilot.pause(0.6)
            assert screen.waiting and "Paused by the facilitator" in shown(app)
            await press(pilot, "ctrl+q")  # leaving says how to come back, token and all
            assert isinstance(app.screen, ConfirmQuitScreen)
            assert "--name 'Ana' --token TOKN-TOKN" in " ".join(top_text(app).split())
            await press(pilot, "escape")
            desk.add_input(code, "facilitator", {"action": "resume"}, by="facilitator")  # both play out
            assert desk.table_session(code).over
        for _ in range(50):
            if isinstance(app.screen, DebriefScreen):
                break
            await pilot.pause(0.1)
            if screen.finished and isinstance(app.screen, TablePlayScreen):
                await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        text = " ".join(top_text(app).split())
        assert "Ana (Velmar)" in text and "Bo (Kestmark)" in text
        assert "Facilitator handed Republic of Velmar's seat to the policy" in text


@sync
async def test_the_saved_games_screen_will_not_replay_or_report_a_table_still_in_play(
    parley_home: Path,
) -> None:
    """A trainee done with one table opens the saved games (Ctrl+O) on a shared store: another
    table still in play is listed, but its replay and its report (every seat's private moves, the
    debrief's notes) are refused until it is over."""
    from tui.screens.library import LibraryScreen
    from tui.screens.replay import ReplayScreen
    from tui.screens.sessions import SessionsScreen

    code = _table(parley_home)
    with Store.open(parley_home) as store:
        store.add_input(code, "move", {"role": "velmar", "move": _open_move(store, code, "velmar")}, by="Ana")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            if isinstance(app.screen, LibraryScreen):
                break
            await pilot.pause(0.05)
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, SessionsScreen)
        assert "The Harbour Standoff" in shown(app)
        await press(pilot, "r")
        assert isinstance(app.screen, SessionsScreen)
        await press(pilot, "x")
        assert not (parley_home / "reports").exists() or not any((parley_home / "reports").iterdir())
        said = " ".join(str(n.message) for n in app._notifications)
        assert f"is played at table {code} right now" in said and f"parley console {code}" in said
    with Store.open(parley_home) as store:  # once the table is over, both are offered again
        for role in ("velmar", "kest"):
            store.add_input(
                code, "facilitator", {"action": "seat", "seat": role, "to": "policy"}, by="facilitator"
            )
        assert store.table_session(code).over
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            if isinstance(app.screen, LibraryScreen):
                break
            await pilot.pause(0.05)
        await press(pilot, "ctrl+o", "r")
        assert isinstance(app.screen, ReplayScreen)


@sync
async def test_a_seat_the_facilitator_released_says_so_and_stops_following_the_table(
    parley_home: Path,
) -> None:
    code = _table(parley_home)
    app = make_app(join=(code, "velmar", "Ana"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            if isinstance(app.screen, BriefingScreen):
                break
            await pilot.pause(0.05)
        while isinstance(app.screen, BriefingScreen):
            await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, TablePlayScreen) and not screen.waiting
        with Store.open(parley_home) as desk:  # Ana lost her token: the facilitator frees the seat
            desk.release(code, "velmar")
            await pilot.pause(0.6)
            assert screen.waiting
            text = " ".join(shown(app).split())
            assert f"The facilitator released your seat at table {code}. It is free: take it again" in text
            desk.join(code, "velmar", "Eve")  # someone else takes it and plays
            move = _open_move(desk, code, "velmar")
            desk.add_input(code, "move", {"role": "velmar", "move": move}, by="Eve")
            label = desk.table_session(code).case.moves[move].label
            await pilot.pause(0.6)
            assert f"Republic of Velmar: {label}" not in " ".join(stack_text(app).split())  # nor read along
            await press(pilot, "1")  # no move from here
            assert desk.table_position(code) == 1
