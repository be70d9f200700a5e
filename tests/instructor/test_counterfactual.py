"""The counterfactual debrief: paired rollouts, the gain test, and moves never recommended."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from game.case.library import open_case
from game.case.loader import load_case
from game.case.model import Case
from game.debriefing.counterfactual import CounterfactualError, better_moves
from game.debriefing.screening import HARMFUL_TAGS, harmful_tag, rubric_penalty, veto
from game.play.session import Session
from tests.engine_helpers import sample, simultaneous

CASES = Path(__file__).resolve().parents[1] / "cases" / "instructor"
CHOICE = CASES / "choice.yaml"


def test_the_best_alternative_known_by_hand_is_found() -> None:
    case = load_case(CHOICE)
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "concede")
    (suggestion,) = better_moves(case, session.log, "you", rollouts=5)
    best = suggestion.best
    assert best is not None and (suggestion.round, suggestion.played, best.move) == (1, "concede", "hold")
    assert (suggestion.played_mean, best.mean, best.gain, best.low, best.high) == (5, 80, 75, 75, 75)
    assert best.confirmed is True
    assert [(d.id, d.gain) for d in best.raised] == [("outcome", 100.0), ("firmness", 50.0)]
    assert suggestion.text == (
        "Round 1: you chose “Concede under pressure”; “Hold the red line” would have scored +75 on "
        "average (95% CI +75 to +75 over 5 paired rollouts). It would have raised Outcome +100, "
        "Firmness +50. Why: red line: Stating or holding what is non-negotiable (“clear signaling about "
        "what is non-negotiable and what can be calibrated”, Adaptive negotiation under coercion)."
    )


def test_a_move_that_was_best_leaves_no_clearly_better_move() -> None:
    case = load_case(CHOICE)
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "hold")
    (suggestion,) = better_moves(case, session.log, "you", rollouts=3)
    assert suggestion.best is None and not suggestion.improves
    assert [a.move for a in suggestion.alternatives] == ["stall"]  # conceding is never even tried
    assert suggestion.alternatives[0].gain == -55  # the draw at the limit is the table's, not stalling's
    assert [e.move for e in suggestion.excluded] == ["concede"]
    assert "no clearly better move existed then" in suggestion.text


def test_a_harmful_move_that_scores_best_is_never_recommended() -> None:
    """Caving (tagged reactive_concession, not penalised by the rubric) scores best; holding is shown."""
    case = load_case(CASES / "harmful.yaml")
    session = Session(case, seed=1, humans=["you"])
    while not session.over:
        session.play("you", "stall")
    unscreened = better_moves(case, session.log, "you", rollouts=20, vetoes=())
    assert all(s.best is not None and s.best.move == "cave" for s in unscreened)  # the trap is real
    assert rubric_penalty(case, "you", case.moves["cave"]) is None
    screened = better_moves(case, session.log, "you", rollouts=20)
    assert [s.best.move if s.best else None for s in screened] == ["hold", "hold"]
    for s in screened:
        assert [e.move for e in s.excluded] == ["cave"]
        assert "reactive concession" in s.excluded[0].reason
        assert "Cave in" not in s.text
        assert "red line: Stating or holding what is non-negotiable" in s.text


def test_when_every_gain_is_noise_no_clearly_better_move_is_shown() -> None:
    """A coin decides: pressing and waiting differ only by chance, on every seed tried."""
    case = load_case(CASES / "noise.yaml")
    gains = []
    for seed in range(20):
        session = Session(case, seed=seed, humans=["you"])
        session.play("you", "wait")
        (suggestion,) = better_moves(case, session.log, "you", seed=seed)
        assert suggestion.best is None
        assert "no clearly better move existed then" in suggestion.text
        gains.append(suggestion.alternatives[0].gain)
    # the coin's ending is the table's (a chance inject has no player cause: issue 9's attribution),
    # so it no longer moves the player's own score at all: every gain is well under the 3-point bar
    assert max(abs(g) for g in gains) < 3


def test_the_issue_s_reactive_arms_session_is_never_told_to_concede() -> None:
    """Issue 9: a reactive Aldmere was told to "Pause Spear-4 work, asking nothing" (+37).

    The session below (seed 10: it deploys Spear-4 twice, then hints at Sarn's missiles) made the
    40-rollout version recommend exactly that at round 2 (+35). Unscreened, the concession still
    ranks first there; screened, it is never tried and no clearly better move is shown.
    """
    case = open_case("arms-reduction-coalition")
    session = _played(case, "aldmere", ("aldmere_mirror", "aldmere_mirror", "aldmere_sarn_hedge"), 10)
    assert session.over
    cut = "aldmere_cut_unilateral"
    assert "reactive_concession" in case.moves[cut].tags and "reactive_concession" in HARMFUL_TAGS
    assert harmful_tag(case, "aldmere", case.moves[cut])
    raw = {s.round: s for s in better_moves(case, session.log, "aldmere", seed=10, vetoes=())}
    # the trap is real: unscreened, the concession still ranks first (since the arms rubric's
    # calibration it gains only ~2 points there, no longer a clear gain, but it is still the top one)
    assert raw[2].alternatives[0].move == cut
    screened = {s.round: s for s in better_moves(case, session.log, "aldmere", seed=10)}
    assert cut in [e.move for e in screened[2].excluded]
    assert all(a.move != cut for s in screened.values() for a in s.alternatives)
    assert screened[2].best is None and "no clearly better move existed" in screened[2].text
    for s in screened.values():
        assert s.best is None or veto(case, "aldmere", case.moves[s.best.move]) is None


def _played(case: Case, role: str, moves: tuple[str, ...], seed: int) -> Session:
    session = Session(case, seed=seed, humans=[role])
    for move in moves:
        if session.over:
            break
        session.play(role, move)
    return session


def test_same_inputs_same_suggestions_and_the_log_is_untouched() -> None:
    case = sample()
    session = _played(case, "velmar", ("mirror_exercise", "listen", "cancel_lease"), 4)
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


def test_roles_nobody_played_and_too_few_rollouts_are_refused() -> None:
    case = sample()
    session = Session(case, seed=1)
    with pytest.raises(CounterfactualError, match="not played by a person"):
        better_moves(case, session.log, "velmar")
    session = _played(case, "velmar", ("listen",), 1)
    with pytest.raises(CounterfactualError, match="at least two rollouts"):
        better_moves(case, session.log, "velmar", rollouts=1)


def test_play_out_plays_the_same_moves_as_play_policy() -> None:
    case = sample()
    one = Session(case, seed=5, humans=["velmar"])
    two = one.fork(seed=9, policy="counterpart")
    three = one.fork(seed=9, policy="counterpart")
    two.play_out()
    while not three.over:
        three.play_policy(three.waiting_for[0])
    assert two.log == three.log


def test_parley_run_shows_them_in_the_debrief(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text("you: concede\n", encoding="utf-8")
    assert main(["run", str(CHOICE), "--moves", str(moves), "--counterfactual", "--rollouts", "3"]) == 0
    out = capsys.readouterr().out
    assert "WHAT A BETTER MOVE WOULD HAVE DONE" in out
    assert "“Hold the red line” would have" in out


def test_rollouts_keep_the_player_s_later_moves_where_open() -> None:
    case = sample()
    session = _played(case, "velmar", ("mirror_exercise", "file_with_court", "open_backchannel"), 4)
    twin = Session.replay(case, session.log[: next(e.seq for e in session.log if e.kind == "move")])
    planned = twin.fork(seed=11, policy="counterpart")
    planned.play("velmar", "mirror_exercise")
    planned.play_out({"velmar": ["file_with_court", "open_backchannel"]})
    mine = [e.data["move"] for e in planned.log if e.kind == "move" and e.role == "velmar"]
    assert mine[:3] == ["mirror_exercise", "file_with_court", "open_backchannel"]
    by = [e.data["by"] for e in planned.log if e.kind == "move" and e.role == "velmar"]
    assert by[1:3] == ["human", "human"]
    closed = twin.fork(seed=11, policy="counterpart")
    closed.play("velmar", "file_with_court")
    closed.play_out({"velmar": ["file_with_court"]})  # filed already: no longer open, the policy chooses
    second = [e for e in closed.log if e.kind == "move" and e.role == "velmar"][1]
    assert second.data["by"] == "policy"


def test_parley_run_json_carries_the_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text("you: concede\n", encoding="utf-8")
    args = ["run", str(CHOICE), "--moves", str(moves), "--counterfactual", "--rollouts", "3", "--json"]
    assert main(args) == 0
    last = json.loads(capsys.readouterr().out.splitlines()[-1])
    (item,) = last["better_moves"]["you"]["items"]
    assert item["verdict"] == "better" and item["alternative"] == "Hold the red line"
    assert [e["move"] for e in last["counterfactual"]["you"][0]["excluded"]] == []


def test_a_move_that_breaches_the_player_s_red_line_is_never_recommended() -> None:
    """Signing scores best and carries no harmful tag nor rubric penalty: only the red line stops it."""
    case = load_case(CASES / "redline.yaml")
    session = Session(case, seed=1, humans=["you"])
    while not session.over:
        session.play("you", "stall")
    assert harmful_tag(case, "you", case.moves["sign"]) is None
    assert rubric_penalty(case, "you", case.moves["sign"]) is None
    unscreened = better_moves(case, session.log, "you", rollouts=10, vetoes=())
    assert unscreened[0].best is not None and unscreened[0].best.move == "sign"  # the trap is real
    (first, *_) = better_moves(case, session.log, "you", rollouts=10)
    assert [e.move for e in first.excluded] == ["sign"]
    assert "crosses your red line: Never sign without inspection." in first.excluded[0].reason
    assert first.best is not None and first.best.move == "hold"
