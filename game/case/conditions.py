"""The condition language: a small, safe expression language for case authors.

Grammar (lowest precedence first)::

    expr    := and_ ("or" and_)*
    and_    := not_ ("and" not_)*
    not_    := "not" not_ | compare
    compare := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | "true" | "false" | NAME | call | "(" expr ")"
    NAME    := IDENT ("." IDENT)*
    call    := FUNCTION "(" IDENT ("," IDENT)* ")"

and, in format version 2, the history of play (:data:`FUNCTIONS`)::

    compare := call "before" call          # played(x) before played(y)
    FUNCTION := "played" | "rounds_since" | "count"

Text is parsed into a tree of frozen nodes; it is never handed to ``eval``.
:func:`compile_expr` turns a tree into a Python closure reading values through
getters supplied by the caller, so evaluation costs a few function calls.
Dividing by zero gives 0.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import CodeType, FunctionType
from typing import Any

Value = int | float | bool
Getter = Callable[[Any], Value]


class ConditionError(ValueError):
    """A condition that cannot be parsed or refers to something unknown.

    ``column`` is 1-based within the condition's text.
    """

    def __init__(self, message: str, column: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


# --------------------------------------------------------------------------- tree


@dataclass(frozen=True, slots=True)
class Num:
    """A number literal."""

    value: int | float
    column: int


@dataclass(frozen=True, slots=True)
class Bool:
    """``true`` or ``false``."""

    value: bool
    column: int


@dataclass(frozen=True, slots=True)
class Name:
    """A dotted name such as ``trust.kest_velmar``."""

    text: str
    column: int


@dataclass(frozen=True, slots=True)
class Unary:
    """``not x`` or ``-x``."""

    op: str
    operand: Expr
    column: int


@dataclass(frozen=True, slots=True)
class Binary:
    """Arithmetic, comparison, ``and`` and ``or``."""

    op: str
    left: Expr
    right: Expr
    column: int


@dataclass(frozen=True, slots=True)
class Call:
    """A question about the history of play: ``played(x)``, ``rounds_since(x)``, ``count(tag, role)``.

    ``args`` are ids as written; ``arg_columns`` their 1-based columns.  What
    they may name is checked against the case by :mod:`game.case.names`.
    """

    fn: str
    args: tuple[str, ...]
    column: int
    arg_columns: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Before:
    """``played(x) before played(y)``: both were played, and ``x`` first."""

    left: Call
    right: Call
    column: int


Expr = Num | Bool | Name | Call | Before | Unary | Binary
Leaf = Name | Call | Before
"""What a getter is compiled for: a name, or a question about the history of play."""

FUNCTIONS: dict[str, tuple[int, int]] = {"played": (1, 1), "rounds_since": (1, 1), "count": (1, 2)}
"""The history functions and how many arguments each takes (fewest, most)."""

ARITHMETIC = frozenset({"+", "-", "*", "/"})
ORDERING = frozenset({"<", "<=", ">", ">="})
EQUALITY = frozenset({"==", "!="})
LOGICAL = frozenset({"and", "or"})
KEYWORDS = frozenset({"and", "or", "not", "true", "false", "before"})


def names(expr: Expr) -> Iterator[Name]:
    """Every name the expression reads, left to right."""
    if isinstance(expr, Name):
        yield expr
    elif isinstance(expr, Unary):
        yield from names(expr.operand)
    elif isinstance(expr, Binary):
        yield from names(expr.left)
        yield from names(expr.right)


def calls(expr: Expr) -> Iterator[Call | Before]:
    """Every history question the expression asks (``played(x)``, ``… before …``), left to right."""
    if isinstance(expr, Call | Before):
        yield expr
    elif isinstance(expr, Unary):
        yield from calls(expr.operand)
    elif isinstance(expr, Binary):
        yield from calls(expr.left)
        yield from calls(expr.right)


def leaves(expr: Expr) -> Iterator[Leaf]:
    """Every name and history question the expression reads, left to right."""
    if isinstance(expr, Name | Call | Before):
        yield expr
    elif isinstance(expr, Unary):
        yield from leaves(expr.operand)
    elif isinstance(expr, Binary):
        yield from leaves(expr.left)
        yield from leaves(expr.right)


def read_names(expr: Expr) -> Iterator[str]:
    """The dotted names the expression depends on, with each history question as the counters it
    reads (``played(x)`` reads ``played.x``; ``count(t)`` reads ``tagged.t`` or ``played.t``;
    ``count(t, r)`` reads ``mine.t``), for tools that follow what changes what."""
    for leaf in leaves(expr):
        if isinstance(leaf, Name):
            yield leaf.text
        elif isinstance(leaf, Before):
            yield f"played.{leaf.left.args[0]}"
            yield f"played.{leaf.right.args[0]}"
        elif leaf.fn == "count":
            if len(leaf.args) == 2:
                yield f"mine.{leaf.args[0]}"
            else:
                yield f"tagged.{leaf.args[0]}"
                yield f"played.{leaf.args[0]}"
        else:
            yield f"played.{leaf.args[0]}"


def mentions_self(expr: Expr) -> bool:
    """Whether the expression reads something of the acting (or scored) role."""
    for leaf in leaves(expr):
        if isinstance(leaf, Name):
            if leaf.text.endswith(".self") or leaf.text.startswith("mine."):
                return True
        elif isinstance(leaf, Call) and "self" in leaf.args:
            return True
    return False


def compound(expr: Expr) -> bool:
    """Whether ``expr`` joins clauses with ``and``/``or`` (under any ``not``)."""
    while isinstance(expr, Unary):
        expr = expr.operand
    return isinstance(expr, Binary) and expr.op in LOGICAL


def render(expr: Expr) -> str:
    """The expression as canonical text, fully parenthesised where needed."""
    if isinstance(expr, Call):
        return f"{expr.fn}({', '.join(expr.args)})"
    if isinstance(expr, Before):
        return f"{render(expr.left)} before {render(expr.right)}"
    if isinstance(expr, Num):
        return repr(expr.value)
    if isinstance(expr, Bool):
        return "true" if expr.value else "false"
    if isinstance(expr, Name):
        return expr.text
    if isinstance(expr, Unary):
        sep = " " if expr.op == "not" else ""
        return f"{expr.op}{sep}{_wrap(expr.operand)}"
    return f"{_wrap(expr.left)} {expr.op} {_wrap(expr.right)}"


def _wrap(expr: Expr) -> str:
    text = render(expr)
    return f"({text})" if isinstance(expr, Binary) else text


# ------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op><=|>=|==|!=|<|>|\+|-|\*|/|\(|\)|,)
  | (?P<bad>&&|\|\||=>|=<|!|=|.)
    """,
    re.VERBOSE,
)

_BAD_HINTS = {
    "&&": "write 'and'",
    "||": "write 'or'",
    "!": "write 'not'",
    "=>": "write '>='",
    "=<": "write '<='",
    "=": "compare with '=='",
}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "name", "op", "end"
    text: str
    column: int


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "bad"
        value = match.group()
        column = match.start() + 1
        if kind == "space":
            continue
        if kind == "bad":
            hint = _BAD_HINTS.get(value, "")
            raise ConditionError(f"unexpected {value!r} in condition", column, hint)
        if kind == "name" and value in ("and", "or", "not", "before"):
            kind = "op"
        out.append(_Token(kind, value, column))
    out.append(_Token("end", "", len(text) + 1))
    return out


# ------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, *ops: str) -> bool:
        token = self.current
        return token.kind == "op" and token.text in ops

    def parse(self) -> Expr:
        if self.current.kind == "end":
            raise ConditionError("the condition is empty", 1, "write an expression such as 'escalation >= 5'")
        expr = self.or_()
        token = self.current
        if token.kind != "end":
            raise ConditionError(
                f"unexpected {token.text!r} after a complete expression",
                token.column,
                "join conditions with 'and' or 'or'",
            )
        return expr

    def or_(self) -> Expr:
        left = self.and_()
        while self.at("or"):
            op = self.take()
            left = Binary("or", left, self.and_(), op.column)
        return left

    def and_(self) -> Expr:
        left = self.not_()
        while self.at("and"):
            op = self.take()
            left = Binary("and", left, self.not_(), op.column)
        return left

    def not_(self) -> Expr:
        if self.at("not"):
            op = self.take()
            return Unary("not", self.not_(), op.column)
        return self.compare()

    def compare(self) -> Expr:
        left = self.sum()
        if self.at("before"):
            op = self.take()
            right = self.sum()
            for side in (left, right):
                if not (isinstance(side, Call) and side.fn == "played"):
                    raise ConditionError(
                        "'before' compares two moves: write 'played(x) before played(y)'",
                        side.column,
                        "put played(…) on both sides",
                    )
            assert isinstance(left, Call) and isinstance(right, Call)
            return Before(left, right, op.column)
        if self.at(*ORDERING, *EQUALITY):
            op = self.take()
            right = self.sum()
            if self.at(*ORDERING, *EQUALITY):
                raise ConditionError(
                    "comparisons cannot be chained",
                    self.current.column,
                    "write 'a < b and b < c'",
                )
            return Binary(op.text, left, right, op.column)
        return left

    def sum(self) -> Expr:
        left = self.product()
        while self.at("+", "-"):
            op = self.take()
            left = Binary(op.text, left, self.product(), op.column)
        return left

    def product(self) -> Expr:
        left = self.unary()
        while self.at("*", "/"):
            op = self.take()
            left = Binary(op.text, left, self.unary(), op.column)
        return left

    def unary(self) -> Expr:
        if self.at("-"):
            op = self.take()
            return Unary("-", self.unary(), op.column)
        return self.atom()

    def atom(self) -> Expr:
        token = self.take()
        if token.kind == "number":
            if len(token.text) > 20:  # int() refuses very long digit strings with a bare ValueError
                raise ConditionError("this number is too long", token.column, "write at most 20 digits")
            number = float(token.text) if "." in token.text else int(token.text)
            return Num(number, token.column)
        if token.kind == "name":
            if token.text in ("true", "false"):
                return Bool(token.text == "true", token.column)
            if self.at("("):
                return self.call(token)
            return Name(token.text, token.column)
        if token.kind == "op" and token.text == "(":
            inner = self.or_()
            closing = self.take()
            if not (closing.kind == "op" and closing.text == ")"):
                raise ConditionError("missing ')'", closing.column, f"close the '(' at column {token.column}")
            return inner
        if token.kind == "end":
            raise ConditionError("the condition ends too early", token.column, "finish the expression")
        raise ConditionError(f"unexpected {token.text!r}", token.column)

    def call(self, token: _Token) -> Call:
        if token.text not in FUNCTIONS:
            raise ConditionError(
                f"unknown function '{token.text}'",
                token.column,
                "the functions are " + ", ".join(f"{fn}(…)" for fn in FUNCTIONS),
            )
        opening = self.take()
        args: list[str] = []
        columns: list[int] = []
        while True:
            arg = self.take()
            if arg.kind != "name" or "." in arg.text or arg.text in KEYWORDS:
                where = "')'" if arg.kind == "end" else repr(arg.text)
                raise ConditionError(
                    f"{token.text}(…) takes ids, not {where}",
                    arg.column,
                    f"write e.g. '{token.text}(listen)'",
                )
            args.append(arg.text)
            columns.append(arg.column)
            if self.at(","):
                self.take()
                continue
            closing = self.take()
            if not (closing.kind == "op" and closing.text == ")"):
                raise ConditionError(
                    "missing ')'", closing.column, f"close the '(' at column {opening.column}"
                )
            break
        fewest, most = FUNCTIONS[token.text]
        if not fewest <= len(args) <= most:
            wanted = str(fewest) if fewest == most else f"{fewest} or {most}"
            raise ConditionError(
                f"{token.text}(…) takes {wanted} argument{'s' if most > 1 else ''}, not {len(args)}",
                token.column,
                "e.g. count(inquiry, self)" if token.text == "count" else f"e.g. {token.text}(listen)",
            )
        return Call(token.text, tuple(args), token.column, tuple(columns))


def parse(text: str) -> Expr:
    """Parse condition text into a tree, or raise :class:`ConditionError`."""
    return _Parser(text).parse()


# ---------------------------------------------------------------------- typing


def check_types(expr: Expr, kind_of: Callable[[Leaf], str]) -> str:
    """Return ``"number"`` or ``"bool"`` for ``expr``, or raise on misuse.

    ``kind_of`` gives the kind of each name.  Arithmetic and ordering need
    numbers; ``and``/``or``/``not`` accept either (a number is true when it is
    not zero, so ``played.listen`` reads "listen was played").
    """
    if isinstance(expr, Num):
        return "number"
    if isinstance(expr, Bool):
        return "bool"
    if isinstance(expr, Name | Call | Before):
        return kind_of(expr)
    if isinstance(expr, Unary):
        inner = check_types(expr.operand, kind_of)
        if expr.op == "-":
            _need_number(inner, expr.operand, "-")
            return "number"
        return "bool"
    left = check_types(expr.left, kind_of)
    right = check_types(expr.right, kind_of)
    if expr.op in ARITHMETIC:
        _need_number(left, expr.left, expr.op)
        _need_number(right, expr.right, expr.op)
        return "number"
    if expr.op in ORDERING:
        _need_number(left, expr.left, expr.op)
        _need_number(right, expr.right, expr.op)
    return "bool"


def _need_number(kind: str, expr: Expr, op: str) -> None:
    if kind != "number":
        column = expr.column
        raise ConditionError(
            f"'{op}' needs a number, but {render(expr)!r} is true/false",
            column,
            "compare flags with 'not' or '== true'",
        )


# ---------------------------------------------------------------------- compile

_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def compile_expr(expr: Expr, getter: Callable[[Leaf], Getter]) -> Getter:
    """Turn a tree into a function of an evaluation context.

    ``getter(name)`` returns a function reading that name's value from the
    context; it is called once per name at compile time, left to right.  The
    function is Python code compiled from the tree (:func:`compile_code`): one
    call per condition and one per name read, instead of one per node; a getter
    marked with its own reading (:mod:`game.case.readings`) is read in place, with
    no call.
    """
    if isinstance(expr, Num | Bool):
        constant = expr.value
        return lambda ctx: constant
    if isinstance(expr, Name | Call | Before):
        return getter(expr)
    getters: dict[str, Getter] = {}

    def read(leaf: Leaf) -> ast.expr:
        found = getter(leaf)
        inline = getattr(found, "inline", None)
        if inline is not None:  # the read itself, in place of a call of the getter (game.case.readings)
            node: ast.expr = inline(ast.Name("ctx", ast.Load()))
            return node
        name = f"_g{len(getters)}"
        getters[name] = found
        return ast.Call(ast.Name(name, ast.Load()), [ast.Name("ctx", ast.Load())], [])

    return compile_code(expr, read, "ctx", getters)


def compile_closures(expr: Expr, getter: Callable[[Leaf], Getter]) -> Getter:
    """:func:`compile_expr` as nested closures, one per node: the reference its tests compare with."""
    if isinstance(expr, Num | Bool):
        constant = expr.value
        return lambda ctx: constant
    if isinstance(expr, Name | Call | Before):
        return getter(expr)
    if isinstance(expr, Unary):
        inner = compile_closures(expr.operand, getter)
        if expr.op == "not":
            return lambda ctx: not inner(ctx)
        return lambda ctx: -inner(ctx)
    left = compile_closures(expr.left, getter)
    right = compile_closures(expr.right, getter)
    if expr.op == "and":
        return lambda ctx: bool(left(ctx)) and bool(right(ctx))
    if expr.op == "or":
        return lambda ctx: bool(left(ctx)) or bool(right(ctx))
    if expr.op == "/":
        return lambda ctx: _divide(left(ctx), right(ctx))
    fn = _BINARY[expr.op]
    return lambda ctx: fn(left(ctx), right(ctx))


def _divide(a: Value, b: Value) -> float:
    return a / b if b else 0.0


# ------------------------------------------------------------ compile to code

_AST_BINARY: dict[str, ast.operator] = {"+": ast.Add(), "-": ast.Sub(), "*": ast.Mult()}
_AST_COMPARE: dict[str, ast.cmpop] = {
    "<": ast.Lt(),
    "<=": ast.LtE(),
    ">": ast.Gt(),
    ">=": ast.GtE(),
    "==": ast.Eq(),
    "!=": ast.NotEq(),
}


def compile_code(expr: Expr, leaf: Callable[[Leaf], ast.expr], arg: str, names: dict[str, Any]) -> Getter:
    """The tree as one Python function of ``arg``, with :func:`compile_expr`'s semantics.

    The function is built as Python syntax nodes from the (validated) tree and compiled: no text an
    author wrote is ever compiled or evaluated.  ``leaf(l)`` gives the node that reads a leaf (a
    subscript of ``arg``, or a call of a getter placed in ``names``, the function's only globals).
    """
    body = _python(expr, leaf)
    params = ast.arguments(posonlyargs=[], args=[ast.arg(arg)], kwonlyargs=[], kw_defaults=[], defaults=[])
    tree = ast.Expression(ast.Lambda(params, body))
    locate(tree)
    code = compile(tree, "<condition>", "eval")
    function = next(c for c in code.co_consts if isinstance(c, CodeType))  # the lambda's code
    scope = {"__builtins__": {}, "_bool": bool, "_divide": _divide, **names}
    return FunctionType(function, scope)  # type: ignore[no-any-return]


def locate(tree: ast.AST) -> None:
    """Give every node of ``tree`` the one location (line 1, column 0) that ``compile`` needs, as
    ``ast.fix_missing_locations`` would, in one pass (about twice as fast: a case compiles hundreds
    of conditions, and scoring and bulk play compile more)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if "lineno" in node._attributes:
            node.lineno = node.end_lineno = 1  # type: ignore[attr-defined]
            node.col_offset = node.end_col_offset = 0  # type: ignore[attr-defined]
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(v for v in value if isinstance(v, ast.AST))


def _as_bool(node: ast.expr) -> ast.expr:
    """``_bool(node)``: a side of ``and``/``or`` as a truth value (the language's ``and`` gives one)."""
    return ast.Call(ast.Name("_bool", ast.Load()), [node], [])


def _python(
    expr: Expr, leaf: Callable[[Leaf], ast.expr], truth: Callable[[ast.expr], ast.expr] = _as_bool
) -> ast.expr:
    """The syntax of ``expr``; ``truth`` turns each side of an ``and``/``or`` into a truth value
    (``_bool(side)`` by default; the scoring code leaves out the call where the side is one already)."""
    if isinstance(expr, Num | Bool):
        return ast.Constant(expr.value)
    if isinstance(expr, Name | Call | Before):
        return leaf(expr)
    if isinstance(expr, Unary):
        op: ast.unaryop = ast.Not() if expr.op == "not" else ast.USub()
        return ast.UnaryOp(op, _python(expr.operand, leaf, truth))
    left = _python(expr.left, leaf, truth)
    right = _python(expr.right, leaf, truth)
    if expr.op in ("and", "or"):
        return ast.BoolOp(ast.And() if expr.op == "and" else ast.Or(), [truth(left), truth(right)])
    if expr.op == "/":
        return ast.Call(ast.Name("_divide", ast.Load()), [left, right], [])
    if expr.op in _AST_BINARY:
        return ast.BinOp(left, _AST_BINARY[expr.op], right)
    return ast.Compare(left, [_AST_COMPARE[expr.op]], [right])


def compile_env(expr: Expr, key: Callable[[Leaf], str]) -> Callable[[Any], Value]:
    """The tree as a function of a mapping from ``key(leaf)`` to each leaf's value."""

    def read(leaf: Leaf) -> ast.expr:
        return ast.Subscript(ast.Name("env", ast.Load()), ast.Constant(key(leaf)), ast.Load())

    return compile_code(expr, read, "env", {})
