"""Findings about what is declared but never used: meters, flags and rubric dimensions.

A meter or flag is *read* when a condition or a rubric rule names it, and
*written* when an effect (of a move, a reply or an inject) changes it.  A
rubric dimension is *affected* by play when one of its rules counts a move or
tag some playable role can play, or reads something a move can change: a
meter or flag a move or reply writes, a ``played.``/``tagged.``/``mine.``
counter, an inject that moves can trigger, or (through the exits) the phases
visited and the ending reached.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.case.conditions import names, read_names
from game.case.model import Case, Condition, Effect, Rule, RuleKind
from game.errors import Diagnostic
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach


def all_conditions(case: Case) -> Iterator[Condition]:
    """Every condition written in the case."""
    for move in case.moves.values():
        if move.when:
            yield move.when
        for reply in move.replies:
            if reply.when:
                yield reply.when
    for role in case.roles.values():
        for pref in role.policy:
            if pref.when:
                yield pref.when
    for phase in case.phases.values():
        for exit_ in phase.exits:
            yield exit_.when
    for inject in case.injects.values():
        if inject.when:
            yield inject.when
    for rubric in (case.rubric, *(role.rubric for role in case.roles.values())):
        for dim in rubric.values():
            for rule in dim.rules:
                if rule.when:
                    yield rule.when
    for role in case.roles.values():
        for line in role.checked_red_lines:
            if line.when:
                yield line.when
    yield from _format2_conditions(case)


def _format2_conditions(case: Case) -> Iterator[Condition]:
    """The conditions format version 2 adds: moves that appear, requirements, reservations,
    ending variants and the ``if`` of effects."""
    for move in case.moves.values():
        if move.appears_when:
            yield move.appears_when
        for requirement in move.requires:
            yield requirement.when
    for role in case.roles.values():
        if role.reservation:
            yield role.reservation
    for ending in case.endings.values():
        for variant in ending.variants:
            yield variant.when
    for effect in all_effects(case):
        if effect.when:
            yield effect.when


def all_effects(case: Case) -> Iterator[Effect]:
    """Every effect written in the case."""
    for move in case.moves.values():
        yield from move.effects
        for reply in move.replies:
            yield from reply.effects
    for inject in case.injects.values():
        yield from inject.effects
    for timer in case.timers.values():
        yield from timer.effects
    for proposal in case.proposals.values():
        for term in proposal.terms.values():
            yield from term.effects


def meters_and_flags(reach: Reach) -> Iterator[Diagnostic]:
    """Meters and flags never read or never written."""
    case = reach.case
    read = {name.text.partition(".")[0] for c in all_conditions(case) for name in names(c.expr)}
    read_flags = {
        name.text.partition(".")[2]
        for c in all_conditions(case)
        for name in names(c.expr)
        if name.text.startswith("flags.")
    }
    written = {e.target.partition(".")[0] for e in all_effects(case) if e.flag is None and e.delta}
    set_true = {e.target[6:] for e in all_effects(case) if e.flag}
    for meter in case.meters.values():
        if meter.id not in read:
            yield finding(
                case,
                "meter-never-read",
                meter.pos,
                f"meter '{meter.id}' is never read: no condition or rubric rule looks at it",
                "fine if it is only shown to trainees; otherwise score it or use it in a condition",
            )
        if meter.id not in written:
            yield finding(
                case,
                "meter-never-written",
                meter.pos,
                f"meter '{meter.id}' never changes: no effect of a move, reply or inject touches it",
                "it stays at its initial value",
            )
    for flag in case.flags.values():
        if flag.id not in set_true:
            yield finding(
                case,
                "flag-never-set",
                flag.pos,
                f"flag '{flag.id}' is never set: no effect makes it true, so it is always false",
            )
        if flag.id not in read_flags:
            yield finding(
                case,
                "flag-never-read",
                flag.pos,
                f"flag '{flag.id}' is never read: no condition or rubric rule looks at it",
            )


def dimensions(reach: Reach) -> Iterator[Diagnostic]:
    """Rubric dimensions whose score no move can change."""
    case = reach.case
    playable = set(case.playable_roles)
    affected = _affected(reach, playable)
    own = [dim for role in case.roles.values() if role.id in playable for dim in role.rubric.values()]
    for role in case.roles.values():
        if role.id not in playable and role.rubric:  # its own rubric scores nobody
            first = next(iter(role.rubric.values()))
            yield finding(
                case,
                "dimension-unaffected",
                first.pos,
                f"'{role.id}' is not playable, so its own rubric never scores anyone "
                f"({', '.join(repr(d) for d in role.rubric)})",
                f"make '{role.id}' playable, or remove its rubric from 'rubrics'",
            )
    for dim in [*case.rubric.values(), *own]:
        if not any(_rule_moves(reach, rule, playable, affected) for rule in dim.rules):
            yield finding(
                case,
                "dimension-unaffected",
                dim.pos,
                f"no move can change the score of '{dim.id}': it does not depend on what anyone plays",
                "add a tag or move rule, or an 'if' rule on something moves change",
            )


def _rule_moves(reach: Reach, rule: Rule, playable: set[str], affected: set[str]) -> bool:
    case = reach.case
    roles = set(rule.roles) & playable if rule.roles else playable
    if rule.kind is RuleKind.IF:
        return rule.when is not None and any(_reads(reach, n, affected) for n in read_names(rule.when.expr))
    for move_id, able in reach.known.open.items():
        if not able & roles:
            continue
        if rule.kind is RuleKind.MOVE and move_id == rule.target:
            return True
        if rule.kind is RuleKind.TAG and rule.target in case.moves[move_id].tags:
            return True
    return False


def _affected(reach: Reach, playable: set[str]) -> set[str]:
    """The names whose value some playable role's move can change (``visited.*`` etc. as a whole)."""
    case = reach.case
    out: set[str] = set()
    for move_id, able in reach.known.open.items():
        move = case.moves[move_id]
        for role in able & playable:
            out.update({f"played.{move_id}", f"mine.{move_id}"})
            out.update(x for tag in move.tags for x in (f"tagged.{tag}", f"mine.{tag}"))
            out.update(_written(reach, move.effects, role))
            for reply in move.replies:
                out.update(_written(reach, reply.effects, reply.role))
            if move.proposes is not None:  # format 2: an offer may be agreed, and its terms applied
                out.update({"pending.*", "accepted.*"})
                for term in case.proposals[move.proposes].terms.values():
                    out.update(_written(reach, term.effects, ""))
            for timer in move.starts:
                out.update({"timer.*", "expired.*"})
                out.update(_written(reach, case.timers[timer].effects, ""))
            if move.stops:
                out.add("timer.*")
    changed = True
    while changed:
        size = len(out)
        for inject_id in reach.known.fired:
            inject = case.injects[inject_id]
            if inject.when and any(_reads(reach, n, out) for n in read_names(inject.when.expr)):
                out.add(f"fired.{inject_id}")
                out.update(_written(reach, inject.effects, ""))
        for phase in case.phases.values():
            if any(_reads(reach, n, out) for e in phase.exits for n in read_names(e.when.expr)):
                out.update({"visited.*", "ending.*", "outcome.*"})
        changed = len(out) != size
    return out


def _written(reach: Reach, effects: tuple[Effect, ...], role: str) -> set[str]:
    out: set[str] = set()
    for effect in effects:
        if effect.flag is not None:
            out.add(effect.target)
        elif effect.delta:
            out.update(reach.slots_of(effect.target, role))
    return out


def _reads(reach: Reach, name: str, affected: set[str]) -> bool:
    head = name.partition(".")[0]
    if head in reach.case.meters:
        return any(slot in affected for slot in reach.slots_of(name, ""))
    return name in affected or f"{head}.*" in affected
