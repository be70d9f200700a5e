"""Turning the description in :mod:`game.case.schema` into a JSON Schema (draft 2020-12) for editors.

Records become ``$defs`` with ``additionalProperties: false``; the rules about
keys that go together become ``dependentRequired``, ``oneOf``, ``anyOf`` and
``not``; descriptions, defaults, enums and id patterns are carried over so an
editor can autocomplete a case and explain each key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.case.loading.schema_types import (
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

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def to_json_schema(root: Record, comment: str) -> dict[str, Any]:
    """A JSON Schema document for values of ``root``, with every other record under ``$defs``."""
    defs: dict[str, Any] = {}
    schema = _record_schema(root, defs)
    defs.pop(root.name, None)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$comment": comment,
        **schema,
        "$defs": dict(sorted(defs.items())),
    }


def _type_schema(kind: Type, defs: dict[str, Any]) -> dict[str, Any]:
    if isinstance(kind, Record):
        if kind.name not in defs:
            defs[kind.name] = {}  # placeholder against recursion
            defs[kind.name] = _record_schema(kind, defs)
        return {"$ref": f"#/$defs/{kind.name}"}
    if isinstance(kind, Text):
        return {"type": "string"}
    if isinstance(kind, ConditionText):
        return {"type": "string", "minLength": 1}
    if isinstance(kind, Integer):
        return _bounded({"type": "integer"}, minimum=kind.minimum, maximum=kind.maximum)
    if isinstance(kind, Number):
        return _bounded(
            {"type": "number"}, minimum=kind.minimum, exclusiveMinimum=kind.above, maximum=kind.maximum
        )
    if isinstance(kind, Boolean):
        return {"type": "boolean"}
    if isinstance(kind, Choice):
        return {"type": "string", "enum": list(kind.values)}
    if isinstance(kind, Version):
        return {"type": "integer", "enum": list(range(kind.oldest, kind.value + 1))}
    if isinstance(kind, Id):
        return {"type": "string", "pattern": kind.pattern}
    if isinstance(kind, Ref):
        plain = {"type": "string", "pattern": kind.pattern}
        if not kind.suggestions:
            return plain
        name = kind.what.replace(" ", "_") + "_id"
        if name not in defs:
            known = [{"const": key, "description": text} for key, text in kind.suggestions.items()]
            defs[name] = {"anyOf": [*known, plain], "description": f"A {kind.what} id."}
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(kind, ListOf):
        return _bounded(
            {"type": "array", "items": _type_schema(kind.item, defs)}, minItems=kind.min_items or None
        )
    if isinstance(kind, MapOf):
        return _bounded(
            {
                "type": "object",
                "propertyNames": {"pattern": kind.key.pattern},
                "additionalProperties": _type_schema(kind.value, defs),
            },
            minProperties=kind.min_items or None,
        )
    if isinstance(kind, Either):
        return {"anyOf": [_type_schema(option, defs) for option in kind.options]}
    raise TypeError(f"no JSON Schema for {kind!r}")  # pragma: no cover - every type is handled above


def _bounded(schema: dict[str, Any], **bounds: float | None) -> dict[str, Any]:
    schema.update({key: value for key, value in bounds.items() if value is not None})
    return schema


def _record_schema(record: Record, defs: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for item in record.fields:
        schema = dict(_type_schema(item.type, defs))
        schema["description"] = item.description
        if item.default is not NO_DEFAULT:
            schema["default"] = _json_default(item.default)
        properties[item.name] = schema
    out: dict[str, Any] = {
        "type": "object",
        "title": record.title,
        "description": record.description,
        "properties": properties,
        "additionalProperties": False,
    }
    if record.required:
        out["required"] = list(record.required)
    if record.requires:
        dependent: dict[str, list[str]] = {}
        for first, second in record.requires:
            dependent.setdefault(first, []).append(second)
        out["dependentRequired"] = dependent
    if record.exactly_one:
        out["oneOf"] = [{"required": [name]} for name in record.exactly_one]
    if record.at_least_one:
        out["anyOf"] = [{"required": [name]} for name in record.at_least_one]
    if record.excludes:
        out["allOf"] = [{"not": {"required": list(pair)}} for pair in record.excludes]
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value
