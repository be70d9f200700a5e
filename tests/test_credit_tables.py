"""Scoring keeps per-case tables (what holds on the initial board, its values, _kept's plans): they
must give the shares a fresh reading gives, and must not be used for an attribution whose initial
board differs from the case's."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.case.loader import load_case
from game.debriefing import credittables
from game.debriefing.credit import Credit
from game.debriefing.scoring import _rubric, _totals_reference
from game.play.session import Session, _copy_board


def _fresh_totals(case: object, board: object, roles: object) -> object:
    """Credit's totals with the case's tables forgotten first (every share worked out from scratch)."""
    credittables._PREPARED.forget(case)
    return _totals_reference(case, board, roles)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_tables_give_the_shares_a_fresh_reading_gives(path: Path) -> None:
    case = load_case(path)
    boards = [
        Session(case, seed=seed, policy=policy).tally()
        for seed in range(40)
        for policy in ("random", "counterpart")
    ]
    warm = [_totals_reference(case, board, case.playable_roles) for board in boards]
    cold = [_fresh_totals(case, board, case.playable_roles) for board in boards]
    assert warm == cold


def test_an_attribution_from_another_initial_board_does_not_use_the_case_tables() -> None:
    case = load_case(next(p for p in builtin_files() if p.stem == "harbour-standoff"))
    role = case.playable_roles[0]
    board = Session(case, seed=3, policy="random").tally()
    _totals_reference(case, board, [role])  # the case's tables now hold what is true on its initial board
    at = board.ledger
    initial = _copy_board(at.initial)
    slot = next(iter(initial.meters))
    initial.meters[slot] += 1
    other = replace(at, initial=initial)
    credit = Credit(case, other)
    assert credit._initial_truths is not credittables.prepared(case).start.truths
    # every state rule's share as a reading with no tables gives it
    credittables._PREPARED.forget(case)
    fresh = Credit(case, other)
    for _dim, _start, _weight, rules in _rubric(case, role):
        for kind, _target, _most, _worth, test, expr in rules:
            if kind == 2 and test(at.final):
                assert credit.share(expr, role) == fresh.share(expr, role)


COMPARISONS = [
    "a >= 3",
    "a + b * 2 >= c - 1",
    "-a + -(b * 3) <= -4",
    "2 * (a - b) + a < c",
    "a - a > b",
    "a * b >= 2",  # a product of names: no slopes, measured by bumping
    "a / 2 > b",  # a division: no slopes
    "a * 0.5 >= b",  # a float constant: no slopes
    "true + a > 1",
]


@pytest.mark.parametrize("text", COMPARISONS)
def test_slopes_are_what_bumping_each_name_measures(text: str) -> None:
    import random

    from game.case.conditions import compile_env, names, parse
    from game.debriefing.credit import leaf_key
    from game.debriefing.credittables import slopes as _slopes

    expr = parse(text)
    slopes = _slopes(expr)  # type: ignore[arg-type]
    if any(mark in text for mark in ("a * b", "/", "0.5")):
        assert slopes is None
        return
    assert slopes is not None
    left = compile_env(expr.left, leaf_key)  # type: ignore[attr-defined]
    right = compile_env(expr.right, leaf_key)  # type: ignore[attr-defined]
    rng = random.Random(text)
    for _ in range(200):
        env = {n.text: rng.randint(-20, 20) for n in names(expr)}
        base = float(left(env)) - float(right(env))
        for name in env:
            bumped = dict(env)
            bumped[name] += 1
            assert (float(left(bumped)) - float(right(bumped))) - base == float(slopes.get(name, 0))
