"""Lint: a non-playable role's own rubric (``rubrics:``) scores nobody, and says so."""

from __future__ import annotations

from pathlib import Path

from game.case.loader import load_case_text
from game.instructor.lint import lint_case

CASE = Path(__file__).resolve().parents[1] / "cases" / "instructor" / "kelso-strait.yaml"
ENVOY = (
    "rubrics:\n"
    "  envoy:\n"
    "    brokering:\n"
    "      title: Brokering\n"
    "      rules:\n"
    "        - tag: mediation\n"
    "          points: 10\n"
    "          note: carried messages\n"
)


def test_a_rubric_of_a_role_nobody_plays_is_reported_once_with_the_reason() -> None:
    text = CASE.read_text("utf-8")
    assert "rubrics:\n" in text
    text = text.replace("rubrics:\n", ENVOY, 1)
    found = [(d.code, d.line, d.column, d.message, d.hint) for d in lint_case(load_case_text(text, "k.yaml"))]
    line = text.splitlines().index("    brokering:") + 1
    assert found == [
        (
            "dimension-unaffected",
            line,
            5,
            "'envoy' is not playable, so its own rubric never scores anyone ('brokering')",
            "make 'envoy' playable, or remove its rubric from 'rubrics'",
        )
    ]
