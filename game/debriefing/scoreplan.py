"""Scoring plans: :class:`~game.debriefing.credit.Credit`'s shares, worked out ahead for one case.

Every session of a case starts from the same board, so most of what :class:`Credit` decides about a
state rule's share does not depend on the session: the and/or/not shape of the condition, which parts
read only the clock, which parts held on the initial board (*kept* or *changed*), which leaves are
flags, phases, endings or comparisons, the slopes of integer-linear comparisons, the initial value of
every name, the contribution key of every name, the bounds of every meter.  A :class:`Plan` decides
all of it once per case and role (partial evaluation of ``Credit`` for the case's initial board) and
keeps, per node of each condition, a closure that does only what varies: reading the final board (or
an exit's snapshot), the contributions, the exit records, and the arithmetic, in the same
floating-point operations and order as ``Credit``, so the shares are equal bit for bit.

What a plan does not cover it hands to ``Credit`` itself (the reference), node by node or whole:

* an attribution whose initial board differs from the case's (:meth:`Plan.covers` is false: the
  caller scores the session with ``Credit``);
* a history leaf (format 2: ``count(…)``, ``before(…)``, …) that did not hold on the initial board,
  and a comparison that became true whose sides are not integer-linear (no slopes: ``Credit``
  measures by bumping each name): those nodes call ``Credit._share_s`` for the session.

``tests/test_score_plan.py`` checks that :func:`game.debriefing.scoring.totals_for` (which uses a
plan) equals the reference path (``_totals_reference``, ``Credit`` only) on every built-in and test
case: any change to ``Credit``'s rules must be mirrored here, and that test catches a drift.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from game.case.conditions import Name, Unary
from game.case.model import Case
from game.debriefing.credit import FLIP, ORDER, Credit, _Shape, leaf_key
from game.debriefing.credittables import Prepared, Start, prepared
from game.debriefing.scorecode import kept_function
from game.play.attribution import Attribution, ExitRecord, Tracker
from game.play.board import Board
from game.play.rules import rules_for

Contrib = Mapping[str, Mapping[str, int]]
Node = Callable[[Board, Contrib, "Session"], float]
"""A part of a condition, for one role: its share on a board (where it holds, ``self_role`` set)."""

_EMPTY: Mapping[str, int] = {}


class Session:
    """What one :func:`~game.debriefing.scoring.totals_for` call reads besides a board: the
    attribution, the exits' shares worked out so far, and a ``Credit`` made when a node needs it."""

    __slots__ = ("_credit", "at", "case", "exits")

    def __init__(self, case: Case, at: Attribution) -> None:
        self.case = case
        self.at = at
        self.exits: dict[tuple[int, str], float] = {}  # (id of the exit record, role) -> its share
        self._credit: Credit | None = None

    def credit(self) -> Credit:
        """The reference reading of this session (for what a plan leaves to it)."""
        if self._credit is None:
            self._credit = Credit(self.case, self.at)
        return self._credit


class RolePlan:
    """The shares of one role's conditions: a :data:`Node` per (expression, negated)."""

    __slots__ = ("_exits", "_nodes", "case", "ref", "role", "totals")

    def __init__(self, case: Case, role: str, ref: Credit) -> None:
        self.case = case
        self.role = role
        self.ref = ref  # a Credit over the case's initial board: its shapes and initial readings
        self._nodes: dict[tuple[int, bool], Node] = {}
        self._exits: dict[int, Callable[[ExitRecord, Session], float]] = {}
        self.totals: Callable[..., Any] | None = None  # the role's rubric as one function (scoring._planned)

    def share(self, shape: _Shape) -> Node:
        """The share of ``shape`` (a state rule's condition that holds at the end): ``Credit.share``."""
        return self._node(shape, False)

    def exit_share(self, record: ExitRecord, session: Session) -> float:
        """The share of the exit taken at ``record``, read on its snapshot (``Credit._became_true``)."""
        key = (id(record), self.role)
        found = session.exits.get(key)
        if found is None:
            assert record.exit is not None
            expr = record.exit.when.expr
            share = self._exits.get(id(expr))
            if share is None:
                share = self._exits[id(expr)] = self._exit(self.ref._shape(expr))
            found = session.exits[key] = share(record, session)
        return found

    def _exit(self, shape: _Shape) -> Callable[[ExitRecord, Session], float]:
        node = self._node(shape, False)
        test = shape.test
        role = self.role

        def share(record: ExitRecord, session: Session) -> float:
            board = record.board
            board.self_role = role
            if not test(board):
                return 0.0
            return node(board, record.contrib, session)

        return share

    # ------------------------------------------------------------- the tree

    def _node(self, shape: _Shape, neg: bool) -> Node:
        key = (shape.key, neg)
        found = self._nodes.get(key)
        if found is None:
            found = self._nodes[key] = self._build(shape, neg)
        return found

    def _build(self, shape: _Shape, neg: bool) -> Node:
        """``Credit._share_of`` for ``shape`` and ``neg``, its truth known (the caller checked it)."""
        ref = self.ref
        if shape.op == "" and isinstance(shape.expr, Unary) and shape.expr.op == "not":
            return self._node(ref._shape(shape.expr.operand), not neg)
        if shape.parts:
            op = FLIP[shape.op] if neg else shape.op
            if op == "or":
                return self._any(shape, neg)
            return self._all(shape, neg)
        return self._leaf(shape, neg)

    def _any(self, shape: _Shape, neg: bool) -> Node:
        """An ``or``: the best share among the parts that hold."""
        parts = tuple((p.test, self._node(p, neg)) for p in self.ref._parts(shape))

        def best(board: Board, contrib: Contrib, session: Session) -> float:
            return max(
                (node(board, contrib, session) for test, node in parts if bool(test(board)) != neg),
                default=0.0,
            )

        return best

    def _all(self, shape: _Shape, neg: bool) -> Node:
        """An ``and`` (every part holds, since it does): the mean share of the parts that changed, times
        the least share of the parts kept; parts reading only the clock count only when all do."""
        ref = self.ref
        every = ref._parts(shape)
        timed = tuple(p for p in every if p.clock)
        chosen = tuple(p for p in every if not p.clock) or timed
        kept = tuple(self._node(p, neg) for p in chosen if ref._initially_s(p, neg, self.role))
        changed = tuple(self._node(p, neg) for p in chosen if not ref._initially_s(p, neg, self.role))
        if not changed:

            def kept_only(board: Board, contrib: Contrib, session: Session) -> float:
                return min((node(board, contrib, session) for node in kept), default=1.0)

            return kept_only
        count = len(changed)

        def mean(board: Board, contrib: Contrib, session: Session) -> float:
            kept_share = min((node(board, contrib, session) for node in kept), default=1.0)
            changed_share = sum(node(board, contrib, session) for node in changed) / count
            return changed_share * kept_share

        return mean

    def _leaf(self, shape: _Shape, neg: bool) -> Node:
        """``Credit._leaf``."""
        ref, role = self.ref, self.role
        kept = self._kept(shape, neg)
        if ref._initially_s(shape, neg, role):

            def held(board: Board, contrib: Contrib, session: Session) -> float:
                return 1.0 if kept(board, contrib) else 0.0

            return held
        if shape.leaf:
            return self._became_true(shape.expr.text)  # type: ignore[union-attr]
        if shape.history or (shape.op in ORDER and shape.slopes is None):
            return self._reference(shape, neg)
        moved = self._moved(shape, neg) if shape.op in ORDER else self._absolute(shape)

        def became(board: Board, contrib: Contrib, session: Session) -> float:
            if kept(board, contrib):
                return 1.0  # the role's own decisions alone would have made it true
            return moved(board, contrib)

        return became

    def _reference(self, shape: _Shape, neg: bool) -> Node:
        """What the plan leaves to ``Credit`` (history leaves, comparisons without slopes)."""
        role = self.role

        def reference(board: Board, contrib: Contrib, session: Session) -> float:
            return session.credit()._share_s(shape, neg, role, board, contrib)

        return reference

    def _kept(self, shape: _Shape, neg: bool) -> Callable[[Board, Contrib], bool]:
        """``Credit._kept_s``: whether ``shape`` would hold on the role's own decisions alone."""
        ref, role = self.ref, self.role
        plan = ref._plans.get((shape.key, role))
        if plan is None:
            plan = ref._plans[(shape.key, role)] = ref._kept_plan(shape, role)
        return kept_function(shape.expr, neg, role, shape.reads, plan, leaf_key)

    def _moved(self, shape: _Shape, neg: bool) -> Callable[[Board, Contrib], float]:
        """``Credit._moved`` for a comparison with slopes: the role's part of the helpful movement."""
        ref, role = self.ref, self.role
        sign = ORDER[shape.op] * (-1 if neg else 1)
        slopes = shape.slopes
        assert slopes is not None
        getters = dict(shape.reads)
        terms = []
        for name in shape.unique:
            direction = float(sign * slopes.get(name, 0))
            if not direction:
                continue
            own = name.startswith("mine.")
            start = ref._initial_value(name, role)
            terms.append((direction, getters[name], start, own, ref._key(name, role)))
        steps = tuple(terms)

        def moved(board: Board, contrib: Contrib) -> float:
            helpful = mine = 0.0
            for direction, get, start, own, key in steps:
                delta = get(board) - start
                helpful += direction * delta
                if own:
                    mine += direction * delta
                else:
                    mine += direction * contrib.get(key, _EMPTY).get(role, 0) if key else 0
            if helpful <= 0:
                return 0.0
            return max(0.0, min(1.0, mine / helpful))

        return moved

    def _absolute(self, shape: _Shape) -> Callable[[Board, Contrib], float]:
        """``Credit._leaf``'s ``==``/``!=`` rule: the role's part of the absolute movement."""
        ref, role = self.ref, self.role
        terms = []
        for name in shape.names:
            key = ref._key(name, role)
            if key:
                get = ref._prepared.values.get(name)
                if get is None:
                    get = ref._prepared.values[name] = ref._getter(Name(name, 1))
                terms.append((get, ref._initial_value(name, role), key))
            elif name.startswith("mine."):

                def own(board: Board, contrib: Contrib) -> float:
                    return 1.0

                return own
        steps = tuple(terms)

        def absolute(board: Board, contrib: Contrib) -> float:
            total = mine = 0
            for get, start, key in steps:
                total += abs(get(board) - start)
                mine += abs(contrib.get(key, _EMPTY).get(role, 0))
            return min(1.0, mine / total) if total else 0.0

        return absolute

    def _became_true(self, text: str) -> Node:
        """``Credit._became_true``: a flag is its setter's; a phase or an ending its exit's share."""
        role = self.role
        head, _, key = text.partition(".")
        if head in ("flags", "accepted", "pending", "expired"):

            def setter(board: Board, contrib: Contrib, session: Session) -> float:
                return 1.0 if role in contrib.get(text, _EMPTY) else 0.0

            return setter
        if head not in ("visited", "ending", "outcome"):

            def nobody(board: Board, contrib: Contrib, session: Session) -> float:
                return 0.0

            return nobody
        endings = self.case.endings
        reached = frozenset(e for e, ending in endings.items() if ending.outcome.value == key)

        def entered(board: Board, contrib: Contrib, session: Session) -> float:
            found = None
            for record in session.at.exits:  # Credit._entered
                state = record.state
                if head == "outcome":
                    if state in endings:
                        found = record if state in reached else None
                        break
                elif state == key:
                    found = record
                    break
            if found is None or found.exit is None:
                return 0.0
            return self.exit_share(found, session)

        return entered


class Plan:
    """The scoring plan of one case: a :class:`RolePlan` per role, built on first use."""

    __slots__ = ("_lock", "_roles", "case", "ref", "start", "tables")

    def __init__(self, case: Case, tables: Prepared, ref: Credit) -> None:
        self.case = case
        self.tables = tables
        self.start: Start = tables.start
        self.ref = ref
        self._roles: dict[str, RolePlan] = {}
        self._lock = threading.Lock()

    def covers(self, at: Attribution) -> bool:
        """Whether ``at`` starts from the board this plan was worked out for (the case's)."""
        return self.tables.start_for(at.initial) is self.start

    def role(self, role: str) -> RolePlan:
        """The plan of ``role``'s conditions."""
        found = self._roles.get(role)
        if found is None:
            with self._lock:
                found = self._roles.get(role)
                if found is None:
                    found = self._roles[role] = RolePlan(self.case, role, self.ref)
        return found


_PLANS: dict[int, tuple[Case, Prepared, Plan | None]] = {}
_PLANS_LOCK = threading.Lock()


def plan_for(case: Case) -> Plan | None:
    """The plan of ``case`` (built on first use), or None when the case's prepared tables were
    worked out for an initial board other than its sessions' (then ``Credit`` scores everything)."""
    found = _PLANS.get(id(case))
    if found is None or found[0] is not case or prepared(case) is not found[1]:
        with _PLANS_LOCK:
            found = _PLANS[id(case)] = (case, prepared(case), _build(case))
    return found[2]


def _build(case: Case) -> Plan | None:
    tables = prepared(case)
    initial = Tracker(case, rules_for(case).new_board()).out.initial  # every session's first board
    ref = Credit(case, Attribution(case=case, initial=initial))
    if ref._initial_truths is not tables.start.truths:
        return None
    return Plan(case, tables, ref)
