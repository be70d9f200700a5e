"""A phase with no exits and no ``max_rounds`` lasts until the case's round limit.

It used to crash the engine as soon as the limit was reached (the machine had no
``advance`` event to fire), and lint and graph with it; the format gives it a plain
meaning (only the round limit ends it, in ``rounds.on_limit``), which lint states as a
``dead-end`` warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import load_case
from game.case.model import Case
from game.debriefing.scoring import debrief
from game.instructor.lint import lint_case
from game.instructor.phasegraph import phase_graph
from game.play.session import Session

MINIMAL = Path(__file__).parent / "cases" / "minimal.yaml"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    text = MINIMAL.read_text(encoding="utf-8")
    exits = "    exits:\n      - to: stalemate\n        when: escalation >= 9\n"
    assert exits in text
    text = text.replace(exits, "").replace("  limit: 10\n", "  limit: 3\n")
    path = tmp_path_factory.mktemp("noexit") / "noexit.yaml"
    path.write_text(text, encoding="utf-8")
    return load_case(path)


def test_it_is_played_until_the_round_limit(case: Case) -> None:
    session = Session(case, seed=1, humans=["velmar"])
    rounds = 0
    while not session.over:
        session.play("velmar", "listen")
        rounds += 1
    assert rounds == 3 and session.ending is not None and session.ending.id == "stalemate"
    result = debrief(case, session.log)
    assert "limit of 3 rounds" in result.ending_reason


def test_lint_says_so_and_the_graph_draws_only_the_limit(case: Case) -> None:
    codes = [f.code for f in lint_case(case)]
    assert "dead-end" in codes
    edges = [(e.source, e.dest, e.kind) for e in phase_graph(case).edges]
    assert edges == [("signal", "stalemate", "limit")]


def test_a_phase_of_one_round_that_runs_out_says_round(tmp_path: Path) -> None:
    """The ending's reason after a one-round phase times out: "its 1 round", not "its 1 rounds"."""
    text = MINIMAL.read_text(encoding="utf-8")
    title = "    title: Coercive signal\n"
    assert title in text
    text = text.replace(title, title + "    max_rounds: 1\n    on_timeout: stalemate\n")
    path = tmp_path / "oneround.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case(path)
    session = Session(case, seed=1, humans=["velmar"])
    while not session.over:
        session.play("velmar", "listen")
    reason = debrief(case, session.log).ending_reason
    assert "ran out of its 1 round in round 1" in reason
