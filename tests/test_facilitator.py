"""The facilitator's actions (game.play.facilitator): each action, who sees it, replay, scoring."""

from __future__ import annotations

import json

import pytest

from game.debriefing.credit import Credit
from game.debriefing.report import transcript
from game.debriefing.reportmodel import build_report, to_dict
from game.debriefing.scoring import debrief
from game.errors import MoveError
from game.play.attribution import BY_FACILITATOR, attribute_events
from game.play.events import Event, dump_log
from game.play.facilitator import FACILITATOR, FacilitatorError
from game.play.session import Session
from tests.engine_helpers import sample, simultaneous


def fresh() -> Session:
    return Session(sample(), seed=3, humans=["velmar", "kest"])


def play_to_end(session: Session) -> None:
    while not session.over:
        session.play_policy(session.waiting_for[0])


def test_fire_an_inject_now_is_the_facilitators_doing() -> None:
    session = fresh()
    events = session.facilitate({"action": "fire", "inject": "parliament_wavers"})
    kinds = [e.kind for e in events]
    assert kinds[:2] == ["facilitator", "inject"]
    assert events[0].data["audience"] == []  # the facilitator's own record
    assert events[1].data["by"] == "facilitator"
    assert session.snapshot().meters  # still in play
    assert any(e.kind == "effect" and e.data["slot"] == "leverage" for e in events)
    # trainees see the inject (its audience: everyone), not the facilitator's event
    velmar = session.view("velmar").log
    assert any(e.kind == "inject" and e.data["inject"] == "parliament_wavers" for e in velmar)
    assert not any(e.kind == "facilitator" for e in velmar)
    at = attribute_events(session.case, session.log)
    inject = next(e for e in events if e.kind == "inject")
    assert at.causes[inject.seq] == BY_FACILITATOR
    assert all(c.cause.role == FACILITATOR for c in at.changes if c.seq > inject.seq)


def test_a_fired_private_inject_keeps_its_audience() -> None:
    session = fresh()
    session.facilitate({"action": "fire", "inject": "intercept"})
    assert any(e.kind == "inject" for e in session.view("kest").log)
    assert not any(e.kind == "inject" for e in session.view("velmar").log)


def test_a_held_inject_waits_for_its_release() -> None:
    session = fresh()
    session.facilitate({"action": "hold", "inject": "intercept"})  # scheduled for round 2
    while session.round < 2:
        session.play_policy(session.waiting_for[0])
    assert not any(e.kind == "inject" and e.data["inject"] == "intercept" for e in session.log)
    assert session.held == {"intercept": True}  # it came due while held
    events = session.facilitate({"action": "release", "inject": "intercept"})
    fired = [e for e in events if e.kind == "inject"]
    assert [e.data["inject"] for e in fired] == ["intercept"] and fired[0].data["by"] == "facilitator"
    assert session.held == {}


def test_releasing_an_inject_not_yet_due_lets_it_fire_on_schedule() -> None:
    session = fresh()
    session.facilitate({"action": "hold", "inject": "intercept"})
    events = session.facilitate({"action": "release", "inject": "intercept"})
    assert [e.kind for e in events] == ["facilitator"]
    while session.round < 2:
        session.play_policy(session.waiting_for[0])
    fired = [e for e in session.log if e.kind == "inject" and e.data["inject"] == "intercept"]
    assert len(fired) == 1 and "by" not in fired[0].data


def test_pause_refuses_moves_until_resumed() -> None:
    session = fresh()
    session.facilitate({"action": "pause", "reason": "Coffee"})
    assert session.paused and session.snapshot().paused
    option = next(o for o in session.options("velmar") if o.open)
    with pytest.raises(MoveError, match="paused by the facilitator"):
        session.play("velmar", option.move.id)
    with pytest.raises(MoveError, match="paused by the facilitator"):
        session.play_policy("velmar")
    assert any(e.kind == "facilitator" for e in session.view("kest").log)  # everyone sees a pause
    session.facilitate({"action": "resume"})
    assert not session.paused
    session.play("velmar", option.move.id)


def test_adjudication_is_shown_with_its_reason_to_who_sees_the_meter() -> None:
    session = fresh()
    before = session.snapshot()
    value = next(r.value for r in before.meters if r.slot == "support.velmar")
    events = session.facilitate(
        {"action": "adjust", "meter": "support.velmar", "change": -2, "reason": "Press leak"}
    )
    assert [e.kind for e in events] == ["facilitator", "effect"]
    assert events[0].data["audience"] == ["velmar"] and events[0].data["reason"] == "Press leak"
    assert events[1].data["value"] == max(0, value - 2)
    assert any(e.kind == "facilitator" for e in session.view("velmar").log)
    assert not any(e.kind == "facilitator" for e in session.view("kest").log)
    # a meter with one slot may be named by its id; changes clamp to the meter's bounds
    events = session.facilitate({"action": "adjust", "meter": "leverage", "change": 99, "reason": "x"})
    maximum = next(r.maximum for r in session.snapshot().meters if r.slot == "leverage")
    assert events[-1].data["value"] == maximum


def test_a_note_is_private_unless_shown() -> None:
    session = fresh()
    hidden = session.facilitate({"action": "note", "text": "Velmar hesitated here"})
    shown = session.facilitate({"action": "note", "text": "Well done", "shown": True})
    assert hidden[0].data["audience"] == [] and "audience" not in shown[0].data
    notes = [e for e in session.view("velmar").log if e.kind == "facilitator"]
    assert [e.data["text"] for e in notes] == ["Well done"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"action": "explode"}, "unknown facilitator action 'explode'"),
        ({"inject": "leak"}, "unknown facilitator action None"),
        ({"action": "fire", "inject": "lek"}, "unknown inject 'lek'"),
        ({"action": "fire"}, "unknown inject None"),
        ({"action": "release", "inject": "leak"}, "is not held"),
        ({"action": "resume"}, "not paused"),
        ({"action": "adjust", "meter": "trust", "change": 1, "reason": "r"}, "one value per role or pair"),
        ({"action": "adjust", "meter": "morale", "change": 1, "reason": "r"}, "unknown meter 'morale'"),
        ({"action": "adjust", "meter": "leverage", "change": 1}, "'reason' is required"),
        ({"action": "adjust", "meter": "leverage", "change": 1, "reason": "  "}, "'reason' is required"),
        ({"action": "adjust", "meter": "leverage", "change": "2", "reason": "r"}, "whole number"),
        ({"action": "adjust", "meter": "leverage", "change": 0, "reason": "r"}, "whole number"),
        ({"action": "note", "text": "x", "shown": "yes"}, "true or false"),
        ({"action": "note", "text": "x" * 1001}, "at most 1000"),
        ({"action": "pause", "inject": "leak"}, "takes no 'inject'"),
        (["fire"], "a mapping"),
    ],
)
def test_bad_payloads_are_refused_clearly(payload: object, message: str) -> None:
    session = fresh()
    length = len(session.log)
    with pytest.raises(FacilitatorError, match=message):
        session.facilitate(payload)  # type: ignore[arg-type]
    assert len(session.log) == length


def test_no_action_once_the_case_is_over() -> None:
    session = fresh()
    play_to_end(session)
    with pytest.raises(FacilitatorError, match="the case is over"):
        session.facilitate({"action": "pause"})


def _mixed(case_maker=sample) -> Session:  # type: ignore[no-untyped-def]
    session = Session(case_maker(), seed=5, humans=["velmar", "kest"])
    session.facilitate({"action": "hold", "inject": "intercept"})
    session.play_policy(session.waiting_for[0])
    session.facilitate({"action": "adjust", "meter": "escalation", "change": 2, "reason": "Shots fired"})
    session.facilitate({"action": "pause"})
    session.facilitate({"action": "note", "text": "ask about tempo", "shown": False})
    session.facilitate({"action": "resume"})
    while session.round < 3 and not session.over:
        session.play_policy(session.waiting_for[0])
    session.facilitate({"action": "release", "inject": "intercept"})
    session.facilitate({"action": "fire", "inject": "leak"})
    play_to_end(session)
    return session


@pytest.mark.parametrize("case_maker", [sample, simultaneous], ids=["sequential", "simultaneous"])
def test_a_log_with_facilitator_actions_replays_identically(case_maker) -> None:  # type: ignore[no-untyped-def]
    session = _mixed(case_maker)
    saved = dump_log(session.log)
    again = _mixed(case_maker)
    assert dump_log(again.log) == saved  # deterministic
    loaded = [Event.from_dict(json.loads(line)) for line in saved.splitlines()]
    replayed = Session.replay(session.case, loaded)
    assert dump_log(replayed.log) == saved
    cut = Session.replay(session.case, loaded[: len(loaded) // 2])  # a log cut short: play goes on
    assert dump_log(cut.log[: len(loaded) // 2]) == dump_log(loaded[: len(loaded) // 2])


def test_the_facilitators_meter_change_is_no_players_credit() -> None:
    case = sample()
    session = Session(case, seed=9, humans=["velmar"])
    session.facilitate({"action": "adjust", "meter": "trust.kest_velmar", "change": 3, "reason": "Goodwill"})
    play_to_end(session)
    at = attribute_events(case, session.log)
    slot = "trust.kest_velmar"
    assert at.contrib[slot][FACILITATOR] == 3
    credit = Credit(case, at)
    players = sum(credit.contribution(slot, role) for role in case.roles)
    table = at.contrib[slot].get("", 0)
    net = sum(e.data["change"] for e in session.log if e.kind == "effect" and e.data["slot"] == slot)
    assert players + table + 3 == net  # every change but the facilitator's is someone else's
    adjusted = next(c for c in at.changes if c.source == "facilitator")
    assert adjusted.cause == BY_FACILITATOR and adjusted.change == 3
    result = debrief(case, session.log)  # scores without error
    assert {p.role for p in result.players} == {"velmar"}


def test_reports_list_the_facilitators_actions_with_rounds() -> None:
    session = _mixed()
    case = session.case
    result = debrief(case, session.log)
    full = build_report(case, session.log, result)
    assert full.facilitator[0] == f"R1 Facilitator held “{case.injects['intercept'].title}”"
    assert any("adjudicated Escalation" in line and "Shots fired" in line for line in full.facilitator)
    assert any("note (facilitator only): ask about tempo" in line for line in full.facilitator)
    mine = build_report(case, session.log, result, viewer="velmar")
    assert not any("held" in line or "note" in line for line in mine.facilitator)
    assert any("Paused by the facilitator" in line for line in mine.facilitator)
    assert list(to_dict(full)["facilitator"]) == list(full.facilitator)
    lines = transcript(case, session.log)
    assert "== Paused by the facilitator ==" in lines


def test_a_report_without_facilitator_actions_is_unchanged() -> None:
    session = fresh()
    play_to_end(session)
    report = build_report(session.case, session.log, debrief(session.case, session.log))
    assert "facilitator" not in to_dict(report)


def test_the_shared_debrief_lists_only_what_everyone_saw() -> None:
    from game.debriefing.facilitation import public_actions

    session = _mixed()
    shared = public_actions(session.case, session.log)
    assert shared[:2] == [
        "R1 Facilitator adjudicated Escalation ladder +2: Shots fired",
        "R1 Paused by the facilitator",
    ]
    assert not any("held" in line or "note" in line for line in shared)
    assert "   [Facilitator held “" + session.case.injects["intercept"].title + "”] [facilitator only]" in (
        transcript(session.case, session.log)
    )


def test_a_secret_choice_made_before_an_action_replays_before_it() -> None:
    case = simultaneous()
    session = Session(case, seed=4, humans=["velmar", "kest"])
    session.play("velmar", "open_backchannel")  # open while escalation < 8: chosen in secret
    action = session.facilitate({"action": "adjust", "meter": "escalation", "change": 6, "reason": "Shots"})
    assert action[0].data["chosen"] == ["velmar"]
    session.facilitate({"action": "note", "text": "Velmar chose before the shots"})
    assert not any(o.open for o in session.options("velmar") if o.move.id == "open_backchannel")
    session.play_policy("kest")  # the round resolves with Velmar's earlier choice
    assert any(e.kind == "move" and e.data["move"] == "open_backchannel" for e in session.log)
    play_to_end(session)
    saved = dump_log(session.log)
    assert dump_log(Session.replay(case, session.log).log) == saved


@pytest.mark.parametrize("case_maker", [sample, simultaneous], ids=["sequential", "simultaneous"])
def test_causes_kept_during_play_equal_causes_read_from_the_log(case_maker) -> None:  # type: ignore[no-untyped-def]
    from tests.test_tracked_attribution import assert_same

    session = _mixed(case_maker)
    assert FACILITATOR in session.tally().ledger.contrib["escalation"]  # type: ignore[union-attr]
    assert_same(session.case, session)
    assert_same(session.case, Session.replay(session.case, session.log))
