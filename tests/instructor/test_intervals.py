"""Interval analysis of conditions (game.instructor.intervals)."""

from __future__ import annotations

import pytest

from game.case.conditions import parse
from game.instructor.intervals import Span, verdict

SPANS = {
    "x": Span(0, 10),
    "y": Span(2, 4),
    "round": Span(1, 8),
    "flags.a": Span(0, 1),
    "played.never": Span(0, 0),
}


@pytest.mark.parametrize(
    ("text", "can_true", "can_false"),
    [
        ("x >= 11", False, True),
        ("x >= 0", True, False),
        ("x >= 5 and x < 3", False, True),  # narrowing across 'and'
        ("x > 3 or x <= 3", True, False),  # narrowing across 'or'
        ("not (x >= 0)", False, True),
        ("played.never", False, True),  # a count that stays 0 is never true
        ("not played.never", True, False),
        ("flags.a and not flags.a", False, True),
        ("x - 3 > 7", False, True),
        ("x + y >= 14", True, True),
        ("x + y > 14", False, True),
        ("y * 2 >= 4", True, False),
        ("x / 0 == 0", True, False),  # dividing by zero gives 0
        ("x == 11", False, True),
        ("x != 11", True, False),
        ("round >= 9", False, True),
        ("-y < 0", True, False),
        ("(x >= 2 and x <= 1) or y > 4", False, True),
    ],
)
def test_verdicts(text: str, can_true: bool, can_false: bool) -> None:
    result = verdict(parse(text), SPANS.__getitem__)
    assert (result.can_be_true, result.can_be_false) == (can_true, can_false)


def test_explanation_lists_the_spans_read() -> None:
    result = verdict(parse("x >= 11 and round > 2"), SPANS.__getitem__)
    assert result.explain() == "x is 0..10, round is 1..8"
