"""Attribution known by hand: who caused each change, and the credit each rule kind gives.

``tests/cases/debrief/attribution.yaml``: in round 1 the scripted side pushes the gauge by 3,
then the trainee raises it by 2 (gauge 5, 2 of it the trainee's); the "alarm" inject fires in
round 2 because the trainee's raise was the last change to the gauge.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import load_case
from game.case.model import Case, Scores
from game.debriefing.scoring import Debrief, debrief, totals
from game.play.attribution import attribute, attribute_events
from game.play.events import Event, to_json
from game.play.replay import fold
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "debrief" / "attribution.yaml"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


def played(case: Case, *moves: str) -> Session:
    session = Session(case, seed=1, humans=["you"])
    for move in moves:
        session.play("you", move)
    return session


def dim(result: Debrief, dim_id: str):  # type: ignore[no-untyped-def]
    return next(d for d in result.player("you").dimensions if d.id == dim_id)


def test_every_rule_says_whether_it_scores_an_act_or_a_state(case: Case) -> None:
    kinds = {(d.id, r.kind.value): r.scores for d in case.rubric.values() for r in d.rules}
    assert kinds[("acts", "tag")] is Scores.ACT and kinds[("acts", "move")] is Scores.ACT
    assert kinds[("acts", "if")] is Scores.ACT  # reads only mine.
    assert kinds[("gauge", "if")] is Scores.STATE and kinds[("outcome", "if")] is Scores.STATE


def test_state_rule_credits_only_the_players_part(case: Case) -> None:
    result = debrief(case, played(case, "raise", "idle", "idle").log)
    gauge = dim(result, "gauge")
    (hit,) = gauge.hits
    assert (hit.scores, hit.table_points, hit.share, hit.points) == ("state", 10, 0.4, 4)
    assert gauge.score == 4 and gauge.table_score == 10
    assert "+4 of +10 the gauge reached 5 (Gauge = 5): your decisions' share 40%" in gauge.explanation
    assert "R1 Them's “Push the gauge” +3, R1 your “Raise the gauge” +2" in gauge.explanation


def test_act_rules_count_the_players_moves_in_full(case: Case) -> None:
    acts = dim(debrief(case, played(case, "raise", "idle", "idle").log), "acts")
    assert acts.score == 70 + 10 + 5 + 7
    assert [h.scores for h in acts.hits] == ["act", "act", "act"]
    assert "+10 verified (R1 Raise the gauge)" in acts.explanation


def test_a_conditional_inject_is_caused_by_the_last_change_to_what_it_reads(case: Case) -> None:
    session = played(case, "raise", "idle", "idle")
    at = attribute_events(case, session.log)
    (inject,) = [e for e in session.log if e.kind == "inject"]
    assert (at.causes[inject.seq].role, at.causes[inject.seq].move) == ("you", "raise")
    heat = dim(debrief(case, session.log), "heat")
    assert heat.score == 40 and heat.hits[0].share == 1.0
    assert "“Alarm”, set off by your “Raise the gauge” (R1) +4" in heat.explanation


def test_a_scripted_reply_is_credited_to_the_move_it_answers(case: Case) -> None:
    session = played(case, "ask", "idle", "idle")
    at = attribute_events(case, session.log)
    reply_changes = [c for c in at.changes if c.source == "reply"]
    assert [(c.source_role, c.change, c.cause.role, c.cause.move) for c in reply_changes] == [
        ("them", 1, "you", "ask")
    ]
    assert at.contrib["gauge"] == {"them": 3, "you": 1}


def test_a_flag_the_player_set_and_an_ending_share_the_exit_condition(case: Case) -> None:
    result = debrief(case, played(case, "raise", "sign").log)
    assert result.ending == "deal"
    assert dim(result, "signed").score == 20
    outcome = dim(result, "outcome")
    # the deal needed "flags.signed" (yours: 1) and "gauge >= 5" (yours 2 of 5): mean 0.7 of 30
    assert outcome.hits[0].share == pytest.approx(0.7) and outcome.score == 21
    assert "decided by Trainee's “Sign” in round 2" in result.ending_reason


def test_the_table_result_counts_every_state_in_full(case: Case) -> None:
    result = debrief(case, played(case, "raise", "sign").log)
    player = result.player("you")
    assert player.table_overall > player.overall
    assert [d.table_score for d in player.dimensions] == [10, 92, 20, 40, 30]


def test_a_timeout_ending_is_the_tables_and_the_nearest_better_ending_is_named(case: Case) -> None:
    result = debrief(case, played(case, "idle", "idle", "idle").log)
    assert result.ending == "nodeal" and dim(result, "outcome").score == 0
    assert "limit of 3 rounds" in result.ending_reason
    assert result.nearest_better.startswith("“Deal” needed The text is signed")


def test_totals_from_a_board_equal_the_debrief(case: Case) -> None:
    for moves in (("raise", "sign"), ("ask", "raise", "idle"), ("tip_off", "idle", "idle")):
        session = played(case, *moves)
        result = debrief(case, session.log)
        for board in (session.tally(), fold(case, session.log)):
            found = totals(case, board, "you")
            assert found.overall == result.player("you").overall
            assert found.dimensions == tuple(d.score for d in result.player("you").dimensions)


def test_causes_are_derived_from_the_log_alone(case: Case) -> None:
    session = played(case, "raise", "sign")
    lines = [to_json(e) for e in session.log]
    assert not any('"cause"' in line for line in lines)  # the log format is unchanged
    again = [Event.from_dict(e.to_dict()) for e in session.log]
    assert debrief(case, again) == debrief(case, session.log)


@pytest.mark.parametrize(
    "name",
    ["harbour-standoff", "coercion-under-asymmetry", "arms-reduction-coalition", "small-state-mediation"],
)
def test_totals_equal_the_debrief_on_every_builtin_case(name: str) -> None:
    from game.case.library import builtin_dir

    built_in = load_case(builtin_dir() / f"{name}.yaml")
    for seed in range(12):
        for policy in ("random", "counterpart"):
            session = Session(built_in, seed=seed, policy=policy)
            result = debrief(built_in, session.log)
            board = session.tally()
            for player in result.players:
                found = totals(built_in, board, player.role)
                assert (found.overall, found.dimensions) == (
                    player.overall,
                    tuple(d.score for d in player.dimensions),
                ), (name, seed, policy, player.role)


def test_a_flag_set_again_keeps_its_credit_with_whoever_set_it_first(case: Case) -> None:
    # rows as a log holds them: the trainee signs, then the scripted side sets the same flag again
    rows = [
        (0, 0, "start", "", {"case": case.id}),
        (1, 0, "phase", "", {"phase": case.start, "reason": "start"}),
        (2, 1, "move", "you", {"move": "sign"}),
        (3, 1, "effect", "you", {"slot": "flags.signed", "value": True, "change": 0}),
        (4, 1, "move", "them", {"move": "push"}),
        (5, 1, "effect", "them", {"slot": "flags.signed", "value": True, "change": 0}),
    ]
    at = attribute(case, rows)
    assert at.contrib["flags.signed"] == {"you": 1}
    rows.append((6, 1, "effect", "them", {"slot": "flags.signed", "value": False, "change": 0}))
    rows.append((7, 1, "effect", "them", {"slot": "flags.signed", "value": True, "change": 0}))
    assert attribute(case, rows).contrib["flags.signed"] == {"them": 1}  # unset, then set anew: theirs
