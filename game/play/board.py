"""The mutable state of one session, read by compiled conditions.

Only :mod:`game.play.session` changes a board; everything else reads snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Board:
    """Meters, flags and counters of a session in progress."""

    meters: dict[str, int]
    flags: dict[str, bool]
    played: dict[str, int] = field(default_factory=dict)
    tagged: dict[str, int] = field(default_factory=dict)
    mine: dict[str, dict[str, int]] = field(default_factory=dict)
    fired: dict[str, int] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)
    round: int = 1
    phase_round: int = 1
    self_role: str = ""
    ending: str = ""
    outcome: str = ""
    ledger: Any = None  # the session's game.play.attribution.Attribution, set by fold and Session.tally
