"""Format version 2 in play: offers, timers, deadlines, moves that appear, requirements, history,
chosen pairs, ending variants and quiet injects (tests/cases/format2/quarantine.yaml)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from game.case.conditions import parse
from game.case.loader import load_case
from game.case.model import Case
from game.case.names import Context
from game.debriefing.labels import slot_label
from game.debriefing.report import transcript
from game.debriefing.scoring import debrief
from game.errors import MoveError
from game.instructor.intervals import BOTH, FALSE, Span, verdict
from game.play.board import Board
from game.play.events import Event
from game.play.replay import fold
from game.play.rules import rules_for
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "format2" / "quarantine.yaml"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


def _ids(session: Session, role: str) -> list[str]:
    return [o.move.id for o in session.options(role)]


def test_answers_are_offered_to_the_addressed_role_only(case: Case) -> None:
    session = Session(case, seed=1, humans=["north", "south"])
    session.play("north", "table_ceasefire")
    assert _ids(session, "south")[-4:] == [
        "ceasefire.accept",
        "ceasefire.reject",
        "ceasefire.add_inspection",
        "ceasefire.drop_lift",
    ]
    assert not any("." in move for move in _ids(session, "north"))
    offer = session.snapshot().offers[0]
    assert (offer.proposal, offer.terms, offer.by, offer.awaiting, offer.rounds_left) == (
        "ceasefire",
        ("freeze", "lift"),
        "north",
        ("south",),
        2,
    )


def test_a_counter_goes_back_to_the_proposer_and_each_counter_is_made_once(case: Case) -> None:
    session = Session(case, seed=1, humans=["north", "south"])
    session.play("north", "table_ceasefire")
    session.play("south", "ceasefire.add_inspection")
    offer = session.snapshot().offers[0]
    assert offer.terms == ("freeze", "inspect", "lift") and offer.awaiting == ("north",)
    assert "ceasefire.add_inspection" not in _ids(session, "north")
    session.play("north", "ceasefire.reject")
    assert session.snapshot().offers == ()
    assert [e.data["action"] for e in session.log if e.kind == "offer"] == [
        "table",
        "counter",
        "reject",
        "rejected",
    ]


def test_agreement_applies_the_terms_in_order_with_their_conditions(case: Case) -> None:
    session = Session(case, seed=1, humans=["north", "south"])
    session.play("north", "table_ceasefire")
    session.play("south", "ceasefire.accept")
    board = session.tally()
    assert board.accepted == {"ceasefire": ("freeze", "lift")}
    assert board.flags["lifted"] and board.meters["trust.north_south"] == 2  # not inspected: trust lost
    assert session.over and session.ending is not None and session.ending.id == "settled"


def test_a_human_cannot_answer_an_offer_not_addressed_to_it(case: Case) -> None:
    session = Session(case, seed=1, humans=["north", "south"])
    session.play("north", "table_ceasefire")
    session.play("south", "stall")
    with pytest.raises(MoveError):
        session.play("north", "ceasefire.accept")


def test_hidden_moves_appear_and_requirements_name_the_part_that_fails(case: Case) -> None:
    session = Session(case, seed=1, humans=["north"])
    assert "withdraw_ultimatum" not in _ids(session, "north")
    session.play("north", "issue_ultimatum")
    assert "withdraw_ultimatum" in _ids(session, "north")
    options = {o.move.id: o for o in session.options("north")}
    assert not options["issue_ultimatum"].open
    assert options["issue_ultimatum"].reason == "An ultimatum is already running."
    with pytest.raises(MoveError, match="already running"):
        session.play("north", "issue_ultimatum")
    with pytest.raises(MoveError):
        session.play("north", "strike")  # not listed in this phase, and hidden anyway


def test_rounds_left_and_timers_on_the_snapshot(case: Case) -> None:
    session = Session(case, seed=1, humans=["north"])
    assert session.snapshot().rounds_left == 3
    session.play("north", "issue_ultimatum")
    snap = session.snapshot()
    assert snap.rounds_left == 2
    assert [(t.timer, t.rounds_left, t.visible_to) for t in snap.timers] == [
        ("ultimatum", 2, ("north", "south"))
    ]
    session.play("north", "wait")
    assert session.snapshot().rounds_left == 1  # "Talks — last round"
    session.play("north", "wait")
    assert session.phase == "brink" and session.snapshot().timers == ()
    kinds = [(e.kind, e.data.get("action") or e.data.get("reason")) for e in session.log]
    assert ("timer", "expire") in kinds and ("deadline", "timeout") in kinds
    deadline = next(e for e in session.log if e.kind == "deadline")
    assert deadline.data == {"phase": "talks", "reason": "timeout", "rounds": 3}


def test_quiet_injects_say_so_and_have_no_banner(case: Case) -> None:
    session = Session(case, seed=1, humans=["north"])
    quiet = [e for e in session.log if e.kind == "inject"]
    assert quiet and all(e.data.get("quiet") is True for e in quiet)
    lines = transcript(case, session.log)
    assert "Another day gone." in lines and not any(line.startswith("BREAKING: Another") for line in lines)


def test_chosen_pairs_only_and_labels_in_the_author_order(case: Case) -> None:
    assert list(case.meters["trust"].initial) == ["trust.north_south", "trust.broker_north"]
    assert slot_label(case, "trust.north_south") == "Trust (Sudmark–Nordland)"
    readings = [r.slot for r in Session(case, seed=1).snapshot().meters if r.meter == "trust"]
    assert readings == ["trust.north_south", "trust.broker_north"]


def test_history_functions_and_the_rubric(case: Case) -> None:
    session = Session(case, seed=1, humans=["north"])
    for move in ("verify", "lift_quarantine"):
        session.play("north", move)
    board = session.tally()
    assert board.first["verify"] < board.first["lift_quarantine"]
    assert board.last["lift_quarantine"] == 2
    before = case.rubric["verification"].rules[0].when
    assert before is not None and before.test(board)
    table = rules_for(case).names

    def value(text: str) -> object:
        return table.resolve(parse(text), Context.RUBRIC).getter(board)  # type: ignore[arg-type]

    assert value("rounds_since(verify)") == board.round - 1
    assert value("rounds_since(strike)") == case.rounds.limit  # never played
    assert value("count(verification, north)") == 1 and value("count(verification, south)") == 0
    assert value("count(pause)") == board.tagged.get("pause", 0)
    assert value("played(strike)") is False and value("played(verify)") is True
    notes = [
        note for p in debrief(case, session.log).players for d in p.dimensions for note in [d.explanation]
    ]
    assert any("verified before lifting" in note for note in notes)


def test_the_log_folds_back_to_the_live_board(case: Case) -> None:
    for seed in range(40):
        session = Session(case, seed=seed, policy="random")
        live, folded = session.tally(), fold(case, session.log)
        for field in dataclasses.fields(Board):
            if field.name in ("phase_round", "self_role"):
                continue
            assert getattr(live, field.name) == getattr(folded, field.name), (seed, field.name)


def test_sessions_with_answers_replay_identically(case: Case) -> None:
    session = Session(case, seed=3, humans=["north", "south"])
    session.play("north", "table_ceasefire")
    session.play("south", "ceasefire.drop_lift")
    session.play_policy("north")
    events = [Event.from_dict(e.to_dict()) for e in session.log]
    again = Session.replay(case, events)
    assert [e.to_dict() for e in again.log] == [e.to_dict() for e in session.log]


def test_the_computer_answers_by_its_reservation(case: Case) -> None:
    session = Session(case, seed=1, humans=["north"])
    session.play("north", "table_ceasefire")
    counter = next(e for e in session.log if e.kind == "offer" and e.role == "south")
    assert counter.data["counter"] == "add_inspection"  # the first offer leaves no inspectors: not enough
    session.play("north", "verify")  # inspectors on the ground: the reservation now holds as it stands
    session.play("north", "table_ceasefire")
    accepted = [e for e in session.log if e.kind == "offer" and e.role == "south"][-1]
    assert accepted.data["action"] == "accept"


def test_ending_variants_are_chosen_as_the_case_ends(case: Case) -> None:
    session = Session(case, seed=1, humans=["north"])
    for move in ("issue_ultimatum", "wait", "wait", "strike"):
        session.play("north", move)
    ending = session.log[-1]
    assert ending.kind == "ending" and ending.data["variant"] == 0
    assert "   War, begun by a Nordland strike." in transcript(case, session.log)


def test_interval_analysis_reads_history_conservatively() -> None:
    def spans(name: str) -> Span:
        return FALSE if name == "played.never" else BOTH

    assert verdict(parse("played(never)"), spans).can_be_true is False
    assert verdict(parse("played(never) before played(x)"), spans).can_be_true is False
    found = verdict(parse("played(x) before played(y)"), spans)
    assert found.can_be_true and found.can_be_false
    assert verdict(parse("rounds_since(x) >= 0"), spans).can_be_false is False
    assert verdict(parse("count(t, self) < 0"), spans).can_be_true is False


def test_reports_show_the_offer_history(case: Case) -> None:
    from game.debriefing.htmlreport import html
    from game.debriefing.report import markdown, text_lines
    from game.debriefing.reportmodel import build_report

    session = Session(case, seed=1, humans=["north"])
    session.play("north", "table_ceasefire")
    session.play("north", "ceasefire.accept")
    result = debrief(case, session.log)
    history = [
        "Round 1: Nordland tables the Ceasefire package to Sudmark: Freeze both fleets; Lift the quarantine",
        "Round 1: Sudmark counters the Ceasefire package (Add UN inspection), back to Nordland: "
        "Freeze both fleets; UN inspectors on the ground; Lift the quarantine",
        "Round 2: Nordland accepts the Ceasefire package",
        "Round 2: The Ceasefire package is agreed: Freeze both fleets; UN inspectors on the ground; "
        "Lift the quarantine",
    ]
    report = build_report(case, session.log, result)
    assert list(report.offers) == history
    text = markdown(report)
    assert "## Offers\n\n" + "\n".join(f"- {line}" for line in history) in text
    assert "<h2>Offers</h2>" in html(report, case, session.log)
    assert "Offers:" in text_lines(report)


def test_the_debrief_says_why_play_moved_on_and_tells_the_variant(case: Case) -> None:
    from game.debriefing.report import markdown, text_lines
    from game.debriefing.reportmodel import build_report

    session = Session(case, seed=1, humans=["north"])
    for move in ("issue_ultimatum", "wait", "wait", "strike"):
        session.play("north", move)
    report = build_report(case, session.log, debrief(case, session.log))
    assert "Round 3: Talks ran out of time: its limit of 3 rounds was reached." in text_lines(report)
    assert "- Round 3: Talks ran out of time: its limit of 3 rounds was reached." in markdown(report)
    settled = Session(case, seed=1, humans=["north"])
    settled.play("north", "table_ceasefire")
    settled.play("north", "ceasefire.accept")
    told = text_lines(build_report(case, settled.log, debrief(case, settled.log)))
    assert "Outcome: Verified settlement (agreement)" in told


def test_simultaneous_rounds_answer_offers_too(tmp_path: Path) -> None:
    text = CASE.read_text(encoding="utf-8").replace("rounds:\n", "rounds:\n  mode: simultaneous\n", 1)
    path = tmp_path / "simultaneous.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case(path)
    answered = 0
    for seed in range(40):
        for humans in ((), ("south",)):
            session = Session(case, seed=seed, humans=humans, policy="random")
            while not session.over:
                for role in session.waiting_for:
                    session.play_policy(role)
            live, folded = session.tally(), fold(case, session.log)
            assert live.offers == folded.offers and live.accepted == folded.accepted, seed
            answered += sum(1 for e in session.log if e.kind == "offer" and "by" in e.data)
            again = Session.replay(case, session.log)
            assert [e.to_dict() for e in again.log] == [e.to_dict() for e in session.log]
    assert answered > 0


LATE = """\
schema_version: 2
id: late
title: Late
summary: Two answers in one simultaneous round.
difficulty: introductory
duration_minutes: 5
briefing: A tables an offer to B and C.
rounds:
  mode: simultaneous
  limit: 3
  on_limit: over
roles:
  a: {name: A, description: A., briefing: A.}
  b: {name: B, description: B., briefing: B.}
  c: {name: C, description: C., briefing: C.}
meters:
  calm: {label: Calm, max: 10, initial: 5}
proposals:
  deal:
    label: Deal
    to: [b, c]
    terms:
      peace: {label: Peace, effects: {calm: +1}}
phases:
  talks:
    title: Talks
    text: Talking.
    moves: {a: [table, wait], b: [wait], c: [wait]}
endings:
  over: {title: Over, outcome: stalemate, text: Over.}
moves:
  table: {label: Table the deal, roles: [a], proposes: deal}
  wait: {label: Wait, roles: [a, b, c]}
rubric:
  calm:
    title: Calm
    rules:
      - {if: accepted.deal, points: 10, note: agreed}
"""


def test_an_answer_settled_before_it_resolves_is_late_and_replays(tmp_path: Path) -> None:
    from game.case.loader import load_case_text

    case = load_case_text(LATE, str(tmp_path / "late.yaml"))
    session = Session(case, seed=1, humans=["a", "b", "c"])
    for role, move in (("a", "table"), ("b", "wait"), ("c", "wait")):
        session.play(role, move)
    session.play("a", "wait")
    session.play("b", "deal.reject")  # resolves first: with needs: all, the offer is turned down
    session.play("c", "deal.accept")
    actions = [(e.role, e.data["action"]) for e in session.log if e.kind == "offer"]
    assert actions == [("a", "table"), ("b", "reject"), ("", "rejected"), ("c", "late")]
    assert "C's answer to the Deal comes too late: the offer is already settled." in transcript(
        case, session.log
    )
    again = Session.replay(case, session.log)
    assert [e.to_dict() for e in again.log] == [e.to_dict() for e in session.log]


def test_lint_judges_appears_when_and_requirements(tmp_path: Path) -> None:
    from game.instructor.lint import lint_case

    base = (Path(__file__).parent / "cases" / "minimal2.yaml").read_text(encoding="utf-8")
    never = base.replace("appears_when: escalation >= 3", "appears_when: escalation >= 11")
    path = tmp_path / "never.yaml"
    path.write_text(never, encoding="utf-8")
    found = [(d.code, d.line, d.message) for d in lint_case(load_case(path))]
    assert (
        "condition-never-true",
        100,
        "move 'warn' never appears: 'escalation >= 11' is never true where it is listed",
    ) in [(c, line, m.split(" (")[0]) for c, line, m in found]
    locked = base.replace(
        "    starts: [ultimatum]\n",
        "    starts: [ultimatum]\n    requires:\n      - when: escalation > 10\n        reason: Never.\n",
    )
    path.write_text(locked, encoding="utf-8")
    codes = [(d.code, d.line) for d in lint_case(load_case(path))]
    assert ("condition-never-true", 103) in codes
