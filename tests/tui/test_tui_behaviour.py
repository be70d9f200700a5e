"""Behaviour a trainee expects: plain case text, quitting, help, themes, the palette, size guard."""

from __future__ import annotations

import pytest
from textual.app import App
from tui_support import (
    BROKEN,
    MARKUP,
    SAMPLE,
    SEED,
    SIZE,
    make_app,
    press,
    screen_text,
    shown,
    stack_text,
    sync,
    top_text,
)

from game.errors import CaseError
from tui.app import run_app
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import ConfirmQuitScreen, TooSmallScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.play import PlayScreen
from tui.screens.setup import SetupScreen


def raw_output(app: App[object]) -> str:
    """Every character the terminal would be sent for the top screen, styles aside."""
    return screen_text(app)


async def _to_play(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "ctrl+s")
    for _ in range(6):
        if isinstance(app.screen, PlayScreen):
            return
        await press(pilot, "enter")
    assert isinstance(app.screen, PlayScreen)


@sync
async def test_case_text_is_shown_as_written_never_as_markup_or_escapes() -> None:
    app = make_app(case=str(MARKUP), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        text = shown(app)
        assert "The [UN] Harbour [bold]Standoff[/bold] \\x1b[31mred" in text
        assert "Republic of [b]Velmar[/b]" in text
        assert "\x1b" not in raw_output(app)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BriefingScreen)
        everything = stack_text(app)
        assert "A small [UN] republic \\x1b[31mwhose economy [bold]rests[/bold] on its port." in everything
        assert "\x1b" not in raw_output(app)
        await _to_play(pilot, app)
        text = shown(app)
        assert "Ask [UN] what the [bold]other[/bold] side fears" in text
        assert "\x1b" not in raw_output(app)
        await press(pilot, "1")
        assert "Republic of [b]Velmar[/b]: Ask [UN] what the [bold]other[/bold] side fears" in stack_text(app)


@sync
async def test_library_lists_markup_titles_plainly() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[bold]Standoff[/bold]" in shown(app)
        assert "\x1b" not in raw_output(app)


@sync
async def test_quitting_mid_case_asks_and_says_the_game_is_saved_and_how_to_resume() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _to_play(pilot, app)
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        text = " ".join(top_text(app).split())
        assert "Your game is saved as session 1" in text
        assert "`parley resume 1`" in text and "Ctrl+R in the case library" in text
        assert "lost" not in text
        await press(pilot, "n")
        assert isinstance(app.screen, PlayScreen)
        await press(pilot, "q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, PlayScreen) and app.is_running
        await press(pilot, "ctrl+q")
        await press(pilot, "y")
    assert app.return_code == 0


@sync
async def test_ctrl_c_says_which_key_quits() -> None:
    """Ctrl+C quits most terminal programs: a new user who tries it is told what does."""
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _to_play(pilot, app)
        await press(pilot, "ctrl+c")
        assert isinstance(app.screen, PlayScreen) and app.is_running
        said = [str(n.message) for n in app._notifications]
        assert "Press Ctrl+Q to quit Parley (during a case it asks first)." in said


@sync
async def test_quitting_from_the_library_needs_no_confirmation() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+q")
        assert not app.is_running


@sync
async def test_help_lists_every_key_of_the_current_screen() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _to_play(pilot, app)
        play = app.screen
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = top_text(app)
        for binding in type(play).BINDINGS:
            key = binding.key  # type: ignore[union-attr]
            if key.isdigit():
                continue
            if key in ("enter", "escape"):  # only active once a move is in / the log is open
                continue
            assert app.get_key_display(binding) in text, key  # type: ignore[arg-type]
        assert "1–9" in text and "play move by its number" in text
        assert "read your private briefing again" in text
        assert "^q" in text and "^t" in text and "^p" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, PlayScreen)


@sync
async def test_themes_switch_at_run_time_by_key_and_palette() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "parley-dark"
        await press(pilot, "ctrl+t")
        assert app.theme == "parley-light"
        await press(pilot, "ctrl+t")
        assert app.theme == "parley-contrast"
        await press(pilot, "ctrl+t")
        assert app.theme == "parley-dark"
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Theme: high contrast (projector)" in titles
        assert "Keys: help for this screen" in titles and "Quit Parley" in titles
        assert "Open the highlighted case" in titles
        await press(pilot, "ctrl+p")
        await press(pilot, *"high contrast")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        assert app.theme == "parley-contrast"


@sync
async def test_a_small_terminal_shows_a_notice_and_resizing_recovers() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = shown(app)
        assert "Please enlarge the terminal" in text and "at least 80×24" in text and "70×20" in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.1)  # the app resizes on a short timer
        assert isinstance(app.screen, SetupScreen)
        await pilot.resize_terminal(79, 30)
        await pilot.pause(0.1)  # the app resizes on a short timer
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(200, 50)
        await pilot.pause(0.1)  # the app resizes on a short timer
        assert isinstance(app.screen, SetupScreen)
        assert "Set-up · The Harbour Standoff" in shown(app)


@sync
async def test_the_mouse_plays_a_move_and_opens_a_case() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.click("#cases", offset=(4, 1))
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.click("#start")
        await pilot.pause()
        app.screen.query_one("#briefing-body").scroll_end(animate=False)  # as the mouse wheel would
        await pilot.pause()
        await pilot.click("#begin", offset=(2, 1))
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.click("#move-list", offset=(4, 0))
        await pilot.pause()
        assert app.table is not None
        assert [e for e in app.table.session.log if e.kind == "move" and e.role == "velmar"]


@sync
async def test_debrief_reached_directly_shows_every_part() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _to_play(pilot, app)
        for key in "4":  # cancel the lease: the case ends at once
            await press(pilot, key)
        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        text = shown(app)
        assert "Outcome: Capitulation (capitulation)" in text
        assert "Red lines and no reactive concessions" in text
        assert "-60 conceded under pressure (R1 Cancel the lease)" in text
        assert "The decisions that mattered most" in text
        assert "Round 1: Cancel the lease" in text


def test_run_app_refuses_bad_arguments_before_starting(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_app(players=9) == 2
    assert "--players must be from 1 to 6" in capsys.readouterr().err
    assert run_app(cases_dir="/nonexistent/folder") == 2
    assert "no such folder" in capsys.readouterr().err
    with pytest.raises(CaseError):
        run_app(case="no-such-case")
    with pytest.raises(CaseError):
        run_app(case=str(BROKEN))
