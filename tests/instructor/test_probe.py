"""The exploit probe: the degenerate strategies it tries, and what it flags."""

from __future__ import annotations

from math import comb

from game.instructor.calibrate import evaluate
from game.instructor.expect import Bound
from game.instructor.probe import degenerate, harmful_moves, probe
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
