"""Helpers for the storage tests: a deterministic player, stores in temporary folders, log comparison."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from game.case.model import Case
from game.play.events import Event
from game.play.session import Session
from game.storage import Autosave, Store
from tests.engine_helpers import SAMPLE, sample, simultaneous

SAMPLE_TEXT = SAMPLE.read_bytes()
SIMULTANEOUS_TEXT = SAMPLE_TEXT.replace(b"mode: sequential", b"mode: simultaneous")


class Chooser:
    """Picks among the open moves with its own seeded generator: the same states give the same picks."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"chooser-{seed}")
        self.made = 0

    def pick(self, session: Session) -> tuple[str, str]:
        """The next (role, move) for the first role the session waits for."""
        role = session.waiting_for[0]
        move = self.rng.choice([o.move.id for o in session.options(role) if o.open])
        self.made += 1
        return role, move


@cache
def kind_of(case_kind: str) -> tuple[Case, bytes, tuple[str, ...]]:
    """The case, its text and the human seats for "sequential" or "simultaneous" test sessions."""
    if case_kind == "simultaneous":
        return simultaneous(), SIMULTANEOUS_TEXT, ("velmar", "kest")
    return sample(), SAMPLE_TEXT, ("velmar",)


def play(
    session: Session, chooser: Chooser, decisions: int | None = None, game: Autosave | None = None
) -> None:
    """Make ``decisions`` choices (all, to the end, when None), through ``game`` when given."""
    while not session.over and (decisions is None or chooser.made < decisions):
        role, move = chooser.pick(session)
        (game or session).play(role, move)


def full_run(
    case: Case, seed: int, humans: Sequence[str], decisions: int | None = None
) -> tuple[Session, Chooser]:
    """A session played by :class:`Chooser` without any store: the reference run."""
    session = Session(case, seed=seed, humans=humans)
    chooser = Chooser(seed)
    play(session, chooser, decisions)
    return session, chooser


def dicts(events: Sequence[Event]) -> list[dict]:
    """Events as plain dicts, for comparison."""
    return [e.to_dict() for e in events]


def fixed_clock(start: datetime | None = None, step: timedelta = timedelta(0)) -> Callable[[], datetime]:
    """A clock for the store that starts at ``start`` and moves ``step`` each call."""
    moment = [start or datetime(2026, 11, 22, 3, 15, 0, tzinfo=UTC)]

    def now() -> datetime:
        value = moment[0]
        moment[0] = value + step
        return value

    return now


def open_store(home: Path, clock: Callable[[], datetime] | None = None) -> Store:
    """A store in ``home`` with a fixed clock."""
    return Store.open(home, clock=clock or fixed_clock())
