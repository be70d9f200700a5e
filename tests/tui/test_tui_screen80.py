"""The trainee's screen at 80×24 (issue 13): one Pilot test per defect found in play, reproduced
with keys, then the play layout, the clock, the sessions screen, the hot-seat table and the
remembered preferences.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input
from tui_support import (
    SAMPLE,
    SEED,
    SIMULTANEOUS,
    SIZE,
    make_app,
    press,
    screen_text,
    shown,
    stack_text,
    sync,
)

from game.case.library import open_case
from game.play.session import Session
from game.storage import Autosave, Status, Store
from tui.app import ParleyApp
from tui.hotseat import HotSeat
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.handoff import HandoffScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.play import PlayScreen
from tui.screens.replay import ReplayScreen
from tui.screens.reveal import RevealScreen
from tui.screens.sessions import SessionsScreen
from tui.screens.setup import SetupScreen
from tui.widgets.meters import MeterPanel
from tui.widgets.moves import MovePicker
from tui.widgets.scores import ScoreBar

IRON = "coercion-under-asymmetry"


def first_open(screen: PlayScreen) -> int:
    """The number of the first open move on screen."""
    options = screen.query_one(MovePicker).options
    return next(i for i, o in enumerate(options, 1) if o.open)


async def play_number(pilot: Pilot[int], screen: PlayScreen, number: int) -> None:
    """Play move ``number``: its key, or with ten moves or more its digits then Enter."""
    picker = screen.query_one(MovePicker)
    await press(pilot, *str(number))
    if picker.typing:
        await press(pilot, "enter")


async def step(pilot: Pilot[int], app: ParleyApp) -> None:
    """One step of a game on any screen: start, take the keyboard, read, play the first open move,
    continue."""
    screen = app.screen
    if isinstance(screen, SetupScreen):
        await press(pilot, "ctrl+s")
    elif isinstance(screen, PlayScreen) and not screen.finished:
        await play_number(pilot, screen, first_open(screen))
    else:
        await press(pilot, "enter")


async def to_play(pilot: Pilot[int], app: ParleyApp) -> PlayScreen:
    """From set-up to the first turn."""
    for _ in range(10):
        if isinstance(app.screen, PlayScreen):
            break
        await step(pilot, app)
    assert isinstance(app.screen, PlayScreen)
    return app.screen


def region_text(app: ParleyApp, widget: Widget) -> str:
    """The text drawn inside ``widget``'s region (borders and scrollbars included), lines joined."""
    region = widget.region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x + 1 : region.right - 3] for line in lines).split())


def iron(**kwargs: object) -> ParleyApp:
    """Iron Meridian, one player (Maren), on the fixed seed."""
    return make_app(case=IRON, seed=SEED, **kwargs)


# ---------------------------------------------------------------------------------- defect 1


@sync
async def test_defect1_every_meter_is_reachable_at_80x24() -> None:
    case = open_case(IRON)
    async with iron().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        screen = await to_play(pilot, app)
        labels = {m.label for m in case.meters.values() if m.visible}
        assert "Days to sanctions" not in screen_text(app)  # more meters than the split layout has rows
        await press(pilot, "e")  # expand the meters
        text = screen_text(app)
        assert all(label in text for label in labels), labels
        assert "Tovia" in text and "Standing" in text
        meters = screen.query_one(MeterPanel)
        assert meters.has_focus
        await press(pilot, "end")  # the last meter, described
        assert "Days to sanctions" in shown(app) and "from 0 to" in shown(app)
        description = case.meters["clock"].description.split()[0]
        assert description in shown(app)
        await press(pilot, "escape")  # back to the split layout, focus on the moves
        assert screen.maximized is None and screen.query_one("#move-list").has_focus
        await press(pilot, "tab", "tab", "tab")  # Tab reaches the meters, which scroll with the keys
        assert screen.query_one(MeterPanel).has_focus
        await press(pilot, "end")
        assert "Days to sanctions" in screen_text(app)


# ---------------------------------------------------------------------------------- defect 2


@sync
async def test_defect2_the_log_shows_the_move_and_replies_under_an_inject() -> None:
    async with iron().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        screen = await to_play(pilot, app)
        number = first_open(screen)
        label = screen.query_one(MovePicker).options[number - 1].move.label
        await play_number(pilot, screen, number)
        text = screen_text(app)
        assert "BREAKING" in text  # round 2 has an inject …
        assert "New since your last move" in text  # … and the log is still there under it
        log = screen.query_one("#log")
        assert log.region.height >= 5
        assert f"Republic of Maren: {label}" in region_text(app, log)


# ---------------------------------------------------------------------------------- defect 3


@sync
async def test_defect3_situation_inject_and_move_descriptions_are_shown_in_full() -> None:
    case = open_case(IRON)
    async with iron().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        screen = await to_play(pilot, app)
        await play_number(pilot, screen, first_open(screen))
        session = app.table.session  # type: ignore[union-attr]
        phase = case.phases[session.snapshot().phase]
        inject = next(case.injects[e.data["inject"]] for e in reversed(session.log) if e.kind == "inject")
        await press(pilot, "n")  # the narrative, full screen
        text = shown(app)
        assert " ".join(inject.text.split()) in text
        assert " ".join(phase.text.split()) in text
        await press(pilot, "escape", "down")  # highlight the first open move: its whole description
        picker = screen.query_one(MovePicker)
        move = picker.options[first_open(screen) - 1].move
        assert " ".join(move.description.split()) in shown(app)


# ---------------------------------------------------------------------------------- defect 4


@sync
async def test_defect4_since_your_last_move_is_right_after_resuming_mid_round(parley_home: Path) -> None:
    app = make_app(case=str(SIMULTANEOUS), seed=SEED, players=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Round 1 for both, then Velmar seals a choice in round 2 and the game stops at the hand-off.
        for _ in range(40):
            table = app.table
            if (
                table is not None
                and table.session.round == 2
                and isinstance(app.screen, HandoffScreen)
                and table.session.waiting_for == ("kest",)
            ):
                break
            await step(pilot, app)
        table = app.table
        assert table is not None and isinstance(app.screen, HandoffScreen)
        live = dict(table.last_move)
        live_changes = {role: table.changes_for(role) for role in live}
        app.exit()
    again = make_app(resume=1)
    async with again.run_test(size=SIZE) as pilot:
        for _ in range(5):
            await pilot.pause()
        resumed = again.table
        assert resumed is not None
        assert resumed.last_move == live
        assert {role: resumed.changes_for(role) for role in live} == live_changes
        for _ in range(4):  # Kestmark takes the keyboard: only what is new since its move
            if isinstance(again.screen, PlayScreen):
                break
            await press(pilot, "enter")
        assert isinstance(again.screen, PlayScreen)
        assert "New phase" not in screen_text(again)


def test_defect4_resumed_tables_remember_every_choice_as_a_live_table_does() -> None:
    """At every point of hot-seat games, in turn and secret, a table rebuilt from the log alone
    remembers the same choices as the table that played them."""
    import random

    from tui.hotseat import Plan, Seat, last_choices

    for case_id in ("arms-reduction-coalition", "harbour-standoff"):
        case = open_case(case_id)
        for seed in range(3):
            table = HotSeat(Plan(case, seed, tuple(Seat(r, r) for r in case.playable_roles[:3])))
            rng = random.Random(seed)
            while not table.session.over and table.session.waiting_for:
                role = table.session.waiting_for[0]
                move = rng.choice([o for o in table.session.options(role) if o.open]).move.id
                table.play(table.seat_of(role), move)
                assert last_choices(table.session) == table.last_move


# ---------------------------------------------------------------------------------- defect 5


@sync
async def test_defect5_question_mark_on_the_library_opens_help() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await press(pilot, "h", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        assert app.screen.query_one("#filter", Input).value == "h"  # nothing typed into the filter


# ---------------------------------------------------------------------------------- defect 6


@sync
async def test_defect6_the_log_never_reports_a_flag_change_that_did_not_happen() -> None:
    async with iron().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        screen = await to_play(pilot, app)
        options = screen.query_one(MovePicker).options
        envoy = next(i for i, o in enumerate(options, 1) if o.move.id == "open_backchannel")
        await play_number(pilot, screen, envoy)  # sets the channel, "clears" a burn never set
        await press(pilot, "l")
        text = stack_text(app)
        assert "Send a discreet envoy" in text
        assert "no longer: The quiet channel has been burned" not in text
        assert open_case(IRON).flags["channel"].description in text  # the change that did happen


# ---------------------------------------------------------------------------------- defect 7


@sync
async def test_defect7_the_hot_seat_status_line_keeps_the_players_name() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED, players=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#name-0", Input).focus()
        await press(pilot, *"Alexandra Konstantinou")
        for _ in range(10):
            if isinstance(app.screen, PlayScreen):
                break
            await step(pilot, app)
        first_line = screen_text(app).splitlines()[0]
        assert "round 1 of 3" in first_line and "Alexandra Konstantinou" in first_line


@sync
async def test_defect7_the_resume_banner_shows_its_key(parley_home: Path) -> None:
    case = open_case(str(SAMPLE))
    with Store.open(parley_home) as store:
        Autosave.start(store, Session(case, seed=SEED, humans=["velmar"], names={"velmar": "Ana"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Ctrl+R resumes your saved game" in screen_text(app)


@sync
async def test_defect7_setup_footer_debrief_weights_and_report_path_fit_80_columns() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "^s Start" in footer and "Th" not in footer.replace("The", "")
        screen = await to_play(pilot, app)
        for _ in range(40):  # the first open move each turn, to the end
            if isinstance(app.screen, DebriefScreen):
                break
            await step(pilot, app)
        assert isinstance(app.screen, DebriefScreen)
        for bar in app.screen.query(ScoreBar).filter(".dimension"):
            assert str(bar.render()).rstrip().endswith("/100")
            assert bar.note in str(bar.render())  # "(×2)" kept however the title is cut
        await press(pilot, "s")
        saved = Path(app.screen.saved_to or "")
        assert any(saved.name in line for line in screen_text(app).splitlines()), screen_text(app)
        assert oct(saved.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
        del screen


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------------------------- defect 8


@sync
async def test_defect8_escape_on_the_first_briefing_goes_back_to_setup(parley_home: Path) -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#name-0", Input).focus()
        await press(pilot, *"Ana", "ctrl+s")
        assert isinstance(app.screen, BriefingScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#name-0", Input).value == "Ana"
        with Store.open(parley_home) as store:
            assert store.info(1).status is Status.ABANDONED  # the empty game is not offered to resume
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BriefingScreen)


@sync
async def test_defect8_escape_on_the_debrief_returns_to_the_library() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(60):
            if isinstance(app.screen, DebriefScreen):
                break
            await step(pilot, app)
        await press(pilot, "escape")
        assert isinstance(app.screen, LibraryScreen)


@sync
async def test_defect8_footer_after_a_reopened_briefing_is_the_play_footer() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_play(pilot, app)
        await press(pilot, "b")
        assert isinstance(app.screen, BriefingScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, PlayScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Briefing" in footer and "Read on" not in footer and "begin" not in footer


@sync
async def test_defect8_the_theme_is_remembered_on_restart() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+t")
        assert app.theme == "parley-light"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "parley-light"


@sync
async def test_defect8_library_header_counts_the_matches_while_filtering() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "4 cases" in screen_text(app).splitlines()[0]
        await press(pilot, *"secret")
        assert "1 of 4 cases" in screen_text(app).splitlines()[0]


@sync
async def test_defect8_name_fields_start_empty_and_take_what_is_typed() -> None:
    app = make_app(case=str(SAMPLE), seed=SEED, players=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert screen.query_one("#name-0", Input).value == ""
        screen.query_one("#name-0", Input).focus()
        await press(pilot, *"Ana")
        assert [s.name for s in screen.seats()] == ["Ana", "Player 2"]


@sync
async def test_defect8_moves_ten_and_more_are_played_by_typing_their_number() -> None:
    async with iron().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        screen = await to_play(pilot, app)
        picker = screen.query_one(MovePicker)
        assert len(picker.options) >= 10 and picker.options[9].open
        tenth = picker.options[9].move
        await press(pilot, "1", "0")
        assert tenth.label in shown(app)  # highlighted and described, not played yet
        assert app.table.session.round == 1  # type: ignore[union-attr]
        await press(pilot, "enter")
        assert f"Republic of Maren: {tenth.label}" in stack_text(app)


# ---------------------------------------------------------------------------------- the clock


@sync
async def test_phase_and_clock_are_always_shown_with_a_warning_on_the_last_round() -> None:
    async with iron().run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.pause()
        await to_play(pilot, app)
        assert screen_text(app).splitlines()[0].startswith(" Coercive signal · round 1 of 3")
        seen_warning = False
        for _ in range(6):
            snap = app.table.session.snapshot()  # type: ignore[union-attr]
            line = screen_text(app).splitlines()[0]
            assert f"round {snap.phase_round} of" in line
            if "last round ⚠" in line:
                seen_warning = True
                assert "Last round of this phase: unless a move leads out" in stack_text(app)
                await press(pilot, "n")  # the story pane, in full, says what comes next
                assert "Backchannel is next" in shown(app)
                break
            await step(pilot, app)
        assert seen_warning


# ---------------------------------------------------------------------------------- sessions screen


@sync
async def test_sessions_screen_reopens_a_debrief_replays_and_exports(parley_home: Path) -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(60):
            if isinstance(app.screen, DebriefScreen):
                break
            await step(pilot, app)
        outcome = app.screen.query_one("#outcome").content  # type: ignore[attr-defined]
        await press(pilot, "n")
        assert isinstance(app.screen, LibraryScreen)
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, SessionsScreen)
        assert "1 finished" in screen_text(app) and "The Harbour Standoff" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.query_one("#outcome").content == outcome  # type: ignore[attr-defined]
        await press(pilot, "escape", "ctrl+o", "x")
        reports = sorted((parley_home / "reports").iterdir())
        assert [p.suffix for p in reports] == [".html", ".md"]
        assert all(p.stat().st_mode & 0o777 == 0o666 & ~_umask() for p in reports)
        assert reports[1].read_text(encoding="utf-8").startswith("# Debrief: The Harbour Standoff")
        await press(pilot, "r")
        assert isinstance(app.screen, ReplayScreen)


# ---------------------------------------------------------------------------------- hot-seat table


@sync
async def test_hot_seat_debrief_has_every_players_scores_side_by_side() -> None:
    case = open_case(str(SAMPLE))
    app = make_app(case=str(SAMPLE), seed=SEED, players=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(120):
            if isinstance(app.screen, DebriefScreen):
                break
            if isinstance(app.screen, RevealScreen):
                await press(pilot, "enter")
                continue
            await step(pilot, app)
        assert isinstance(app.screen, DebriefScreen)
        text = screen_text(app)
        assert "All players" in text and "Player 1" in text and "Player 2" in text
        rows = [line for line in text.splitlines() if "(×" in line]
        result = app.screen.result
        # one row per dimension of any player's rubric (a role may have its own), "–" where a
        # player is not judged on it
        dims = list(dict.fromkeys(d.id for p in result.players for d in p.dimensions))
        assert len(rows) == len(dims) and len(dims) >= len(case.rubric)
        for dim_id, line in zip(dims, rows, strict=True):
            numbers = [int(w) for w in line.split(")")[-1].replace("│", " ").split() if w.isdigit()]
            assert numbers == [d.score for p in result.players for d in p.dimensions if d.id == dim_id]


# ---------------------------------------------------------------------------------- preferences


def test_preferences_are_kept_in_the_config_folder(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tui.preferences import config_dir, load_preferences, remember

    monkeypatch.setenv("PARLEY_CONFIG", str(tmp_path / "config"))
    assert config_dir() == tmp_path / "config"
    assert load_preferences() == load_preferences().__class__()
    remember(theme="parley-contrast")
    remember(case_folder=str(tmp_path))
    prefs = load_preferences()
    assert (prefs.theme, prefs.remembered_folder()) == ("parley-contrast", tmp_path)
    (tmp_path / "config" / "preferences.json").write_text("{not json", encoding="utf-8")
    assert load_preferences().theme is None  # a damaged file gives the defaults


def test_the_last_case_folder_is_used_when_none_is_given(tmp_path: Path) -> None:
    import shutil

    from tui.app import build_app

    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "my-copy.yaml")
    build_app(cases_dir=folder)
    app = build_app()
    paths = [entry.path for entry in app.load_library()]
    assert folder / "my-copy.yaml" in paths


@sync
async def test_the_debrief_tells_how_the_case_ended_before_what_ran_out_of_time() -> None:
    """The summary over the scores shows four lines at 80×24: the ending's story comes right
    after the outcome, and the phases that ran out of time (and the facilitator's actions) after
    it, so a case whose phases timed out still shows what happened without scrolling."""
    app = make_app(case="coercion-under-asymmetry", seed=11)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(80):
            if isinstance(app.screen, DebriefScreen):
                break
            await step(pilot, app)
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        ended = screen.table.session.ending
        assert ended is not None
        story = " ".join(ended.text.split())
        summary = " ".join(str(screen.query_one("#outcome").content).split())  # type: ignore[attr-defined]
        assert "⏱" in summary  # a phase ran out of time on this road
        assert summary.index(story[:40]) < summary.index("⏱")
        shown_now = " ".join(region_text(app, screen.query_one("#debrief-summary")).split())
        assert story.split(".")[0][:30] in shown_now  # drawn, not below the fold
