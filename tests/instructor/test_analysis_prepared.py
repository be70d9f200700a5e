"""``parley analyze`` lays out the case's tables before forking its workers (``Rules.prepare``,
``scoring.prepare``): the report is the one a single process gives, for cases with private
information, agreements and timers too."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.instructor.analysis import analyze

CASES = Path(__file__).resolve().parent.parent / "cases"


@pytest.mark.parametrize("name", ["private.yaml", "format2/agreements.yaml", "format2/quarantine.yaml"])
@pytest.mark.parametrize("policy", ["random", "counterpart"])
def test_a_pool_with_prepared_tables_reports_what_one_process_does(name: str, policy: str) -> None:
    path = CASES / name
    one = analyze(path, runs=80, seed=4, policy=policy, jobs=1)
    two = analyze(path, runs=80, seed=4, policy=policy, jobs=2)
    assert two == one
    assert one.endings  # the case was played to its endings


@pytest.mark.parametrize(
    "path",
    [*builtin_files(), CASES / "private.yaml", CASES / "format2/agreements.yaml"],
    ids=lambda p: p.stem,
)
@pytest.mark.parametrize("policy", ["random", "counterpart"])
def test_bulk_play_reports_what_sessions_do(path: Path, policy: str) -> None:
    """Played in bulk (the default) or by a Session each, in one process or two: the same report
    (a case with agreements falls back to sessions, and reports the same too)."""
    by_sessions = analyze(path, runs=120, seed=9, policy=policy, jobs=1, bulk=False)
    assert analyze(path, runs=120, seed=9, policy=policy, jobs=1) == by_sessions
    assert analyze(path, runs=120, seed=9, policy=policy, jobs=2) == by_sessions
    assert sum(e.runs for e in by_sessions.endings) == 120  # every playthrough reached an ending
