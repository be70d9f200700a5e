"""How much of a state of the table one role's decisions caused: a share from 0 to 1.

A state rule (an ``if`` rule reading the board) scores the table's end state.
A role is credited with ``points × share``, where the share is read from the
condition's syntax tree, for any condition an author writes:

* a comparison that was false before the first round and holds at the end
  (``escalation <= 3``, from 4 to 1) is the role's in full if its own
  decisions alone would have made it true (4 − 2 = 2 ≤ 3); otherwise it is
  shared in proportion to how far each cause moved the values it reads in the
  helpful direction: your −1 of a net −3 is a share of 1/3 (a cause that
  pushed the wrong way gets 0; no share is above 1);
* a comparison that held from the start is *kept*: a role whose own decisions
  alone would still satisfy it gets 1, one whose decisions broke it gets 0;
* a flag that became true is the share of whoever set it; a phase reached
  (``visited.x``) and an ending (``ending.x``, ``outcome.x``) are the share of
  the exit condition that led there, read at the moment it was taken; a
  timeout or the round limit is the table's (0 for every role);
* ``a and b``: the mean share of the parts that changed, times whether the
  unchanged parts were kept; ``a or b``: the best share among the parts that
  hold; ``not`` is pushed inward (``not (a and b)`` is ``not a or not b``);
* a condition that does not hold at the end gives no one anything.

``round``, ``phase_round`` and ``rounds_left`` are the clock, moved by no one:
a part of an ``and`` that reads only the clock must hold but counts for no
share; ``mine.x`` counts only the scored role's own moves, so it is all theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from game.case.conditions import (
    Before,
    Binary,
    Bool,
    Call,
    Expr,
    Leaf,
    Name,
    Num,
    Unary,
    compile_env,
    compile_expr,
    leaves,
    mentions_self,
    names,
    read_names,
    render,
)
from game.case.model import Case
from game.case.names import Context
from game.debriefing.credittables import Plan, prepared, slopes
from game.play.attribution import Attribution, ExitRecord, value_key
from game.play.board import Board
from game.play.rules import rules_for

_MISSING = object()
ORDER = {"<": -1, "<=": -1, ">": 1, ">=": 1}
FLIP = {"and": "or", "or": "and"}


class _Shape:
    """What scoring reads of one expression of a case, worked out once for every session."""

    __slots__ = (
        "chosen",
        "clock",
        "env",
        "expr",
        "history",
        "key",
        "leaf",
        "left",
        "names",
        "negated",
        "op",
        "part_shapes",
        "parts",
        "personal",
        "read",
        "reads",
        "right",
        "slopes",
        "test",
        "unique",
    )

    def __init__(self, expr: Expr, getter: Callable[[Leaf], Callable[[Board], object]]) -> None:
        self.expr = expr  # kept, so that its id is not reused while the shape is cached
        self.key = id(expr)
        self.personal = mentions_self(expr)
        found = list(leaves(expr))
        self.history = any(isinstance(leaf, Call | Before) for leaf in found)
        self.clock = bool(found) and all(isinstance(leaf, Name) and leaf.text in CLOCK for leaf in found)
        self.reads = tuple((leaf_key(leaf), getter(leaf)) for leaf in found)
        self.names = tuple(n.text for n in names(expr))  # as written, repeats included
        self.unique = tuple(dict.fromkeys(self.names))
        self.read = tuple(read_names(expr))
        self.parts = tuple(_flatten(expr, expr.op)) if isinstance(expr, Binary) and expr.op in FLIP else ()
        self.chosen: tuple[_Shape, ...] | None = None  # of an ``and``: the parts that count (see _share_of)
        self.op = expr.op if isinstance(expr, Binary) else ""
        self.leaf = isinstance(expr, Name)
        # the shapes of the parts of an ``and``/``or``, and of the operand of a ``not`` (see Credit._part)
        self.negated: _Shape | None = None
        self.part_shapes: tuple[_Shape, ...] | None = None
        self.env = compile_env(expr, leaf_key)  # evaluate(expr, env), compiled
        ordered = isinstance(expr, Binary) and expr.op in ORDER
        self.left = compile_env(expr.left, leaf_key) if ordered else None  # type: ignore[union-attr]
        self.right = compile_env(expr.right, leaf_key) if ordered else None  # type: ignore[union-attr]
        # of a comparison whose sides are integer-linear in the names it reads: how much one more of
        # each name moves left − right (what _moved otherwise measures by bumping each name)
        self.slopes = slopes(expr) if ordered else None  # type: ignore[arg-type]
        self.test = compile_expr(expr, getter)  # its value on a board, read through the rubric's getters


class Credit:
    """Shares of the conditions of one session, for one scored role at a time."""

    def __init__(self, case: Case, attribution: Attribution) -> None:
        self.case = case
        self.at = attribution
        self.rules = rules_for(case)
        self._truths: dict[tuple[int, str, int], bool] = {}  # (expr, role, board) -> its value
        self._shares: dict[tuple[int, bool, str, int], float] = {}  # (expr, neg, role, board) -> share
        self._prepared = tables = prepared(case)
        self._shapes = tables.shapes
        # every session of a case starts from the same board: what holds on it is worked out once
        # per case (kept apart, and not shared, if this attribution's initial board differs)
        start = tables.start_for(attribution.initial)
        self._initial_truths = start.truths
        self._initial_values = start.values
        self._plans = start.plans

    # ------------------------------------------------------------------ public

    def share(self, expr: Expr, role: str) -> float:
        """``role``'s share of ``expr`` holding at the end (0 when it does not hold)."""
        assert self.at.final is not None
        return self._share(expr, False, role, self.at.final, self.at.contrib)

    def holds(self, expr: Expr, role: str, board: Board | None = None) -> bool:
        """Whether ``expr`` holds on ``board`` (the end by default), ``self`` being ``role``."""
        return bool(self._eval(expr, self._env(expr, role, board or self.at.final)))  # type: ignore[arg-type]

    def holds_at_end(self, test: Callable[[Board], object], role: str) -> bool:
        """A compiled condition (``Condition.test``) at the end, ``self`` being ``role``: the fast path."""
        board = self.at.final
        assert board is not None
        board.self_role = role
        return bool(test(board))

    def contribution(
        self, key: str, role: str, contrib: Mapping[str, Mapping[str, int]] | None = None
    ) -> int:
        """How much ``role``'s decisions moved the value ``key`` (a slot, ``played.x`` …)."""
        return (contrib if contrib is not None else self.at.contrib).get(key, {}).get(role, 0)

    # ------------------------------------------------------------- the tree

    def _shape(self, expr: Expr) -> _Shape:
        # a shape keeps its expression alive, so the id of a cached shape's expression is not reused
        found = self._shapes.get(id(expr))
        if found is None:
            found = self._shapes[id(expr)] = _Shape(expr, self._getter)
        return found

    def _parts(self, shape: _Shape) -> tuple[_Shape, ...]:
        """The shapes of the parts of an ``and``/``or`` (kept on its shape)."""
        found = shape.part_shapes
        if found is None:
            found = shape.part_shapes = tuple(self._shape(p) for p in shape.parts)
        return found

    # The scoring works on shapes (each carrying its expression): these take an expression, for
    # callers outside (game.debriefing.gates), and hand over to the shape-based methods below.

    def _share(
        self, expr: Expr, neg: bool, role: str, board: Board, contrib: Mapping[str, Mapping[str, int]]
    ) -> float:
        return self._share_s(self._shape(expr), neg, role, board, contrib)

    def _truth(self, expr: Expr, neg: bool, role: str, board: Board) -> bool:
        return self._truth_s(self._shape(expr), neg, role, board)

    def _share_s(
        self, shape: _Shape, neg: bool, role: str, board: Board, contrib: Mapping[str, Mapping[str, int]]
    ) -> float:
        # a share is a pure function of these (``contrib`` goes with ``board``: the end, or an exit's
        # snapshot), and the same parts recur across rules, dimensions and exits: each is worked out once
        key = (shape.key, neg, role, id(board))
        found = self._shares.get(key)
        if found is None:
            found = self._shares[key] = self._share_of(shape, neg, role, board, contrib)
        return found

    def _share_of(
        self, shape: _Shape, neg: bool, role: str, board: Board, contrib: Mapping[str, Mapping[str, int]]
    ) -> float:
        if shape.op == "" and isinstance(shape.expr, Unary) and shape.expr.op == "not":
            operand = shape.negated
            if operand is None:
                operand = shape.negated = self._shape(shape.expr.operand)
            return self._share_s(operand, not neg, role, board, contrib)
        if not self._truth_s(shape, neg, role, board):
            return 0.0
        if shape.parts:
            op = FLIP[shape.op] if neg else shape.op
            if op == "or":
                return max(
                    (
                        self._share_s(p, neg, role, board, contrib)
                        for p in self._parts(shape)
                        if self._truth_s(p, neg, role, board)
                    ),
                    default=0.0,
                )
            assert self.at.initial is not None
            parts = shape.chosen
            if parts is None:
                # a part that reads only the clock (round, phase_round, rounds_left) is nobody's doing:
                # it must hold, but it neither earns nor dilutes a share
                every = self._parts(shape)
                timed = tuple(p for p in every if p.clock)
                parts = shape.chosen = tuple(p for p in every if not p.clock) or timed
            changed: list[_Shape] = []
            kept: list[_Shape] = []
            for p in parts:
                (kept if self._initially_s(p, neg, role) else changed).append(p)
            kept_share = min((self._share_s(p, neg, role, board, contrib) for p in kept), default=1.0)
            if not changed:
                return kept_share
            changed_share = sum(self._share_s(p, neg, role, board, contrib) for p in changed) / len(changed)
            return changed_share * kept_share
        return self._leaf(shape, neg, role, board, contrib)

    def _leaf(
        self, shape: _Shape, neg: bool, role: str, board: Board, contrib: Mapping[str, Mapping[str, int]]
    ) -> float:
        initial = self.at.initial
        assert initial is not None
        if self._initially_s(shape, neg, role):
            return 1.0 if self._kept_s(shape, neg, role, board, contrib) else 0.0
        if shape.leaf:
            return self._became_true(shape.expr.text, role, contrib)  # type: ignore[union-attr]
        if shape.history:
            return self._history_share(shape, role, contrib)
        if self._kept_s(shape, neg, role, board, contrib):
            return 1.0  # the role's own decisions alone would have made it true
        if shape.op in ORDER:
            return self._moved(shape, neg, role, board, contrib)
        # ==, != and other leaves: the share of the absolute movement of what it reads
        total = mine = 0
        for name in shape.names:
            key = self._key(name, role)
            if key:
                total += abs(self._value(name, role, board) - self._value(name, role, initial))
                mine += abs(self.contribution(key, role, contrib))
            elif name.startswith("mine."):
                return 1.0
        return min(1.0, mine / total) if total else 0.0

    def _history(self, expr: Expr) -> bool:
        return self._shape(expr).history

    def _history_share(self, shape: _Shape, role: str, contrib: Mapping[str, Mapping[str, int]]) -> float:
        """A clause asking about the history of play (format 2): the role's part of the plays it counts."""
        total = mine = 0
        for text in shape.read:
            if text.startswith("mine."):
                return 1.0
            per = contrib.get(self._key(text, role), {})
            total += sum(abs(v) for v in per.values())
            mine += abs(per.get(role, 0))
        return min(1.0, mine / total) if total else 0.0

    def _moved(
        self, shape: _Shape, neg: bool, role: str, board: Board, contrib: Mapping[str, Mapping[str, int]]
    ) -> float:
        """A comparison that became true: the role's part of the helpful movement of what it reads."""
        sign = ORDER[shape.op] * (-1 if neg else 1)
        env = self._env_s(shape, role, board)
        left, right = shape.left, shape.right
        assert left is not None and right is not None
        slopes = shape.slopes
        base = 0.0 if slopes is not None else float(left(env)) - float(right(env))  # type: ignore[arg-type]
        helpful = mine = 0.0
        for name in shape.unique:
            if slopes is not None:  # the same number as bumping the name, without evaluating anything
                direction = float(sign * slopes.get(name, 0))
            else:
                bumped = dict(env)
                bumped[name] = env[name] + 1  # type: ignore[operator]
                direction = sign * ((float(left(bumped)) - float(right(bumped))) - base)  # type: ignore[arg-type]
            if not direction:
                continue
            delta = env[name] - self._initial_value(name, role)  # type: ignore[operator]
            helpful += direction * delta
            if name.startswith("mine."):
                mine += direction * delta
            else:
                key = self._key(name, role)
                mine += direction * self.contribution(key, role, contrib) if key else 0
        if helpful <= 0:
            return 0.0
        return max(0.0, min(1.0, mine / helpful))

    def _became_true(self, text: str, role: str, contrib: Mapping[str, Mapping[str, int]]) -> float:
        head, _, key = text.partition(".")
        if head in ("flags", "accepted", "pending", "expired"):
            return 1.0 if role in contrib.get(text, {}) else 0.0
        if head in ("visited", "ending", "outcome"):
            record = self._entered(head, key)
            if record is None or record.exit is None:
                return 0.0
            return self._share(record.exit.when.expr, False, role, record.board, record.contrib)
        return 0.0

    def _entered(self, head: str, key: str) -> ExitRecord | None:
        for record in self.at.exits:
            if head == "visited" and record.state == key:
                return record
            if head == "ending" and record.state == key:
                return record
            if head == "outcome" and record.state in self.case.endings:
                return record if self.case.endings[record.state].outcome.value == key else None
        return None

    def _kept(
        self, expr: Expr, neg: bool, role: str, board: Board, contrib: Mapping[str, Mapping[str, int]]
    ) -> bool:
        """Whether ``expr`` (true from the start) would still hold on the role's own decisions alone."""
        return self._kept_s(self._shape(expr), neg, role, board, contrib)

    def _kept_s(
        self, shape: _Shape, neg: bool, role: str, board: Board, contrib: Mapping[str, Mapping[str, int]]
    ) -> bool:
        plan = self._plans.get((shape.key, role))
        if plan is None:
            plan = self._plans[(shape.key, role)] = self._kept_plan(shape, role)
        env = self._env_s(shape, role, board)
        for name, flag, start, key, bounds in plan:
            if flag:
                env[name] = board.flags[name[6:]] if role in contrib.get(name, {}) else start
            else:
                value = start + contrib.get(key, {}).get(role, 0)  # type: ignore[operator]
                if bounds is not None:
                    value = max(bounds[0], min(bounds[1], value))
                env[name] = value
        return bool(shape.env(env)) != neg

    def _kept_plan(self, shape: _Shape, role: str) -> Plan:
        """The values :meth:`_kept` replaces: a flag by its initial value unless the role set it, a
        counted value (a meter, ``played.x`` …) by its initial value plus the role's contribution."""
        initial = self.at.initial
        assert initial is not None
        bounds_of = self.rules.bounds
        plan = []
        for name in dict.fromkeys(k for k, _get in shape.reads):
            head = name.partition(".")[0]
            key = self._key(name, role)
            if head == "flags":
                plan.append((name, True, initial.flags[name[6:]], key, None))
            elif key and head not in ("visited",):
                plan.append((name, False, self._initial_value(name, role), key, bounds_of.get(key)))
        return tuple(plan)

    # ------------------------------------------------------------- reading

    def _truth_s(self, shape: _Shape, neg: bool, role: str, board: Board) -> bool:
        key = (shape.key, role if shape.personal else "", id(board))
        found = self._truths.get(key)
        if found is None:
            board.self_role = role
            found = bool(shape.test(board))
            self._truths[key] = found
        return found != neg

    def _initially(self, expr: Expr, neg: bool, role: str) -> bool:
        """:meth:`_truth` on the initial board."""
        return self._initially_s(self._shape(expr), neg, role)

    def _initially_s(self, shape: _Shape, neg: bool, role: str) -> bool:
        key = (shape.key, role if shape.personal else "")
        found = self._initial_truths.get(key)
        if found is None:
            board = self.at.initial
            assert board is not None
            board.self_role = role
            found = bool(shape.test(board))
            self._initial_truths[key] = found
        return found != neg

    def _env_s(self, shape: _Shape, role: str, board: Board) -> dict[str, object]:
        board.self_role = role
        return {key: get(board) for key, get in shape.reads}

    def _env(self, expr: Expr, role: str, board: Board) -> dict[str, object]:
        board.self_role = role
        return {key: get(board) for key, get in self._shape(expr).reads}

    def _value(self, text: str, role: str, board: Board) -> int | float | bool:
        board.self_role = role
        get = self._prepared.values.get(text)
        if get is None:
            get = self._prepared.values[text] = self._getter(Name(text, 1))
        return get(board)  # type: ignore[return-value]

    def _initial_value(self, name: str, role: str) -> object:
        """:meth:`_value` on the initial board."""
        found = self._initial_values.get((name, role), _MISSING)
        if found is _MISSING:
            assert self.at.initial is not None
            found = self._initial_values[(name, role)] = self._value(name, role, self.at.initial)
        return found

    def _getter(self, leaf: Leaf) -> Callable[[Board], object]:
        getters = self._prepared.getters
        key = leaf_key(leaf)
        found = getters.get(key)
        if found is None:
            found = getters[key] = self.rules.names.resolve(leaf, Context.RUBRIC).getter
        return found

    def _key(self, text: str, role: str) -> str:
        keys = self._prepared.keys
        found = keys.get((text, role))
        if found is None:
            table = self.rules.names
            head = text.partition(".")[0]
            found = value_key(self.case, text, table.meter_slot if head in table.meters else None, role)
            keys[(text, role)] = found
        return found

    def _eval(self, expr: Expr, env: Mapping[str, object]) -> object:
        return self._shape(expr).env(env)


def prepare(case: Case, exprs: Iterable[Expr]) -> None:
    """Work out, ahead of any session, the shapes scoring reads of ``exprs`` (state rules' conditions)
    and of every exit's condition (a phase reached or an ending is shared by the exit taken), so that
    processes forked afterwards share them."""
    credit = Credit(case, Attribution(case=case))

    def walk(expr: Expr) -> None:
        credit._shape(expr)
        if isinstance(expr, Unary) and expr.op == "not":
            walk(expr.operand)
        for part in credit._shape(expr).parts:
            walk(part)

    for expr in exprs:
        walk(expr)
    for phase in case.phases.values():
        for taken in phase.exits:
            walk(taken.when.expr)


def leaf_key(leaf: Leaf) -> str:
    """How :func:`evaluate` finds a leaf's value: a name as written, a history question as rendered."""
    if isinstance(leaf, Name):
        return leaf.text
    found = _RENDERED.get(leaf)
    if found is None:
        found = _RENDERED[leaf] = render(leaf)
    return found


_RENDERED: dict[Leaf, str] = {}


def evaluate(expr: Expr, env: Mapping[str, object]) -> object:
    """The value of ``expr``, each leaf read from ``env`` by :func:`leaf_key` (the language's semantics)."""
    if isinstance(expr, Num | Bool):
        return expr.value
    if isinstance(expr, Name | Call | Before):
        return env[leaf_key(expr)]
    if isinstance(expr, Unary):
        inner = evaluate(expr.operand, env)
        return (not inner) if expr.op == "not" else -inner  # type: ignore[operator]
    left = evaluate(expr.left, env)
    if expr.op == "and":
        return bool(left) and bool(evaluate(expr.right, env))
    if expr.op == "or":
        return bool(left) or bool(evaluate(expr.right, env))
    right = evaluate(expr.right, env)
    op = expr.op
    if op == "/":
        return left / right if right else 0.0  # type: ignore[operator]
    return {
        "+": lambda: left + right,  # type: ignore[operator]
        "-": lambda: left - right,  # type: ignore[operator]
        "*": lambda: left * right,  # type: ignore[operator]
        "<": lambda: left < right,  # type: ignore[operator]
        "<=": lambda: left <= right,  # type: ignore[operator]
        ">": lambda: left > right,  # type: ignore[operator]
        ">=": lambda: left >= right,  # type: ignore[operator]
        "==": lambda: left == right,
        "!=": lambda: left != right,
    }[op]()


def _margin(expr: Binary, env: Mapping[str, object]) -> float:
    return float(evaluate(expr.left, env)) - float(evaluate(expr.right, env))  # type: ignore[arg-type]


CLOCK = frozenset({"round", "phase_round", "rounds_left"})


def _clock_only(expr: Expr) -> bool:
    found = list(leaves(expr))
    return bool(found) and all(isinstance(leaf, Name) and leaf.text in CLOCK for leaf in found)


def _flatten(expr: Expr, op: str) -> list[Expr]:
    if isinstance(expr, Binary) and expr.op == op:
        return [*_flatten(expr.left, op), *_flatten(expr.right, op)]
    return [expr]
