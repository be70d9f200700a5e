"""The counterfactual debrief: the best alternative at the decisions that mattered."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from game.case.loader import load_case
from game.debriefing.counterfactual import CounterfactualError, better_moves
from game.play.session import Session
from tests.engine_helpers import sample, simultaneous

CHOICE = Path(__file__).resolve().parents[1] / "cases" / "instructor" / "choice.yaml"


def conceded() -> tuple[object, Session]:
    case = load_case(CHOICE)
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "concede")
    assert session.over and session.ending is not None and session.ending.id == "loss"
    return case, session


def test_the_best_alternative_known_by_hand_is_found() -> None:
    case, session = conceded()
    (suggestion,) = better_moves(case, session.log, "you", rollouts=5)  # type: ignore[arg-type]
    assert (suggestion.round, suggestion.played, suggestion.alternative) == (1, "concede", "hold")
    assert (suggestion.played_mean, suggestion.alternative_mean, suggestion.delta) == (5, 80, 75)
    assert suggestion.improves
    assert suggestion.text == (
        "Round 1: you chose “Concede under pressure”; “Hold the red line” would have scored +75 "
        "on average (5 rollouts each)."
    )


def test_a_move_that_was_best_is_said_to_hold_up() -> None:
    case = load_case(CHOICE)
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "hold")
    (suggestion,) = better_moves(case, session.log, "you", rollouts=3)
    assert suggestion.alternative == "stall" and suggestion.delta == -55 and not suggestion.improves
    assert "it held up" in suggestion.text


def test_same_inputs_same_suggestions_and_the_log_is_untouched() -> None:
    case = sample()
    session = Session(case, seed=4, humans=["velmar"])
    for move in ("mirror_exercise", "listen", "cancel_lease"):
        if session.over:
            break
        session.play("velmar", move)
    log = session.log
    first = better_moves(case, log, "velmar", rollouts=6, seed=2)
    assert first == better_moves(case, log, "velmar", rollouts=6, seed=2)
    assert session.log == log
    assert [s.round for s in first] == sorted(s.round for s in first)


def test_simultaneous_rounds_keep_the_other_players_choices() -> None:
    case = simultaneous()
    session = Session(case, seed=3, humans=["velmar", "kest"])
    while not session.over:
        for role in session.waiting_for:
            session.play_policy(role)
    found = better_moves(case, session.log, "velmar", rollouts=4)
    assert found and all(s.role == "velmar" for s in found)


def test_roles_nobody_played_are_refused() -> None:
    case = sample()
    session = Session(case, seed=1)
    with pytest.raises(CounterfactualError, match="not played by a person"):
        better_moves(case, session.log, "velmar")


def test_parley_run_shows_them_in_the_debrief(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text("you: concede\n", encoding="utf-8")
    assert main(["run", str(CHOICE), "--moves", str(moves), "--counterfactual", "--rollouts", "3"]) == 0
    out = capsys.readouterr().out
    assert "WHAT A BETTER MOVE WOULD HAVE DONE" in out
    assert "“Hold the red line” would have" in out
