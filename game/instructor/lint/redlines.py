"""Findings about checked red lines: a breach that costs too little to teach anything.

A red line's breach costs its ``points`` in one dimension of the rubric that
scores its role.  Lint warns when that is under 15 points of the overall score
(``points × weight ÷ total weight``), or when the dimension, from its ``start``,
would still be above 50 after the breach: either way a trainee could cross the
line and still read a good score.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.errors import Diagnostic
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach

MIN_OVERALL_COST = 15
"""A breach must cost at least this many points of the overall score."""
MAX_DIMENSION_AFTER = 50
"""A breached dimension must not stay above this (from its start)."""


def red_lines(reach: Reach) -> Iterator[Diagnostic]:
    """Red lines whose breach is too cheap."""
    case = reach.case
    for role in case.roles.values():
        rubric = case.rubric_for(role.id)
        total = sum(d.weight for d in rubric.values()) or 1.0
        for line in role.checked_red_lines:
            dim = rubric.get(line.dimension)
            if dim is None:
                continue
            overall = -line.points * dim.weight / total
            if overall < MIN_OVERALL_COST:
                yield finding(
                    case,
                    "red-line-cheap",
                    line.pos,
                    f"crossing red line {line.index + 1} of '{role.id}' costs {overall:.1f} points "
                    f"of the overall score, under {MIN_OVERALL_COST}",
                    f"make 'points' at most {-_needed(total, dim.weight)} or put it in a heavier dimension",
                )
            after = dim.start + line.points
            if after > MAX_DIMENSION_AFTER:
                yield finding(
                    case,
                    "red-line-mild",
                    line.pos,
                    f"after crossing red line {line.index + 1} of '{role.id}', '{dim.id}' can still be "
                    f"{after} (start {dim.start}, {line.points:+d}), above {MAX_DIMENSION_AFTER}",
                    f"make 'points' at most {MAX_DIMENSION_AFTER - dim.start}",
                )


def _needed(total: float, weight: float) -> int:
    points = MIN_OVERALL_COST * total / weight
    return int(points) if points == int(points) else int(points) + 1
