"""A seat at a table played across terminals: its own view, following the store, refusals."""

from __future__ import annotations

from pathlib import Path

from game.case.loader import load_case
from game.storage import Store
from tests.tui.tui_support import SAMPLE, SIZE, make_app, press, shown, sync, top_text
from tui.screens.briefing import BriefingScreen
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
            assert other.table_position(code) == 3
            screen.poller.resume()
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        assert f"parley join {code} --role velmar --name 'Ana'" in " ".join(top_text(app).split())
        await press(pilot, "y")
    assert app.return_code == 0
