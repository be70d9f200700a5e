"""``parley lint``: one small case per finding, each asserting the code and where it points.

Every case in ``tests/cases/lint/`` is ``clean.yaml`` with one change (its first line says which).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from game.case.library import builtin_files
from game.case.loader import load_case
from game.errors import Severity
from game.instructor.lint import CODES, lint_case

LINT_CASES = Path(__file__).resolve().parents[1] / "cases" / "lint"

# file (and code) -> the line and column the finding must point at
EXPECTED = {
    "unreachable-phase": (47, 3),
    "unreachable-ending": (51, 3),
    "dead-end": (49, 3),
    "move-never-listed": (63, 3),
    "move-never-open": (66, 11),
    "inject-never-fires": (77, 3),
    "condition-never-true": (94, 13),
    "condition-always-true": (66, 11),
    "exit-never-taken": (46, 15),
    "timeout-never-reached": (34, 3),
    "move-role-never-listed": (63, 3),
    "preference-never-applies": (24, 9),
    "meter-never-read": (30, 3),
    "meter-never-written": (30, 3),
    "flag-never-set": (32, 3),
    "flag-never-read": (32, 3),
    "dimension-unaffected": (85, 3),
    "too-many-moves": (34, 3),
    "red-line-cheap": (20, 9),
    "red-line-mild": (20, 9),
    "proposal-never-tabled": (96, 3),
    "timer-never-started": (96, 3),
    "counter-adds-tabled-term": (108, 7),
    "quote-not-in-source": (88, 9),
    "outcome-only-by-timeout": (95, 13),
}


def findings(name: str) -> list[tuple[str, int, int]]:
    case = load_case(LINT_CASES / f"{name}.yaml")
    return [(d.code, d.line, d.column) for d in lint_case(case)]


def test_every_code_has_a_case() -> None:
    assert set(EXPECTED) == set(CODES)
    assert {p.stem for p in LINT_CASES.glob("*.yaml")} == {*EXPECTED, "clean"}


def test_the_clean_case_has_no_findings() -> None:
    assert findings("clean") == []


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_finding_code_and_position(code: str) -> None:
    line, column = EXPECTED[code]
    found = findings(code)
    assert (code, line, column) in found, found
    # nothing else of error severity sneaks in, except the exit that makes the ending unreachable
    errors = {c for c, _, _ in found if CODES[c].severity is Severity.ERROR}
    allowed = {code, "condition-never-true"} if code == "unreachable-ending" else {code}
    assert errors <= allowed


def test_exit_status_and_format(capsys: pytest.CaptureFixture[str]) -> None:
    warning_only = str(LINT_CASES / "dead-end.yaml")
    assert main(["lint", warning_only]) == 0
    out = capsys.readouterr().out
    assert f"{warning_only}:49:3: warning: dead-end: phase 'limbo'" in out
    assert "only the round limit ends it" in out
    assert out.rstrip().endswith("0 errors, 1 warning in 1 case file")
    assert main(["lint", "--strict", warning_only]) == 1
    capsys.readouterr()
    error = str(LINT_CASES / "move-never-listed.yaml")
    assert main(["lint", error]) == 1
    out = capsys.readouterr().out
    assert f"{error}:63:3: move-never-listed: move 'wait'" in out  # errors carry no "warning:"


def test_a_folder_and_an_invalid_case(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    assert main(["lint", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert str(broken) in out and "1 case file" in out


def test_builtin_cases_lint_without_crashing() -> None:
    for path in builtin_files():
        for diagnostic in lint_case(load_case(path)):
            assert diagnostic.code in CODES


def _outcome_variant(tmp_path: Path, old: str, new: str) -> list[str]:
    text = (LINT_CASES / "outcome-only-by-timeout.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return [d.code for d in lint_case(load_case(path))]


def test_an_outcome_rule_is_fine_once_a_decision_can_reach_the_ending(tmp_path: Path) -> None:
    exit_ = "      - to: clash\n        when: tension >= 9 or flags.leak\n"
    decided = exit_ + "      - to: stalemate\n        when: phase_round >= 3 and tension <= 5\n"
    assert "outcome-only-by-timeout" not in _outcome_variant(tmp_path, exit_, decided)
    # an exit that reads only the clock is a timeout by another name: nobody's decision
    clock = exit_ + "      - to: stalemate\n        when: phase_round >= 3\n"
    assert "outcome-only-by-timeout" in _outcome_variant(tmp_path, exit_, clock)


def test_an_outcome_rule_reads_the_ending_only_as_a_reward_or_a_penalty(tmp_path: Path) -> None:
    rule = "      - if: ending.stalemate\n"
    assert "outcome-only-by-timeout" in _outcome_variant(tmp_path, rule, "      - if: outcome.stalemate\n")
    # "not ending.x" holds from the start: it is kept, not reached, so it is not what lint looks for
    negated = _outcome_variant(tmp_path, rule, "      - if: not ending.stalemate\n")
    assert "outcome-only-by-timeout" not in negated
