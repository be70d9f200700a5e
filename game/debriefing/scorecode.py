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
* the overall score: the weighted mean of the dimensions, summed in the rubric's order, rounded.

The state rules' shares are written in place by :class:`game.debriefing.scoretree.Emitter`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any

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
    empty = emitter.glob({}, "_none")
    body.append(ast.Assign([ast.Attribute(_load("board"), "self_role", ast.Store())], _num(role)))
    body.append(own(role))
    mine = ast.Attribute(_load("board"), "mine", ast.Load())
    body.append(
        ast.Assign(
            [_store("counts")], ast.Call(ast.Attribute(mine, "get", ast.Load()), [_num(role), empty], [])
        )
    )
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
            body.append(ast.If(emitter.test(expr), [_add("p", _num(worth))], []))
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
    row = ast.Tuple([_load(s) for s in scores], ast.Load())
    body.append(ast.Return(ast.Call(emitter.glob(result, "_result"), [_num(role), overall, row], [])))
    return _function("role_totals", ("board", "contrib", "session", "charged"), body, emitter.scope, True)


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


class _Simplify(ast.NodeTransformer):
    """Two rewrites that keep every value: ``_bool(a < b)`` is ``a < b`` (comparing numbers, truth
    values or strings gives a truth value already), and, where ``own`` is set (:func:`own`),
    ``board.mine[board.self_role]`` is ``own``."""

    def __init__(self, owned: bool) -> None:
        self.owned = owned

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == "_bool"
            and isinstance(node.args[0], ast.Compare)
        ):
            return node.args[0]
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        if self.owned and ast.dump(node) == _OWN_READ:
            return _load("own")
        return node


_OWN_READ = ast.dump(
    ast.Subscript(
        ast.Attribute(_load("board"), "mine", ast.Load()),
        ast.Attribute(_load("board"), "self_role", ast.Load()),
        ast.Load(),
    )
)


def _function(
    name: str, args: Sequence[str], body: list[ast.stmt], scope: dict[str, Any], owned: bool = False
) -> Callable[..., Any]:
    """The function ``name(*args)`` of ``body`` (its globals ``scope``), simplified (:class:`_Simplify`;
    ``owned``: ``body`` sets ``own`` first, :func:`own`) and compiled."""
    params = ast.arguments(
        posonlyargs=[], args=[ast.arg(a) for a in args], kwonlyargs=[], kw_defaults=[], defaults=[]
    )
    body = [_Simplify(owned).visit(stmt) for stmt in body]
    function = ast.FunctionDef(name=name, args=params, body=body, decorator_list=[], returns=None)
    code = compile(ast.fix_missing_locations(ast.Module([function], [])), f"<{name}>", "exec")
    found = next(c for c in code.co_consts if isinstance(c, CodeType))
    return FunctionType(found, scope)
