"""Conditions that can never be true, or can never be false, where they are evaluated.

Each condition is judged where the engine evaluates it (:class:`game.instructor.lint.reach.Where`):
a move's ``when`` in the reachable phases that list it, for the roles offered
it; a reply's for the replying role wherever the move can be played; a
counterpart preference's for its role wherever its move can be open; an
inject's in the rounds and phases where it is considered; a rubric rule's at
the end, for the roles it scores.  Exits are judged in :mod:`game.instructor.lint.flow`,
and a move's or an inject's ``when`` that can never be true is reported there
as a move never open or an inject that never fires.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.case.model import Condition, Requirement
from game.errors import Diagnostic
from game.instructor.intervals import Span, verdict
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach, Where


def _text(condition: Condition) -> str:
    return f"'{' '.join(condition.source.split())}'"


def _judge(reach: Reach, condition: Condition, places: list[Where]) -> tuple[bool, bool]:
    can_true = can_false = False
    for where in places:
        t, f = reach.judge(condition, where)
        can_true |= t
        can_false |= f
    return can_true, can_false


def _explain(reach: Reach, condition: Condition, place: Where) -> str:
    return verdict(condition.expr, reach.spans(place)).explain()


def conditions(reach: Reach) -> Iterator[Diagnostic]:
    """Every condition outside the exits that is never true or always true."""
    yield from _moves(reach)
    yield from _replies(reach)
    yield from _preferences(reach)
    yield from _injects(reach)
    yield from _rubric(reach)


def _moves(reach: Reach) -> Iterator[Diagnostic]:
    case = reach.case
    for move in case.moves.values():
        if move.id not in reach.known.open:
            continue
        places = [
            w
            for (m, role), phases in reach.open_where.items()
            if m == move.id
            for w in [reach.hull(sorted(phases), (role,))]
            if w is not None
        ]
        yield from _format2_gates(reach, move.id, move.appears_when, move.requires, places)
        if move.when is None:
            continue
        can_true, can_false = _judge(reach, move.when, places)
        if can_true and not can_false:
            yield finding(
                case,
                "condition-always-true",
                move.when.pos,
                f"move '{move.id}' is never locked: {_text(move.when)} is always true where it is listed",
                _explain(reach, move.when, places[0]) + "; its locked_reason is never shown",
            )


def _format2_gates(
    reach: Reach,
    move_id: str,
    appears: Condition | None,
    requires: tuple[Requirement, ...],
    places: list[Where],
) -> Iterator[Diagnostic]:
    """A move's ``appears_when`` and ``requires`` (format 2) that never hold where it is listed."""
    if not places:
        return
    case = reach.case
    if appears is not None:
        can_true, can_false = _judge(reach, appears, places)
        if not can_true:
            yield finding(
                case,
                "condition-never-true",
                appears.pos,
                f"move '{move_id}' never appears: {_text(appears)} is never true where it is listed",
                _explain(reach, appears, places[0]),
            )
        elif not can_false:
            yield finding(
                case,
                "condition-always-true",
                appears.pos,
                f"move '{move_id}' is never hidden: {_text(appears)} is always true where it is listed",
                _explain(reach, appears, places[0]) + "; 'appears_when' adds nothing",
            )
    for requirement in requires:
        if not _judge(reach, requirement.when, places)[0]:
            yield finding(
                case,
                "condition-never-true",
                requirement.when.pos,
                f"move '{move_id}' is always locked: {_text(requirement.when)} "
                "is never true where it is listed",
                _explain(reach, requirement.when, places[0]),
            )


def _replies(reach: Reach) -> Iterator[Diagnostic]:
    case = reach.case
    for move in case.moves.values():
        for reply in move.replies:
            if reply.when is None:
                continue
            places = [
                w
                for role in reach.known.open.get(move.id, ())
                if role != reply.role
                for w in [reach.hull(sorted(reach.open_where.get((move.id, role), ())), (reply.role,))]
                if w is not None
            ]
            if not places:
                continue  # the move is never played: reported as a move never open
            can_true, can_false = _judge(reach, reply.when, places)
            if not can_true:
                yield finding(
                    case,
                    "condition-never-true",
                    reply.when.pos,
                    f"the reply of '{reply.role}' to '{move.id}' is never shown: "
                    f"{_text(reply.when)} can never be true",
                    _explain(reach, reply.when, places[0]),
                )
            elif not can_false:
                yield finding(
                    case,
                    "condition-always-true",
                    reply.when.pos,
                    f"the reply of '{reply.role}' to '{move.id}' is always shown: "
                    f"{_text(reply.when)} always holds",
                    _explain(reach, reply.when, places[0]),
                )


def _preferences(reach: Reach) -> Iterator[Diagnostic]:
    case = reach.case
    for role in case.roles.values():
        for pref in role.policy:
            phases = reach.open_where.get((pref.move, role.id))
            if not phases:
                yield finding(
                    case,
                    "preference-never-applies",
                    pref.pos,
                    f"the counterpart policy of '{role.id}' prefers '{pref.move}', "
                    f"which is never open to '{role.id}'",
                    "list the move for this role in a reachable phase, or drop the preference",
                )
                continue
            if pref.when is None:
                continue
            place = reach.hull(sorted(phases), (role.id,))
            assert place is not None
            can_true, can_false = reach.judge(pref.when, place)
            if not can_true:
                yield finding(
                    case,
                    "condition-never-true",
                    pref.when.pos,
                    f"the preference of '{role.id}' for '{pref.move}' never applies: "
                    f"{_text(pref.when)} can never be true where the move is open",
                    _explain(reach, pref.when, place),
                )
            elif not can_false:
                yield finding(
                    case,
                    "condition-always-true",
                    pref.when.pos,
                    f"the preference of '{role.id}' for '{pref.move}' always applies: "
                    f"{_text(pref.when)} always holds where the move is open",
                    _explain(reach, pref.when, place) + "; drop the 'when'",
                )


def _injects(reach: Reach) -> Iterator[Diagnostic]:
    case = reach.case
    for inject in case.injects.values():
        if inject.when is None or inject.id not in reach.known.fired:
            continue
        places: list[Where] = []
        for phase, states in reach.states.items():
            if inject.phase is not None and inject.phase != phase:
                continue
            for rnd, k in states:
                if inject.round is None or inject.round == rnd:
                    places.append(Where(Span(rnd, rnd), Span(k, k), ()))
        can_true, can_false = _judge(reach, inject.when, places)
        if can_true and not can_false:
            yield finding(
                case,
                "condition-always-true",
                inject.when.pos,
                f"the condition of inject '{inject.id}' always holds when it is considered: "
                f"{_text(inject.when)} adds nothing",
                _explain(reach, inject.when, places[0]),
            )


def _rubric(reach: Reach) -> Iterator[Diagnostic]:
    case = reach.case
    limit = reach.limit
    for dim in case.rubric.values():
        for rule in dim.rules:
            if rule.when is None:
                continue
            roles = rule.roles or case.playable_roles
            place = Where(Span(1, limit), Span(1, limit), tuple(roles))
            can_true, can_false = reach.judge(rule.when, place)
            if not can_true:
                yield finding(
                    case,
                    "condition-never-true",
                    rule.when.pos,
                    f"the rule '{rule.note}' of '{dim.id}' never awards its {rule.points:+d}: "
                    f"{_text(rule.when)} can never be true at the end",
                    _explain(reach, rule.when, place),
                )
            elif not can_false:
                yield finding(
                    case,
                    "condition-always-true",
                    rule.when.pos,
                    f"the rule '{rule.note}' of '{dim.id}' always awards its {rule.points:+d}: "
                    f"{_text(rule.when)} always holds at the end",
                    _explain(reach, rule.when, place) + "; it does not depend on play",
                )
