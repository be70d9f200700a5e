"""``parley analyze`` lays out the case's tables before forking its workers (``Rules.prepare``,
``scoring.prepare``): the report is the one a single process gives, for cases with private
information, agreements and timers too."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.instructor.analysis import analyze, batches

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


@pytest.mark.parametrize(("runs", "jobs"), [(1, 1), (24, 2), (199, 1), (10_000, 2), (10_000, 1), (3_517, 8)])
def test_batches_cover_every_playthrough_once_and_shrink_towards_the_end(runs: int, jobs: int) -> None:
    found = list(batches(runs, jobs))
    assert found[0][0] == 0 and found[-1][1] == runs
    assert all(stop == start for (_, stop), (start, _) in pairwise(found))
    sizes = [stop - start for start, stop in found]
    assert all(25 <= size <= 200 for size in sizes[:-1]) and 0 < sizes[-1] <= 200
    assert sizes == sorted(sizes, reverse=True)  # they never grow again
    if runs >= 10_000:
        assert sizes[0] == 200 and max(sizes[-jobs * 2 :]) <= 40  # the last ones leave no process long idle
