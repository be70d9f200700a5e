"""Conditions read in place in the bulk engine's generated functions (:mod:`game.play.bulkcode`).

A condition's compiled test (:attr:`game.case.model.Condition.test`) costs a call; the bulk engine's
generated code can read the condition in place instead.  :class:`Reads` knows every condition of a
case (its checked syntax tree and the context it was written in) by its compiled test, and gives
the expression :func:`game.case.conditions.compile_expr` compiles, built the same way from the same
tree (:func:`game.case.conditions._python`), each name resolved by the case's
:class:`~game.case.names.NameTable` as the loader resolves it, a name with an in-place reading
(:mod:`game.case.readings`) read in place and any other read by a call of its getter.  Every
string in it (a declared id) is bound as a global under a name the generated code makes, so the
source holds no text of the case; what is left are the tree's operators and numbers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any, Protocol

from game.case.conditions import ConditionError, Expr, Getter, _python
from game.case.model import Case, Condition, Effect
from game.case.names import Context, NameTable

# A known test: the test itself and its parts, each a (tree, context): one part for a condition,
# several for a move's gate (appears_when, when and requires, all of which must hold).
Known = tuple[Getter, tuple[tuple[Expr, Context], ...]]


class Reads:
    """The conditions of one case, by their compiled tests, ready to be read in place."""

    def __init__(self, case: Case, names: NameTable, space: Binder) -> None:
        self.names = names
        self.space = space  # where the strings and getters of the expressions are bound
        self._known: dict[int, Known] = {}
        self._texts: dict[int, str | None] = {}  # id(test) -> its expression, once worked out
        for move in case.moves.values():
            for condition in (move.when, move.appears_when, *(r.when for r in move.requires)):
                self.know_condition(condition, Context.MOVE)
            self._effects(move.effects, Context.MOVE)
            for reply in move.replies:
                self.know_condition(reply.when, Context.REPLY)
                self._effects(reply.effects, Context.REPLY)
        for role in case.roles.values():
            for preference in role.policy:
                self.know_condition(preference.when, Context.POLICY)
            for line in role.checked_red_lines:
                self.know_condition(line.when, Context.MOVE)
        for inject in case.injects.values():
            self.know_condition(inject.when, Context.INJECT)
            self._effects(inject.effects, Context.INJECT)

    def _effects(self, effects: Iterable[Effect], context: Context) -> None:
        for effect in effects:
            self.know_condition(effect.when, context)

    def know_condition(self, condition: Condition | None, context: Context) -> None:
        if condition is not None:
            self._known[id(condition.test)] = (condition.test, ((condition.expr, context),))

    def know_gate(self, test: Getter, parts: Iterable[Condition]) -> None:
        """A move's gate (:func:`game.play.rules.gate`): the move's conditions, all of which must hold."""
        self._known[id(test)] = (test, tuple((part.expr, Context.MOVE) for part in parts))

    def inline(self, test: Getter) -> str | None:
        """An expression as true as ``test`` on the board ``b``, read in place (its strings bound in
        the namespace), or None when ``test`` is not a known condition's.  For truth tests only: the
        ``bool()`` around the parts of a top-level ``and``/``or`` is left out.  The expression
        holds for every function of the namespace, and is worked out once."""
        found = self._known.get(id(test))
        if found is None or found[0] is not test:
            return None
        if id(test) in self._texts:
            return self._texts[id(test)]
        parts = []
        for expr, context in found[1]:
            text = self._expression(self.space, expr, context)
            if text is None:
                parts = []
                break
            parts.append(text)
        joined = None if not parts else parts[0] if len(parts) == 1 else "(" + " and ".join(parts) + ")"
        self._texts[id(test)] = joined
        return joined

    def _expression(self, src: Binder, expr: Expr, context: Context) -> str | None:
        board = ast.Name("b", ast.Load())

        def leaf(name: object) -> ast.expr:
            getter = self.names.resolve(name, context).getter  # type: ignore[arg-type]
            reading = getattr(getter, "inline", None)
            if reading is not None:
                node: ast.expr = reading(board)
                return node
            return ast.Call(ast.Name(src.bind(getter), ast.Load()), [board], [])

        try:
            tree = _bound(_truth(_python(expr, leaf)), src)
        except (ConditionError, KeyError, ValueError):  # a name not resolved here: call the test instead
            return None
        if tree is None:
            return None
        return "(" + ast.unparse(tree) + ")"  # (unparse reads no locations)


class Binder(Protocol):
    """What :class:`Reads` needs of a :class:`game.play.bulkcode.Source`: binding a value to a name."""

    def bind(self, value: Any) -> str: ...


def _truth(node: ast.expr) -> ast.expr:
    """``node`` as a truth test: ``_bool(a) and _bool(b)`` (conditions._python's and/or) is as true as
    ``a and b``, and so on down the top-level and/or."""
    if isinstance(node, ast.BoolOp):
        node.values = [_truth(_unwrapped(value)) for value in node.values]
    return node


def _unwrapped(node: ast.expr) -> ast.expr:
    """``x`` for ``_bool(x)``, else ``node``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_bool"
        and len(node.args) == 1
        and not node.keywords
    ):
        return node.args[0]
    return node


_NUMBERS = (int, float, bool)


def _bound(tree: ast.expr, src: Binder) -> ast.expr | None:
    """``tree`` with every string constant (a declared id) replaced by the global it is bound to, in
    one pass; None if it holds a constant that is neither a string nor a number."""

    def swap(node: ast.Constant) -> ast.expr | None:
        if isinstance(node.value, str):
            return ast.Name(src.bind(node.value), ast.Load())
        return node if type(node.value) in _NUMBERS else None

    if isinstance(tree, ast.Constant):
        return swap(tree)
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, ast.Constant):
                        value[index] = swap(item)
                        if value[index] is None:
                            return None
                    elif isinstance(item, ast.AST):
                        stack.append(item)
            elif isinstance(value, ast.Constant):
                swapped = swap(value)
                if swapped is None:
                    return None
                setattr(node, name, swapped)
            elif isinstance(value, ast.AST):
                stack.append(value)
    return tree
