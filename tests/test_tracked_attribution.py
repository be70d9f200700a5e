"""Causes kept up to date during play (``Session.tally``) equal causes re-read from the log (``fold``).

Analysis, calibration and rollouts score a session from the tallies it kept while it was played;
the debrief and saved sessions (v1 included) score from the log.  Both must give the same causes,
snapshots and scores, on every built-in case, for many seeds, for every shipped strategy, random
play, both policies, forks and the format-2 and private-information test cases.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.case.loader import load_case
from game.case.model import Case
from game.debriefing.scoring import debrief, totals_for
from game.instructor.calibrate import StrategySession
from game.instructor.strategy import random_strategy, read_strategy, shipped_strategies
from game.play.attribution import Attribution
from game.play.board import Board
from game.play.replay import fold
from game.play.session import Session

CASES = Path(__file__).parent / "cases"
EXTRA = [
    CASES / "format2" / "quarantine.yaml",
    CASES / "format2" / "answers.yaml",
    CASES / "private.yaml",
    CASES / "debrief" / "attribution.yaml",
]
SEEDS = 25


def assert_same(case: Case, session: Session) -> None:
    """The tallies ``session`` kept equal the fold of its log, and so do the scores."""
    kept = session.tally()
    folded = fold(case, session.log)
    live, read = kept.ledger, folded.ledger
    assert isinstance(live, Attribution) and isinstance(read, Attribution)
    assert live.contrib == read.contrib
    assert live.causes == read.causes
    assert live.moves == read.moves
    assert live.breaches == read.breaches
    assert plain(live.initial) == plain(read.initial)
    assert plain(live.final) == plain(read.final)
    assert len(live.exits) == len(read.exits)
    for mine, theirs in zip(live.exits, read.exits, strict=True):
        assert replace(mine, board=plain(mine.board)) == replace(theirs, board=plain(theirs.board)), mine.seq
    roles = case.playable_roles
    assert totals_for(case, kept, roles) == totals_for(case, folded, roles)


def plain(board: Board | None) -> Board | None:
    """``board`` without ``self_role``, the scratch field conditions set before they read ``self``."""
    return None if board is None else replace(board, self_role="")


def finish(session: Session) -> Session:
    while not session.over:
        session.play_policy(session.waiting_for[0])
    return session


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_builtin_strategies_keep_the_causes_the_log_gives(path: Path) -> None:
    case = load_case(path)
    strategies = [read_strategy(f, case) for f in shipped_strategies(path)]
    strategies += [random_strategy(role) for role in case.playable_roles]
    for strategy in strategies:
        for seed in range(SEEDS):
            assert_same(case, StrategySession(case, strategy, seed=seed).play_out())


@pytest.mark.parametrize("path", [*builtin_files(), *EXTRA], ids=lambda p: p.stem)
@pytest.mark.parametrize("policy", ["random", "counterpart"])
def test_policy_play_keeps_the_causes_the_log_gives(path: Path, policy: str) -> None:
    case = load_case(path)
    for seed in range(SEEDS):
        assert_same(case, Session(case, seed=seed, policy=policy))
        role = case.playable_roles[seed % len(case.playable_roles)]
        assert_same(case, finish(Session(case, seed=seed, humans=[role], policy=policy)))


@pytest.mark.parametrize("path", [*builtin_files(), *EXTRA], ids=lambda p: p.stem)
def test_mid_game_tallies_forks_and_replays_keep_the_same_causes(path: Path) -> None:
    case = load_case(path)
    role = case.playable_roles[0]
    for seed in range(5):
        session = Session(case, seed=seed, humans=[role])
        forks = []
        while not session.over:
            assert_same(case, session)  # mid-game, too
            forks.append(session.fork(seed=seed + 100, policy="random"))
            session.play_policy(session.waiting_for[0])
        assert_same(case, session)
        for twin in forks:
            assert_same(case, finish(twin))
        replayed = Session.replay(case, session.log)
        assert_same(case, replayed)
        # and the debrief, which reads the log, scores what the kept tallies score
        scores = totals_for(case, replayed.tally(), (role,))[0]
        assert debrief(case, session.log).player(role).overall == scores.overall


def test_facilitator_actions_keep_the_same_causes() -> None:
    from tests.engine_helpers import sample

    case = sample()
    for seed in range(5):
        session = Session(case, seed=seed, humans=["velmar", "kest"])
        session.facilitate({"action": "fire", "inject": "parliament_wavers"})
        session.play_policy(session.waiting_for[0])
        session.facilitate({"action": "adjust", "meter": "support.velmar", "change": -2, "reason": "Leak"})
        assert_same(case, session)
        session.play_policy(session.waiting_for[0])
        session.facilitate({"action": "adjust", "meter": "leverage", "change": 3, "reason": "Ruling"})
        assert_same(case, finish(session))
        assert_same(case, Session.replay(case, session.log))
