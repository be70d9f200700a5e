"""Lint locks a move by its ``appears_when`` and ``requires`` (format 2) as by its ``when``.

Two moves that wait on each other (the pilot needs the agreement; the agreement appears only once
the pilot is proposed) can never be played, and nothing they would set can happen: lint reports
each at the condition that locks it (condition-never-true, as for a gate never true on its own),
and what that leaves unreachable.  Before, such a move counted as open wherever it was listed,
and the case linted clean.
"""

from __future__ import annotations

from pathlib import Path

from game.case.loader import load_case_text
from game.errors import Severity
from game.instructor.lint import lint_case

CASE = Path(__file__).resolve().parents[1] / "cases" / "instructor" / "kelso-strait.yaml"
TEXT = CASE.read_text("utf-8")
LOCKED = "      - when: not flags.pilot_proposed\n        reason: The pilot is already on the table.\n"
CYCLE = "      - when: flags.pilot_agreed\n        reason: Needs the pilot agreed first.\n"


def _errors(text: str) -> list[tuple[str, int, int, str]]:
    case = load_case_text(text, "kelso.yaml")
    return [(d.code, d.line, d.column, d.message) for d in lint_case(case) if d.severity is Severity.ERROR]


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_the_case_lints_clean() -> None:
    assert lint_case(load_case_text(TEXT, "kelso.yaml")) == ()


def test_two_moves_that_wait_on_each_other_are_never_open() -> None:
    assert LOCKED in TEXT
    text = TEXT.replace(LOCKED, CYCLE, 1)
    found = _errors(text)
    locked = {
        (line, column): message for code, line, column, message in found if code == "condition-never-true"
    }
    requires = _line(text, "      - when: flags.pilot_agreed")
    appears = _line(text, "    appears_when: flags.pilot_proposed")
    assert locked[(requires, 15)] == (
        "move 'propose_pilot' is always locked: 'flags.pilot_agreed' is never true where it is listed"
    )
    assert locked[(appears, 19)] == (
        "move 'agree_pilot' never appears: 'flags.pilot_proposed' is never true where it is listed"
    )
    unreachable = [message for code, _, _, message in found if code == "unreachable-phase"]
    assert unreachable and unreachable[0].startswith("phase 'verification' can never be reached")
