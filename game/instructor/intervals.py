"""Interval analysis of conditions: whether a condition can ever be true, or ever be false.

Every name a condition reads is given a :class:`Span`, the range of values it
can take (a meter its bounds, ``round`` 1 … the round limit, a counter 0 … the
most it can reach; true/false is the span 0 … 1).  :func:`verdict` then walks
the condition's tree computing the span of every sub-expression, so that
``escalation >= 11`` with ``escalation`` in 0 … 10 can never be true, and
``played.listen >= 0`` can never be false.

``and`` and ``or`` narrow what they learn from their left side before looking
at the right (``x >= 5 and x < 3`` is never true), for comparisons of a name
with a number.  Beyond that, sub-expressions are treated as independent, so
the analysis over-approximates: "never true" is certain (given the spans),
"can be true" only means the spans do not rule it out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from game.case.conditions import Before, Binary, Bool, Call, Expr, Name, Num, Unary, names


@dataclass(frozen=True, slots=True)
class Span:
    """A closed range of values; true/false is 1/0.  ``low > high`` is the empty span."""

    low: float
    high: float

    @property
    def empty(self) -> bool:
        """Whether no value is possible (the branch that reads it cannot be reached)."""
        return self.low > self.high

    @property
    def can_be_true(self) -> bool:
        """Whether some value in the span is true (not zero)."""
        return not self.empty and not (self.low == 0 and self.high == 0)

    @property
    def can_be_false(self) -> bool:
        """Whether zero (false) is in the span."""
        return not self.empty and self.low <= 0 <= self.high

    def meet(self, other: Span) -> Span:
        """The values in both spans."""
        return Span(max(self.low, other.low), min(self.high, other.high))

    def __str__(self) -> str:
        if self.empty:
            return "impossible"
        if self.low == self.high:
            return _number(self.low)
        return f"{_number(self.low)}..{_number(self.high)}"


EMPTY = Span(math.inf, -math.inf)
TRUE = Span(1, 1)
FALSE = Span(0, 0)
BOTH = Span(0, 1)


def truth(can_be_true: bool, can_be_false: bool) -> Span:
    """The span of a true/false value that may be true and/or false."""
    if can_be_true and can_be_false:
        return BOTH
    if can_be_true:
        return TRUE
    if can_be_false:
        return FALSE
    return EMPTY


@dataclass(frozen=True, slots=True)
class Verdict:
    """What interval analysis says about a condition."""

    can_be_true: bool
    can_be_false: bool
    spans: tuple[tuple[str, Span], ...]  # the names read and their spans, for messages

    def explain(self) -> str:
        """ "escalation is 0..10, round is 1..12": the spans the verdict rests on."""
        return ", ".join(f"{name} is {span}" for name, span in self.spans)


class Env:
    """The spans of names: a base lookup, narrowed by what ``and``/``or`` have assumed."""

    def __init__(self, base: Callable[[str], Span], narrowed: Mapping[str, Span] | None = None) -> None:
        self.base = base
        self.narrowed = dict(narrowed or {})

    def get(self, name: str) -> Span:
        """The span of ``name`` here."""
        span = self.narrowed.get(name)
        return span if span is not None else self.base(name)

    def narrow(self, name: str, span: Span) -> Env:
        """A copy in which ``name`` also lies within ``span``."""
        return Env(self.base, {**self.narrowed, name: self.get(name).meet(span)})


def verdict(expr: Expr, spans: Callable[[str], Span]) -> Verdict:
    """Whether ``expr`` can be true and can be false when each name lies in ``spans(name)``."""
    result = span_of(expr, Env(spans))
    read = tuple(dict.fromkeys((n.text, spans(n.text)) for n in names(expr)))
    return Verdict(result.can_be_true, result.can_be_false, read)


def span_of(expr: Expr, env: Env) -> Span:
    """The span of values ``expr`` can take in ``env``."""
    if isinstance(expr, Num):
        return Span(expr.value, expr.value)
    if isinstance(expr, Bool):
        return TRUE if expr.value else FALSE
    if isinstance(expr, Name):
        return env.get(expr.text)
    if isinstance(expr, Call | Before):
        return _history(expr, env)
    if isinstance(expr, Unary):
        inner = span_of(expr.operand, env)
        if inner.empty:
            return EMPTY
        if expr.op == "not":
            return truth(inner.can_be_false, inner.can_be_true)
        return Span(-inner.high, -inner.low)
    if expr.op == "and":
        left = span_of(expr.left, env)
        right = span_of(expr.right, assume(expr.left, True, env))
        return truth(
            left.can_be_true and right.can_be_true,
            left.can_be_false or right.can_be_false,
        )
    if expr.op == "or":
        left = span_of(expr.left, env)
        right = span_of(expr.right, assume(expr.left, False, env))
        return truth(
            left.can_be_true or right.can_be_true,
            left.can_be_false and right.can_be_false,
        )
    left = span_of(expr.left, env)
    right = span_of(expr.right, env)
    if left.empty or right.empty:
        return EMPTY
    if expr.op in ("+", "-", "*", "/"):
        return _arithmetic(expr.op, left, right)
    return _compare(expr.op, left, right)


def _history(expr: Call | Before, env: Env) -> Span:
    """The history functions of format 2, conservatively: a move that can never be played was not,
    and counts and gaps are only known to be at least 0."""
    if isinstance(expr, Before):
        can = (
            env.get(f"played.{expr.left.args[0]}").can_be_true
            and env.get(f"played.{expr.right.args[0]}").can_be_true
        )
        return BOTH if can else FALSE
    if expr.fn == "played":
        return BOTH if env.get(f"played.{expr.args[0]}").can_be_true else FALSE
    return Span(0, math.inf)


def _arithmetic(op: str, a: Span, b: Span) -> Span:
    if op == "+":
        return Span(a.low + b.low, a.high + b.high)
    if op == "-":
        return Span(a.low - b.high, a.high - b.low)
    if op == "*":
        corners = [_times(x, y) for x in (a.low, a.high) for y in (b.low, b.high)]
        return Span(min(corners), max(corners))
    # division; dividing by zero gives 0
    if b.low == 0 and b.high == 0:
        return FALSE
    if b.low <= 0 <= b.high:
        return Span(-math.inf, math.inf)
    corners = [x / y for x in (a.low, a.high) for y in (b.low, b.high) if not math.isinf(y)]
    if math.isinf(b.low) or math.isinf(b.high):
        corners.append(0.0)
    corners = [c for c in corners if not math.isnan(c)] or [0.0]
    return Span(min(corners), max(corners))


def _times(x: float, y: float) -> float:
    if x == 0 or y == 0:
        return 0.0  # 0 × ∞ is 0 here: the finite factor really is 0
    return x * y


def _compare(op: str, a: Span, b: Span) -> Span:
    if op == "<":
        return truth(a.low < b.high, a.high >= b.low)
    if op == "<=":
        return truth(a.low <= b.high, a.high > b.low)
    if op == ">":
        return truth(a.high > b.low, a.low <= b.high)
    if op == ">=":
        return truth(a.high >= b.low, a.low < b.high)
    overlap = a.low <= b.high and b.low <= a.high
    single = a.low == a.high == b.low == b.high
    if op == "==":
        return truth(overlap, not single)
    return truth(not single, overlap)  # "!="


# ------------------------------------------------------------------- narrowing

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def assume(expr: Expr, holds: bool, env: Env) -> Env:
    """``env`` narrowed by knowing that ``expr`` is true (``holds``) or false.

    Names are integers or true/false, so ``x > 2.5`` narrows ``x`` to 3 and up.
    Only what is certain is used: a comparison of a name with a number, a
    bare name, ``not``, ``and`` when true and ``or`` when false.
    """
    if isinstance(expr, Unary) and expr.op == "not":
        return assume(expr.operand, not holds, env)
    if isinstance(expr, Name):
        return _narrow(env, expr.text, "!=" if holds else "==", 0)
    if not isinstance(expr, Binary):
        return env
    if expr.op in ("and", "or"):
        if (expr.op == "and") == holds:  # both sides known: "a and b" true, or "a or b" false
            return assume(expr.right, holds, assume(expr.left, holds, env))
        return env
    if expr.op not in _FLIP:
        return env
    op = expr.op if holds else _NEGATE[expr.op]
    if isinstance(expr.left, Name) and isinstance(expr.right, Num | Bool):
        return _narrow(env, expr.left.text, op, float(expr.right.value))
    if isinstance(expr.right, Name) and isinstance(expr.left, Num | Bool):
        return _narrow(env, expr.right.text, _FLIP[op], float(expr.left.value))
    return env


def _narrow(env: Env, name: str, op: str, k: float) -> Env:
    current = env.get(name)
    if op == ">=":
        return env.narrow(name, Span(math.ceil(k), math.inf))
    if op == ">":
        return env.narrow(name, Span(math.floor(k) + 1, math.inf))
    if op == "<=":
        return env.narrow(name, Span(-math.inf, math.floor(k)))
    if op == "<":
        return env.narrow(name, Span(-math.inf, math.ceil(k) - 1))
    if op == "==":
        return env.narrow(name, Span(k, k) if k == int(k) else EMPTY)
    # "!=": only the ends of a span can be cut off
    if current.low == k == current.high:
        return env.narrow(name, EMPTY)
    if current.low == k:
        return env.narrow(name, Span(k + 1, math.inf))
    if current.high == k:
        return env.narrow(name, Span(-math.inf, k - 1))
    return env


def _number(value: float) -> str:
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    return str(int(value)) if value == int(value) else f"{value:g}"
