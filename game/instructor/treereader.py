"""Reading the small YAML files beside a case (expected paths, strategies) from a strict tree.

Both readers collect every problem as a :class:`~game.errors.Diagnostic` instead of stopping
at the first; this is what they share. Each says where its problems come from in ``error``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from game.case.yamlsafe import MappingNode, Node, ScalarNode
from game.errors import Diagnostic, did_you_mean

_TOP_LEVEL = ("empty", "top-level")
"""The codes of the YAML reader's problems whose hint tells how a *case* file starts."""


def as_file_of(diagnostics: Sequence[Diagnostic], start: str) -> tuple[Diagnostic, ...]:
    """The YAML reader's problems for a file beside a case: an empty file, or one whose top
    level is not a mapping, is told how *this* kind of file starts (``start``), not a case."""
    return tuple(
        dataclasses.replace(d, message=d.message.replace("of a case", "of this file"), hint=start)
        if d.code in _TOP_LEVEL
        else d
        for d in diagnostics
    )


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
                hint = did_you_mean(key.text, keys) or f"the keys allowed here are {', '.join(keys)}"
                self.error(key, f"unknown key '{key.text}' in {what}", hint)
            else:
                out[key.text] = value
        return out

    def text(self, node: Node, what: str) -> str | None:
        """``node``'s text, or a problem when it is not a non-empty scalar."""
        if isinstance(node, ScalarNode) and not node.is_null:
            return node.text
        self.error(node, f"{what} must be text")
        return None
