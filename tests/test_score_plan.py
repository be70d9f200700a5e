"""The scoring plan (:mod:`game.debriefing.scoreplan`, :mod:`game.debriefing.scorecode`) gives the
scores the reference reading gives (``Credit``, rule by rule: ``scoring._totals_reference``).

On every built-in case and every test case that loads, for both policies, on boards from
``Session.tally()`` and from ``fold()`` of the log, with humans playing fixed moves and shipped
strategies as well as the policy, every playable role: ``totals_for`` equals the reference exactly.
A change to ``Credit``'s rules that the plan does not mirror fails here.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.case.loader import load_case
from game.case.model import Case
from game.debriefing import scoreplan
from game.debriefing.scoring import COMPILE_AFTER, _totals_reference, debrief, prepare, totals_for
from game.instructor.analysis import playthrough_seed
from game.instructor.calibrate import play
from game.instructor.strategy import read_strategy, shipped_strategies
from game.play.board import Board
from game.play.replay import fold
from game.play.session import Session, _copy_board
from tests.engine_helpers import variant

TESTS = Path(__file__).parent / "cases"
SEEDS = 40


def _loadable(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        try:
            case = load_case(path)
        except Exception:  # a broken case (tests/cases/invalid …): nothing to score
            continue
        if case.playable_roles:
            found.append(path)
    return found


CASES = builtin_files() + _loadable(
    sorted(p for p in TESTS.rglob("*.yaml") if "invalid" not in p.parts and p.parent.suffix != ".strategies")
)


def _same(case: Case, board: Board, roles: tuple[str, ...], what: str) -> None:
    plan = scoreplan.plan_for(case)
    if any(plan.role(role).totals is None for role in roles):
        prepare(case)  # every role's rubric compiled now, not after COMPILE_AFTER scorings
    assert plan.covers(board.ledger), what  # the plan, not its fallback, scores it
    expected = _totals_reference(case, board, roles)
    assert totals_for(case, board, roles) == expected, what


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_the_plan_scores_as_the_reference_does(path: Path) -> None:
    case = load_case(path)
    roles = case.playable_roles
    rng = random.Random(path.stem)
    for index in range(SEEDS):
        seed = playthrough_seed(0, index)
        for policy in ("random", "counterpart"):
            session = Session(case, seed=seed, policy=policy)
            _same(case, session.tally(), roles, f"{policy} {seed}")
            if index % 4 == 0:
                _same(case, fold(case, session.log), roles, f"fold {policy} {seed}")
        # a human playing fixed moves (the policy when a planned move is not open)
        human = roles[index % len(roles)]
        own = [m.id for m in case.moves.values() if human in m.roles] or [m.id for m in case.moves.values()]
        session = Session(case, seed=seed, humans=(human,), policy="random")
        session.play_out({human: [rng.choice(own) for _ in range(30)]})
        _same(case, session.tally(), roles, f"fixed moves {human} {seed}")
        if index % 4 == 0:
            _same(case, fold(case, session.log), roles, f"fold fixed moves {human} {seed}")


@pytest.mark.parametrize("path", [p for p in CASES if shipped_strategies(p)], ids=lambda p: p.stem)
def test_the_plan_scores_strategies_as_the_reference_does(path: Path) -> None:
    case = load_case(path)
    for file in shipped_strategies(path):
        strategy = read_strategy(file, case)
        for seed in range(10):
            session = play(case, strategy, seed)
            _same(case, session.tally(), case.playable_roles, f"{file.name} {seed}")
            _same(case, fold(case, session.log), case.playable_roles, f"fold {file.name} {seed}")


def test_the_plan_scores_as_the_debrief_does() -> None:
    case = load_case(next(p for p in builtin_files() if p.stem == "arms-reduction-coalition"))
    for seed in range(8):
        session = Session(case, seed=seed, policy="counterpart")
        result = debrief(case, session.log)
        found = totals_for(case, session.tally(), [p.role for p in result.players])
        assert [(t.overall, t.dimensions) for t in found] == [
            (p.overall, tuple(d.score for d in p.dimensions)) for p in result.players
        ]


def test_a_session_from_another_initial_board_is_scored_by_the_reference() -> None:
    case = load_case(next(p for p in builtin_files() if p.stem == "harbour-standoff"))
    board = Session(case, seed=3, policy="random").tally()
    plan = scoreplan.plan_for(case)
    assert plan.covers(board.ledger)
    initial = _copy_board(board.ledger.initial)
    initial.meters[next(iter(initial.meters))] += 1
    other = replace(board.ledger, initial=initial)
    assert not plan.covers(other)
    moved = replace(board, ledger=other)
    assert totals_for(case, moved, case.playable_roles) == _totals_reference(case, moved, case.playable_roles)


def test_the_plan_holds_when_the_case_tables_were_first_read_on_another_board() -> None:
    from game.debriefing import credittables
    from game.debriefing.credit import Credit

    case = load_case(next(p for p in builtin_files() if p.stem == "small-state-mediation"))
    boards = [Session(case, seed=seed, policy="random").tally() for seed in range(12)]
    initial = _copy_board(boards[0].ledger.initial)
    initial.meters[next(iter(initial.meters))] += 1
    Credit(case, replace(boards[0].ledger, initial=initial))  # the tables now belong to that board
    assert (
        credittables.prepared(case).start_for(boards[0].ledger.initial)
        is not credittables.prepared(case).start
    )
    for board in boards:
        _same(case, board, case.playable_roles, "after another board")


def test_comparisons_without_slopes_and_equalities_score_as_the_reference_does() -> None:
    # no built-in case has them: a product of names, a division, a float factor (left to Credit,
    # part by part) and equalities (the share of the absolute movement, planned)
    case = variant(
        a=("- if: escalation >= 7", "- if: escalation * escalation >= 49"),
        b=("- if: leverage >= 5", "- if: leverage / 2 >= 2.5"),
        c=("- if: escalation <= 3 and not", "- if: escalation * 0.5 <= 1.5 and not"),
        d=("- if: trust.kest_velmar >= 5\n", "- if: trust.kest_velmar == 6 or escalation != 4\n"),
    )
    left = []
    plan = scoreplan.plan_for(case)
    original = scoreplan.RolePlan.reference

    def counted(self: scoreplan.RolePlan, shape: object, neg: bool) -> object:
        left.append(shape)
        return original(self, shape, neg)  # type: ignore[arg-type]

    scoreplan.RolePlan.reference = counted  # type: ignore[method-assign]
    try:
        for index in range(SEEDS):
            for policy in ("random", "counterpart"):
                session = Session(case, seed=playthrough_seed(0, index), policy=policy)
                _same(case, session.tally(), case.playable_roles, f"{policy} {index}")
    finally:
        scoreplan.RolePlan.reference = original  # type: ignore[method-assign]
    assert plan.covers(session.tally().ledger) and len(left) >= 3  # the three without slopes went to Credit


def test_a_role_is_compiled_on_its_nth_scoring_and_scores_the_same_before_and_after() -> None:
    case = load_case(next(p for p in builtin_files() if p.stem == "harbour-standoff"))
    roles = case.playable_roles
    boards = [Session(case, seed=seed, policy="random").tally() for seed in range(COMPILE_AFTER + 8)]
    plan = scoreplan.plan_for(case)
    first, second = roles[0], roles[-1]
    for index, board in enumerate(boards):
        scored = totals_for(case, board, roles if index % 2 else (first,))
        assert scored == _totals_reference(case, board, roles if index % 2 else (first,))
    assert plan.role(first).totals is not None  # scored on every board: compiled
    assert plan.role(second).totals is None  # scored on half of them: not yet


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_boards_of_bulk_play_score_as_the_reference_does(path: Path) -> None:
    from game.play.bulk import bulk_tally

    case = load_case(path)
    for index in range(20):
        for policy in ("random", "counterpart"):
            board = bulk_tally(case, playthrough_seed(0, index), policy)
            if board is not None:  # (None: a case bulk play leaves to Session)
                _same(case, board, case.playable_roles, f"bulk {policy} {index}")


def test_a_role_without_counts_is_left_to_the_reference_with_the_same_error() -> None:
    case = load_case(next(p for p in builtin_files() if p.stem == "arms-reduction-coalition"))
    prepare(case)
    roles = case.playable_roles
    board = Session(case, seed=3, policy="random").tally()
    assert board.ledger is not None and board.ledger.final is not None
    del board.ledger.final.mine[roles[1]]  # (a board no session makes: every role has counts)
    with pytest.raises(KeyError):
        _totals_reference(case, board, roles)
    with pytest.raises(KeyError):
        totals_for(case, board, roles)
    assert totals_for(case, board, (roles[0],)) == _totals_reference(case, board, (roles[0],))


def test_a_role_scored_twice_with_the_same_scores_gets_one_result() -> None:
    case = load_case(next(p for p in builtin_files() if p.stem == "harbour-standoff"))
    prepare(case)
    roles = case.playable_roles
    board = Session(case, seed=5, policy="counterpart").tally()
    first, again = totals_for(case, board, roles), totals_for(case, board, roles)
    assert first == again == _totals_reference(case, board, roles)
    assert all(a is b for a, b in zip(first, again, strict=True))  # kept: Totals is immutable
