"""Findings about outcomes no decision reaches: a rubric rule that scores nobody.

A state rule's credit for an ending (``ending.x``, ``outcome.x``) or a phase
reached (``visited.x``) is the share of the exit condition that led there
(:mod:`game.debriefing.credit`); when only a phase's timeout or the round limit
leads there, that share is nobody's, so the rule's points go to no player and
the debrief says "the table's result, not caused by your decisions" every time.

Lint warns when a rule reads (not under a ``not``) an ending, an outcome or a
phase that no exit whose condition reads something besides the clock
(``round``, ``phase_round``, ``rounds_left``) can reach from a reachable phase.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.case.conditions import Binary, Expr, Name, Unary, read_names
from game.case.model import Case, Dimension, Rule
from game.debriefing.credit import CLOCK
from game.errors import Diagnostic
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach


def outcomes(reach: Reach) -> Iterator[Diagnostic]:
    """Rubric rules that score an ending, outcome or phase only a timeout or the limit reaches."""
    case = reach.case
    decided = _decided(reach)
    timed = {s for s in (*case.endings, *case.phases) if s not in decided and s != case.start}
    if not timed:
        return
    for dim, rule in _rules(case):
        if rule.when is None or not rule.points:
            continue
        for text in dict.fromkeys(_positive_names(rule.when.expr)):
            state = _state(case, text, timed)
            if state is None:
                continue
            yield finding(
                case,
                "outcome-only-by-timeout",
                rule.when.pos,
                f"rule '{rule.note}' of '{dim.id}' scores {_what(case, state)}, which {_how(case, state)}: "
                f"no role's decision causes it, so its {rule.points:+d} points go to nobody "
                "(the debrief says 'not caused by your decisions')",
                _hint(case, state),
            )


def _decided(reach: Reach) -> set[str]:
    """The endings and phases some exit reading more than the clock can lead to."""
    case = reach.case
    found: set[str] = set()
    for phase in (case.start, *reach.known.visited):
        for edge in reach.graph.leaving(phase):
            if edge.kind != "exit" or edge.condition is None:
                continue
            stats = reach.exits.get((phase, edge.order))
            if stats is None or not stats.taken:
                continue
            if any(text not in CLOCK for text in read_names(edge.condition.expr)):
                found.add(edge.dest)
    return found


def _rules(case: Case) -> Iterator[tuple[Dimension, Rule]]:
    seen: set[int] = set()
    rubrics = [case.rubric, *(role.rubric for role in case.roles.values() if role.rubric)]
    for rubric in rubrics:
        for dim in rubric.values():
            if id(dim) in seen:
                continue
            seen.add(id(dim))
            for rule in dim.rules:
                yield dim, rule


def _positive_names(expr: Expr, negated: bool = False) -> Iterator[str]:
    """The names ``expr`` reads as true-or-false parts, not under an odd number of ``not``."""
    if isinstance(expr, Unary) and expr.op == "not":
        yield from _positive_names(expr.operand, not negated)
    elif isinstance(expr, Binary) and expr.op in ("and", "or"):
        yield from _positive_names(expr.left, negated)
        yield from _positive_names(expr.right, negated)
    elif isinstance(expr, Name) and not negated:
        yield expr.text


def _state(case: Case, text: str, timed: set[str]) -> str | None:
    """The ending or phase ``text`` scores when only a timeout or the limit reaches it."""
    head, _, key = text.partition(".")
    if head in ("ending", "visited") and key in timed:
        return key
    if head == "outcome":
        endings = [e.id for e in case.endings.values() if e.outcome.value == key]
        if endings and all(e in timed for e in endings):
            return endings[0]
    return None


def _what(case: Case, state: str) -> str:
    return f"{'ending' if state in case.endings else 'phase'} '{state}'"


def _how(case: Case, state: str) -> str:
    parts = [f"the timeout of '{p.id}'" for p in case.phases.values() if p.on_timeout == state]
    if case.rounds.on_limit == state:
        parts.append("the round limit")
    return f"only {' or '.join(parts)} reaches" if parts else "no exit reaches"


def _hint(case: Case, state: str) -> str:
    timeouts = [p for p in case.phases.values() if p.on_timeout == state]
    where = ""
    if timeouts:
        phase = timeouts[0]
        where = f" (in '{phase.id}', after its other exits: 'when: phase_round >= {phase.max_rounds} and …')"
    return (
        f"give '{state}' an exit whose condition reads what the roles' moves change{where}, "
        "or score that state instead of the ending"
    )
