"""Agreed terms credit who shaped them; an agreement crosses the red lines of every party (issue 9).

``tests/cases/format2/agreements.yaml``, known by hand (its header says how):

* you table the pact (+2 gauge); Them counters with monitors (+3); the Host's acceptance closes
  it: you are credited with your term's 2 of the gauge's 5, so 4 of the rule's 10;
* the Host tables the pact; your counter adds the monitors; Them's acceptance closes it: the
  monitors are yours as their author, the lift yours as a party: all 5, the whole 10; the Host,
  who tabled the lift but is no party, is credited with its 2 only;
* Them tables the truce with monitors; you counter without them; Them accepts: your red line
  (no truce without monitors) is crossed by your counter, Them's by its acceptance.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import load_case
from game.case.model import Case
from game.debriefing.credit import Credit
from game.debriefing.scoring import debrief
from game.play.attribution import attribute_events
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "format2" / "agreements.yaml"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


def played(case: Case, *moves: str) -> Session:
    session = Session(case, seed=1, humans=["you"])
    for move in moves:
        session.play("you", move)
    return session


def dimension(case: Case, session: Session, dim_id: str):  # type: ignore[no-untyped-def]
    return next(d for d in debrief(case, session.log).player("you").dimensions if d.id == dim_id)


def test_a_tabled_term_credits_its_proposer_though_another_answer_closed_the_offer(case: Case) -> None:
    session = played(case, "table_pact", "wait", "wait")
    at = attribute_events(case, session.log)
    assert at.contrib["gauge"] == {"you": 2, "them": 5, "host": 5}  # the Host and Them are the parties
    assert at.contrib["accepted.pact"] == {"them": 1, "host": 1}
    assert at.contrib["accepted.pact.lift"] == {"you": 1, "them": 1, "host": 1}
    gauge = dimension(case, session, "gauge")
    (hit,) = gauge.hits
    assert (hit.table_points, hit.share, hit.points) == (10, 0.4, 4)
    assert "“Lift the gauge”, the term you tabled in round 1 +2" in gauge.explanation
    assert "“Monitors on site”, the term Them added in a counter, round 1 +3" in gauge.explanation
    assert "Gauge 0→5 (yours +2)" in gauge.explanation


def test_a_countered_term_credits_the_counterer_and_the_parties(case: Case) -> None:
    session = played(case, "ask_host", "pact.add_monitors", "wait")
    at = attribute_events(case, session.log)
    assert at.contrib["gauge"] == {"host": 2, "you": 5, "them": 5}
    monitors = [c for c in at.changes if c.term == "monitors"]
    assert [(c.change, c.cause.role, c.cause.move, c.credited) for c in monitors] == [
        (3, "you", "pact.add_monitors", ("you", "them"))
    ]
    gauge = dimension(case, session, "gauge")
    assert gauge.score == 10 and gauge.hits[0].share == 1.0
    assert "“Monitors on site”, the term you added in your counter, round 2 +3" in gauge.explanation
    assert "“Lift the gauge”, the term Host tabled in round 1, which you agreed to +2" in gauge.explanation


def test_an_agreement_crosses_the_red_line_of_every_party_to_it(case: Case) -> None:
    session = played(case, "ask_truce", "truce.no_monitors", "wait")
    breaches = [(e.role, e.round, e.data["line"], e.data["move"]) for e in session.log if e.kind == "breach"]
    assert breaches == [("them", 2, 0, "truce.accept"), ("you", 2, 0, "truce.no_monitors")]
    at = attribute_events(case, session.log)
    counter = next(c for c in at.moves if c.move == "truce.no_monitors")
    mine = next(b for b in at.breaches if b.role == "you")
    assert at.causes[mine.seq] == counter  # charged to your own decision, not to Them's answer
    player = debrief(case, session.log).player("you")
    assert [(b.round, b.label, b.points) for b in player.breaches] == [(2, "Counter: No monitors", -40)]
    assert next(d.score for d in player.dimensions if d.id == "lines") == 40
    assert ("truce.no_monitors", 2) in [(d.move, d.round) for d in player.decisions]


def test_the_absence_of_a_dropped_term_is_charged_to_the_parties_only(case: Case) -> None:
    session = played(case, "ask_truce", "truce.no_monitors", "wait")
    at = attribute_events(case, session.log)
    rule = case.rubric["terms"].rules[0]
    assert rule.when is not None
    credit = Credit(case, at)
    shares = {role: credit.share(rule.when.expr, role) for role in ("you", "them", "host")}
    assert shares == {"you": 1.0, "them": 1.0, "host": 0.0}
    assert dimension(case, session, "terms").score == 30


def test_an_agreement_that_keeps_the_terms_crosses_no_line(case: Case) -> None:
    session = played(case, "ask_truce", "truce.accept", "wait")
    assert not [e for e in session.log if e.kind == "breach"]
    assert dimension(case, session, "lines").score == 80


@pytest.mark.parametrize(
    "moves",
    [
        ("table_pact", "wait", "wait"),
        ("ask_host", "pact.add_monitors", "wait"),
        ("ask_host", "pact.accept", "raise"),
        ("ask_truce", "truce.no_monitors", "wait"),
    ],
)
def test_causes_kept_during_play_equal_those_read_from_the_log(case: Case, moves: tuple[str, ...]) -> None:
    session = played(case, *moves)
    tracked = session.tally().ledger
    folded = attribute_events(case, session.log, detail=False)
    assert tracked is not None
    assert tracked.contrib == folded.contrib
    assert tracked.causes == folded.causes
    assert tracked.breaches == folded.breaches


def test_a_session_saved_before_the_rule_replays_as_it_was_played(case: Case) -> None:
    old = Session(case, seed=1, humans=["you"], party_lines=False)  # as sessions were played before
    for move in ("ask_truce", "truce.no_monitors", "wait"):
        old.play("you", move)
    assert "party_lines" not in old.log[0].data
    assert [e.role for e in old.log if e.kind == "breach"] == ["them"]  # the closer's only, then
    again = Session.replay(case, old.log)
    assert [e.to_dict() for e in again.log] == [e.to_dict() for e in old.log]
    new = played(case, "ask_truce", "truce.no_monitors", "wait")
    assert new.log[0].data["party_lines"] is True
    assert [e.to_dict() for e in Session.replay(case, new.log).log] == [e.to_dict() for e in new.log]
