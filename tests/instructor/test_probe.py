"""The exploit probe: the degenerate strategies it tries, and what it flags."""

from __future__ import annotations

from math import comb
from pathlib import Path

from game.case.loader import load_case
from game.case.model import Case
from game.instructor.calibrate import evaluate, play, seeds_of
from game.instructor.expect import Bound
from game.instructor.probe import degenerate, harmful_moves, paid_moves, payers, probe
from game.instructor.strategy import Pick, Strategy, built
from game.play.rules import rules_for
from tests.engine_helpers import SAMPLE, sample


def test_the_degenerate_strategies_cover_single_moves_pairs_and_doctrine_plus_harm() -> None:
    case = sample()
    strategies = degenerate(case, SAMPLE, "velmar")
    ids = [s.id for s in strategies]
    rules = rules_for(case)
    moves = {m.id for phase in case.phases for m in rules.menu(phase, "velmar")}
    assert "first" in ids
    assert {f"repeat-{m}" for m in moves} <= set(ids)
    assert sum(1 for i in ids if i.startswith("alternate-")) == comb(len(moves), 2)
    harmful = set(harmful_moves(case, "velmar"))
    assert {"mirror_exercise", "cancel_lease"} <= harmful <= moves
    assert "listen" not in harmful and "file_with_court" not in harmful
    assert "velmar-doctrine+cancel_lease" in ids  # shipped doctrine plus one harmful move
    assert len(ids) == len(set(ids))


def test_a_finding_is_exactly_a_strategy_past_a_threshold() -> None:
    case = sample()
    result = probe(SAMPLE, role="norland", seeds=30, jobs=1)
    assert result.tried == len(degenerate(case, SAMPLE, "norland"))
    flagged = {f.report.strategy for f in result.findings}
    for strategy in degenerate(case, SAMPLE, "norland"):
        report = evaluate(case, strategy, seeds=30)
        too_good = report.overall.mean >= 60 or report.share(Bound(">=", 80)) > 0.05
        assert (strategy.id in flagged) == too_good, strategy.id
    for finding in result.findings:
        assert finding.paid_by, finding.description
        assert all(p.overall_points > 0 for p in finding.paid_by)


def test_progress_is_reported_by_stage() -> None:
    seen: list[tuple[str, int, int]] = []
    probe(SAMPLE, role="norland", seeds=60, jobs=1, progress=lambda *a: seen.append(a))
    assert seen[0][0] == "screening"
    assert seen[-1][1] == seen[-1][2]


# The probe's own case (tests/cases/instructor/probe.yaml), known by hand: the menu's first move is
# the doctrine's, betray is offered only after leaving (which the doctrine never does), stall is
# penalised by the role's own rubric only, and that rubric has one dimension where the case's has two.
PROBE_CASE = Path(__file__).parent.parent / "cases" / "instructor" / "probe.yaml"


def _strategy(strategy_id: str, case: Case, role: str = "you") -> Strategy:
    return next(s for s in degenerate(case, PROBE_CASE, role) if s.id == strategy_id)


def test_repeat_falls_back_to_a_random_open_move_not_to_the_first() -> None:
    case = load_case(PROBE_CASE)
    repeat = _strategy("repeat-betray", case)
    assert repeat.otherwise == "random"
    report = evaluate(case, repeat, seeds=30)
    # Falling back to the first open move (good) would listen to the end: a draw on every seed, 90.
    assert report.endings.get("betrayed", 0) > 0
    assert report.overall.mean < 60
    alternates = [s for s in degenerate(case, PROBE_CASE, "you") if s.id.startswith("alternate-")]
    assert alternates and all(s.otherwise == "random" for s in alternates)


def test_the_filler_draws_neither_paid_nor_harmful_moves_while_a_neutral_one_is_open() -> None:
    case = load_case(PROBE_CASE)
    assert paid_moves(case, "you") == {"good"}  # +10 in its own rubric; stall is penalised, leave neutral
    repeat = _strategy("repeat-betray", case)
    assert repeat.avoid == (frozenset({"good"}), frozenset({"stall"}))
    # The opening offers good, stall and leave: the filler leaves, then betray is open, every seed.
    assert evaluate(case, repeat, seeds=30).endings == {"betrayed": 30}
    # With every neutral move avoided too, it gives up the last set first: stall or leave, never good.
    strict = built("strict", "you", "filler only", avoid=(frozenset({"good"}), frozenset({"stall", "leave"})))
    for seed in seeds_of(0, 30):
        session = play(case, strict, seed)
        played = [e.data["move"] for e in session.log if e.kind == "move" and e.role == "you"]
        assert played and "good" not in played, seed
    alternate = _strategy("alternate-good-stall", case)
    assert alternate.avoid == (frozenset(), frozenset({"betray"}))  # its own moves are never avoided


def test_doctrine_plus_harm_is_scored_only_where_the_harm_was_played() -> None:
    case = load_case(PROBE_CASE)
    never = _strategy("you-doctrine+betray", case)
    assert never.required == "betray"
    assert evaluate(case, never, seeds=30).runs == 0  # the doctrine never leaves, so betray is never open
    result = probe(PROBE_CASE, seeds=60, jobs=1)
    assert [s.id for s in result.never_played] == ["you-doctrine+betray"]
    assert "you-doctrine+betray" not in {f.report.strategy for f in result.findings}
    # Where the required move is played on some seeds only, only those seeds are scored.
    sometimes = built("sometimes", "you", "betray when open", [Pick("betray")], required="betray")
    report = evaluate(case, sometimes, seeds=30)
    assert 0 < report.runs < 30
    assert set(report.endings) == {"betrayed"}


def test_a_role_with_its_own_rubric_is_probed_and_paid_by_it() -> None:
    case = load_case(PROBE_CASE)
    assert "stall" in harmful_moves(case, "you")  # penalised by the role's rubric, not the case's
    ids = {s.id for s in degenerate(case, PROBE_CASE, "you")}
    assert "you-doctrine+stall" in ids
    good = _strategy("repeat-good", case)
    overall = evaluate(case, good, seeds=5).overall.mean
    paid = payers(case, good, seeds_of(0, 5))
    assert overall == 90  # three rounds of +30 in the role's one dimension
    assert sum(p.overall_points for p in paid) == overall  # not halved by the case rubric's two weights


def test_the_report_says_how_the_fallback_works_and_what_was_never_open() -> None:
    from cli.commands.analyze_strategy import probe_lines

    case = load_case(PROBE_CASE)
    lines = "\n".join(probe_lines(case, probe(PROBE_CASE, seeds=30, jobs=1)))
    assert "random open move" in lines
    assert "Never open to doctrine play" in lines and "you-doctrine+betray" in lines
