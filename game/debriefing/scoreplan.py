"""Scoring plans: :class:`~game.debriefing.credit.Credit`'s shares, worked out ahead for one case.

Every session of a case starts from the same board, so most of what :class:`Credit` decides about a
state rule's share does not depend on the session: the and/or/not shape of the condition, which parts
read only the clock, which parts held on the initial board (*kept* or *changed*), which leaves are
flags, phases, endings or comparisons, the slopes of integer-linear comparisons, the initial value of
every name, the contribution key of every name, the bounds of every meter.  A :class:`Plan` decides
all of it once per case and role (partial evaluation of ``Credit`` for the case's initial board) and
compiles what is left, per role, into one function for its whole rubric
(:func:`game.debriefing.scorecode.role_function`, the shares written in place by
:class:`game.debriefing.scoretree.Emitter`) and one per exit condition: they do only what varies,
reading the final board (or an exit's snapshot), the contributions, the exit records, and the
arithmetic, in the same floating-point operations as ``Credit``, so the scores are equal bit for bit.
Per session, a :class:`Session` keeps the exit records found and the exits' shares worked out.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields as dataclass_fields
from operator import attrgetter
from typing import Any

from game.case.cache import PerCase
from game.case.conditions import Expr
from game.case.model import Case
from game.debriefing.credit import Credit, _Shape
from game.debriefing.scoretree import Emitter
from game.play.attribution import Attribution, ExitRecord, Tracker
from game.play.board import Board
from game.play.redlines import red_line
from game.play.rules import rules_for

Contrib = Mapping[str, Mapping[str, int]]
Node = Callable[[Board, Contrib, "Session"], float]
"""A part of a condition, for one role: its share on a board (where it holds, ``self_role`` set)."""


class Session:
    """What one :func:`~game.debriefing.scoring.totals_for` call reads besides a board: the
    attribution, the exits found and their shares worked out so far, and a ``Credit`` made when a
    node needs it."""

    __slots__ = ("_credit", "at", "case", "exits", "records")

    def __init__(self, case: Case, at: Attribution) -> None:
        self.case = case
        self.at = at
        self.records: dict[str, ExitRecord | None] = {}  # visited.x, ending.x … -> the exit that led there
        self.exits: dict[tuple[int, str], float] = {}  # (id of the exit record, role) -> its share
        self._credit: Credit | None = None

    def credit(self) -> Credit:
        """The reference reading of this session (for what a plan leaves to it)."""
        if self._credit is None:
            self._credit = Credit(self.case, self.at)
        return self._credit


class RolePlan:
    """What one role's shares need beside their compiled code: the exits' shares, the reference."""

    __slots__ = ("_exits", "case", "ref", "role", "totals", "uses")

    def __init__(self, case: Case, role: str, ref: Credit) -> None:
        self.case = case
        self.role = role
        self.ref = ref  # a Credit over the case's initial board: its shapes and initial readings
        self._exits: dict[int, Callable[[ExitRecord, Session], float]] = {}
        self.totals: Callable[..., Any] | None = None  # the role's rubric as one function (scoring._planned)
        self.uses = 0  # scorings of the role before its rubric was compiled (scoring.COMPILE_AFTER)

    def exit_function(self, expr: Expr) -> Callable[[ExitRecord, Session], float]:
        """``f(record, session)``: the share of an exit's condition ``expr``, read on the snapshot of
        the exit record (0.0 where it does not hold)."""
        found = self._exits.get(id(expr))
        if found is None:
            found = self._exits[id(expr)] = Emitter(self).exit_function(self.ref._shape(expr))
        return found

    def reference(self, shape: _Shape, neg: bool) -> Node:
        """What the plan leaves to ``Credit`` (history leaves, comparisons without slopes)."""
        role = self.role

        def reference(board: Board, contrib: Contrib, session: Session) -> float:
            return session.credit()._share_s(shape, neg, role, board, contrib)

        return reference

    def became_true(self, text: str) -> Node:
        """``Credit._became_true`` but for flags (written in place): a phase or an ending is the share
        of the exit that led there; anything else, nobody's."""
        role = self.role
        head, _, key = text.partition(".")
        if head not in ("visited", "ending", "outcome"):

            def nobody(board: Board, contrib: Contrib, session: Session) -> float:
                return 0.0

            return nobody
        endings = self.case.endings
        reached = frozenset(e for e, ending in endings.items() if ending.outcome.value == key)
        exit_function = self.exit_function

        def lookup(exits: Sequence[ExitRecord]) -> ExitRecord | None:
            for record in exits:  # Credit._entered
                state = record.state
                if head == "outcome":
                    if state in endings:
                        return record if state in reached else None
                elif state == key:
                    return record
            return None

        def entered(board: Board, contrib: Contrib, session: Session) -> float:
            records = session.records
            found = records.get(text, _MISSING)
            if found is _MISSING:
                found = records[text] = lookup(session.at.exits)
            if found is None or found.exit is None:  # type: ignore[union-attr]
                return 0.0
            shares = session.exits
            share = shares.get((id(found), role))
            if share is None:
                taken = found.exit.when.expr  # type: ignore[union-attr]
                share = shares[(id(found), role)] = exit_function(taken)(found, session)  # type: ignore[arg-type]
            return share

        return entered


_MISSING = object()


def red_line_costs(case: Case, at: Attribution) -> dict[str, dict[str, int]]:
    """Per role, what its red lines cost per dimension: the first breach of each of its lines
    (``scoring._charged``), for every role in one pass over the breaches."""
    seen: set[tuple[str, int]] = set()
    out: dict[str, dict[str, int]] = {}
    for breach in at.breaches:
        if (breach.role, breach.line) in seen:
            continue
        line = red_line(case, breach.role, breach.line)
        if line is None:
            continue
        seen.add((breach.role, breach.line))
        charged = out.setdefault(breach.role, {})
        charged[line.dimension] = charged.get(line.dimension, 0) + line.points
    return out


class Plan:
    """The scoring plan of one case: a :class:`RolePlan` per role, built on first use."""

    __slots__ = ("_initial", "_lock", "_roles", "case", "ready", "ref")

    def __init__(self, case: Case, initial: Board, ref: Credit) -> None:
        self.case = case
        self.ref = ref  # a Credit over ``initial``: the shapes and what holds on it
        self._roles: dict[str, RolePlan] = {}
        self._lock = threading.Lock()
        self._initial = _fields(initial)
        self.ready: dict[tuple[str, ...], tuple[Callable[..., Any], ...]] = {}  # roles -> compiled rubrics

    def covers(self, at: Attribution) -> bool:
        """Whether ``at`` starts from the board this plan was worked out for, every session's first
        board: every field of the boards equal but ``self_role`` (the test of ``Prepared.start_for``)."""
        initial = at.initial
        return type(initial) is Board and _fields(initial) == self._initial

    def prepare(self, roles: Sequence[str]) -> None:
        """Build ahead, for ``roles``, the share of every exit's condition (rules' are built with
        their role's rubric, ``scoring._planned``), so that processes forked afterwards share them."""
        for role in roles:
            found = self.role(role)
            for phase in self.case.phases.values():
                for taken in phase.exits:
                    found.exit_function(taken.when.expr)

    def role(self, role: str) -> RolePlan:
        """The plan of ``role``'s conditions."""
        found = self._roles.get(role)
        if found is None:
            with self._lock:
                found = self._roles.get(role)
                if found is None:
                    found = self._roles[role] = RolePlan(self.case, role, self.ref)
        return found


_PLANS: PerCase[Plan] = PerCase()


def plan_for(case: Case) -> Plan:
    """The plan of ``case`` (built on first use, kept as long as the case)."""
    return _PLANS.get(case, _build)


_fields = attrgetter(*(f.name for f in dataclass_fields(Board) if f.name != "self_role"))


def _build(case: Case) -> Plan:
    initial = Tracker(case, rules_for(case).new_board()).out.initial  # every session's first board
    # a Credit over it: the case's tables when they were worked out for it (as they always are), its
    # own readings otherwise; either way what it reads on the initial board is right for this one
    return Plan(case, initial, Credit(case, Attribution(case=case, initial=initial)))
