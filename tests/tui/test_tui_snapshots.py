"""Snapshot tests: every screen at 80×24 (the play screen of each built-in case also at 120×40)
with a fixed seed (SVGs under ``__snapshots__``).

Regenerate with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` after a deliberate
change, and look at the SVGs before accepting them. They depend on Textual's exact version, which
pyproject.toml pins.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import MARKUP, SAMPLE, SEED, SIMULTANEOUS, SIZE, make_app

from game.case.loader import load_case
from game.play.session import Session
from game.storage import Autosave, Store
from tui.screens.briefing import BriefingScreen
from tui.screens.play import PlayScreen
from tui.widgets.moves import MovePicker

Step = Callable[[Pilot[int]], Awaitable[None]]


def steps(*keys: str, after: Step | None = None) -> Step:
    """Press ``keys`` one by one (pausing after each), then run ``after``."""

    async def run(pilot: Pilot[int]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if after is not None:
            await after(pilot)
        await pilot.pause()

    return run


async def through_briefing(pilot: Pilot[int]) -> None:
    """Page through the briefing into play."""
    for _ in range(6):
        if not isinstance(pilot.app.screen, BriefingScreen):
            break
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, PlayScreen)


def sample(**kwargs: object):  # type: ignore[no-untyped-def]
    return make_app(case=str(SAMPLE), seed=SEED, **kwargs)


def test_library(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(seed=SEED), terminal_size=SIZE, run_before=steps())


def test_library_filtered(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(seed=SEED), terminal_size=SIZE, run_before=steps(*"secret"))


def test_setup(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps())


def test_setup_three_players(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample(players=3), terminal_size=SIZE, run_before=steps())


def test_briefing(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s"))


def test_briefing_last_page(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", "enter"))


def test_play_first_turn(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=through_briefing))


def test_play_after_a_move(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def move(pilot: Pilot[int]) -> None:
        await through_briefing(pilot)
        await pilot.press("5")

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=move))


def test_play_inject(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def five_rounds(pilot: Pilot[int]) -> None:
        await through_briefing(pilot)
        for key in "51111":  # the court, then listen until round 6's inject
            await pilot.press(key)
            await pilot.pause()

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=five_rounds))


def test_play_full_log(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def log(pilot: Pilot[int]) -> None:
        await through_briefing(pilot)
        await pilot.press("6", "l")

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=log))


def test_play_move_in_waiting_to_pass_the_keyboard(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def move(pilot: Pilot[int]) -> None:
        await pilot.press("enter")
        await through_briefing(pilot)
        await pilot.press("1")

    assert snap_compare(sample(players=2), terminal_size=SIZE, run_before=steps("ctrl+s", after=move))


def test_handoff(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample(players=3), terminal_size=SIZE, run_before=steps("ctrl+s"))


def test_reveal(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def both(pilot: Pilot[int]) -> None:
        await pilot.press("enter")
        await through_briefing(pilot)
        await pilot.press("5", "enter", "enter")
        await through_briefing(pilot)
        await pilot.press("2")

    app = make_app(case=str(SIMULTANEOUS), seed=SEED, players=2)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("ctrl+s", after=both))


async def _to_debrief(pilot: Pilot[int]) -> None:
    await through_briefing(pilot)
    for key in "64" + "2" * 10:  # backchannel, mediator, then the phased review until it ends
        screen = pilot.app.screen
        assert isinstance(screen, PlayScreen)
        if screen.finished:
            break
        await pilot.press(key)
        await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the better moves: drawn the same every time
    await pilot.pause()


def test_debrief_scores(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=_to_debrief))


def test_debrief_meter_chart(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def chart(pilot: Pilot[int]) -> None:
        await _to_debrief(pilot)
        await pilot.press("right")

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=chart))


def test_help(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def help_(pilot: Pilot[int]) -> None:
        await through_briefing(pilot)
        await pilot.press("question_mark")

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=help_))


def test_confirm_quit(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def quit_(pilot: Pilot[int]) -> None:
        await through_briefing(pilot)
        await pilot.press("ctrl+q")

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=quit_))


def test_terminal_too_small(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample(), terminal_size=(70, 20), run_before=steps())


def test_light_theme(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def light(pilot: Pilot[int]) -> None:
        await through_briefing(pilot)
        pilot.app.theme = "parley-light"

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=light))


def test_high_contrast_theme(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def contrast(pilot: Pilot[int]) -> None:
        await through_briefing(pilot)
        await pilot.press("1")
        pilot.app.theme = "parley-contrast"

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=contrast))


def test_markup_shown_as_text(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = make_app(case=str(MARKUP), seed=SEED)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("ctrl+s", after=through_briefing))


def test_debrief_better_moves(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def better(pilot: Pilot[int]) -> None:
        await _to_debrief(pilot)
        pilot.app.screen.query_one("#player-0 .pane").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(sample(), terminal_size=SIZE, run_before=steps("ctrl+s", after=better))


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC during the test, so saved times are drawn the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _saved_games(home: Path) -> int:
    """Two saved games with fixed times, one finished; returns the finished one's id."""
    clock = iter(datetime(2026, 11, 22, 9, minute, tzinfo=UTC) for minute in range(60))
    case = load_case(SAMPLE)
    with Store.open(home, clock=lambda: next(clock)) as store:
        done = Autosave.start(store, Session(case, seed=SEED, humans=["velmar"], names={"velmar": "Ana"}))
        for move in ("open_backchannel", "invite_mediator", *["phased_lease_review"] * 10):
            if not done.session.over:
                done.play("velmar", move)
        waiting = Autosave.start(store, Session(case, seed=SEED + 1, humans=["velmar", "kest"]))
        waiting.play("velmar", "listen")
    return done.id


def test_resume_list(snap_compare, parley_home: Path, utc: None) -> None:  # type: ignore[no-untyped-def]
    _saved_games(parley_home)
    assert snap_compare(make_app(seed=SEED), terminal_size=SIZE, run_before=steps("ctrl+r"))


def test_replay(snap_compare, parley_home: Path) -> None:  # type: ignore[no-untyped-def]
    done = _saved_games(parley_home)
    assert snap_compare(make_app(replay=done), terminal_size=SIZE, run_before=steps("right", "right"))


BUILT_IN = (
    "harbour-standoff",
    "coercion-under-asymmetry",
    "arms-reduction-coalition",
    "small-state-mediation",
)


async def _to_an_inject(pilot: Pilot[int]) -> None:
    """Play the first open move each turn until the round on screen has an inject with a banner
    that the player sees (not a quiet one, not one meant for another role)."""

    def shown_inject(screen: PlayScreen) -> bool:
        session = screen.table.session
        view = session.view(screen.seat.role)
        return any(
            e.kind == "inject" and e.round == session.round and not e.data.get("quiet") for e in view.log
        )

    await through_briefing(pilot)
    for _ in range(20):
        screen = pilot.app.screen
        if isinstance(screen, PlayScreen) and not screen.finished:
            if shown_inject(screen):
                break
            options = screen.query_one(MovePicker).options
            number = next(i for i, o in enumerate(options, 1) if o.open)
            await pilot.press(*str(number))
            if len(options) > 9:
                await pilot.press("enter")
        else:
            await pilot.press("enter")
        await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PlayScreen) and shown_inject(screen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("case_id", BUILT_IN)
def test_play_built_in_case_at_an_inject(snap_compare, case_id: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(case=case_id, seed=SEED)
    assert snap_compare(app, terminal_size=size, run_before=steps("ctrl+s", after=_to_an_inject))


def test_play_meters_expanded(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def meters(pilot: Pilot[int]) -> None:
        await _to_an_inject(pilot)
        await pilot.press("e", "down", "down")

    app = make_app(case="coercion-under-asymmetry", seed=SEED)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("ctrl+s", after=meters))


def test_sessions_screen(snap_compare, parley_home: Path, utc: None) -> None:  # type: ignore[no-untyped-def]
    _saved_games(parley_home)
    assert snap_compare(make_app(seed=SEED), terminal_size=SIZE, run_before=steps("ctrl+o", "down"))


def test_debrief_hot_seat_table(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def to_debrief(pilot: Pilot[int]) -> None:
        for _ in range(80):
            screen = pilot.app.screen
            if type(screen).__name__ == "DebriefScreen":
                break
            if isinstance(screen, PlayScreen) and not screen.finished:
                options = screen.query_one(MovePicker).options
                await pilot.press(str(next(i for i, o in enumerate(options, 1) if o.open)))
            else:
                await pilot.press("enter")
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(sample(players=2), terminal_size=SIZE, run_before=steps("ctrl+s", after=to_debrief))
