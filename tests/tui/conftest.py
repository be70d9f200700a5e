"""Fixtures for the terminal-app tests."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
import textual._wait

# Pilot waits for "idle" by sleeping in steps of 20 ms (two waits a key press). Steps of 4 ms tell
# idle from busy just as well on this suite and make it several times faster; nothing else in
# Textual reads these values.
textual._wait.SLEEP_GRANULARITY = 1 / 250
textual._wait.SLEEP_IDLE = 1 / 2500


@pytest.fixture(autouse=True)
def parley_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Reports go to a temporary PARLEY_HOME, never to the real user data directory."""
    home = tmp_path / "parley-home"
    monkeypatch.setenv("PARLEY_HOME", str(home))
    return home


HANG_S = 300
"""A terminal-app test still running after this long has hung (they take seconds): it fails
with the stack where it waited, instead of holding the whole run until CI's limit."""


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    """Fail a hung test with a traceback (SIGALRM; a hang detector, not a speed limit)."""

    def hung(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"this test was still running after {HANG_S} s: it hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
