"""The tree a case file is read into: scalars, lists and mappings with their positions.

:mod:`game.case.yamlsafe` builds it; lines and columns are 1-based.  A node that
cannot be used (an alias, a tagged value) is a :class:`RejectedNode`, so later
checks skip it instead of reporting it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from game.errors import Diagnostic

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break."""


class ScalarNode:
    """A scalar as written: raw text, style and where it starts.

    ``style`` is ``plain``, ``single``, ``double``, ``literal`` or ``folded``.
    ``line`` and ``column`` mark the first character of the scalar: the quote
    of a quoted scalar, the ``|`` or ``>`` of a block scalar.
    """

    __slots__ = ("column", "line", "style", "text")

    def __init__(self, text: str, style: str, line: int, column: int) -> None:
        self.text = text
        self.style = style
        self.line = line
        self.column = column

    @property
    def is_null(self) -> bool:
        """True for a plain scalar with no text, which YAML reads as "no value"."""
        return self.style == "plain" and not self.text

    def __repr__(self) -> str:
        return f"ScalarNode({self.text!r}, {self.style}, {self.line}:{self.column})"


class SequenceNode:
    """A list of nodes."""

    __slots__ = ("column", "items", "line")

    def __init__(self, line: int, column: int) -> None:
        self.items: list[Node] = []
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"SequenceNode({len(self.items)} items, {self.line}:{self.column})"


class MappingNode:
    """Key and value nodes in the order written, without duplicates.

    ``incomplete`` is true when a pair was dropped (a merge key), so checks
    for missing keys would only repeat a problem already reported.
    """

    __slots__ = ("column", "incomplete", "line", "pairs")

    def __init__(self, line: int, column: int) -> None:
        self.pairs: list[tuple[ScalarNode, Node]] = []
        self.line = line
        self.column = column
        self.incomplete = False

    def __repr__(self) -> str:
        return f"MappingNode({len(self.pairs)} pairs, {self.line}:{self.column})"


class RejectedNode:
    """Stands for a value already reported as unusable (an alias, a tagged node)."""

    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"RejectedNode({self.line}:{self.column})"


Node = ScalarNode | SequenceNode | MappingNode | RejectedNode


@dataclass(slots=True)
class Document:
    """A read case file: its tree, text, digest and the problems found reading it.

    ``root`` is ``None`` when the file could not be read into a mapping; the
    reason is in ``diagnostics``.
    """

    path: str
    text: str
    digest: str
    root: MappingNode | None
    diagnostics: list[Diagnostic]
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        """The text split into lines the way YAML counts them."""
        if self._lines is None:
            self._lines = LINE_BREAK.split(self.text)
        return self._lines

    def locate(self, node: ScalarNode, offset: int) -> tuple[int, int]:
        """The line and column in the file of character ``offset`` of a scalar's text.

        Exact for single-line plain and quoted scalars and for literal block
        scalars; elsewhere the start of the text is given.
        """
        if node.style in ("literal", "folded"):
            return self._locate_block(node, offset)
        start = node.column - 1 + (0 if node.style == "plain" else 1)
        lines = self.lines
        if node.line - 1 < len(lines):
            source = lines[node.line - 1]
            head = node.text[:offset]
            if source[start : start + offset] == head and "\n" not in head:
                return node.line, start + offset + 1
        return node.line, start + 1

    def _locate_block(self, node: ScalarNode, offset: int) -> tuple[int, int]:
        lines = self.lines
        first = node.line  # index of the line after the indicator
        while first < len(lines) and not lines[first].strip():
            first += 1
        if first >= len(lines):
            return node.line, node.column
        indent = len(lines[first]) - len(lines[first].lstrip(" "))
        head = node.text[:offset]
        row = head.count("\n")
        tail = head[head.rfind("\n") + 1 :]
        index = node.line + row if node.style == "literal" else first
        exact = node.style == "literal" or row == 0
        if exact and index < len(lines) and lines[index][indent : indent + len(tail)] == tail:
            return index + 1, indent + len(tail) + 1
        return first + 1, indent + 1
