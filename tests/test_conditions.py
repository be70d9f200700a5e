"""The condition language: parsing, errors with columns, typing, evaluation."""

from __future__ import annotations

import pytest

from game.case.conditions import ConditionError, Name, check_types, compile_expr, names, parse, render


def evaluate(text: str, values: dict[str, float | bool]) -> object:
    expr = parse(text)
    fn = compile_expr(expr, lambda name: lambda ctx, key=name.text: ctx[key])
    return fn(values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("escalation >= 6", True),
        ("escalation >= 6 and trust.us_cn < 3 and not flags.leak", True),
        ("escalation < 6 or flags.leak", False),
        ("not (escalation > 5 and trust.us_cn > 1)", False),
        ("escalation + trust.us_cn * 2 == 10", True),
        ("(escalation + trust.us_cn) * 2 == 16", True),
        ("-trust.us_cn < 0", True),
        ("escalation / 0 == 0", True),
        ("escalation / 4 == 1.5", True),
        ("escalation != 6", False),
        ("true and not false", True),
        ("played.listen", 0),
    ],
)
def test_evaluates(text: str, expected: object) -> None:
    values = {"escalation": 6, "trust.us_cn": 2, "flags.leak": False, "played.listen": 0}
    assert evaluate(text, values) == expected


def test_precedence_and_render() -> None:
    assert render(parse("a or b and not c")) == "a or (b and not c)"
    tree = parse("1 + 2 * 3 < 10 and x")
    assert render(tree) == "((1 + (2 * 3)) < 10) and x"


def test_names_in_order() -> None:
    assert [n.text for n in names(parse("a.b > 1 and c or a.b"))] == ["a.b", "c", "a.b"]


@pytest.mark.parametrize(
    ("text", "column", "message", "hint"),
    [
        ("escalation >= ", 15, "ends too early", ""),
        ("escalation => 5", 12, "unexpected '=>'", ">="),
        ("escalation = 5", 12, "unexpected '='", "=="),
        ("a && b", 3, "unexpected '&&'", "and"),
        ("a || b", 3, "unexpected '||'", "or"),
        ("!a", 1, "unexpected '!'", "not"),
        ("(a > 1", 7, "missing ')'", "column 1"),
        ("a > 1 b", 7, "after a complete expression", "and"),
        ("1 < a < 3", 7, "cannot be chained", ""),
        ("", 1, "empty", ""),
        ("a $ b", 3, "unexpected '$'", ""),
    ],
)
def test_errors_point_at_column(text: str, column: int, message: str, hint: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse(text)
    assert info.value.column == column
    assert message in info.value.message
    assert hint in info.value.hint


def test_types() -> None:
    def kind(name: Name) -> str:
        return "bool" if name.text.startswith("flags.") else "number"

    assert check_types(parse("a + 1 > 2 and not flags.x"), kind) == "bool"
    assert check_types(parse("a * 2"), kind) == "number"
    with pytest.raises(ConditionError) as info:
        check_types(parse("flags.x + 1 > 2"), kind)
    assert info.value.column == 1
    with pytest.raises(ConditionError):
        check_types(parse("a < flags.x"), kind)


def test_no_code_runs() -> None:
    # Python syntax is not this language: attribute calls and dunders do not parse.
    for text in ("__import__('os').system('true')", "a.__class__()", "open('x')"):
        with pytest.raises(ConditionError):
            parse(text)
