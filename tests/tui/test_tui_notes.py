"""Teaching notes in the app: a facilitator's key on set-up and on the debrief, never during play."""

from __future__ import annotations

from textual.binding import Binding
from tui_support import SAMPLE, SEED, SIZE, make_app, press, sync, top_text

from tui.screens.notes import NotesScreen
from tui.screens.play import PlayScreen
from tui.screens.setup import SetupScreen


@sync
async def test_ctrl_n_on_set_up_shows_the_teaching_notes_and_escape_closes_them() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await press(pilot, "ctrl+n")
        assert isinstance(app.screen, NotesScreen)
        text = top_text(app)
        assert "Teaching notes · for the facilitator" in text
        assert "## Learning objectives" in text and "resist the instinct to retaliate in kind" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, SetupScreen)


def test_the_play_screen_has_no_key_for_the_notes() -> None:
    actions = {b.action for b in Binding.make_bindings(PlayScreen.BINDINGS)}
    assert "notes" not in actions
