"""Reading the small YAML files beside a case (expected paths, strategies) from a strict tree.

Both readers collect every problem as a :class:`~game.errors.Diagnostic` instead of stopping
at the first; this is what they share. Each says where its problems come from in ``error``.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.case.yamlsafe import MappingNode, Node, ScalarNode
from game.errors import did_you_mean


class TreeReader:
    """Checks for mappings of known keys and for text; problems go to :meth:`error`."""

    def error(self, node: Node, message: str, hint: str = "") -> None:
        """Record a problem at ``node``."""
        raise NotImplementedError

    def mapping(self, node: Node, what: str, keys: Sequence[str]) -> dict[str, Node] | None:
        """``node``'s known keys and their values (unknown keys reported with a did-you-mean)."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping")
            return None
        out: dict[str, Node] = {}
        for key, value in node.pairs:
            if key.text not in keys:
                self.error(key, f"unknown key '{key.text}' in {what}", did_you_mean(key.text, keys))
            else:
                out[key.text] = value
        return out

    def text(self, node: Node, what: str) -> str | None:
        """``node``'s text, or a problem when it is not a non-empty scalar."""
        if isinstance(node, ScalarNode) and not node.is_null:
            return node.text
        self.error(node, f"{what} must be text")
        return None
