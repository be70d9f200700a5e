"""``parley analyze`` lays out the case's tables before forking its workers (``Rules.prepare``,
``scoring.prepare``): the report is the one a single process gives, for cases with private
information, agreements and timers too."""

from __future__ import annotations

from pathlib import Path

import pytest

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
