"""The mutable state of one session, read by compiled conditions.

Only :mod:`game.play.session` changes a board; everything else reads snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Offer:
    """A proposal on the table (format version 2): its terms, who tabled it, who must answer."""

    terms: tuple[str, ...]
    by: str  # the role that tabled it (or made the last counter)
    to: tuple[str, ...]  # the roles it is addressed to
    expires: int  # the round at whose end it lapses; 0: never
    accepted: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)
    countered: set[str] = field(default_factory=set)  # counters already made on it
    seen: frozenset[str] | None = None  # who sees it: tabled by a private move, its audience and addressees
    # (simultaneous rounds) made while the round's sealed choices resolve: an answer chosen before it
    # was on the table answered other terms, so it is late (see game.play.bargaining)
    fresh: bool = False


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
    # Format version 2: the history of play, deadlines and offers.
    # first/last are kept only when a condition asks about the order of play (Rules.history)
    first: dict[str, int] = field(default_factory=dict)  # move -> order of its first play among moves
    last: dict[str, int] = field(default_factory=dict)  # move -> round it was last played
    phase_cap: int = 0  # the current phase's max_rounds (0: none)
    timers: dict[str, int] = field(default_factory=dict)  # running timer -> round at whose end it expires
    expired: set[str] = field(default_factory=set)  # timers that have run out
    offers: dict[str, Offer] = field(default_factory=dict)  # proposals on the table
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)  # proposal -> terms agreed
