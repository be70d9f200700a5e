"""One role's rubric as one Python function, for :func:`game.debriefing.scoring.totals_for`.

The function is built as Python syntax nodes from the case's checked structures (the rubric's
numbers and ids as constants, each ``if`` rule's condition from its validated syntax tree, as
:func:`game.case.conditions.compile_expr` builds a condition) and compiled: no text an author wrote
is compiled or evaluated.  It does, with the same operations and with the same operations, what the loop of
:func:`game.debriefing.scoring._totals_reference` does per role:

* per dimension: its start, plus its red lines' cost (``charged``), plus each counted rule's points
  times the role's count (at most ``max_times``), plus each act rule's points when its condition
  holds, plus ``round(points × share)`` for each state rule that holds (the share from the case's
  scoring plan, :mod:`game.debriefing.scoreplan`), clamped to 0–100;
* the overall score: the weighted mean of the dimensions, summed in the rubric's order, rounded;
* the result (``Totals``, immutable) made once per distinct scores and kept (at most :data:`MEMO`).

The state rules' shares are written in place by :class:`game.debriefing.scoretree.Emitter`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any

from game.case.conditions import Expr, Leaf, _python, locate

if TYPE_CHECKING:
    from game.debriefing.scoretree import Emitter


def _load(name: str) -> ast.Name:
    return ast.Name(name, ast.Load())


def _store(name: str) -> ast.Name:
    return ast.Name(name, ast.Store())


def _num(value: object) -> ast.Constant:
    return ast.Constant(value)


def _add(target: str, value: ast.expr) -> ast.stmt:
    return ast.AugAssign(_store(target), ast.Add(), value)


Dimension = tuple[str, int, float, Sequence[Any], Sequence[Any], Sequence[Any]]
"""(id, start, weight, counted rules (target, max_times, points), act rules (expr, points), state
rules (expr, points, share node))."""


def role_function(role: str, dims: Sequence[Dimension], emitter: Emitter, result: type) -> Callable[..., Any]:
    """``f(board, contrib, session, charged) -> result(role, overall, dimension scores)``: ``board``
    the board at the end, ``contrib`` its attribution's contributions, ``session`` the plan's
    per-session reading, ``charged`` the role's red-line costs per dimension id.  ``emitter`` writes
    the state rules' shares in place (:mod:`game.debriefing.scoretree`)."""
    body = emitter.body
    body.append(ast.Assign([ast.Attribute(_load("board"), "self_role", ast.Store())], _num(role)))
    body.append(own(role))
    # a role without counts: None, scored by the reference (as totals_for does for a role not compiled)
    body.append(ast.If(ast.Compare(_load("own"), [ast.Is()], [_num(None)]), [ast.Return(_num(None))], []))
    reads = _Counts(body)  # each of the role's counts read once, ``own.get(key, 0)``
    scores: list[str] = []
    for index, (dim_id, start, _weight, counted, acts, states) in enumerate(dims):
        charged = ast.Call(ast.Attribute(_load("charged"), "get", ast.Load()), [_num(dim_id), _num(0)], [])
        body.append(ast.Assign([_store("p")], _num(start)))
        body.append(ast.If(_load("charged"), [_add("p", charged)], []))  # p = start + charged.get(…)
        for target, most, worth in counted:
            times = reads.name(target)
            if most is None:
                body.append(_add("p", ast.BinOp(_num(worth), ast.Mult(), times)))
                continue
            capped = ast.IfExp(ast.Compare(times, [ast.Gt()], [_num(most)]), _num(most), _load(times.id))
            body.append(_add("p", ast.BinOp(_num(worth), ast.Mult(), capped)))
        for expr, worth in acts:
            body.append(ast.If(emitter.test(expr, reads.reading), [_add("p", _num(worth))], []))
        for expr, worth, shape in states:
            inner, share = emitter.nested(lambda shape=shape: emitter.share(shape, False))  # type: ignore[misc]
            credit = ast.Call(
                emitter.glob(round, "_round"), [ast.BinOp(_num(worth), ast.Mult(), _load(share))], []
            )
            inner.append(_add("p", credit))
            body.append(ast.If(emitter.test(expr), inner, []))
        score = f"s{index}"
        scores.append(score)
        clamp = ast.IfExp(
            ast.Compare(_load("p"), [ast.Lt()], [_num(0)]),
            _num(0),
            ast.IfExp(ast.Compare(_load("p"), [ast.Gt()], [_num(100)]), _num(100), _load("p")),
        )
        body.append(ast.Assign([_store(score)], clamp))
    # weighted += score * weight, dimension by dimension from 0.0; total likewise (a constant)
    weighted: ast.expr = _num(0.0)
    total = 0.0
    for score, (_id, _start, weight, *_rules) in zip(scores, dims, strict=True):
        weighted = ast.BinOp(weighted, ast.Add(), ast.BinOp(_load(score), ast.Mult(), _num(weight)))
        total += weight
    overall = (
        ast.Call(emitter.glob(round, "_round"), [ast.BinOp(weighted, ast.Div(), _num(total))], [])
        if total
        else _num(0)
    )
    # the result, one object per scores (it is immutable): found = memo.get((overall, s0, …))
    memo: dict[tuple[int, ...], Any] = {}
    memo_name = emitter.glob(memo, "_memo")
    body.append(ast.Assign([_store("o")], overall))
    key = ast.Tuple([_load("o"), *(_load(s) for s in scores)], ast.Load())
    body.append(ast.Assign([_store("key")], key))
    found = ast.Call(ast.Attribute(memo_name, "get", ast.Load()), [_load("key")], [])
    body.append(ast.Assign([_store("found")], found))
    row = ast.Tuple([_load(s) for s in scores], ast.Load())
    made = ast.Call(emitter.glob(result, "_result"), [_num(role), _load("o"), row], [])
    keep = ast.Compare(ast.Call(emitter.glob(len, "_len"), [memo_name], []), [ast.Lt()], [_num(MEMO)])
    body.append(
        ast.If(
            ast.Compare(_load("found"), [ast.Is()], [_num(None)]),
            [
                ast.Assign([_store("found")], made),
                ast.If(
                    keep,
                    [ast.Assign([ast.Subscript(memo_name, _load("key"), ast.Store())], _load("found"))],
                    [],
                ),
            ],
            [],
        )
    )
    body.append(ast.Return(_load("found")))
    return _function("role_totals", ("board", "contrib", "session", "charged"), body, emitter.scope)


class _Counts:
    """The role's own counts (``own``, a dict here), each read once into a local where first needed
    (``own.get(key, 0)``, no side effect): the counted rules read them, and the act rules' tests
    (their readings ``own.get(key, 0)``, :func:`own_read`, replaced by the local)."""

    def __init__(self, body: list[ast.stmt]) -> None:
        self.body = body
        self.names: dict[str, str] = {}

    def name(self, key: str) -> ast.Name:
        found = self.names.get(key)
        if found is None:
            found = self.names[key] = f"n{len(self.names)}"
            read = ast.Call(ast.Attribute(_load("own"), "get", ast.Load()), [_num(key), _num(0)], [])
            self.body.append(ast.Assign([_store(found)], read))
        return _load(found)

    def reading(self, node: ast.expr) -> ast.expr:
        """A reading of the board: the local for ``own.get(key, 0)``, any other as it is."""
        if not isinstance(node, ast.Call):
            return node
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and isinstance(func.value, ast.Name)
            and func.value.id == "own"
            and len(node.args) == 2
            and not node.keywords
            and isinstance(node.args[0], ast.Constant)
            and type(node.args[0].value) is str
            and isinstance(node.args[1], ast.Constant)
            and type(node.args[1].value) is int
            and node.args[1].value == 0
        ):
            return self.name(node.args[0].value)
        return node


MEMO = 1 << 16
"""At most this many results kept per role (scores repeat: a few thousand differ in 10,000 runs)."""


def _value(build: Any, value: object) -> ast.expr:
    """A constant (a number, a truth value or a string), or a global holding any other value."""
    if type(value) in (int, float, bool, str):
        return _num(value)
    return build.name(value, "_k")


def own(role: str) -> ast.stmt:
    """``own = board.mine.get(role)``: the role's own counts, which :func:`_function` reads in place
    of ``board.mine[board.self_role]`` (``self_role`` being ``role`` throughout).  A role without
    counts raises where the condition reads them, as the condition would (an AttributeError there,
    not a KeyError)."""
    mine = ast.Attribute(ast.Attribute(_load("board"), "mine", ast.Load()), "get", ast.Load())
    return ast.Assign([_store("own")], ast.Call(mine, [_num(role)], []))


def python(expr: Expr, leaf: Callable[[Leaf], ast.expr]) -> ast.expr:
    """``conditions._python`` (the syntax of :func:`game.case.conditions.compile_expr`), calling
    ``bool`` on a side of ``and``/``or`` only when it is not a truth value already (a comparison of
    numbers, truth values or strings, a ``not``, an ``and``/``or`` of truth values): the same values."""
    return _python(expr, leaf, truth)


def truth(node: ast.expr) -> ast.expr:
    """``bool(node)``, or ``node`` itself when it is a truth value already (see :func:`python`)."""
    if isinstance(node, ast.Compare | ast.BoolOp) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    ):
        return node
    return ast.Call(_load("_bool"), [node], [])


def own_read(node: ast.expr) -> ast.expr:
    """The reading of a role's own count (``board.mine[board.self_role].get(key, 0)``,
    ``game.case.readings.own_count``) as ``own.get(key, 0)`` (see :func:`own`); any other as it is."""
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Subscript):
        table, key = func.value.value, func.value.slice
        if (
            isinstance(table, ast.Attribute)
            and table.attr == "mine"
            and isinstance(key, ast.Attribute)
            and key.attr == "self_role"
        ):
            func.value = _load("own")
    return node


def _function(
    name: str, args: Sequence[str], body: list[ast.stmt], scope: dict[str, Any]
) -> Callable[..., Any]:
    """The function ``name(*args)`` of ``body`` (its globals ``scope``), compiled."""
    params = ast.arguments(
        posonlyargs=[], args=[ast.arg(a) for a in args], kwonlyargs=[], kw_defaults=[], defaults=[]
    )
    function = ast.FunctionDef(name=name, args=params, body=body, decorator_list=[], returns=None)
    module = ast.Module([function], [])
    locate(module)
    code = compile(module, f"<{name}>", "exec")
    found = next(c for c in code.co_consts if isinstance(c, CodeType))
    return FunctionType(found, scope)
