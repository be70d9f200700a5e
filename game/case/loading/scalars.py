"""Reading one scalar strictly as text, a whole number, a number or a boolean.

The declared type of a field decides what a scalar means, never YAML's
implicit resolvers: ``NO`` is text where text is expected and an error where
a boolean is, and ``1:30``, ``0x1F``, ``1_000`` or ``.5`` are not numbers.
"""

from __future__ import annotations

import re

from game.case.yamlsafe import MappingNode, Node, ScalarNode, SequenceNode

MAX_DIGITS = 15
"""Longer numbers are refused: no case needs them, and Python refuses very long ones."""

_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_BASED = re.compile(r"[-+]?0(?:[xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+|[0-9_]+)\Z")
_UNDERSCORED = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?\Z")
_BARE_POINT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.)\Z")
_EXPONENT = re.compile(r"[-+]?[0-9.]+[eE][-+]?[0-9]+\Z")
_YAML11_BOOLS = frozenset({"yes", "no", "on", "off", "y", "n"})
_BOOL_CASES = frozenset({"True", "TRUE", "False", "FALSE"})


class Refused(Exception):
    """A scalar that is not what the field expects.

    ``expected`` completes "… must be …"; ``message``, when given, replaces the
    whole sentence.
    """

    def __init__(self, expected: str, hint: str = "", code: str = "type", message: str = "") -> None:
        super().__init__(message or expected)
        self.expected = expected
        self.hint = hint
        self.code = code
        self.message = message


def describe(node: Node) -> str:
    """How a value reads in a message: ``'1:30'``, ``the quoted text "10"``, ``a list``."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if not isinstance(node, ScalarNode):
        return "that value"
    if node.style in ("literal", "folded"):
        return "a block of text"
    text = node.text if len(node.text) <= 40 else node.text[:37] + "..."
    if node.style == "plain":
        return f"'{text}'"
    return f'the quoted text "{text}"'


def as_integer(node: ScalarNode) -> int:
    """A plain decimal whole number such as ``12``, ``-3`` or ``+1``."""
    text = node.text
    if node.style == "plain" and _INTEGER.match(text):
        if len(text.lstrip("+-")) > MAX_DIGITS:
            raise Refused(
                "a whole number",
                f"numbers in a case have at most {MAX_DIGITS} digits",
                "range",
                f"the number {text[:20]}... is too large",
            )
        return int(text)
    raise Refused("a whole number", _number_hint(node, whole=True))


def as_number(node: ScalarNode) -> float:
    """A plain decimal number such as ``2``, ``0.3`` or ``-1.5``."""
    text = node.text
    if node.style == "plain" and _DECIMAL.match(text):
        if len(text.lstrip("+-")) > MAX_DIGITS + 1:
            raise Refused("a number", code="range", message=f"the number {text[:20]}... is too long")
        return float(text)
    raise Refused("a number", _number_hint(node, whole=False))


def as_boolean(node: ScalarNode) -> bool:
    """``true`` or ``false``, written plain and in lowercase."""
    text = node.text
    if node.style == "plain":
        if text == "true":
            return True
        if text == "false":
            return False
        if text in _BOOL_CASES:
            raise Refused("true or false", f"write '{text.lower()}' in lowercase")
        if text.lower() in _YAML11_BOOLS:
            raise Refused(
                "true or false",
                "YAML 1.1 reads yes/no/on/off as booleans but Parley does not; write true or false",
            )
    elif text in ("true", "false"):
        raise Refused("true or false", "remove the quotes")
    raise Refused("true or false")


def _number_hint(node: ScalarNode, whole: bool) -> str:
    text = node.text
    if node.style != "plain":
        if (_INTEGER if whole else _DECIMAL).match(text.strip()):
            return "remove the quotes"
        return ""
    if _SEXAGESIMAL.match(text):
        return "YAML 1.1 reads this as a base-60 number (1:30 is 90); write a plain decimal number such as 90"
    if _BASED.match(text):
        return "write a plain decimal number; hexadecimal, octal, binary and leading zeros are not allowed"
    if _BARE_POINT.match(text):
        return "write digits on both sides of the point, e.g. 0.5" if not whole else ""
    if _EXPONENT.match(text):
        return "write the number out in full, without an exponent"
    if "_" in text and _UNDERSCORED.match(text):
        return f"write {text.replace('_', '')} without '_'"
    if whole and _DECIMAL.match(text):
        return "use a whole number"
    return ""
