"""Turning the YAML parser's events into a node tree, refusing what Parley's strict subset does not allow.

Working from events means no tag is ever resolved or constructed, no implicit
resolver types a scalar, and anchors, aliases, merge keys and duplicate keys
are all seen (and reported) instead of silently applied.
"""

from __future__ import annotations

from typing import Any

import yaml

from game.case.loading.report import printable
from game.case.loading.yamlnodes import Document, MappingNode, Node, RejectedNode, ScalarNode, SequenceNode
from game.errors import Diagnostic
from game.textsafe import first_control

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_TEXT = 20_000
"""The longest text (in characters) one value of a case may hold: about eight pages, 20 times the
longest text of a built-in case; longer ones make the terminal app slow to draw."""

MAX_DEPTH = 32
"""The deepest nesting of lists and mappings read (a case needs 6; libyaml slows down sharply with depth)."""

_STYLES = {None: "plain", "": "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}
_MERGE = "<<"


def build(document: Document) -> None:
    """Parse ``document.text`` into ``document.root``, adding what is wrong to its diagnostics."""
    _Builder(document).run()


def _written_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


_SKIP = ScalarNode("", "plain", 0, 0)  # marks a pair whose key was refused


class _TooDeep(Exception):
    """Raised to stop reading a document nested deeper than :data:`MAX_DEPTH`."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.line = line
        self.column = column


class _Frame:
    __slots__ = ("key", "merging", "node", "seen", "tagged")

    def __init__(self, node: MappingNode | SequenceNode, tagged: bool) -> None:
        self.node = node
        self.key: ScalarNode | None = None
        self.seen: dict[str, ScalarNode] | None = {} if isinstance(node, MappingNode) else None
        self.tagged = tagged
        self.merging = False


class _Builder:
    """Turns parser events into nodes, reporting what the strict subset refuses."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.path = document.path
        self.report = document.diagnostics
        self.stack: list[_Frame] = []
        self.root: Node | None = None
        self.anchors: dict[str, list[Any]] = {}  # name -> [line, column, used]

    def error(self, line: int, column: int, message: str, hint: str, code: str) -> None:
        self.report.append(Diagnostic(self.path, line, column, printable(message), printable(hint), code))

    def run(self) -> None:
        parser = _Loader(self.document.text)
        try:
            self._consume(parser)
        except yaml.MarkedYAMLError as error:
            self._syntax(error)
            return
        except _TooDeep as deep:
            self.error(
                deep.line,
                deep.column,
                f"the YAML is nested more than {MAX_DEPTH} levels deep here",
                "a case needs only a few levels of lists and mappings",
                "too-deep",
            )
            return
        except yaml.YAMLError as error:  # a reader error without a mark
            self.error(1, 1, f"invalid YAML: {error}", "", "yaml-syntax")
            return
        finally:
            parser.dispose()
        self._unused_anchors()
        root = self.root
        if root is None or (isinstance(root, ScalarNode) and root.is_null):
            if not any(d.code == "multiple-documents" for d in self.report):
                self.error(
                    1,
                    1,
                    "the file is empty",
                    "a case is a mapping that starts with 'schema_version: 2'",
                    "empty",
                )
            return
        if isinstance(root, MappingNode):
            self.document.root = root
        elif not isinstance(root, RejectedNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            self.error(
                root.line,
                root.column,
                f"the top level of a case must be a mapping of keys, not {kind}",
                "start with 'schema_version: 2' and the other top-level keys",
                "top-level",
            )

    def _fit_text(self, text: str, line: int, column: int) -> bool:
        """Whether a scalar's text may be used: no control character (escapes included), not too long."""
        if len(text) > MAX_TEXT:
            self.error(
                line,
                column,
                f"this text is {len(text):,} characters long; a text in a case may be at most {MAX_TEXT:,}",
                "shorten it, or split it over several phases or injects",
                "too-long",
            )
            return False
        bad = first_control(text)
        if bad >= 0:
            self.error(
                line,
                column,
                f'the text "{text if len(text) <= 40 else text[:37] + "..."}" contains the control '
                f"character U+{ord(text[bad]):04X} (character {bad + 1}), which a case may not hold",
                "remove it: of the control characters only tab and newline are allowed, "
                "and double-quoted escapes such as \\e or \\a count too",
                "control-character",
            )
            return False
        return True

    def _consume(self, parser: Any) -> None:
        get_event = parser.get_event
        documents = 0
        scalar_event = yaml.ScalarEvent
        while True:
            event = get_event()
            kind = event.__class__
            if kind is scalar_event:
                mark = event.start_mark
                style = _STYLES.get(event.style, "plain")
                node: Node = ScalarNode(event.value, style, mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    self._anchor(event.anchor, node.line, node.column)
                if event.tag is not None:
                    self._tag(event.tag, node.line, node.column)
                    node = RejectedNode(node.line, node.column)
                elif not self._fit_text(event.value, node.line, node.column):
                    node = RejectedNode(node.line, node.column)
                self._attach(node)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if event.anchor is not None:
                    self._anchor(event.anchor, line, column)
                tagged = event.tag is not None
                if tagged:
                    self._tag(event.tag, line, column)
                container = (
                    MappingNode(line, column)
                    if kind is yaml.MappingStartEvent
                    else SequenceNode(line, column)
                )
                self.stack.append(_Frame(container, tagged))
                if len(self.stack) > MAX_DEPTH:
                    raise _TooDeep(line, column)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = self.stack.pop()
                done = frame.node
                self._attach(RejectedNode(done.line, done.column) if frame.tagged else done)
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                self._alias(event.anchor, mark.line + 1, mark.column + 1)
                self._attach(RejectedNode(mark.line + 1, mark.column + 1))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    self.error(
                        mark.line + 1,
                        mark.column + 1,
                        "a case file holds one YAML document; this is a second one",
                        "remove the '---' line and what follows, or put it in its own file",
                        "multiple-documents",
                    )
                    return
            elif kind is yaml.StreamEndEvent:
                return

    def _attach(self, node: Node) -> None:
        stack = self.stack
        if not stack:
            self.root = node
            return
        frame = stack[-1]
        container = frame.node
        if isinstance(container, SequenceNode):
            container.items.append(node)
            return
        key = frame.key
        if key is None:
            frame.key = self._accept_key(frame, node)
            return
        frame.key = None
        frame.merging = False
        if key is not _SKIP:
            container.pairs.append((key, node))

    def _accept_key(self, frame: _Frame, node: Node) -> ScalarNode:
        if isinstance(node, RejectedNode):
            return _SKIP
        if not isinstance(node, ScalarNode):
            self.error(
                node.line,
                node.column,
                "a key must be plain text, not a list or a mapping",
                "write 'key: value'",
                "type",
            )
            return _SKIP
        if node.text == _MERGE and node.style == "plain":
            self.error(
                node.line,
                node.column,
                "merge keys ('<<') are not allowed in a case",
                "write every key out in full",
                "merge-key",
            )
            frame.merging = True
            assert isinstance(frame.node, MappingNode)
            frame.node.incomplete = True
            return _SKIP
        seen = frame.seen
        assert seen is not None
        first = seen.get(node.text)
        if first is not None:
            self.error(
                node.line,
                node.column,
                f"duplicate key '{node.text}'; it is already set at line {first.line}",
                "YAML would silently keep only the last one; remove or rename one of them",
                "duplicate-key",
            )
            return _SKIP
        seen[node.text] = node
        return node

    def _anchor(self, name: str, line: int, column: int) -> None:
        self.anchors[name] = [line, column, False]

    def _alias(self, name: str, line: int, column: int) -> None:
        anchor = self.anchors.get(name)
        if anchor is not None:
            anchor[2] = True
        if self._in_merge():
            return
        where = f" (the anchor '&{name}' is at line {anchor[0]})" if anchor else ""
        self.error(
            line,
            column,
            f"YAML aliases ('*{name}') are not allowed in a case{where}",
            "write the value out in full and remove the anchor",
            "alias",
        )

    def _in_merge(self) -> bool:
        stack = self.stack
        if stack and stack[-1].merging:
            return True
        return len(stack) >= 2 and isinstance(stack[-1].node, SequenceNode) and stack[-2].merging

    def _unused_anchors(self) -> None:
        for name, (line, column, used) in self.anchors.items():
            if not used:
                self.error(
                    line,
                    column,
                    f"YAML anchors ('&{name}') are not allowed in a case",
                    f"remove '&{name}'",
                    "anchor",
                )

    def _tag(self, tag: str, line: int, column: int) -> None:
        written = _written_tag(tag)
        self.error(
            line,
            column,
            f"YAML tags such as '{written}' are not allowed in a case; it was not read",
            "remove the tag; every field's type is fixed by the format",
            "tag",
        )

    def _syntax(self, error: yaml.MarkedYAMLError) -> None:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = error.problem or "the text is not valid YAML"
        hint = ""
        if error.context:
            hint = error.context
            start = error.context_mark
            if start is not None and start is not mark:
                hint += f" that starts at line {start.line + 1}, column {start.column + 1}"
        lines = self.document.lines
        if 0 < line <= len(lines) and "\t" in lines[line - 1][: column + 1]:
            hint = "indent with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            hint = "put text that contains ': ' in quotes, or check the indentation"
        elif not hint:
            hint = "check the indentation, colons, quotes and brackets near here"
        self.error(line, column, f"invalid YAML: {problem}", hint, "yaml-syntax")
