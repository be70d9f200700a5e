"""Static reachability: what a case can reach, worked out without playing it.

The phase graph comes from the machine the engine runs
(:func:`game.instructor.phasegraph.phase_graph`).  It is walked round by round, from the
start phase in round 1 to the round limit, over abstract states "phase P is
current in round r, its k-th round there".  At the end of each state's round
the machine's transitions are tried in order, as the engine does: an exit can
be taken when its condition can be true there (:mod:`game.instructor.intervals`) and
every earlier exit can be false; the timeout when ``k`` reaches
``max_rounds`` and no exit must be taken first; the round limit at the last
round.

The spans the conditions are judged with depend on what can happen (a move
that can never be open never raises a meter or a ``played.`` counter), and
what can happen depends on the conditions, so the walk is repeated from
nothing until it learns nothing new: the least fixed point.  Every step
over-approximates, so what it calls unreachable is unreachable; what it calls
reachable may still never happen in play (``parley analyze`` measures that).

The first :data:`EXACT_ROUNDS` rounds are walked one by one; any later rounds
(up to the limit, at most :data:`~game.case.model.MAX_ROUNDS`) are walked
together, as states whose ``round`` spans all of them, until no new state
appears.  With ``phase_round`` merged past the last value a condition or
timeout can tell apart (and never past the limit), the walk is bounded by
phases × :data:`EXACT_ROUNDS` × that value, whatever the limits say.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from game.case.conditions import Binary, Expr, Num, Unary, names
from game.case.model import Case, Condition, Effect, Scope
from game.case.names import pair_key
from game.instructor.intervals import BOTH, FALSE, Env, Span, assume, span_of
from game.instructor.phasegraph import PhaseGraph, phase_graph
from game.play.rules import rules_for

EXACT_ROUNDS = 32
"""Rounds the walk tells apart one by one; later rounds are walked together as one span."""


@dataclass(frozen=True, slots=True)
class Where:
    """Where a condition is judged: what ``round`` and ``phase_round`` can be, and who ``self`` is."""

    round: Span
    phase_round: Span
    selves: tuple[str, ...]  # the roles ``self`` may stand for; empty: any role


@dataclass
class Knowledge:
    """What can happen, as far as the walk has found."""

    open: dict[str, set[str]] = field(default_factory=dict)  # move -> roles it can be open to
    fired: set[str] = field(default_factory=set)  # injects that can fire
    settable: set[str] = field(default_factory=set)  # flags that can become true
    raised: set[str] = field(default_factory=set)  # meter slots an effect can raise
    lowered: set[str] = field(default_factory=set)  # … or lower
    visited: set[str] = field(default_factory=set)  # phases that can be entered
    reached: set[str] = field(default_factory=set)  # endings that can be reached

    def snapshot(self) -> tuple[object, ...]:
        """A comparable copy, to tell when a pass has learnt nothing new."""
        return (
            {m: frozenset(r) for m, r in self.open.items()},
            frozenset(self.fired),
            frozenset(self.settable),
            frozenset(self.raised),
            frozenset(self.lowered),
            frozenset(self.visited),
            frozenset(self.reached),
        )


@dataclass
class ExitStats:
    """How one exit or timeout fared over every reachable state of its phase."""

    can_be_true: bool = False  # its condition can hold in some state (timeouts: its round comes)
    can_be_false: bool = False
    taken: bool = False


class Reach:
    """The result of the walk; :meth:`judge` evaluates any condition of the case in a :class:`Where`."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.graph: PhaseGraph = phase_graph(case)
        self.rules = rules_for(case)
        self.limit = case.rounds.limit
        self.saturate = _phase_round_cap(case)
        self.known = Knowledge()
        self.states: dict[str, set[tuple[int, int]]] = {}
        self.exits: dict[tuple[str, int], ExitStats] = {}
        self.open_where: dict[tuple[str, str], set[str]] = {}  # (move, role) -> phases where it can be open
        self.inject_rounds: dict[str, set[int]] = {}
        self._cache: dict[tuple[int, Where], tuple[bool, bool]] = {}
        self._walk()

    # ----------------------------------------------------------------- judging

    def span(self, name: str, where: Where) -> Span:
        """The values ``name`` can take at ``where``."""
        known = self.known
        head, _, rest = name.partition(".")
        case = self.case
        if head in case.meters:
            return self._meter_span(name, where)
        if head == "round":
            return where.round
        if head == "phase_round":
            return where.phase_round
        most = where.round.high if where.round.high < self.limit else self.limit
        selves = where.selves or tuple(case.roles)
        if head == "flags":
            return BOTH if rest in known.settable else FALSE
        if head == "played":
            return Span(0, most * len(known.open.get(rest, ())))
        if head == "tagged":
            players = {r for m, roles in known.open.items() if rest in case.moves[m].tags for r in roles}
            return Span(0, most * len(players))
        if head == "mine":
            if rest in case.moves:
                able = any(r in known.open.get(rest, ()) for r in selves)
            else:
                able = any(
                    rest in case.moves[m].tags and any(r in roles for r in selves)
                    for m, roles in known.open.items()
                )
            return Span(0, most) if able else FALSE
        if head == "fired":
            if rest not in known.fired:
                return FALSE
            return Span(0, most if case.injects[rest].repeat else 1)
        if head == "visited":
            if rest == case.start:
                return Span(1, 1)
            return BOTH if rest in known.visited else FALSE
        if head == "ending":
            return BOTH if rest in known.reached else FALSE
        if head == "outcome":
            return BOTH if any(case.endings[e].outcome.value == rest for e in known.reached) else FALSE
        if head == "rounds_left":
            return Span(1, self.limit)
        if head == "timer":
            return Span(0, case.timers[rest].rounds) if rest in case.timers else Span(0, self.limit)
        if head in ("expired", "pending", "accepted"):
            return BOTH  # format 2: not followed here; assumed either way
        return Span(float("-inf"), float("inf"))  # pragma: no cover - names are checked at load time

    def _meter_span(self, name: str, where: Where) -> Span:
        meter_id, slot = self.rules.names.meter_slot(name, None)
        slots = [slot] if slot is not None else [f"{meter_id}.{r}" for r in where.selves or self.case.roles]
        meter = self.case.meters[meter_id]
        low = high = None
        for s in slots:
            start = meter.initial[s]
            lo = meter.minimum if s in self.known.lowered else start
            hi = meter.maximum if s in self.known.raised else start
            low = lo if low is None else min(low, lo)
            high = hi if high is None else max(high, hi)
        return Span(low if low is not None else meter.minimum, high if high is not None else meter.maximum)

    def spans(self, where: Where) -> Callable[[str], Span]:
        """A name → span lookup for ``where``."""
        memo: dict[str, Span] = {}

        def lookup(name: str) -> Span:
            found = memo.get(name)
            if found is None:
                found = memo[name] = self.span(name, where)
            return found

        return lookup

    def judge(self, condition: Condition | Expr, where: Where) -> tuple[bool, bool]:
        """``(can be true, can be false)`` for a condition at ``where``."""
        expr = condition.expr if isinstance(condition, Condition) else condition
        key = (id(expr), where)
        found = self._cache.get(key)
        if found is None:
            result = span_of(expr, Env(self.spans(where)))
            found = self._cache[key] = (result.can_be_true, result.can_be_false)
        return found

    def hull(self, phases: Iterable[str], selves: tuple[str, ...]) -> Where | None:
        """The smallest :class:`Where` covering every reachable state of ``phases``."""
        rounds = [rk for p in phases for rk in self.states.get(p, ())]
        if not rounds:
            return None
        return Where(
            Span(min(r for r, _ in rounds), max(r for r, _ in rounds)),
            Span(min(k for _, k in rounds), max(k for _, k in rounds)),
            selves,
        )

    # -------------------------------------------------------------------- walk

    def _walk(self) -> None:
        while True:
            before = self.known.snapshot()
            self._cache.clear()
            self._pass()
            self._learn_effects()
            if self.known.snapshot() == before:
                return

    def _pass(self) -> None:
        """One round-by-round walk of the phase graph with what is known so far."""
        case, limit, known = self.case, self.limit, self.known
        states: dict[str, set[tuple[int, int]]] = {}
        frontier: set[tuple[str, int]] = {(case.start, 1)}
        known.visited.add(case.start)
        self.exits = {}
        exact = min(limit, EXACT_ROUNDS)
        for rnd in range(1, exact + 1):
            frontier = self._round(frontier, Span(rnd, rnd), states, more=rnd < limit, last=rnd == limit)
        if limit > exact:  # the later rounds together: every state current in any of them
            seen: set[tuple[str, int]] = set()
            while frontier:
                seen |= frontier
                following = self._round(frontier, Span(exact + 1, limit), states, more=True, last=True)
                frontier = following - seen
        self.states = states
        for phase in states:
            for role in case.roles:
                where = self.hull([phase], (role,))
                assert where is not None
                for move in self.rules.menu(phase, role):
                    gates = (move.when, move.appears_when, *(r.when for r in move.requires))
                    if all(gate is None or self.judge(gate, where)[0] for gate in gates):
                        known.open.setdefault(move.id, set()).add(role)
                        self.open_where.setdefault((move.id, role), set()).add(phase)

    def _round(
        self,
        frontier: set[tuple[str, int]],
        rounds: Span,
        states: dict[str, set[tuple[int, int]]],
        *,
        more: bool,
        last: bool,
    ) -> set[tuple[str, int]]:
        """Walk the states of ``frontier`` through one round (or a span of rounds); return the next states.

        ``more``: a round can follow; ``last``: the round limit can end the case here.
        """
        following: set[tuple[str, int]] = set()
        low, high = int(rounds.low), int(rounds.high)
        for phase, k in sorted(frontier):
            seen = states.setdefault(phase, set())
            seen.add((low, k))
            seen.add((high, k))
            rounds_here = Span(k, k) if k < self.saturate else Span(k, self.limit)
            where = Where(rounds, rounds_here, ())
            self._injects_at(phase, low, high, where)
            stays = self._leave(phase, k, where, following, more=more, last=last)
            if stays:
                if more:
                    following.add((phase, min(k + 1, self.saturate)))
                if last:
                    self._arrive_by_limit(phase)
        return following

    def _leave(
        self, phase: str, k: int, where: Where, following: set[tuple[str, int]], *, more: bool, last: bool
    ) -> bool:
        """Try the transitions out of one state in order; return whether the phase can go on.

        Exit ``n`` is taken only if its condition can hold while every earlier
        exit's does not: the earlier conditions are assumed false
        (:func:`game.instructor.intervals.assume`) before judging it, so an exit that can
        only hold when an earlier one does is found never taken.
        """
        env = Env(self.spans(where))
        for edge in self.graph.leaving(phase):
            if edge.kind == "limit":
                continue
            stats = self.exits.setdefault((phase, edge.order), ExitStats())
            if edge.kind == "timeout":
                due = edge.max_rounds is not None and k >= edge.max_rounds
                # a merged state (phase_round k … limit) may reach a later max_rounds, or not yet
                maybe = (
                    not due
                    and edge.max_rounds is not None
                    and k >= self.saturate
                    and edge.max_rounds <= self.limit
                )
                stats.can_be_true |= due or maybe
                stats.can_be_false |= not due
                if due or maybe:
                    stats.taken = True
                    self._arrive(edge.dest, following, more=more, last=last)
                if due:
                    return False
                continue
            assert edge.condition is not None
            can_true, can_false = self.judge(edge.condition, where)
            stats.can_be_true |= can_true
            stats.can_be_false |= can_false
            here = span_of(edge.condition.expr, env)
            if here.can_be_true:
                stats.taken = True
                self._arrive(edge.dest, following, more=more, last=last)
            if not here.can_be_false:
                return False
            env = assume(edge.condition.expr, False, env)
        return True

    def _arrive(self, state: str, following: set[tuple[str, int]], *, more: bool, last: bool) -> None:
        if state in self.case.endings:
            self.known.reached.add(state)
            return
        self.known.visited.add(state)
        if more:
            following.add((state, 1))
        if last:  # entered at the end of the last round: the round limit ends the case at once
            self._arrive_by_limit(state)

    def _arrive_by_limit(self, phase: str) -> None:
        for edge in self.graph.leaving(phase):
            if edge.kind == "limit":
                self.known.reached.add(edge.dest)
                stats = self.exits.setdefault((phase, edge.order), ExitStats())
                stats.can_be_true = stats.taken = True

    def _injects_at(self, phase: str, low: int, high: int, where: Where) -> None:
        for inject in self.case.injects.values():
            if inject.round is not None and not low <= inject.round <= high:
                continue
            if inject.phase is not None and inject.phase != phase:
                continue
            if inject.when is not None and not self.judge(inject.when, where)[0]:
                continue
            self.known.fired.add(inject.id)
            self.inject_rounds.setdefault(inject.id, set()).add(low if inject.round is None else inject.round)

    def _learn_effects(self) -> None:
        case = self.case
        for move_id, roles in list(self.known.open.items()):
            move = case.moves[move_id]
            for role in roles:
                self._note(move.effects, role)
                for reply in move.replies:
                    if reply.role == role:
                        continue
                    where = self.hull(self.open_where.get((move_id, role), ()), (reply.role,))
                    if where is not None and (reply.when is None or self.judge(reply.when, where)[0]):
                        self._note(reply.effects, reply.role)
        for inject_id in self.known.fired:
            self._note(case.injects[inject_id].effects, "")
        # Format 2: timers and agreed terms may change anything they name (assumed, conservatively).
        for timer in case.timers.values():
            self._note(timer.effects, "")
        for proposal in case.proposals.values():
            for term in proposal.terms.values():
                self._note(term.effects, "")

    def _note(self, effects: tuple[Effect, ...], role: str) -> None:
        for effect in effects:
            if effect.flag is not None:
                if effect.flag:
                    self.known.settable.add(effect.target[6:])
                continue
            if effect.delta == 0:
                continue
            for slot in self.slots_of(effect.target, role):
                (self.known.raised if effect.delta > 0 else self.known.lowered).add(slot)

    def slots_of(self, target: str, role: str) -> list[str]:
        """The meter slots an effect target (or a name read) stands for; ``self`` is ``role``, or any."""
        head, _, rest = target.partition(".")
        meter = self.case.meters[head]
        if meter.scope is Scope.GLOBAL:
            return [head]
        if rest == "self":
            return [f"{head}.{r}" for r in ([role] if role else self.case.roles)]
        if meter.scope is Scope.PAIR:
            a, _, b = rest.partition("_")
            if a in self.case.roles and b in self.case.roles:
                return [f"{head}.{pair_key(a, b)}"]
        return [target]


def _phase_round_cap(case: Case) -> int:
    """A ``phase_round`` past which no condition or timeout can tell rounds apart.

    States "k-th round in the phase" beyond it are merged into one whose
    ``phase_round`` spans k … the round limit, so a phase without
    ``max_rounds`` does not make the walk grow with the square of the limit.
    Never past the limit, nor past :data:`EXACT_ROUNDS` (beyond it a merged
    state may reach a later ``max_rounds``: its timeout may or may not be due).
    """
    top = 1
    for phase in case.phases.values():
        if phase.max_rounds is not None:
            top = max(top, phase.max_rounds)
    for condition in _conditions(case):
        if any(n.text == "phase_round" for n in names(condition.expr)):
            top = max(top, *(math.ceil(abs(v)) for v in _numbers(condition.expr)), 1)
    return min(top, case.rounds.limit, EXACT_ROUNDS) + 1


def _conditions(case: Case) -> Iterable[Condition]:
    for move in case.moves.values():
        yield from (c for c in (move.when, *(r.when for r in move.replies)) if c is not None)
    for role in case.roles.values():
        yield from (p.when for p in role.policy if p.when is not None)
    for phase in case.phases.values():
        yield from (e.when for e in phase.exits)
    yield from (i.when for i in case.injects.values() if i.when is not None)
    yield from (r.when for d in case.rubric.values() for r in d.rules if r.when is not None)


def _numbers(expr: Expr) -> Iterable[float]:
    if isinstance(expr, Num):
        yield expr.value
    elif isinstance(expr, Unary):
        yield from _numbers(expr.operand)
    elif isinstance(expr, Binary):
        yield from _numbers(expr.left)
        yield from _numbers(expr.right)
