"""A whole game of Iron Meridian in a real terminal (tmux) at 80×24, played by keys alone.

The app runs as the command line starts it (``parley play``), in a tmux pane that is never
resized. The test reads the screen the way a trainee does (``tmux capture-pane``): it must find
every meter's label on screen at least once, the phase and its clock on every turn, and reach
the debrief. Skipped when tmux is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.case.library import open_case
from tui.labels import owner_names

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

CASE = "coercion-under-asymmetry"
WAIT = 30.0  # seconds to wait for the screen to change before giving up (a slow machine)


class Pane:
    """A tmux session running one command in an 80×24 window."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name = name
        settings = [f"{key}={value}" for key, value in env.items()]
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", "env", *settings, *command],
            check=True,
        )

    def text(self) -> str:
        """What the pane shows now."""
        done = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], check=True, capture_output=True, text=True
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        """Send keys (tmux names: Enter, Down, Escape, C-s …)."""
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, *needles: str, changed_from: str | None = None) -> str:
        """The screen once it shows one of ``needles`` (and differs from ``changed_from``)."""
        deadline = time.monotonic() + WAIT
        while True:
            text = self.text()
            if any(n in text for n in needles) and text != changed_from:
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"none of {needles} appeared; the screen:\n{text}")
            time.sleep(0.05)

    def settled(self, text: str) -> str:
        """The screen once two captures a quarter of a second apart agree, starting from ``text``:
        a move redraws the screen over several frames, and a key sent mid-way (say, while the last
        round's end is still being drawn) would land on whatever comes next."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            time.sleep(0.25)
            before, text = text, self.text()
            if text == before:
                break
        return text

    def close(self) -> None:
        """End the tmux session."""
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False, capture_output=True)


def test_a_whole_iron_meridian_game_at_80x24_shows_every_meter(tmp_path: Path) -> None:
    case = open_case(CASE)
    parley = Path(sys.executable).with_name("parley")
    command = [str(parley)] if parley.exists() else [sys.executable, "-m", "cli.main"]
    env = {"PARLEY_HOME": str(tmp_path), "PARLEY_CONFIG": str(tmp_path), "TERM": "xterm-256color"}
    pane = Pane(f"screen-test-{os.getpid()}", [*command, "play", CASE, "--seed", "3"], env)
    seen: list[str] = []
    try:
        pane.wait_for("Set-up")
        pane.keys("C-s")
        text = pane.wait_for("Briefing ·")
        while "Briefing ·" in text.splitlines()[0]:
            pane.keys("Enter")
            text = pane.wait_for("Your moves", "Briefing ·", changed_from=text)
            if "Your moves" in text:
                break
        pane.keys("e")  # every meter, full screen
        text = pane.wait_for("pick a meter")  # the panel's hint: drawn as it takes focus …
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:  # … then fills the screen over a few frames: let it settle
            time.sleep(0.3)
            before, text = text, pane.text()
            if text == before and text.startswith("╭─ Meters"):
                break
        seen.append(text)
        pane.keys("Escape")
        text = pane.settled(pane.wait_for("Your moves"))
        turns = 0
        while True:
            seen.append(text)
            first = text.splitlines()[0]
            assert " · round " in first and " of " in first, first  # the phase and its clock
            if "See the debrief" in text:
                pane.keys("Enter")
                break
            turns += 1
            assert turns < 40, text
            pane.keys("Down", "Enter")  # the first open move
            text = pane.settled(pane.wait_for("Your moves", "See the debrief", changed_from=text))
        text = pane.wait_for("Debrief ·")
        seen.append(text)
    finally:
        pane.close()
    everything = "\n".join(seen)
    for meter in case.meters.values():
        if meter.visible:
            assert meter.label in everything, meter.label
    for slot in (s for m in case.meters.values() if m.visible for s in m.initial if "." in s):
        full, short = owner_names(case, slot.partition(".")[2])
        assert full in everything or short in everything, slot
    assert "Outcome:" in everything and turns >= 3
