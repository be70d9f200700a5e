"""A state rule's share, for one role, as one Python function: ``Credit._share_of`` partially
evaluated for the case's initial board (see :mod:`game.debriefing.scoreplan`).

The function ``f(board, contrib, session) -> share`` is built as Python syntax nodes from the
condition's checked syntax tree and what the plan decided about each of its parts, and compiled:
no text an author wrote is compiled or evaluated (names and keys are constants, values read
through the rubric's getters or their inlined readings, :mod:`game.case.readings`).  It does what
``Credit`` does, part by part, with the same floating-point operations in the same order:

* ``not`` is pushed inward; an ``or`` is the best share among its parts that hold (the first
  greatest, as ``max`` keeps); an ``and`` the mean share of its changed parts (``sum`` of the
  shares, divided by their count) times the least share of its kept parts (1.0 when none);
* a part that held on the initial board is 1.0 if the role's decisions alone keep it, else 0.0;
* a comparison that became true is 1.0 if the role's decisions alone make it true, else the role's
  part of its helpful movement (slopes known ahead); ``==``/``!=`` the part of the absolute movement;
* a flag that became true, a phase reached or an ending: the plan's node (an exit's share is read
  on its snapshot and kept for the session); a history leaf, or a comparison without slopes: the
  reference, ``Credit``, for the session.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.case.conditions import Expr, Leaf, Unary, _divide
from game.debriefing.credit import FLIP, ORDER, _Shape, leaf_key
from game.debriefing.scorecode import _function, _load, _num, _store, _value, own, own_read, python, truth

if TYPE_CHECKING:
    from game.debriefing.scoreplan import RolePlan


class Emitter:
    """Writes the body of one share function; every part's share lands in a fresh local."""

    def __init__(self, plan: RolePlan) -> None:
        self.plan = plan
        self.ref = plan.ref
        self.role = plan.role
        self.scope: dict[str, Any] = {
            "__builtins__": {},
            "_bool": bool,
            "_divide": _divide,
            "_max": max,
            "_min": min,
            "_sum": sum,
            "_abs": abs,
            "_empty": {},
        }
        self.body: list[ast.stmt] = []
        self.count = 0
        self.known: dict[str, str] = {}  # contribution key -> the local holding it, where it is set
        self.reads_own = False  # whether a reading is the role's own counts, ``own`` (own_read)

    # ------------------------------------------------------------- helpers

    def fresh(self, prefix: str = "v") -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def glob(self, value: object, prefix: str) -> ast.Name:
        key = f"{prefix}{len(self.scope)}"
        self.scope[key] = value
        return _load(key)

    def assign(self, name: str, value: ast.expr) -> None:
        self.body.append(ast.Assign([_store(name)], value))

    def read(self, get: Callable[[Any], object]) -> ast.expr:
        """The node reading a value from ``board`` through ``get`` (inlined when it can be; the role's
        own counts from ``own``, which every function built here sets first)."""
        inline = getattr(get, "inline", None)
        if inline is not None:
            node = own_read(inline(_load("board")))
            self.reads_own = self.reads_own or _reads_own(node)
            return node
        return ast.Call(self.glob(get, "_g"), [_load("board")], [])

    def contribution(self, key: str) -> ast.expr:
        """``contrib.get(key, {}).get(role, 0)``, read once where it can be (a local of this body or
        an enclosing one)."""
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self.fresh("c")
            self.assign(
                found, _get(_get(_load("contrib"), _num(key), _load("_empty")), _num(self.role), _num(0))
            )
        return _load(found)

    def call(self, node: Callable[..., float]) -> ast.expr:
        """A call of a node the plan keeps as a function: ``node(board, contrib, session)``."""
        return ast.Call(self.glob(node, "_n"), [_load("board"), _load("contrib"), _load("session")], [])

    def nested(self, build: Callable[[], str]) -> tuple[list[ast.stmt], str]:
        """The statements ``build`` writes, apart (for the body of an ``if``), and its result."""
        outer, self.body = self.body, []
        known, self.known = self.known, dict(self.known)  # what is read inside is not known after
        try:
            result = build()
            return self.body, result
        finally:
            self.body, self.known = outer, known

    def exit_function(self, shape: _Shape) -> Callable[..., float]:
        """``f(record, session)``: the share of an exit's condition ``shape`` read on an exit
        record's snapshot, ``self`` being the role (0.0 where it does not hold)."""
        record = _load("record")
        self.assign("board", ast.Attribute(record, "board", ast.Load()))
        self.body.append(
            ast.Assign([ast.Attribute(_load("board"), "self_role", ast.Store())], _num(self.role))
        )
        self.body.append(
            own(self.role)
        )  # (an exit's condition cannot read ``mine.``: for any part that would)
        self.body.append(ast.If(ast.UnaryOp(ast.Not(), self.test(shape.expr)), [ast.Return(_num(0.0))], []))
        self.assign("contrib", ast.Attribute(record, "contrib", ast.Load()))
        result = self.share(shape, False)
        self.body.append(ast.Return(_load(result)))
        if not self.reads_own:
            del self.body[2]  # ``own``, read by no part
        return _function("exit_share", ("record", "session"), self.body, self.scope)

    # ------------------------------------------------------------- the tree

    def share(self, shape: _Shape, neg: bool) -> str:
        """``Credit._share_of`` (its truth known): the local that holds the share."""
        if shape.op == "" and isinstance(shape.expr, Unary) and shape.expr.op == "not":
            return self.share(self.ref._shape(shape.expr.operand), not neg)
        if shape.parts:
            op = FLIP[shape.op] if neg else shape.op
            return self.any(shape, neg) if op == "or" else self.all(shape, neg)
        return self.leaf(shape, neg)

    def test(self, expr: Expr, then: Callable[[ast.expr], ast.expr] | None = None) -> ast.expr:
        """The value of ``expr`` on ``board``, read through the rubric's getters (``compile_expr``);
        ``then`` rewrites each reading (the role's counts read once, ``scorecode._Counts``)."""
        if then is None:
            return python(expr, lambda leaf: self.read(self.ref._getter(leaf)))
        return python(expr, lambda leaf: then(self.read(self.ref._getter(leaf))))

    def truth(self, shape: _Shape, neg: bool) -> ast.expr:
        """Whether ``shape`` (``not shape`` when ``neg``) holds on ``board``."""
        return _truth(self.test(shape.expr), neg)

    def any(self, shape: _Shape, neg: bool) -> str:
        best = self.fresh("best")
        self.assign(best, _num(None))
        for part in self.ref._parts(shape):
            inner, share = self.nested(lambda part=part: self.share(part, neg))  # type: ignore[misc]
            better = ast.BoolOp(
                ast.Or(),
                [
                    ast.Compare(_load(best), [ast.Is()], [_num(None)]),
                    ast.Compare(_load(share), [ast.Gt()], [_load(best)]),
                ],
            )
            inner.append(ast.If(better, [ast.Assign([_store(best)], _load(share))], []))
            self.body.append(ast.If(self.truth(part, neg), inner, []))
        out = self.fresh()
        none = ast.Compare(_load(best), [ast.Is()], [_num(None)])
        self.assign(out, ast.IfExp(none, _num(0.0), _load(best)))
        return out

    def all(self, shape: _Shape, neg: bool) -> str:
        ref, role = self.ref, self.role
        every = ref._parts(shape)
        timed = tuple(p for p in every if p.clock)
        chosen = tuple(p for p in every if not p.clock) or timed
        kept = [self.share(p, neg) for p in chosen if ref._initially_s(p, neg, role)]
        least = self.fresh("least")
        if not kept:
            self.assign(least, _num(1.0))
        else:
            self.assign(least, _load(kept[0]))
            for share in kept[1:]:  # min keeps the first least
                lower = ast.Compare(_load(share), [ast.Lt()], [_load(least)])
                self.body.append(ast.If(lower, [ast.Assign([_store(least)], _load(share))], []))
        changed = [self.share(p, neg) for p in chosen if not ref._initially_s(p, neg, role)]
        if not changed:
            return least
        total = ast.Call(_load("_sum"), [ast.Tuple([_load(s) for s in changed], ast.Load())], [])
        out = self.fresh()
        mean = ast.BinOp(total, ast.Div(), _num(len(changed)))
        self.assign(out, ast.BinOp(mean, ast.Mult(), _load(least)))
        return out

    def leaf(self, shape: _Shape, neg: bool) -> str:
        """``Credit._leaf``."""
        ref, role, plan = self.ref, self.role, self.plan
        out = self.fresh()
        if ref._initially_s(shape, neg, role):
            kept = self.kept(shape, neg)
            self.assign(out, ast.IfExp(_load(kept), _num(1.0), _num(0.0)))
            return out
        if shape.leaf:
            text = shape.expr.text  # type: ignore[union-attr]
            head = text.partition(".")[0]
            if head in ("flags", "accepted", "pending", "expired"):
                per = ast.Call(
                    ast.Attribute(_load("contrib"), "get", ast.Load()), [_num(text), _load("_empty")], []
                )
                setter = ast.Compare(_num(role), [ast.In()], [per])
                self.assign(out, ast.IfExp(setter, _num(1.0), _num(0.0)))
            else:
                self.assign(out, self.call(plan.became_true(text)))
            return out
        if shape.history or (shape.op in ORDER and shape.slopes is None):
            self.assign(out, self.call(plan.reference(shape, neg)))
            return out
        kept = self.kept(shape, neg)
        moved, share = self.nested(
            lambda: self.moved(shape, neg) if shape.op in ORDER else self.absolute(shape)
        )
        moved.append(ast.Assign([_store(out)], _load(share)))
        self.body.append(ast.If(_load(kept), [ast.Assign([_store(out)], _num(1.0))], moved))
        return out

    def kept(self, shape: _Shape, neg: bool) -> str:
        """``Credit._kept_s``: a local, whether ``shape`` holds on the role's own decisions alone."""
        ref, role = self.ref, self.role
        plan = ref._plans.get((shape.key, role))
        if plan is None:
            plan = ref._plans[(shape.key, role)] = ref._kept_plan(shape, role)
        local: dict[str, str] = {}
        for name, flag, start, key, bounds in plan:
            var = local[name] = self.fresh("k")
            first = _value_of(self, start)
            if flag:
                per = ast.Call(
                    ast.Attribute(_load("contrib"), "get", ast.Load()), [_num(name), _load("_empty")], []
                )
                setter = ast.Compare(_num(role), [ast.In()], [per])
                now = ast.Subscript(
                    ast.Attribute(_load("board"), "flags", ast.Load()), _num(name[6:]), ast.Load()
                )
                self.assign(var, ast.IfExp(setter, now, first))
                continue
            self.assign(var, ast.BinOp(first, ast.Add(), self.contribution(key)))
            if bounds is not None:  # max(low, min(high, value)): the same objects those calls give
                low, high = bounds
                self.assign(
                    var, ast.IfExp(ast.Compare(_load(var), [ast.Lt()], [_num(high)]), _load(var), _num(high))
                )
                self.assign(
                    var, ast.IfExp(ast.Compare(_load(var), [ast.Gt()], [_num(low)]), _load(var), _num(low))
                )
        for key, get in shape.reads:
            if key not in local:
                var = local[key] = self.fresh("r")
                self.assign(var, self.read(get))

        def leaf(found: Leaf) -> ast.expr:
            return _load(local[leaf_key(found)])

        out = self.fresh("kept")
        self.assign(out, _truth(python(shape.expr, leaf), neg))
        return out

    def moved(self, shape: _Shape, neg: bool) -> str:
        """``Credit._moved`` with slopes: the role's part of the helpful movement."""
        ref, role = self.ref, self.role
        slopes = shape.slopes
        assert slopes is not None
        sign = ORDER[shape.op] * (-1 if neg else 1)
        getters = dict(shape.reads)
        helpful, mine = self.fresh("helpful"), self.fresh("mine")
        self.assign(helpful, _num(0.0))
        self.assign(mine, _num(0.0))
        for name in shape.unique:
            direction = float(sign * slopes.get(name, 0))
            if not direction:
                continue
            delta = self.fresh("d")
            start = _value_of(self, ref._initial_value(name, role))
            self.assign(delta, ast.BinOp(self.read(getters[name]), ast.Sub(), start))
            self.body.append(
                ast.AugAssign(
                    _store(helpful), ast.Add(), ast.BinOp(_num(direction), ast.Mult(), _load(delta))
                )
            )
            if name.startswith("mine."):
                part: ast.expr = ast.BinOp(_num(direction), ast.Mult(), _load(delta))
            else:
                key = ref._key(name, role)
                part = ast.BinOp(_num(direction), ast.Mult(), self.contribution(key)) if key else _num(0)
            self.body.append(ast.AugAssign(_store(mine), ast.Add(), part))
        out = self.fresh()
        # max(0.0, min(1.0, mine / helpful)), a float: min keeps 1.0 unless the ratio is less, max
        # keeps 0.0 unless the value is greater (the same objects, NaN included)
        ratio = [
            ast.Assign([_store(out)], ast.BinOp(_load(mine), ast.Div(), _load(helpful))),
            ast.Assign([_store(out)], _keep_if(out, ast.Lt(), 1.0)),
            ast.Assign([_store(out)], _keep_if(out, ast.Gt(), 0.0)),
        ]
        none = ast.Compare(_load(helpful), [ast.LtE()], [_num(0)])
        self.body.append(ast.If(none, [ast.Assign([_store(out)], _num(0.0))], ratio))
        return out

    def absolute(self, shape: _Shape) -> str:
        """``Credit._leaf``'s rule for ``==``, ``!=`` and other leaves: the part of the absolute movement."""
        ref, role = self.ref, self.role
        out = self.fresh()
        total, mine = self.fresh("total"), self.fresh("mine")
        self.assign(total, _num(0))
        self.assign(mine, _num(0))
        getters = dict(shape.reads)
        for name in shape.names:
            key = ref._key(name, role)
            if key:
                start = _value_of(self, ref._initial_value(name, role))
                moved = ast.Call(_load("_abs"), [ast.BinOp(self.read(getters[name]), ast.Sub(), start)], [])
                self.body.append(ast.AugAssign(_store(total), ast.Add(), moved))
                own = ast.Call(_load("_abs"), [self.contribution(key)], [])
                self.body.append(ast.AugAssign(_store(mine), ast.Add(), own))
            elif name.startswith("mine."):
                self.assign(out, _num(1.0))
                return out
        ratio = [  # min(1.0, mine / total): 1.0 unless the ratio is less
            ast.Assign([_store(out)], ast.BinOp(_load(mine), ast.Div(), _load(total))),
            ast.Assign([_store(out)], _keep_if(out, ast.Lt(), 1.0)),
        ]
        self.body.append(ast.If(_load(total), ratio, [ast.Assign([_store(out)], _num(0.0))]))
        return out


def _reads_own(node: ast.expr) -> bool:
    """Whether a reading (:func:`~game.debriefing.scorecode.own_read`) is ``own.…``."""
    func = node.func if isinstance(node, ast.Call) else None
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "own"


def _truth(test: ast.expr, neg: bool) -> ast.expr:
    """``bool(test) != neg``: ``not test``, or ``bool(test)`` (:func:`~game.debriefing.scorecode.truth`)."""
    return ast.UnaryOp(ast.Not(), test) if neg else truth(test)


def _get(mapping: ast.expr, key: ast.expr, default: ast.expr) -> ast.expr:
    """``mapping.get(key, default)``."""
    return ast.Call(ast.Attribute(mapping, "get", ast.Load()), [key, default], [])


def _keep_if(var: str, op: ast.cmpop, bound: object) -> ast.expr:
    """``var if var <op> bound else bound`` (``min(bound, var)`` for ``<``, ``max`` for ``>``)."""
    return ast.IfExp(ast.Compare(_load(var), [op], [_num(bound)]), _load(var), _num(bound))


def _value_of(emitter: Emitter, value: object) -> ast.expr:
    return _value(_Globals(emitter), value)


class _Globals:
    """:func:`game.debriefing.scorecode._value`'s view of an emitter's globals."""

    def __init__(self, emitter: Emitter) -> None:
        self.emitter = emitter

    def name(self, value: object, prefix: str) -> ast.Name:
        return self.emitter.glob(value, prefix)
