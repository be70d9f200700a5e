"""``parley lint``: static checks of a case, before any play.

>>> from game.instructor.lint import lint_case
>>> for d in lint_case(case):
...     print(d.format(with_code=True))
cases/x.yaml:120:3: unreachable-phase: phase 'mediation' can never be reached (…)

Validation (:mod:`game.case.loader`) refuses cases that are malformed; lint looks
at valid cases for content that can never be played or is probably not what
the author meant.  Each finding is a :class:`~game.errors.Diagnostic` with a
stable code and a severity (see :data:`game.instructor.lint.codes.CODES`).

Modules: :mod:`~game.instructor.lint.reach` (the static walk of the phase graph, with
:mod:`game.instructor.intervals` judging conditions), :mod:`~game.instructor.lint.flow` (phases,
endings, exits, moves, injects), :mod:`~game.instructor.lint.menus` (more moves than
number keys), :mod:`~game.instructor.lint.truth` (conditions never
or always true), :mod:`~game.instructor.lint.usage` (meters, flags, dimensions),
:mod:`~game.instructor.lint.bargains` (format 2: proposals and timers nothing brings into play),
:mod:`~game.instructor.lint.redlines` (red lines whose breach costs too little) and
:mod:`~game.instructor.lint.outcomes` (rubric rules scoring an outcome only a timeout reaches).

The walk over-approximates: what it reports unreachable cannot happen, but
what it does not report may still never happen in play; ``parley analyze``
plays the case thousands of times and reports what was actually hit.
"""

from __future__ import annotations

from game.case.model import Case
from game.errors import Diagnostic
from game.instructor.lint import bargains, flow, menus, outcomes, quotes, redlines, truth, usage
from game.instructor.lint.codes import CODES, Code
from game.instructor.lint.reach import Reach

__all__ = ["CODES", "Code", "lint_case"]


def lint_case(case: Case) -> tuple[Diagnostic, ...]:
    """Every lint finding for ``case``, sorted by position, then code."""
    reach = Reach(case)
    found: list[Diagnostic] = [
        *flow.phases_and_endings(reach),
        *flow.exits(reach),
        *flow.moves(reach),
        *flow.injects(reach),
        *menus.menus(reach),
        *truth.conditions(reach),
        *usage.meters_and_flags(reach),
        *usage.dimensions(reach),
        *bargains.proposals_and_timers(reach),
        *bargains.counters(reach),
        *redlines.red_lines(reach),
        *outcomes.outcomes(reach),
        *quotes.quotes(reach),
    ]
    unique = dict.fromkeys(found)
    return tuple(sorted(unique, key=lambda d: (d.line, d.column, d.code, d.message)))
