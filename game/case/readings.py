"""Reads of common names as Python syntax, for :func:`game.case.conditions.compile_expr` to inline.

A getter (``lambda b: b.meters["escalation"]``) marked with :func:`inlined` carries the syntax
node that reads the same value; ``compile_expr`` puts that node in the compiled condition instead of
a call of the getter, which costs more than most reads.  The nodes are built from the names the
case declares, as constants, never from text parsed as code.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from game.case.conditions import Getter

Reading = Callable[[ast.expr], ast.expr]
"""The syntax node that reads a value from the node of the context (see :func:`inlined`)."""


def inlined(getter: Getter, reading: Reading) -> Getter:
    """``getter``, marked with the syntax that reads the same value, so that :func:`compile_expr`
    puts the read itself in the compiled condition instead of a call of the getter (a call costs more
    than most reads).  ``reading`` builds that node from the context's node; its names are the
    caller's constants, never code."""
    getter.inline = reading  # type: ignore[attr-defined]
    return getter


def item(field: str, key: str) -> Reading:
    """The reading of ``ctx.<field>[key]``."""
    return lambda ctx: ast.Subscript(ast.Attribute(ctx, field, ast.Load()), ast.Constant(key), ast.Load())


def count(field: str, key: str) -> Reading:
    """The reading of ``ctx.<field>.get(key, 0)``."""
    return lambda ctx: ast.Call(
        ast.Attribute(ast.Attribute(ctx, field, ast.Load()), "get", ast.Load()),
        [ast.Constant(key), ast.Constant(0)],
        [],
    )


def own_count(key: str) -> Reading:
    """The reading of ``ctx.mine[ctx.self_role].get(key, 0)``."""
    return lambda ctx: ast.Call(
        ast.Attribute(
            ast.Subscript(
                ast.Attribute(ctx, "mine", ast.Load()),
                ast.Attribute(ctx, "self_role", ast.Load()),
                ast.Load(),
            ),
            "get",
            ast.Load(),
        ),
        [ast.Constant(key), ast.Constant(0)],
        [],
    )


def member(field: str, key: str) -> Reading:
    """The reading of ``key in ctx.<field>``."""
    return lambda ctx: ast.Compare(ast.Constant(key), [ast.In()], [ast.Attribute(ctx, field, ast.Load())])


def equal(field: str, key: str) -> Reading:
    """The reading of ``ctx.<field> == key``."""
    return lambda ctx: ast.Compare(ast.Attribute(ctx, field, ast.Load()), [ast.Eq()], [ast.Constant(key)])


def attribute(field: str) -> Reading:
    """The reading of ``ctx.<field>``."""
    return lambda ctx: ast.Attribute(ctx, field, ast.Load())
