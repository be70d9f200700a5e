"""What the instructor tools added to the engine: fork, tally, totals, and the machine's guards."""

from __future__ import annotations

import dataclasses

from game.debriefing.scoring import debrief, totals, totals_for
from game.play.board import Board
from game.play.events import dump_log
from game.play.machine import Guard
from game.play.replay import fold
from game.play.rules import rules_for
from game.play.session import Session
from tests.engine_helpers import sample, simultaneous, variant


def test_tally_is_the_folded_board_and_a_copy() -> None:
    for case in (sample(), simultaneous()):
        for seed in range(15):
            session = Session(case, seed=seed, policy="random")
            tally = session.tally()
            folded = fold(case, session.log)
            for field in dataclasses.fields(Board):
                if field.name in ("phase_round", "self_role"):
                    continue  # bookkeeping the log does not carry the same way
                assert getattr(tally, field.name) == getattr(folded, field.name), field.name
            tally.meters["escalation"] = 99
            tally.mine["velmar"]["x"] = 1
            assert session.tally().meters["escalation"] != 99
            assert "x" not in session.tally().mine["velmar"]


def test_tally_copies_every_field_of_board() -> None:
    live = Session(sample(), seed=2, policy="random").tally()
    again = Board(**{f.name: getattr(live, f.name) for f in dataclasses.fields(Board)})
    assert again == live  # a field added to Board must be added to session._copy_board too
    assert {f.name for f in dataclasses.fields(Board)} == {
        "meters", "flags", "played", "tagged", "mine", "fired", "visited",
        "round", "phase_round", "self_role", "ending", "outcome", "ledger",
        "first", "last", "phase_cap", "timers", "expired", "offers", "accepted",
    }  # fmt: skip


def test_totals_equal_the_debrief() -> None:
    case = sample()
    for seed in range(25):
        session = Session(case, seed=seed, policy="random")
        result = debrief(case, session.log)
        board = session.tally()
        found = totals_for(case, board, [p.role for p in result.players])
        for player, total in zip(result.players, found, strict=True):
            assert total.overall == player.overall
            assert total.dimensions == tuple(d.score for d in player.dimensions)
        assert totals(case, board, "velmar").overall == result.player("velmar").overall


def test_fork_is_independent_and_reseeded() -> None:
    case = sample()
    session = Session(case, seed=5, humans=["velmar"])
    before = dump_log(session.log)
    twin = session.fork(seed=1, policy="random")
    twin.play("velmar", "listen")
    while not twin.over:
        twin.play_policy(twin.waiting_for[0])
    assert dump_log(session.log) == before and not session.over
    assert twin.log[: len(session.log)] == session.log
    again = session.fork(seed=1, policy="random")
    again.play("velmar", "listen")
    while not again.over:
        again.play_policy(again.waiting_for[0])
    assert dump_log(again.log) == dump_log(twin.log)


def test_guards_carry_what_they_were_made_from() -> None:
    machine = rules_for(sample()).machine.machine
    guards = [t.conditions[0].func for t in machine.events["advance"].transitions["signal"]]
    assert all(isinstance(g, Guard) for g in guards)
    assert [g.kind for g in guards] == ["exit", "exit", "exit", "timeout"]
    assert guards[-1].max_rounds == 3


def test_an_exit_written_as_a_bare_count_is_taken_whenever_it_is_not_zero() -> None:
    # transitions compares a guard's result with True; a count of 2 must still open the exit
    case = variant(w=("when: played.open_backchannel >= 1", "when: played.open_backchannel"))
    session = Session(case, seed=1, humans=["velmar", "kest"])
    session.play("velmar", "open_backchannel")
    session.play("kest", "open_backchannel")
    assert session.phase == "backchannel"
