"""Red lines the engine checks: the breach event, the debrief, the transcript and lint."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from game.case.loader import load_case
from game.case.model import Case
from game.debriefing.report import transcript
from game.debriefing.scoring import debrief, totals
from game.instructor.lint import lint_case
from game.play.events import Event
from game.play.redlines import move_breaches, state_breaches
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "debrief" / "attribution.yaml"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


def test_red_lines_are_on_the_model(case: Case) -> None:
    role = case.roles["you"]
    assert role.red_lines == (
        "Plain text is only briefed.",
        "Never leak the talks",
        "Never let the gauge run to 9",
    )
    assert [(r.index, r.moves, r.dimension, r.points) for r in role.checked_red_lines] == [
        (1, ("tip_off",), "acts", -75),
        (2, (), "gauge", -75),
    ]
    assert [r.index for r in move_breaches(case, "you", "tip_off")] == [1]
    assert move_breaches(case, "you", "raise") == ()


def test_a_breaching_move_is_an_event_shown_when_it_happens(case: Case) -> None:
    session = Session(case, seed=1, humans=["you"])
    events = session.play("you", "tip_off")
    (breach,) = [e for e in events if e.kind == "breach"]
    assert (breach.role, breach.round, dict(breach.data)) == ("you", 1, {"line": 1, "move": "tip_off"})
    assert Event.from_dict(breach.to_dict()) == breach
    assert "   !! RED LINE CROSSED by Trainee: Never leak the talks" in transcript(case, session.log)


def test_the_debrief_names_the_breach_and_charges_it_once(case: Case) -> None:
    session = Session(case, seed=1, humans=["you"])
    for move in ("tip_off", "tip_off", "raise"):
        session.play("you", move)
    result = debrief(case, session.log)
    player = result.player("you")
    assert [(b.round, b.move, b.points) for b in player.breaches] == [(1, "tip_off", -75), (2, "tip_off", 0)]
    acts = next(d for d in player.dimensions if d.id == "acts")
    assert acts.score == 70 - 75 + 10 + 5 + 7
    assert "-75 crossed your red line “Never leak the talks” (R1 Leak the talks)" in acts.explanation
    assert "“negotiators must resist the instinct to retaliate in kind”" in acts.explanation
    assert totals(case, session.tally(), "you").overall == player.overall


def test_a_condition_red_line_is_breached_by_the_roles_own_move(case: Case) -> None:
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "raise")  # gauge 5 after round 1
    session.play("you", "raise")  # 7
    events = session.play("you", "raise")  # 9: the role's own move crosses the line
    assert [(e.kind, e.data.get("line")) for e in events if e.kind == "breach"] == [("breach", 2)]
    board = session.tally()
    assert [r.index for r in state_breaches(case, "you", board)] == [2]
    gauge = next(d for d in debrief(case, session.log).player("you").dimensions if d.id == "gauge")
    assert any(h.scores == "breach" and h.points == -75 for h in gauge.hits)


def test_sessions_without_breaches_log_nothing_new(case: Case) -> None:
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "raise")
    assert not any(e.kind == "breach" for e in session.log)


def test_lint_warns_when_a_breach_costs_too_little(case: Case) -> None:
    assert not [d for d in lint_case(case) if d.code.startswith("red-line")]
    role = case.roles["you"]
    cheap = dataclasses.replace(role.checked_red_lines[0], points=-5)
    weak = dataclasses.replace(
        case, roles={**case.roles, "you": dataclasses.replace(role, checked_red_lines=(cheap,))}
    )
    found = {d.code: d for d in lint_case(weak) if d.code.startswith("red-line")}
    assert set(found) == {"red-line-cheap", "red-line-mild"}
    assert "costs 1.0 points of the overall score, under 15" in found["red-line-cheap"].message
    assert "'acts' can still be 65 (start 70, -5), above 50" in found["red-line-mild"].message
