"""Robustness: thousands of random key presses across every screen raise nothing and leave the app
responsive. The keys are drawn from a fixed seed, so a failure replays exactly."""

from __future__ import annotations

import random

from textual import events
from textual.pilot import Pilot
from tui_support import SAMPLE, SEED, SIMULTANEOUS, make_app, sync

from tui.screens.briefing import BriefingScreen
from tui.screens.help import HelpScreen

# Every key the app binds, plus keys it does not, plus typing. Ctrl+Q is in: a confirmed quit ends
# an episode early, and the next episode starts afresh.
KEYS = [
    *"0123456789",
    *"abcdeghilmnpqrstuvwxyz",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "space",
    "backspace",
    "question_mark",
    "ctrl+t",
    "ctrl+s",
    "ctrl+r",
    "ctrl+q",
    "f1",
    "delete",
]
# Enter, digits and arrows carry play forward; they come up more often so episodes reach the debrief.
# Quitting is rarer, so most episodes run their full length.
WEIGHTS = [6 if k in ("enter", "1", "2", "down") else (0.2 if k in ("ctrl+q", "y") else 1) for k in KEYS]


async def press_once(pilot: Pilot[int], key: str) -> None:
    """One key, waiting only until the screen has handled it: typing faster than a person can."""
    character = {"space": " ", "question_mark": "?"}.get(key, key if len(key) == 1 else None)
    pilot.app.post_message(events.Key(key, character))
    await pilot._wait_for_screen()


TOTAL_PRESSES = 2500
PRESSES_PER_EPISODE = 500
EPISODES = (
    {"seed": SEED},
    {"case": str(SAMPLE), "seed": SEED},
    {"case": str(SAMPLE), "seed": SEED + 1, "players": 3},
    {"case": str(SIMULTANEOUS), "seed": SEED, "players": 2},
    {"case": str(SAMPLE), "seed": SEED + 2},
    {"case": str(SIMULTANEOUS), "seed": SEED + 3, "players": 2},
)
# Keys played before the random ones in some episodes, so they start deep in a case: the last
# episode starts on the reveal of a simultaneous round ("briefing" pages through a briefing).
PREFIXES = {
    5: ("ctrl+s", "enter", "briefing", "1", "enter", "enter", "briefing", "1"),
}


@sync
async def test_random_keys_on_every_screen_never_break_the_app() -> None:
    rng = random.Random(20250101)
    pressed = 0
    seen: set[str] = set()
    episode = 0
    while pressed < TOTAL_PRESSES:  # an episode may end early on a confirmed quit
        options = EPISODES[episode % len(EPISODES)]
        episode += 1
        app = make_app(**options)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in PREFIXES.get((episode - 1) % len(EPISODES), ()):
                if key == "briefing":
                    while isinstance(app.screen, BriefingScreen):
                        await pilot.press("enter")
                else:
                    await pilot.press(key)
                await pilot.pause()
                seen.add(type(app.screen).__name__)
            for _ in range(min(PRESSES_PER_EPISODE, TOTAL_PRESSES - pressed)):
                if not app.is_running:
                    break
                key = rng.choices(KEYS, WEIGHTS)[0]
                await press_once(pilot, key)
                pressed += 1
                seen.add(type(app.screen).__name__)
            if app.is_running:
                # Still responsive: help opens over whatever screen is on top, and closes.
                while isinstance(app.screen, HelpScreen):
                    await pilot.press("escape")
                await pilot.press("f1")
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen)
                await pilot.press("escape")
                await pilot.pause()
                assert not isinstance(app.screen, HelpScreen)
        assert app.return_code in (None, 0), f"the app failed after {pressed} keys"
    expected = {
        "LibraryScreen",
        "SetupScreen",
        "BriefingScreen",
        "HandoffScreen",
        "PlayScreen",
        "RevealScreen",
        "DebriefScreen",
        "HelpScreen",
        "ConfirmQuitScreen",
    }
    assert expected <= seen, expected - seen
