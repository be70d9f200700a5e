"""The per-case tables scoring reads (:mod:`game.debriefing.credit`), built once and shared by
every session's :class:`~game.debriefing.credit.Credit`.

* the shape of each expression scoring reads (what it reads, its compiled forms);
* what holds and what each name reads on the case's initial board, every session's start
  (:class:`Start`; an attribution whose initial board differs gets its own);
* for a comparison whose sides are integer-linear in the names it reads, how much one more of each
  name moves it (:func:`slopes`), which the share of a comparison that became true otherwise
  measures by evaluating it again with each name bumped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.case.cache import PerCase
from game.case.conditions import Before, Binary, Bool, Call, Expr, Name, Num, Unary
from game.case.model import Case
from game.play.board import Board

Plan = tuple[tuple[str, bool, object, str, "tuple[int, int] | None"], ...]
"""How ``Credit._kept`` rewrites what an expression reads: (name, is a flag, initial value, key, bounds)."""


class Prepared:
    """One case's prepared reading of its conditions, shared by every session's ``Credit``."""

    __slots__ = ("case", "getters", "initial", "keys", "shapes", "start", "values")

    def __init__(self, case: Case) -> None:
        self.case = case
        self.shapes: dict[int, Any] = {}  # id(expr) -> its shape
        self.getters: dict[str, Callable[[Board], object]] = {}  # leaf_key -> its rubric getter
        self.values: dict[str, Callable[[Board], object]] = {}  # a name -> its getter
        self.keys: dict[tuple[str, str], str] = {}  # (name, role) -> its contrib key
        self.initial: Board | None = None  # the initial board of the case's sessions (a copy)
        self.start = Start()  # what is read on it

    def start_for(self, board: Board | None) -> Start:
        """What is read on ``board`` (an attribution's initial board): the case's, shared, when
        ``board`` is the case's initial board, as it always is; a fresh one otherwise."""
        if board is None:
            return Start()
        if self.initial is None:
            self.initial = _detached(board)
        return self.start if _same(self.initial, board) else Start()


class Start:
    """What scoring reads on one initial board, worked out once."""

    __slots__ = ("plans", "truths", "values")

    def __init__(self) -> None:
        self.truths: dict[tuple[int, str], bool] = {}  # (id(expr), role or "") -> its value
        self.values: dict[tuple[str, str], object] = {}  # (name, role) -> its value
        # (id(expr), role) -> how _kept rewrites what it reads: (name, is a flag, initial value, key, bounds)
        self.plans: dict[tuple[int, str], Plan] = {}


def _detached(board: Board) -> Board:
    from game.play.session import _copy_board  # the one copy of a board that knows every field

    return _copy_board(board)


def _same(one: Board, other: Board) -> bool:
    """Whether two boards hold the same state (whoever ``self`` is on each)."""
    keep = other.self_role
    other.self_role = one.self_role
    try:
        return one == other
    finally:
        other.self_role = keep


_PREPARED: PerCase[Prepared] = PerCase()


def prepared(case: Case) -> Prepared:
    """The prepared data of ``case`` (built on first use; kept as long as the case's rules are)."""
    return _PREPARED.get(case, Prepared)


def slopes(expr: Binary) -> dict[str, int] | None:
    """For a comparison, the integer coefficient of each name in left − right, when both sides are
    sums of names and integer constants (``-``, and products by an integer literal, allowed); None
    otherwise (a division, a product of names, a float constant …: then _moved measures by bumping)."""
    left, right = linear(expr.left), linear(expr.right)
    if left is None or right is None:
        return None
    out = dict(left)
    for name, k in right.items():
        out[name] = out.get(name, 0) - k
    return out


def linear(expr: Expr) -> dict[str, int] | None:
    """The integer coefficient of each name in ``expr``, or None when it is not integer-linear."""
    if isinstance(expr, Name):
        return {expr.text: 1}
    if isinstance(expr, Bool) or (isinstance(expr, Num) and type(expr.value) is int):
        return {}
    if isinstance(expr, Call | Before):
        return {}  # reads no name: bumping a name does not move it
    if isinstance(expr, Unary) and expr.op == "-":
        inner = linear(expr.operand)
        return None if inner is None else {name: -k for name, k in inner.items()}
    if not isinstance(expr, Binary):
        return None
    if expr.op in ("+", "-"):
        left, right = linear(expr.left), linear(expr.right)
        if left is None or right is None:
            return None
        out = dict(left)
        for name, k in right.items():
            out[name] = out.get(name, 0) + (k if expr.op == "+" else -k)
        return out
    if expr.op == "*":
        for factor, other in ((expr.left, expr.right), (expr.right, expr.left)):
            if isinstance(factor, Num) and type(factor.value) is int:
                inner = linear(other)
                return None if inner is None else {name: factor.value * k for name, k in inner.items()}
    return None
