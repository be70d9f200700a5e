"""Fixtures for the terminal-app tests."""

from __future__ import annotations

from pathlib import Path

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
