"""The phase machine remembers the steps ``transitions`` took and gives them again, unchanged.

A machine that remembers (the default) and one that fires ``transitions`` every time
(``remember=False``) are stepped on the same boards: every built-in and test case with phases,
each phase, every board a few hundred seeded sessions pass through at the end of a round, with
and without the round limit reached.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.case.loader import load_case
from game.play.machine import PhaseMachine, Step
from game.play.rules import rules_for
from game.play.session import Session

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    *builtin_files(),
    ROOT / "tests" / "cases" / "minimal2.yaml",
    ROOT / "tests" / "cases" / "format2" / "saltmere.yaml",
    ROOT / "tests" / "cases" / "format2" / "quarantine.yaml",
]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_remembered_steps_are_the_machines_own(path: Path) -> None:
    case = load_case(path)
    fresh = PhaseMachine(case, remember=False)
    remembering = PhaseMachine(case)
    compared = taken = 0
    for seed in range(150):
        session = Session(case, seed=seed, policy="random" if seed % 2 else "counterpart")
        board = session.tally()
        # every phase the session went through, on its final board: the guards read it as they would
        for phase in case.phases:
            for expired in (False, True):
                board.phase_round = 1 + seed % 4
                expected = fresh.step(phase, board, expired)
                assert remembering.step(phase, board, expired) == expected
                compared += 1
                taken += bool(expected)
    assert remembering._taken, "nothing was remembered"
    assert taken, "no step was taken: the comparison proves nothing"
    assert compared == 150 * len(case.phases) * 2


def test_a_remembered_step_is_a_fresh_list() -> None:
    case = load_case(builtin_files()[0])
    machine = PhaseMachine(case)
    phase = case.start
    board = rules_for(case).new_board()
    first = machine.step(phase, board, True)
    first.append(Step("x", "exit"))
    assert machine.step(phase, board, True) == first[:-1]
