"""The session façade: turns, options, refusals, effects, phases, endings."""

from __future__ import annotations

import pytest

from game.errors import MoveError
from game.play.events import dump_log
from game.play.replay import fold
from game.play.rules import rules_for
from game.play.session import Session
from tests.engine_helpers import sample, simultaneous, variant


def test_starts_waiting_for_the_human() -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    assert session.waiting_for == ("velmar",)
    kinds = [e.kind for e in session.log[:3]]
    assert kinds == ["start", "phase", "round"]
    assert session.phase == "signal"
    assert session.round == 1
    assert not session.over


def test_options_show_locked_moves_with_reasons() -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    assert all(o.open for o in session.options("velmar"))
    session.play("velmar", "file_with_court")
    assert session.waiting_for == ("velmar",)  # the policy played kest and norland
    options = {o.move.id: o for o in session.options("velmar")}
    assert not options["file_with_court"].open
    assert options["file_with_court"].reason == "You have already filed with the court."
    assert options["listen"].open and options["listen"].reason == ""


@pytest.mark.parametrize(
    ("role", "move", "message"),
    [
        ("velmar", "no_such_move", "unknown move"),
        ("velmar", "naval_exercise", "not open to 'velmar'"),
        ("velmar", "invite_mediator", "not open to 'velmar'"),
        ("kest", "listen", "not a human"),
        ("atlantis", "listen", "unknown role"),
    ],
)
def test_refusals(role: str, move: str, message: str) -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    with pytest.raises(MoveError, match=message):
        session.play(role, move)


def test_out_of_turn_and_locked() -> None:
    session = Session(sample(), seed=1, humans=["velmar", "kest"])
    with pytest.raises(MoveError, match=r"not 'kest'\'s turn"):
        session.play("kest", "listen")
    session.play("velmar", "file_with_court")
    session.play("kest", "listen")
    # round 2: court already filed, so the move is locked
    with pytest.raises(MoveError, match="locked: You have already filed"):
        session.play("velmar", "file_with_court")


def test_bad_humans_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        Session(sample(), humans=["nobody"])
    with pytest.raises(ValueError, match="taken twice"):
        Session(sample(), humans=["velmar", "velmar"])
    with pytest.raises(ValueError, match="unknown policy"):
        Session(sample(), policy="clever")


def test_effects_clamp_and_self_resolves() -> None:
    session = Session(sample(), seed=1, humans=["velmar", "kest"])
    before = session.snapshot()
    session.play("velmar", "mirror_exercise")
    changes = session.changes_since(before.seq)
    assert changes["escalation"] == 2
    assert changes["support.velmar"] == 1
    assert changes["trust.kest_velmar"] == -2
    values = {r.slot: r.value for r in session.snapshot().meters}
    assert values["escalation"] == 6
    # drive escalation to the top: it clamps at 10 and the log records the clamped change
    for _ in range(3):
        if session.over:
            break
        if session.waiting_for == ("kest",):
            session.play("kest", "naval_exercise")
        elif session.waiting_for == ("velmar",):
            session.play("velmar", "mirror_exercise")
    assert all(r.value <= r.maximum for r in session.snapshot().meters)


def test_exit_to_ending_and_no_moves_after() -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    session.play("velmar", "cancel_lease")
    assert session.over
    assert session.ending is not None and session.ending.id == "capitulation"
    assert session.waiting_for == ()
    with pytest.raises(MoveError, match="over"):
        session.play("velmar", "listen")
    assert session.log[-1].kind == "ending"


def test_phase_timeout_moves_on() -> None:
    session = Session(sample(), seed=3, humans=["velmar"])
    for _ in range(3):
        session.play("velmar", "hold_red_line")
    phases = [e.data["phase"] for e in session.log if e.kind == "phase"]
    reasons = [e.data["reason"] for e in session.log if e.kind == "phase"]
    assert phases[:2] == ["signal", "backchannel"]
    assert reasons[1] in ("timeout", "exit")


def test_round_limit_ends_in_on_limit() -> None:
    case = variant(limit=("limit: 10", "limit: 5"))  # type: ignore[arg-type]
    session = Session(case, seed=5, humans=["velmar", "kest", "norland"])
    while not session.over:
        role = session.waiting_for[0]
        session.play(role, "listen")
    assert session.ending is not None
    assert session.ending.id == "stalemate"
    assert session.round == 5
    assert session.log[-1].data["reason"] == "limit"


STALEMATE_EXIT = (
    "      - to: stalemate\n        when: phase_round >= 3 and escalation <= 6 and played.cancel_lease == 0\n"
)


def test_last_phase_times_out_into_an_ending() -> None:
    # without the exit that leads where the timeout does (so that its credit is someone's)
    case = variant(exit=(STALEMATE_EXIT, ""))  # type: ignore[arg-type]
    session = Session(case, seed=5, humans=["velmar", "kest", "norland"])
    while not session.over:
        session.play(session.waiting_for[0], "listen")
    assert [e.data["phase"] for e in session.log if e.kind == "phase"] == [
        "signal",
        "backchannel",
        "mediation",
    ]
    assert session.log[-1].data == {"ending": "stalemate", "outcome": "stalemate", "reason": "timeout"}
    assert session.round == 9
    # with it, the same play ends the same way, in the same round, by the exit
    again = Session(sample(), seed=5, humans=["velmar", "kest", "norland"])
    while not again.over:
        again.play(again.waiting_for[0], "listen")
    assert again.log[-1].data == {"ending": "stalemate", "outcome": "stalemate", "reason": "exit"}
    assert again.round == 9


def test_policy_plays_every_role_when_nobody_is_human() -> None:
    session = Session(sample(), seed=11)
    assert session.over
    assert any(e.kind == "move" and e.data["by"] == "policy" for e in session.log)


def test_same_seed_same_log_and_different_seeds_differ() -> None:
    logs = {dump_log(Session(sample(), seed=s).log) for s in (1, 1, 2, 3, 4)}
    assert len(logs) >= 3
    assert dump_log(Session(sample(), seed=9).log) == dump_log(Session(sample(), seed=9).log)


def test_fold_rebuilds_the_live_board() -> None:
    for seed in range(20):
        session = Session(sample(), seed=seed, policy="random")
        board = fold(sample(), session.log)
        live = session._board
        assert board.meters == live.meters
        assert board.flags == live.flags
        assert board.played == live.played
        assert board.tagged == live.tagged
        assert board.mine == live.mine
        assert board.fired == live.fired
        assert board.visited == live.visited
        assert (board.round, board.ending, board.outcome) == (live.round, live.ending, live.outcome)


def test_simultaneous_round_is_secret_until_everyone_chose() -> None:
    case = simultaneous()
    session = Session(case, seed=2, humans=["velmar", "kest"])
    assert session.waiting_for == ("velmar", "kest")
    assert session.play("kest", "naval_exercise") == ()
    assert session.has_chosen("kest")
    assert session.waiting_for == ("velmar",)
    with pytest.raises(MoveError, match="already chosen"):
        session.play("kest", "listen")
    events = session.play("velmar", "listen")
    moves = [(e.role, e.data["move"]) for e in events if e.kind == "move"]
    assert moves[:2] == [("velmar", "listen"), ("kest", "naval_exercise")]  # resolved in the stated order
    assert [e.role for e in events if e.kind == "move"][2] == "norland"


def test_simultaneous_order_of_submission_does_not_matter() -> None:
    case = simultaneous()
    a = Session(case, seed=4, humans=["velmar", "kest"])
    b = Session(case, seed=4, humans=["velmar", "kest"])
    a.play("velmar", "listen")
    a.play("kest", "listen")
    b.play("kest", "listen")
    b.play("velmar", "listen")
    assert dump_log(a.log) == dump_log(b.log)


def test_machine_uses_only_our_triggers() -> None:
    rules = rules_for(sample())
    machine = rules.machine.machine
    assert set(machine.events) == {"advance", "expire"}
    assert not machine.auto_transitions
    finals = {name for name, state in machine.states.items() if state.final}
    assert finals == set(sample().endings)


def test_play_policy_for_a_human() -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    events = session.play_policy("velmar")
    assert events[0].kind == "move" and events[0].data["by"] == "policy"
