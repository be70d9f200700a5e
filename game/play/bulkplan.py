"""A case laid out once for :mod:`game.play.bulk`: flat tables and generated functions.

:func:`plan_for` builds (and caches per loaded case, as :func:`game.play.rules.rules_for` does) a
:class:`BulkPlan`: per phase, each role's choice with each policy as one function; per move and
role, a :class:`MovePlan` (its effects, the contribution keys it counts, replies, red lines, and all
of them as one function); per phase, its injects and one function checking them in order, and its
exits with the keys their conditions read.  Everything comes from :class:`game.play.rules.Rules`
(the tables :class:`~game.play.session.Session` itself plays from) and the case's declared ids; the
functions are made by :mod:`game.play.bulkcode`, never from author text.

A case the bulk engine does not play (offers and agreements, timers) gets no plan: ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.case.cache import PerCase
from game.case.conditions import Expr, Getter, read_names
from game.case.model import Case, Exit, Move, RoundMode
from game.play.attribution import Tracker
from game.play.bulkcode import (
    Namespace,
    choice_function,
    inject_function,
    injects_function,
    move_function,
    round_function,
)
from game.play.bulkreads import Reads
from game.play.rules import Rules, Step, rules_for

# One reply a move can draw: (replier, its when test or None, its effects).
ReplyPlan = tuple[str, "Getter | None", tuple[Step, ...]]


@dataclass(frozen=True, slots=True)
class MovePlan:
    """A move as one role plays it, for the bulk loop."""

    move: str  # the move's id
    effects: tuple[Step, ...]
    counts: tuple[str, ...]  # the contribution keys a move row adds 1 to: played.<id>, tagged.<tag>...
    tags: tuple[str, ...]
    replies: tuple[ReplyPlan, ...]
    checks: bool  # the role has red lines the engine checks
    breaks: tuple[int, ...]  # red lines the move breaches by itself
    lines: tuple[tuple[int, Getter], ...]  # red lines breached by a state: (index, test)
    run: Callable[..., int]  # all of the above as one function (game.play.bulkcode.move_function)


# A role's turn in a phase: its choice with the random policy and with the counterpart policy,
# each ``f(board, streams) -> MovePlan | None`` (bulkcode.choice_function).
TurnPlan = tuple[Callable[..., "MovePlan | None"], Callable[..., "MovePlan | None"]]

# An inject as the loop checks it: (id, its effects as one function (bulkcode.inject_function),
# repeat, round or None, when test or None, chance or None, the keys its when reads (for its
# cause), "fired.<id>").
InjectPlan = tuple[
    str, Callable[..., int], bool, "int | None", "Getter | None", "float | None", tuple[str, ...], str
]

# An exit as the tracker reads it back: (exit, its test, the keys its condition reads).
ExitPlan = tuple[Exit, Getter, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class BulkPlan:
    """Everything the bulk loop of one case reads, worked out once."""

    case: Case
    rules: Rules
    order: tuple[str, ...]
    roles: tuple[str, ...]
    simultaneous: bool
    v2: bool
    history: bool
    limit: int
    start: str
    turns: dict[str, tuple[tuple[str, TurnPlan], ...]]  # phase -> (role, turn) in the round's order
    # per policy (random, counterpart), phase -> its round's moves (bulkcode.round_function)
    rounds: tuple[dict[str, Callable[..., int]], dict[str, Callable[..., int]]]
    injects: dict[str, tuple[InjectPlan, ...]]  # phase -> injects that may fire in it
    checks: dict[str, Callable[..., None]]  # phase -> its injects' checks (bulkcode.injects_function)
    exits: dict[str, tuple[ExitPlan, ...]]  # phase -> its exits, in order
    phase_caps: dict[str, int]  # phase -> max_rounds or 0
    watched: frozenset[str]  # contribution keys some cause is read from (inject whens, exits)
    flag_values: dict[str, bool]  # "flags.<name>" -> initial value
    visited_keys: dict[str, str]  # phase -> "visited.<phase>"


_PLANS: PerCase[BulkPlan | None] = PerCase()


def plan_for(case: Case) -> BulkPlan | None:
    """The bulk plan of ``case`` (built on first use, then shared), or None when the bulk engine
    does not play it (see :func:`unsupported`)."""
    return _PLANS.get(case, lambda c: None if unsupported(c) else _build(c))


def unsupported(case: Case) -> str:
    """Why the bulk engine does not play ``case`` ("" when it does): offers and agreements (format 2
    ``proposals``) and timers are left to :class:`~game.play.session.Session`."""
    if case.proposals:
        return "the case has proposals (offers and agreements)"
    if case.timers:
        return "the case has timers"
    rules = rules_for(case)
    for slot, value in rules.new_board().meters.items():  # (the loader refuses such a case)
        low, high = rules.bounds[slot]
        if not low <= value <= high:  # bulkcode leaves out the bound a change cannot pass
            return f"meter slot {slot} starts outside its bounds"
    return ""


def _build(case: Case) -> BulkPlan:
    rules = rules_for(case).prepare()
    tracker = Tracker(case, rules.new_board())  # only for its way of naming what a condition reads
    reads = Reads(case, rules.names, Namespace())  # the generated code's globals; conditions in place

    def keys(expr: Expr) -> tuple[str, ...]:
        found = dict.fromkeys(tracker.key_of(text) for text in read_names(expr))
        found.pop("", None)  # the clock and the like: no effect changes them
        return tuple(found)

    moves: dict[tuple[str, str], MovePlan] = {}

    def move_plan(move: Move, role: str) -> MovePlan:
        found = moves.get((move.id, role))
        if found is None:
            plan = rules.resolution(move, role)
            counts = (f"played.{move.id}", *(f"tagged.{t}" for t in move.tags))
            replies = tuple((replier, when, steps) for _index, replier, when, steps in plan.replies)
            breaks, lines = (plan.breaks, plan.lines) if plan.checks else ((), ())
            run = move_function(
                move.id,
                role,
                plan.effects,
                counts,
                plan.tags,
                replies,
                breaks,
                lines,
                rules.history,
                watched,
                reads,
            )
            found = moves[(move.id, role)] = MovePlan(
                move.id, plan.effects, counts, plan.tags, replies, plan.checks, breaks, lines, run
            )
        return found

    turns: dict[str, tuple[tuple[str, TurnPlan], ...]] = {}
    injects: dict[str, tuple[InjectPlan, ...]] = {}
    exits: dict[str, tuple[ExitPlan, ...]] = {}
    # the keys some cause is read from: those inject conditions and exits read
    causing = [*(i.when.expr for i in case.injects.values() if i.when is not None)]
    causing += [e.when.expr for phase in case.phases.values() for e in phase.exits]
    watched = frozenset(key for expr in causing for key in keys(expr))
    for phase in case.phases.values():
        laid = []
        for role in case.rounds.order:
            turn = rules.turn(phase.id, role)
            for move, test in turn.gates:
                parts = [c for c in (move.appears_when, move.when, *(r.when for r in move.requires)) if c]
                if test is not None and len(parts) > 1:  # rules.gate's test of all of them
                    reads.know_gate(test, parts)
            gates = tuple((move_plan(move, role), test) for move, test in turn.gates)
            prefs = tuple((index, gates[index][0], weight, when) for index, _move, weight, when in turn.prefs)
            uniform = choice_function(role, gates, (), reads)
            preferring = choice_function(role, gates, prefs, reads, uniform) if prefs else uniform
            laid.append((role, (uniform, preferring)))
        turns[phase.id] = tuple(laid)
        checks = []
        for inject, steps, repeat, only, when, chance in rules.inject_checks(phase.id):
            read = keys(inject.when.expr) if inject.when is not None else ()
            run = inject_function(steps, watched, reads)
            checks.append((inject.id, run, repeat, only, when, chance, read, f"fired.{inject.id}"))
        injects[phase.id] = tuple(checks)
        exits[phase.id] = tuple((e, e.when.test, keys(e.when.expr)) for e in phase.exits)
    simultaneous = case.rounds.mode is RoundMode.SIMULTANEOUS
    return BulkPlan(
        case=case,
        rules=rules,
        order=tuple(case.rounds.order),
        roles=tuple(case.roles),
        simultaneous=simultaneous,
        v2=case.schema_version >= 2,
        history=rules.history,
        limit=case.rounds.limit,
        start=case.start,
        turns=turns,
        rounds=tuple(  # type: ignore[arg-type]
            {
                phase: round_function(tuple(turn[policy] for _role, turn in laid), simultaneous, reads)
                for phase, laid in turns.items()
            }
            for policy in (0, 1)
        ),
        injects=injects,
        checks={phase: injects_function(laid, reads) for phase, laid in injects.items()},
        exits=exits,
        phase_caps={p.id: p.max_rounds or 0 for p in case.phases.values()},
        watched=watched,
        flag_values={f"flags.{name}": bool(value) for name, value in rules.new_board().flags.items()},
        visited_keys={phase: f"visited.{phase}" for phase in case.phases},
    )
