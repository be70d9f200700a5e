"""Collecting the problems found while loading one case file."""

from __future__ import annotations

import re

from game.case.loading.yamlnodes import Node
from game.case.model import Pos
from game.errors import Diagnostic

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on one terminal line: control and bidi characters are shown escaped.

    Messages quote what authors wrote (ids, keys, values), and a terminal must
    not act on an escape sequence hidden in a case file.
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class Report:
    """The diagnostics of one file, in the order found."""

    __slots__ = ("diagnostics", "path")

    def __init__(self, path: str, diagnostics: list[Diagnostic] | None = None) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = diagnostics if diagnostics is not None else []

    def error(
        self, where: Node | Pos | tuple[int, int], message: str, hint: str = "", code: str = ""
    ) -> None:
        """Record an error at a node, a position or a ``(line, column)`` pair."""
        if isinstance(where, tuple):
            line, column = where
        else:
            line, column = where.line, where.column
        self.diagnostics.append(
            Diagnostic(self.path, line, column, printable(message), printable(hint), code)
        )

    def __len__(self) -> int:
        return len(self.diagnostics)

    def sorted(self) -> tuple[Diagnostic, ...]:
        """Every diagnostic, by line then column (ties keep the order found)."""
        return tuple(sorted(self.diagnostics, key=lambda d: (d.line, d.column)))


def pos(node: Node) -> Pos:
    """Where a node starts."""
    return Pos(node.line, node.column)
