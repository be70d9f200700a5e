"""What checking a case's tree against the schema gives: checked values that remember their nodes.

:class:`Table` holds a checked mapping (a record, or a mapping of ids),
:class:`Items` a checked list; scalars become plain Python values.  A value
that failed its check is left out and its container marked ``broken``;
:data:`BAD` is what the checker returns for a value that could not be used at all.
"""

from __future__ import annotations

from typing import Any

from game.case.model import Pos
from game.case.yamlsafe import Node, ScalarNode


class _Bad:
    """The result of checking a value that is wrong (already reported)."""

    def __repr__(self) -> str:
        return "BAD"


BAD: Any = _Bad()


class Table:
    """A checked mapping: a record (defaults filled in) or a mapping of ids.

    ``keys`` holds every key as written (even when its value was wrong),
    ``values`` only the values that passed, ``nodes`` the value nodes.
    """

    __slots__ = ("broken", "column", "keys", "line", "nodes", "values")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.values: dict[str, Any] = {}
        self.keys: dict[str, ScalarNode] = {}
        self.nodes: dict[str, Node] = {}
        self.broken = False

    def get(self, key: str, default: Any = None) -> Any:
        """The checked value of ``key``, or ``default`` if absent or wrong."""
        return self.values.get(key, default)

    @property
    def pos(self) -> Pos:
        """Where the mapping starts."""
        return Pos(self.line, self.column)

    def key_pos(self, key: str) -> Pos:
        """Where ``key`` is written, or the mapping's start."""
        node = self.keys.get(key)
        return Pos(node.line, node.column) if node is not None else self.pos

    def value_node(self, key: str) -> Node | Pos:
        """The node of ``key``'s value, or the mapping's start if it was not written."""
        node = self.nodes.get(key)
        return node if node is not None else self.pos

    def __repr__(self) -> str:
        return f"Table({self.values!r})"


class Items:
    """A checked list: the values that passed and the nodes they came from."""

    __slots__ = ("broken", "column", "line", "nodes", "values")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.values: list[Any] = []
        self.nodes: list[Node] = []
        self.broken = False

    def __iter__(self) -> Any:
        return zip(self.values, self.nodes, strict=True)

    def __len__(self) -> int:
        return len(self.values)

    @property
    def pos(self) -> Pos:
        """Where the list starts."""
        return Pos(self.line, self.column)

    def __repr__(self) -> str:
        return f"Items({self.values!r})"
