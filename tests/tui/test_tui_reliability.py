"""The app with a damaged store (issue 15): it opens, tells the user, and every healthy game stays.

Built through the same factory as the command line, with ``PARLEY_HOME`` in a temporary folder.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui_support import make_app, shown, sync

from game.play.session import Session
from game.storage import Autosave, Store
from tests.engine_helpers import sample
from tui.screens.library import LibraryScreen


def _waiting_games(home: Path) -> tuple[int, int]:
    """Two unfinished games; their ids."""
    with Store.open(home) as store:
        assert store.sessions() == []
        ids = []
        for seed in (1, 2):
            game = Autosave.start(store, Session(sample(), seed=seed, humans=["velmar"]))
            ids.append(game.id)
        assert [s.id for s in store.unfinished()] == ids[::-1]
        return ids[0], ids[1]


@sync
async def test_a_schema_that_is_not_text_is_moved_aside_and_the_app_opens(parley_home: Path) -> None:
    _waiting_games(parley_home)
    path = parley_home / "parley.db"
    data = bytearray(path.read_bytes())
    data[data.index(b"CREATE TABLE") + 3] = 0xC0
    path.write_bytes(bytes(data))
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        assert isinstance(app.screen, LibraryScreen)
        text = shown(app)
        assert "The saved games could not be read" in text and "moved to" in text
    assert list(parley_home.glob("parley.db.corrupt-*"))


@sync
async def test_a_damaged_game_is_named_and_the_others_still_offered(parley_home: Path) -> None:
    bad, good = _waiting_games(parley_home)
    conn = sqlite3.connect(parley_home / "parley.db")
    conn.execute("UPDATE sessions SET players = '{oops' WHERE id = ?", (bad,))
    conn.commit()
    conn.close()
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        assert isinstance(app.screen, LibraryScreen)
        assert [s.id for s in app.unfinished_sessions()] == [good]
        await pilot.pause(0.1)
        text = shown(app)
        assert f"Session {bad} is damaged" in text and "skipped" in text
