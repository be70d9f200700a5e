"""Findings about the flow of play: phases, endings, exits, timeouts, moves and injects.

All of them read a :class:`game.instructor.lint.reach.Reach`, the static walk of the
phase graph, so "unreachable" here means unreachable by any play (the walk
over-approximates what can happen).
"""

from __future__ import annotations

from collections.abc import Iterator

from game.case.model import Condition
from game.errors import Diagnostic
from game.instructor.intervals import Span, verdict
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach, Where
from game.instructor.phasegraph import Edge


def _code(condition: Condition) -> str:
    return f"'{' '.join(condition.source.split())}'"


def _why_not(reach: Reach, condition: Condition, where: Where) -> str:
    return verdict(condition.expr, reach.spans(where)).explain()


def phases_and_endings(reach: Reach) -> Iterator[Diagnostic]:
    """Phases and endings nothing reaches."""
    case = reach.case
    for phase in case.phases.values():
        if phase.id not in reach.known.visited:
            yield finding(
                case,
                "unreachable-phase",
                phase.pos,
                f"phase '{phase.id}' can never be reached",
                _entries(reach, phase.id),
            )
    for ending in case.endings.values():
        if ending.id not in reach.known.reached:
            yield finding(
                case,
                "unreachable-ending",
                ending.pos,
                f"ending '{ending.id}' can never be reached",
                _entries(reach, ending.id),
            )


def _entries(reach: Reach, state: str) -> str:
    """Why nothing leading to ``state`` can be taken, one clause per transition into it."""
    edges = reach.graph.entering(state)
    if not edges:
        return "no exit or timeout leads to it" if state in reach.case.phases else "nothing leads to it"
    reasons: list[str] = []
    for edge in edges:
        reasons.append(_edge_reason(reach, edge))
    return "; ".join(dict.fromkeys(reasons))


def _edge_reason(reach: Reach, edge: Edge) -> str:
    source = edge.source
    if source not in reach.known.visited:
        return f"'{source}' leads to it but is unreachable"
    stats = reach.exits.get((source, edge.order))
    if edge.kind == "limit":
        return f"the round limit ({reach.limit}) is never reached in '{source}'"
    if edge.kind == "timeout":
        return f"'{source}' never lasts {edge.max_rounds} rounds"
    assert edge.condition is not None
    if stats is None or not stats.can_be_true:
        return f"the exit from '{source}' needs {_code(edge.condition)}, which can never be true there"
    return f"the exit from '{source}' is always pre-empted by an earlier exit"


def exits(reach: Reach) -> Iterator[Diagnostic]:
    """Dead ends, exits that never hold or are never taken, timeouts never reached, exits always true."""
    case = reach.case
    for phase in case.phases.values():
        if phase.id not in reach.known.visited or phase.id not in reach.states:
            continue
        leaving = [e for e in reach.graph.leaving(phase.id) if e.kind != "limit"]
        stats_of = {e.order: reach.exits.get((phase.id, e.order)) for e in leaving}
        if not any(stats is not None and stats.taken for stats in stats_of.values()):
            yield _dead_end(reach, phase.id, leaving)
        where = reach.hull([phase.id], ())
        assert where is not None
        for edge in leaving:
            stats = reach.exits.get((phase.id, edge.order))
            if stats is None:
                continue
            if edge.kind == "timeout":
                if not stats.taken:
                    yield finding(
                        case,
                        "timeout-never-reached",
                        edge.pos,
                        f"phase '{phase.id}' never lasts its {edge.max_rounds} rounds, "
                        f"so its timeout to '{edge.dest}' is never used",
                        "an exit always holds earlier, or the round limit comes first",
                    )
                continue
            assert edge.condition is not None
            if not stats.can_be_true:
                yield finding(
                    case,
                    "condition-never-true",
                    edge.condition.pos,
                    f"the exit from '{phase.id}' to '{edge.dest}' can never be taken: "
                    f"{_code(edge.condition)} can never be true there",
                    _why_not(reach, edge.condition, where),
                )
            elif not stats.taken:
                yield finding(
                    case,
                    "exit-never-taken",
                    edge.condition.pos,
                    f"the exit from '{phase.id}' to '{edge.dest}' is never taken: "
                    "an earlier exit always holds whenever this one could",
                    "reorder the exits or narrow the earlier ones",
                )
            elif not stats.can_be_false:
                yield finding(
                    case,
                    "condition-always-true",
                    edge.condition.pos,
                    f"the exit from '{phase.id}' to '{edge.dest}' is always true: "
                    f"'{phase.id}' always ends after its first round",
                    _why_not(reach, edge.condition, where) + "; later exits and the timeout are never used",
                )


def _dead_end(reach: Reach, phase: str, leaving: list[Edge]) -> Diagnostic:
    case = reach.case
    ending = case.rounds.on_limit
    if not leaving:
        what = f"phase '{phase}' has no exits and no timeout"
    else:
        what = f"phase '{phase}' has no way out: none of its exits can ever be taken"
        if case.phases[phase].max_rounds is None:
            what += " and it has no timeout"
    return finding(
        case,
        "dead-end",
        case.phases[phase].pos,
        f"{what}; only the round limit ends it, in '{ending}' after round {reach.limit}",
        "add an exit or a max_rounds/on_timeout, unless waiting out the clock is the point",
    )


def moves(reach: Reach) -> Iterator[Diagnostic]:
    """Moves nobody is offered, moves never open, roles never offered a move."""
    case = reach.case
    listed: dict[str, dict[str, list[str]]] = {}  # move -> role -> phases listing it
    for phase in case.phases.values():
        for role, ids in phase.moves.items():
            for move_id in ids:
                listed.setdefault(move_id, {}).setdefault(role, []).append(phase.id)
    for move in case.moves.values():
        where_listed = listed.get(move.id)
        if not where_listed:
            yield finding(
                case,
                "move-never-listed",
                move.pos,
                f"move '{move.id}' is on no phase's menu, so nobody can ever play it",
                f"list it under a phase's 'moves' for {' or '.join(move.roles)}",
            )
            continue
        if move.id not in reach.known.open:
            yield _never_open(reach, move.id, where_listed)
        for role in move.roles:
            if role not in where_listed:
                yield finding(
                    case,
                    "move-role-never-listed",
                    move.pos,
                    f"move '{move.id}' names '{role}' among its roles, but no phase offers it to '{role}'",
                    f"add it to a phase's moves for {role}, or drop {role} from its roles",
                )


def _never_open(reach: Reach, move_id: str, where_listed: dict[str, list[str]]) -> Diagnostic:
    case = reach.case
    move = case.moves[move_id]
    phases = sorted({p for ps in where_listed.values() for p in ps}, key=list(case.phases).index)
    reachable = [p for p in phases if p in reach.states]
    gates = [g for g in (move.when, move.appears_when, *(r.when for r in move.requires)) if g is not None]
    if not reachable or not gates:
        return finding(
            case,
            "move-never-open",
            move.pos,
            f"move '{move_id}' can never be played: it is listed only in phases no path reaches "
            f"({', '.join(phases)})",
        )
    roles = tuple(r for r, ps in where_listed.items() if any(p in reach.states for p in ps))
    where = reach.hull(reachable, roles)
    assert where is not None
    # its 'when', (format 2) its 'appears_when' or one of its 'requires': the first that never holds
    gate = next((g for g in gates if not reach.judge(g, where)[0]), gates[0])
    if gate is move.when:
        return finding(
            case,
            "move-never-open",
            gate.pos,
            f"move '{move_id}' can never be open: {_code(gate)} can never be true where it is listed",
            _why_not(reach, gate, where),
        )
    what = "never appears" if gate is move.appears_when else "is always locked"
    return finding(  # as the format 2 gates of a move that is open are judged (lint/truth.py)
        case,
        "condition-never-true",
        gate.pos,
        f"move '{move_id}' {what}: {_code(gate)} is never true where it is listed",
        _why_not(reach, gate, where),
    )


def injects(reach: Reach) -> Iterator[Diagnostic]:
    """Injects whose triggers can never all hold."""
    case = reach.case
    for inject in case.injects.values():
        if inject.id in reach.known.fired:
            continue
        pos = inject.pos
        hint = ""
        if inject.round is not None and inject.round > reach.limit:
            why = f"round {inject.round} comes after the round limit ({reach.limit})"
        elif inject.phase is not None and inject.phase not in reach.states:
            why = f"its phase '{inject.phase}' is never reached"
        elif (
            inject.round is not None
            and inject.phase is not None
            and not any(r == inject.round for r, _ in reach.states[inject.phase])
        ):
            why = f"phase '{inject.phase}' is never current in round {inject.round}"
        elif inject.when is not None:
            pos = inject.when.pos
            why = f"{_code(inject.when)} can never be true when it is considered"
            phases = [inject.phase] if inject.phase else list(reach.states)
            where = reach.hull(phases, ())
            if where is not None:
                if inject.round is not None:
                    where = Where(Span(inject.round, inject.round), where.phase_round, ())
                hint = _why_not(reach, inject.when, where)
        else:  # pragma: no cover - one of the above always applies
            why = "its triggers never hold together"
        yield finding(case, "inject-never-fires", pos, f"inject '{inject.id}' can never fire: {why}", hint)
