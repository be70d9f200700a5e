"""Conditions compiled to code (``compile_expr``, ``compile_env``) mean what the tree means.

The compiled functions are built from the checked syntax tree; they must agree with the
closures (``compile_closures``) and the tree walk (``credit.evaluate``) on every value, including
division by zero, ``not`` of a number, and short-circuit ``and``/``or``.
"""

from __future__ import annotations

import random

import pytest

from game.case.conditions import Leaf, compile_closures, compile_env, compile_expr, leaves, parse
from game.debriefing.credit import evaluate, leaf_key

TEXTS = [
    "a >= 3",
    "a + b * 2 >= c - 1",
    "a / b > 1",
    "a / (b - b) == 0",
    "not a",
    "not (a < b) and c != 2",
    "a < 2 or b > 3 and not c",
    "-a + -(b * c) <= -4",
    "a * b - c / 2 < a",
    "(a or b) and (c or not a)",
    "a == b",
    "played(x) and count(t, self) >= 2",
    "played(x) before played(y) or rounds_since(x) > 1",
    "true and a",
    "false or 3",
]


@pytest.mark.parametrize("text", TEXTS)
def test_compiled_code_agrees_with_the_tree(text: str) -> None:
    expr = parse(text)
    keys = {leaf_key(leaf) for leaf in leaves(expr)}

    def getter(leaf: Leaf):  # type: ignore[no-untyped-def]
        key = leaf_key(leaf)
        return lambda env: env[key]

    code = compile_expr(expr, getter)
    closures = compile_closures(expr, getter)
    on_env = compile_env(expr, leaf_key)
    draw = random.Random(text)
    for _ in range(300):
        env = {k: draw.choice([0, 1, 2, 3, 5, -1, True, False, 2.5]) for k in keys}
        expected = evaluate(expr, env)
        assert code(env) == expected and type(code(env)) is type(expected)
        assert closures(env) == expected
        assert on_env(env) == expected and type(on_env(env)) is type(expected)


def test_getters_are_asked_once_per_name_left_to_right() -> None:
    asked: list[str] = []

    def getter(leaf: Leaf):  # type: ignore[no-untyped-def]
        asked.append(leaf_key(leaf))
        return lambda env: 1

    compile_expr(parse("b + a > c or a"), getter)
    assert asked == ["b", "a", "c", "a"]
