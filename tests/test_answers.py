"""Answers to offers are decisions (issue 9, format 2), on a case where the right answer is known by hand.

``tests/cases/format2/answers.yaml``: in round 1 the Harbour Office (the computer) tables a deal
without inspection to Velmar. Velmar's red lines: no deal without inspection (a condition,
-40) and never walk out (the answer ``deal.reject``, -30). Her rubric: red lines start 80,
+20 if the deal agreed includes inspection; outcome +80 for a deal. So, by hand:

* accept: red lines 80 - 40 = 40, outcome 80, overall 60;
* counter with inspection (the Office accepts anything): 100 and 80, overall 90;
* reject: crosses the other red line, whatever follows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import load_case
from game.case.model import Case
from game.debriefing.counterfactual import better_moves
from game.debriefing.scoring import debrief
from game.play.attribution import attribute_events
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "format2" / "answers.yaml"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


def _play(case: Case, answer: str) -> Session:
    session = Session(case, seed=1, humans=["velmar"])
    session.play("velmar", "wait")  # round 1: the Office tables its deal after her
    session.play("velmar", answer)
    return session


def test_accepting_without_inspection_crosses_the_red_line_and_is_a_decision(case: Case) -> None:
    session = _play(case, "deal.accept")
    breaches = [e for e in session.log if e.kind == "breach"]
    assert [(e.role, e.round, e.data["line"], e.data["move"]) for e in breaches] == [
        ("velmar", 2, 0, "deal.accept")
    ]
    player = debrief(case, session.log).player("velmar")
    assert player.overall == 60
    assert [(b.round, b.label, b.points) for b in player.breaches] == [(2, "Accept: Harbour deal", -40)]
    top = player.decisions[0]
    # her acceptance crossed the red line (-40) and signed the deal (+80, all hers): (-40 + 80) / 2
    assert (top.round, top.move, top.label, top.impact) == (2, "deal.accept", "Accept: Harbour deal", 20.0)
    assert top.notes == (
        "-40 red lines: crossed your red line “No deal without inspection.”",
        "+80 outcome: a deal is signed",
    )


def test_a_red_line_can_list_an_answer_move(case: Case) -> None:
    session = _play(case, "deal.reject")
    first = next(e for e in session.log if e.kind == "breach")
    assert (first.round, first.data["line"], first.data["move"]) == (2, 1, "deal.reject")
    player = debrief(case, session.log).player("velmar")
    assert ("deal.reject", -15.0) in [(d.move, d.impact) for d in player.decisions]


def test_countering_with_inspection_holds_the_line_and_earns_the_agreed_terms(case: Case) -> None:
    session = _play(case, "deal.verify")
    assert not [e for e in session.log if e.kind == "breach"]
    player = debrief(case, session.log).player("velmar")
    assert player.overall == 90
    red = next(d for d in player.dimensions if d.id == "red_lines")
    assert [(h.points, h.share) for h in red.hits] == [(20, 1.0)]  # her counter put the terms on the table


def test_attribution_counts_answers_among_the_decisions(case: Case) -> None:
    session = _play(case, "deal.verify")
    at = attribute_events(case, session.log)
    assert [(c.role, c.round, c.move) for c in at.moves if c.role == "velmar"] == [
        ("velmar", 1, "wait"),
        ("velmar", 2, "deal.verify"),
    ]


def test_the_better_answer_is_recommended_and_the_red_line_answer_never(case: Case) -> None:
    session = _play(case, "deal.accept")
    (suggestion,) = better_moves(case, session.log, "velmar", rollouts=20)
    assert (suggestion.round, suggestion.played) == (2, "deal.accept")
    best = suggestion.best
    assert best is not None and (best.move, best.gain) == ("deal.verify", 30.0)
    assert "deal.reject" in [e.move for e in suggestion.excluded]  # it crosses her red line
    assert "deal.reject" not in [a.move for a in suggestion.alternatives]


def test_an_answer_played_with_no_offer_waiting_is_named_as_an_answer(case: Case) -> None:
    """Round 1, before the Office tables its deal: 'deal.accept' is a real move of the case, so the
    refusal says no offer awaits the answer, not "unknown move" (a moves file or a path reads it)."""
    from game.errors import MoveError

    session = Session(case, seed=1, humans=["velmar"])
    with pytest.raises(MoveError, match=r"'deal\.accept' answers the 'Harbour deal' offer, and none awaits"):
        session.play("velmar", "deal.accept")
    with pytest.raises(MoveError, match=r"unknown move 'deal\.acept'"):
        session.play("velmar", "deal.acept")
