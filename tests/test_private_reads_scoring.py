"""What a role's own scoring may read: the rules of its own rubric and its checked red lines.

A role scored by its own rubric (``rubrics:``) reads that rubric's ``if`` rules, not the case
rubric's; a red line's ``when`` is written for its role too.  Each is shown to that player (the
debrief explains it with the values it read; a breach is an event in the role's view), so each
reads only what the role sees.  The case is tests/cases/instructor/kelso-strait.yaml: Tarn's grain
reserves are Tarn's alone (Osterland sees a band), and Osterland has its own rubric.
"""

from __future__ import annotations

from pathlib import Path

from game.case.loader import check_case_text

CASE = Path(__file__).resolve().parent / "cases" / "instructor" / "kelso-strait.yaml"
TEXT = CASE.read_text("utf-8")


def _problems(old: str, new: str) -> list[tuple[int, int, str, str]]:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    return [(d.line, d.column, d.code, d.message) for d in check_case_text(text, "kelso.yaml")]


def test_the_case_as_written_is_clean() -> None:
    assert check_case_text(TEXT, "kelso.yaml") == ()


def test_a_rule_of_a_roles_own_rubric_reads_only_what_that_role_sees() -> None:
    found = _problems(
        "        - if: outcome.capitulation\n",
        "        - if: reserves <= 2\n          points: 10\n          note: Tarn ran short\n"
        "        - if: outcome.capitulation\n",
    )
    assert len(found) == 1, found
    line, column, code, message = found[0]
    assert code == "private-read" and column == 15
    assert message.startswith("a rule of 'outcome' scoring 'oster' reads 'reserves', but 'oster' sees")
    assert (
        TEXT.replace("        - if: outcome.capitulation\n", "        - if: reserves <= 2\n", 1)
        .splitlines()[line - 1]
        .strip()
        .startswith("- if: reserves")
    )


def test_the_case_rubric_is_not_read_for_a_role_scored_by_its_own() -> None:
    # the case rubric scores Tarn only (Osterland has its own): Tarn sees its reserves
    assert _problems("      - if: support.self <= 2\n", "      - if: reserves <= 2\n") == []


def test_a_red_line_reads_only_what_its_role_sees() -> None:
    found = _problems(
        "      - Osterland does not apologise in public for the closure.\n",
        "      - text: Osterland does not starve Tarn.\n        when: reserves <= 1\n"
        "        dimension: outcome\n        points: -40\n",
    )
    assert [(code, column) for _, column, code, _ in found] == [("private-read", 15)], found
    assert "red line 1 of 'oster' reads 'reserves'" in found[0][3]
    # Tarn's own red line may read Tarn's own reserves
    assert (
        _problems(
            "        when: escalation >= 8\n",
            "        when: escalation >= 8 or reserves <= 1\n",
        )
        == []
    )
