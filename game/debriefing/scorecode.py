"""One role's rubric as one Python function, for :func:`game.debriefing.scoring.totals_for`.

The function is built as Python syntax nodes from the case's checked structures (the rubric's
numbers and ids as constants, each ``if`` rule's condition from its validated syntax tree, as
:func:`game.case.conditions.compile_expr` builds a condition) and compiled: no text an author wrote
is compiled or evaluated.  It does, in the same order and with the same operations, what the loop of
:func:`game.debriefing.scoring._totals_reference` does per role:

* per dimension: its start, plus its red lines' cost (``charged``), plus each counted rule's points
  times the role's count (at most ``max_times``), plus each act rule's points when its condition
  holds, plus ``round(points × share)`` for each state rule that holds (the share from the case's
  scoring plan, :mod:`game.debriefing.scoreplan`), clamped to 0–100;
* the overall score: the weighted mean of the dimensions, summed in the rubric's order, rounded.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from types import CodeType, FunctionType
from typing import Any

from game.case.conditions import Expr, Leaf, _divide, _python

Getter = Callable[[Any], object]


class _Builder:
    """Names the function's globals (getters, shares, the result's class) and builds its nodes."""

    def __init__(self, getter: Callable[[Leaf], Getter]) -> None:
        self.getter = getter
        self.scope: dict[str, Any] = {"__builtins__": {}, "_bool": bool, "_divide": _divide, "_round": round}

    def name(self, value: object, prefix: str) -> ast.Name:
        key = f"{prefix}{len(self.scope)}"
        self.scope[key] = value
        return ast.Name(key, ast.Load())

    def read(self, leaf: Leaf) -> ast.expr:
        found = self.getter(leaf)
        inline = getattr(found, "inline", None)
        if inline is not None:  # the read itself (game.case.readings), as compile_expr does
            node: ast.expr = inline(_load("final"))
            return node
        return ast.Call(self.name(found, "_g"), [_load("final")], [])

    def test(self, expr: Expr) -> ast.expr:
        return _python(expr, self.read)


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


def role_function(
    role: str, dims: Sequence[Dimension], getter: Callable[[Leaf], Getter], result: type
) -> Callable[..., Any]:
    """``f(final, contrib, session, charged) -> result(role, overall, dimension scores)``: ``final``
    the board at the end, ``contrib`` its attribution's contributions, ``session`` the plan's
    per-session reading, ``charged`` the role's red-line costs per dimension id."""
    build = _Builder(getter)
    body: list[ast.stmt] = [
        ast.Assign([ast.Attribute(_load("final"), "self_role", ast.Store())], _num(role)),
        ast.Assign(
            [_store("counts")],
            ast.Call(
                ast.Attribute(ast.Attribute(_load("final"), "mine", ast.Load()), "get", ast.Load()),
                [_num(role), build.name({}, "_empty")],
                [],
            ),
        ),
    ]
    scores: list[str] = []
    for index, (dim_id, start, _weight, counted, acts, states) in enumerate(dims):
        charged = ast.Call(ast.Attribute(_load("charged"), "get", ast.Load()), [_num(dim_id), _num(0)], [])
        body.append(ast.Assign([_store("p")], ast.BinOp(_num(start), ast.Add(), charged)))
        for target, most, worth in counted:
            times = ast.Call(ast.Attribute(_load("counts"), "get", ast.Load()), [_num(target), _num(0)], [])
            if most is None:
                body.append(_add("p", ast.BinOp(_num(worth), ast.Mult(), times)))
                continue
            body.append(ast.Assign([_store("t")], times))
            capped = ast.IfExp(ast.Compare(_load("t"), [ast.Gt()], [_num(most)]), _num(most), _load("t"))
            body.append(_add("p", ast.BinOp(_num(worth), ast.Mult(), capped)))
        for expr, worth in acts:
            body.append(ast.If(build.test(expr), [_add("p", _num(worth))], []))
        for expr, worth, share in states:
            call = ast.Call(build.name(share, "_s"), [_load("final"), _load("contrib"), _load("session")], [])
            credit = ast.Call(_load("_round"), [ast.BinOp(_num(worth), ast.Mult(), call)], [])
            body.append(ast.If(build.test(expr), [_add("p", credit)], []))
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
        ast.Call(_load("_round"), [ast.BinOp(weighted, ast.Div(), _num(total))], []) if total else _num(0)
    )
    row = ast.Tuple([_load(s) for s in scores], ast.Load())
    body.append(ast.Return(ast.Call(build.name(result, "_result"), [_num(role), overall, row], [])))
    args = [ast.arg(a) for a in ("final", "contrib", "session", "charged")]
    params = ast.arguments(posonlyargs=[], args=args, kwonlyargs=[], kw_defaults=[], defaults=[])
    function = ast.FunctionDef(name="role_totals", args=params, body=body, decorator_list=[], returns=None)
    tree = ast.fix_missing_locations(ast.Module([function], []))
    code = compile(tree, "<rubric>", "exec")
    found = next(c for c in code.co_consts if isinstance(c, CodeType))
    return FunctionType(found, build.scope)


def _value(build: _Builder, value: object) -> ast.expr:
    """A constant (a number, a truth value or a string), or a global holding any other value."""
    if type(value) in (int, float, bool, str):
        return _num(value)
    return build.name(value, "_k")


def _never(leaf: Leaf) -> Getter:
    raise AssertionError(f"no getter expected for {leaf!r}")


def _function(
    name: str, args: Sequence[str], body: list[ast.stmt], scope: dict[str, Any]
) -> Callable[..., Any]:
    params = ast.arguments(
        posonlyargs=[], args=[ast.arg(a) for a in args], kwonlyargs=[], kw_defaults=[], defaults=[]
    )
    function = ast.FunctionDef(name=name, args=params, body=body, decorator_list=[], returns=None)
    code = compile(ast.fix_missing_locations(ast.Module([function], [])), f"<{name}>", "exec")
    found = next(c for c in code.co_consts if isinstance(c, CodeType))
    return FunctionType(found, scope)
