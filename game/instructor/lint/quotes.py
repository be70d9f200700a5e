"""Findings about citations: a quote said to be from a doctrine text that is not in it.

The debrief shows a rule's citation as the doctrine's own words ("Doctrine: “…” (source)").  When
the source is one of the three doctrine texts Parley's built-in cases are built from, lint checks
that the quote is in it word for word (:func:`game.debriefing.quotes.verbatim`: every run of three
of its words, case and punctuation aside).  A quote from any other source, or of fewer than three
words, is the author's to check.  The finding points at the rule, dimension, red line or teaching
objective that carries the citation.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.case.model import Citation, Pos
from game.debriefing.quotes import verbatim
from game.errors import Diagnostic
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach
from game.instructor.notes import SOURCE_TITLES


def quotes(reach: Reach) -> Iterator[Diagnostic]:
    """Citations of a doctrine text whose quote is not in it."""
    case = reach.case
    for pos, what, quote, source in _cited(reach):
        if verbatim(quote, source) is False:
            yield finding(
                case,
                "quote-not-in-source",
                pos,
                f"{what} quotes “{quote}” from “{source}”, but those words are not in that text",
                "copy the passage word for word from the text, or name the source it comes from; "
                "quotes from other sources are not checked",
            )


def _cited(reach: Reach) -> Iterator[tuple[Pos, str, str, str]]:
    """Every citation of the case: where it is, what carries it, its quote and source title."""
    case = reach.case
    rubrics = [("the rubric", case.rubric)]
    rubrics += [(f"the rubric of '{role.id}'", role.rubric) for role in case.roles.values() if role.rubric]
    for owner, rubric in rubrics:
        for dim in rubric.values():
            yield from _each(dim.pos, f"dimension '{dim.id}' of {owner}", dim.cite)
            for index, rule in enumerate(dim.rules, 1):
                yield from _each(rule.pos, f"rule {index} of '{dim.id}' in {owner}", rule.cite)
    for role in case.roles.values():
        for line in role.checked_red_lines:
            yield from _each(line.pos, f"red line {line.index + 1} of '{role.id}'", line.cite)
    if case.teaching is not None:
        for number, objective in enumerate(case.teaching.objectives, 1):
            for passage in objective.doctrine:
                title = SOURCE_TITLES.get(passage.source, passage.source)
                yield passage.pos, f"learning objective {number}", passage.quote, title


def _each(pos: Pos, what: str, cites: tuple[Citation, ...]) -> Iterator[tuple[Pos, str, str, str]]:
    for cite in cites:
        yield pos, what, cite.quote, cite.source
