"""Pilot tests of private information in the app: a three-seat hot-seat game of
``tests/cases/private.yaml`` where Alba's private move, Boren's private inject and Cadra's
owner-only meter must never be drawn for another seat — on the play screens, the hand-off screens,
in notices and in the command palette — before and after a kill and resume; the debrief then
reveals them all.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from tui_support import SIZE, make_app, press, stack_text, sync

from tui.app import ParleyApp
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.handoff import HandoffScreen
from tui.screens.play import PlayScreen
from tui.widgets.meters import MeterPanel
from tui.widgets.moves import MovePicker

PRIVATE = Path(__file__).resolve().parents[1] / "cases" / "private.yaml"
PLAN = {"alba": "whisper_withdrawal", "boren": "hold", "cadra": "hoard"}
SECRETS = {
    "SECRET-MOVE": {"alba"},
    "SECRET-INJECT": {"boren"},
    "INJECT-PART": {"boren"},
    "Gold reserves": {"alba", "boren", "cadra"},  # each sees only its own slot: checked by owner below
    "ALBA-NARRATIVE": {"alba"},
    "PAIR-NARRATIVE": {"boren", "cadra"},
    "Move gold quietly": {"cadra"},
}
OWNERS = ("alba", "boren", "cadra")


def everything_drawn(app: ParleyApp) -> str:
    """Every text on every screen in the stack, and every notice on show."""
    notices = [f"{n.title} {n.message}" for n in app._notifications]
    return " ".join(" ".join([stack_text(app), *notices]).split())


def assert_no_leak(app: ParleyApp, role: str | None, where: str) -> None:
    """Nothing private to another role is drawn (``role`` None: nothing private to anyone)."""
    text = everything_drawn(app)
    for marker, allowed in SECRETS.items():
        if role is None or role not in allowed:
            assert marker not in text, f"{marker!r} leaked to {role} on {where}"
    screen = app.screen
    if role is not None and isinstance(screen, PlayScreen):
        # the meter panel draws "Gold reserves" then one row per owner: only the seat's own row
        drawn = {row.reading.slot for row in screen.query_one(MeterPanel).rows if row.reading}
        assert f"reserves.{role}" in drawn
        assert {f"reserves.{r}" for r in OWNERS if r != role}.isdisjoint(drawn)


def number_of(screen: PlayScreen, move_id: str) -> str:
    options = screen.query_one(MovePicker).options
    return str(next(i for i, o in enumerate(options, 1) if o.move.id == move_id))


async def take_turns(pilot: Pilot[int], app: ParleyApp, turns: int, seen: dict[str, str]) -> None:
    """Play ``turns`` turns through hand-offs and briefings, checking every screen on the way."""
    played = 0
    for _ in range(turns * 6):
        screen = app.screen
        if isinstance(screen, DebriefScreen) or played == turns:
            return
        if isinstance(screen, HandoffScreen):
            assert_no_leak(app, None, "a hand-off screen")
            await press(pilot, "enter")
        elif isinstance(screen, BriefingScreen):
            assert_no_leak(app, screen.seat.role, "a briefing")
            await press(pilot, "enter")
        elif isinstance(screen, PlayScreen):
            role = screen.seat.role
            assert_no_leak(app, role, "a play screen")
            seen[role] = seen.get(role, "") + everything_drawn(app)
            await press(pilot, "ctrl+p")  # the command palette lists this seat's commands only
            assert_no_leak(app, role, "the command palette")
            await press(pilot, "escape")
            await press(pilot, number_of(screen, PLAN[role]))
            assert_no_leak(app, role, "a play screen after its move")
            seen[role] += everything_drawn(app)
            await press(pilot, "enter")
            played += 1
        else:
            await press(pilot, "ctrl+s" if screen.__class__.__name__ == "SetupScreen" else "enter")


@sync
async def test_three_seats_never_see_each_others_secrets_before_and_after_resume(parley_home: Path) -> None:
    seen: dict[str, str] = {}
    app = make_app(case=str(PRIVATE), seed=5, players=3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await take_turns(pilot, app, 4, seen)  # round 1, and Alba's turn of round 2
        assert app.table is not None and app.table.session.round == 2
        await press(pilot, "ctrl+q", "y")  # quit mid-round: the game is saved
    assert "SECRET-MOVE" in seen["alba"] and "ALBA-NARRATIVE" in seen["alba"]
    assert "SECRET-INJECT" in seen["boren"] and "PAIR-NARRATIVE" in seen["boren"]
    assert "Move gold quietly" in seen["cadra"] and "Gold reserves" in seen["cadra"]
    assert "Alba made a private move" in seen["boren"] and "Alba made a private move" in seen["cadra"]
    assert "steady" in seen["alba"] or "low" in seen["alba"] or "high" in seen["alba"]  # others' support

    app = make_app(resume=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen) and app.screen.seat.role == "boren"
        await take_turns(pilot, app, 5, seen)  # the rest of the game
        for _ in range(4):
            if isinstance(app.screen, DebriefScreen):
                break
            await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        for _ in range(5):  # the last tab reveals what each side knew
            if app.screen.query_one("TabbedContent").active == "reveal-tab":
                break
            await press(pilot, "right")
        text = everything_drawn(app)
        for marker in ("SECRET-MOVE", "SECRET-INJECT", "Gold reserves:", "ALBA-NARRATIVE", "PAIR-NARRATIVE"):
            assert marker in text, marker
        await press(pilot, "ctrl+q")
