"""Checking a YAML tree against :mod:`game.case.schema`.

:class:`Shaper` walks the tree alongside the declarative description and turns
it into checked values: Python text, numbers and booleans, :class:`Table` for
mappings (records and mappings of ids) and :class:`Items` for lists, each
keeping the nodes it came from for positions.  It reports unknown keys (with
"did you mean"), missing keys, wrong types, bad ids, values out of range and
keys that must or must not go together.

A value that is wrong is left out of its :class:`Table` or :class:`Items` and
the container is marked ``broken``, so later checks can skip what depends on
it instead of reporting the same problem again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from game.case.loading.checked import BAD, Items, Table
from game.case.loading.report import Report
from game.case.loading.scalars import Refused, as_boolean, as_integer, as_number, describe
from game.case.loading.schema_types import (
    EMPTY,
    NO_DEFAULT,
    Boolean,
    Choice,
    ConditionText,
    Either,
    Id,
    Integer,
    ListOf,
    MapOf,
    Number,
    Record,
    Ref,
    Text,
    Type,
    Version,
)
from game.case.yamlsafe import MappingNode, Node, RejectedNode, ScalarNode, SequenceNode
from game.errors import did_you_mean

_SCALAR_EXPECTED: dict[type, str] = {
    Text: "text",
    ConditionText: "a condition",
    Ref: "an id",
    Id: "an id",
    Integer: "a whole number",
    Number: "a number",
    Boolean: "true or false",
    Version: "a whole number",
}


class Shaper:
    """Checks nodes against types from :mod:`game.case.schema`, reporting what is wrong."""

    def __init__(self, report: Report, version: int = 1) -> None:
        self.report = report
        self.version = version  # the file's schema_version: keys of a later version are refused
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._handlers: dict[type, Callable[[Node, Any, str], Any]] = {
            Record: self._record,
            MapOf: self._map,
            ListOf: self._list,
            Either: self._either,
        }
        for scalar in (Text, ConditionText, Ref, Id, Integer, Number, Boolean, Version, Choice):
            self._handlers[scalar] = self._scalar

    def check(self, node: Node, kind: Type, label: str) -> Any:
        """The checked value of ``node``, or :data:`BAD` after reporting why not.

        ``label`` names the value in messages, e.g. ``'limit'`` or ``role 'kest'``.
        """
        return self._handlers[type(kind)](node, kind, label)

    # ------------------------------------------------------------------ scalars

    def _scalar(self, node: Node, kind: Any, label: str) -> Any:
        if node.__class__ is not ScalarNode:
            if node.__class__ is not RejectedNode:
                self._wrong(node, label, _expected(kind))
            return BAD
        if node.is_null:  # type: ignore[union-attr]
            self._empty(node, label)
            return BAD
        try:
            return self._convert(node, kind)  # type: ignore[arg-type]
        except Refused as refused:
            message = refused.message or f"{label} must be {refused.expected}, not {describe(node)}"
            self.report.error(node, message, refused.hint, refused.code)
            return BAD

    def _convert(self, node: ScalarNode, kind: Any) -> Any:
        cls = kind.__class__
        if cls is Text or cls is Ref or cls is ConditionText:
            return node.text
        if cls is Integer:
            return _within(as_integer(node), kind.minimum, None, kind.maximum)
        if cls is Number:
            return _within(as_number(node), kind.minimum, kind.above, kind.maximum)
        if cls is Boolean:
            return as_boolean(node)
        if cls is Choice:
            if node.text in kind.values:
                return node.text
            choices = ", ".join(kind.values)
            raise Refused(
                f"one of {choices}",
                did_you_mean(node.text, kind.values) or f"choose one of {choices}",
                "enum",
                f"'{node.text}' is not one of {choices}",
            )
        if cls is Id:
            pattern = self._patterns.get(kind.pattern)
            if pattern is None:
                pattern = self._patterns[kind.pattern] = re.compile(kind.pattern)
            if pattern.fullmatch(node.text) is None:
                raise Refused(kind.what, kind.rule, "bad-id", f"'{node.text}' is not a valid {kind.what}")
            return node.text
        if cls is Version:
            value = as_integer(node)
            if not kind.oldest <= value <= kind.value:
                raise Refused(
                    "a supported version",
                    f"this file needs a newer Parley, or set schema_version: {kind.value}",
                    "schema-version",
                    f"unsupported schema_version {value}; this Parley reads versions "
                    f"{kind.oldest} to {kind.value}",
                )
            return value
        raise TypeError(f"not a scalar type: {kind!r}")  # pragma: no cover

    def _wrong(self, node: Node, label: str, expected: str) -> None:
        self.report.error(node, f"{label} must be {expected}, not {describe(node)}", "", "type")

    def _empty(self, node: Node, label: str) -> None:
        self.report.error(
            node, f"{label} has no value", "write a value after the colon, or remove the key", "type"
        )

    # --------------------------------------------------------------- containers

    def _record(self, node: Node, kind: Record, label: str) -> Any:
        if node.__class__ is not MappingNode:
            return self._not_container(node, label, "a mapping")
        assert isinstance(node, MappingNode)
        table = Table(node.line, node.column)
        fields = kind.by_name
        check = self.check
        values, keys, nodes = table.values, table.keys, table.nodes
        refused: frozenset[str] | set[str] = _NONE_REFUSED  # keys of a later format version
        for key, value in node.pairs:
            name = key.text
            spec = fields.get(name)
            if spec is None:
                hint = did_you_mean(name, fields) or "the keys allowed here are " + ", ".join(fields)
                self.report.error(key, f"unknown key '{name}' in {label}", hint, "unknown-key")
                continue
            if spec.since > self.version:
                self.report.error(
                    key,
                    f"'{name}' is new in format version {spec.since}; this file says schema_version "
                    f"{self.version}",
                    f"set schema_version: {spec.since} at the top of the file",
                    "schema-version",
                )
                table.broken = True
                refused = {*refused, name}  # no default either: what refers to it is not reported again
                continue
            keys[name] = key
            nodes[name] = value
            result = check(value, spec.type, f"'{name}'")
            if result is BAD:
                table.broken = True
            else:
                values[name] = result
        missing = [name for name in kind.required if name not in keys]
        if missing:
            table.broken = True
            if not node.incomplete:
                self._missing(node, label, missing, kind)
        for spec in kind.fields:
            if spec.default is not NO_DEFAULT and spec.name not in keys and spec.name not in refused:
                values[spec.name] = self._default(spec.default, node)
        self._together(table, kind, label)
        return table

    def _missing(self, node: MappingNode, label: str, missing: list[str], kind: Record) -> None:
        """One diagnostic for every required key a mapping lacks."""
        if len(missing) == 1:
            name = missing[0]
            hint = f"add '{name}:' ({kind.by_name[name].description})"
            self.report.error(node, f"{label} is missing the required key '{name}'", hint, "missing-key")
            return
        self.report.error(
            node,
            f"{label} is missing the required keys {_options(tuple(missing), 'and')}",
            "'parley guide format' says what each one holds",
            "missing-key",
        )

    def _together(self, table: Table, kind: Record, label: str) -> None:
        keys = table.keys
        report = self.report
        for first, second in kind.requires:
            if first in keys and second not in keys:
                table.broken = True
                report.error(
                    keys[first],
                    f"'{first}' is set but '{second}' is missing",
                    f"add '{second}'",
                    "missing-key",
                )
        if kind.exactly_one:
            present = [name for name in kind.exactly_one if name in keys]
            options = _options(kind.exactly_one)
            if not present:
                table.broken = True
                report.error(table.pos, f"{label} needs one of {options}", "", "one-of")
            elif len(present) > 1:
                table.broken = True
                report.error(
                    keys[present[1]],
                    f"{label} has both '{present[0]}' and '{present[1]}'; write exactly one of {options}",
                    "split it into two rules",
                    "one-of",
                )
        if kind.at_least_one and not any(name in keys for name in kind.at_least_one):
            table.broken = True
            report.error(
                table.pos, f"{label} needs at least one of {_options(kind.at_least_one)}", "", "one-of"
            )
        for first, second in kind.excludes:
            if first in keys and second in keys:
                table.broken = True
                later = max(keys[first], keys[second], key=lambda k: (k.line, k.column))
                message = f"'{first}' cannot be used together with '{second}'"
                report.error(later, message, "remove one of them", "conflict")

    def _default(self, default: Any, node: MappingNode) -> Any:
        if default == ():
            return Items(node.line, node.column)
        if default is EMPTY:
            return Table(node.line, node.column)
        return default

    def _map(self, node: Node, kind: MapOf, label: str) -> Any:
        if node.__class__ is not MappingNode:
            return self._not_container(node, label, "a mapping")
        assert isinstance(node, MappingNode)
        table = Table(node.line, node.column)
        key_kind = kind.key
        pattern: re.Pattern[str] | None = None
        noun = "'{}'"
        if isinstance(key_kind, Id):
            pattern = self._patterns.get(key_kind.pattern)
            if pattern is None:
                pattern = self._patterns[key_kind.pattern] = re.compile(key_kind.pattern)
            noun = key_kind.what.removesuffix(" id") + " '{}'"
        value_kind = kind.value
        check = self.check
        values, keys, nodes = table.values, table.keys, table.nodes
        for key, value in node.pairs:
            name = key.text
            if pattern is not None and pattern.fullmatch(name) is None:
                assert isinstance(key_kind, Id)
                self.report.error(key, f"'{name}' is not a valid {key_kind.what}", key_kind.rule, "bad-id")
            keys[name] = key
            nodes[name] = value
            result = check(value, value_kind, noun.format(name))
            if result is BAD:
                table.broken = True
            else:
                values[name] = result
        if len(node.pairs) < kind.min_items and not node.incomplete:
            table.broken = True
            entries = "entry" if kind.min_items == 1 else "entries"
            self.report.error(node, f"{label} needs at least {kind.min_items} {entries}", "", "too-few")
        return table

    def _list(self, node: Node, kind: ListOf, label: str) -> Any:
        if node.__class__ is not SequenceNode:
            return self._not_container(node, label, "a list")
        assert isinstance(node, SequenceNode)
        items = Items(node.line, node.column)
        item_kind = kind.item
        check = self.check
        values, nodes = items.values, items.nodes
        noun = item_kind.title.lower() if isinstance(item_kind, Record) else "item"
        for index, item in enumerate(node.items, 1):
            result = check(item, item_kind, f"{noun} {index} of {label}")
            if result is BAD:
                items.broken = True
            else:
                values.append(result)
                nodes.append(item)
        if len(node.items) < kind.min_items:
            items.broken = True
            self.report.error(node, f"{label} needs at least {kind.min_items} item(s)", "", "too-few")
        return items

    def _not_container(self, node: Node, label: str, expected: str) -> Any:
        if node.__class__ is ScalarNode and node.is_null:  # type: ignore[union-attr]
            self._empty(node, label)
        elif node.__class__ is not RejectedNode:
            self._wrong(node, label, expected)
        return BAD

    def _either(self, node: Node, kind: Either, label: str) -> Any:
        if node.__class__ is RejectedNode:
            return BAD
        wanted: tuple[type, ...]
        if node.__class__ is MappingNode:
            wanted = (Record, MapOf)
        elif node.__class__ is SequenceNode:
            wanted = (ListOf,)
        else:
            wanted = ()
        for option in kind.options:
            if isinstance(option, wanted):
                return self.check(node, option, label)
        if not isinstance(node, ScalarNode):
            self._wrong(node, label, kind.what)
            return BAD
        if node.is_null:
            self._empty(node, label)
            return BAD
        hint = ""
        for option in kind.options:
            if option.__class__ in _SCALAR_EXPECTED or isinstance(option, Choice):
                try:
                    return self._convert(node, option)
                except Refused as refused:
                    if refused.code != "type":
                        message = (
                            refused.message or f"{label} must be {refused.expected}, not {describe(node)}"
                        )
                        self.report.error(node, message, refused.hint, refused.code)
                        return BAD
                    hint = hint or refused.hint
        self.report.error(node, f"{label} must be {kind.what}, not {describe(node)}", hint, "type")
        return BAD


_NONE_REFUSED: frozenset[str] = frozenset()


def _expected(kind: Any) -> str:
    if isinstance(kind, Choice):
        return "one of " + ", ".join(kind.values)
    return _SCALAR_EXPECTED.get(kind.__class__, "a value")


def _options(names: tuple[str, ...], joiner: str = "or") -> str:
    quoted = [f"'{name}'" for name in names]
    return ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def _within(value: Any, minimum: float | None, above: float | None, maximum: float | None) -> Any:
    low_ok = (minimum is None or value >= minimum) and (above is None or value > above)
    high_ok = maximum is None or value <= maximum
    if low_ok and high_ok:
        return value
    parts = []
    if minimum is not None:
        parts.append(f"at least {_number(minimum)}")
    if above is not None:
        parts.append(f"more than {_number(above)}")
    if maximum is not None:
        parts.append(f"at most {_number(maximum)}")
    raise Refused(" and ".join(parts), code="range")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
