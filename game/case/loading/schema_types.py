"""The vocabulary :mod:`game.case.schema` describes the case format in.

Each class is one kind of value a case may hold (text, a bounded whole number,
a list of ids, a record with fixed keys …).  They are plain frozen data: the
validator (:mod:`game.case.loading.shape`) and the JSON Schema export
(:mod:`game.case.loading.json_export`) each read them in their own way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, slots=True)
class Text:
    """Any text, in any scalar style."""


@dataclass(frozen=True, slots=True)
class Integer:
    """A plain decimal whole number, optionally bounded (inclusive)."""

    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, slots=True)
class Number:
    """A plain decimal number; ``above`` is an exclusive lower bound."""

    minimum: float | None = None
    above: float | None = None
    maximum: float | None = None


@dataclass(frozen=True, slots=True)
class Boolean:
    """``true`` or ``false``, nothing else."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One of a fixed set of words."""

    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Version:
    """The format version: ``oldest`` … ``value`` are read."""

    value: int
    oldest: int = 1


@dataclass(frozen=True, slots=True)
class Id:
    """The id of something declared here (a mapping key); must match ``pattern``."""

    pattern: str
    what: str
    rule: str


@dataclass(frozen=True, slots=True)
class Ref:
    """The id of something declared elsewhere in the case; checked once the case is read.

    ``suggestions`` (id → description) are offered by editors.
    """

    what: str
    pattern: str
    suggestions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class ConditionText:
    """A condition in the safe expression language of :mod:`game.case.conditions`."""


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list of values of one type."""

    item: Type
    min_items: int = 0


@dataclass(frozen=True, slots=True)
class MapOf:
    """A mapping from ids (declared or referred to) to values of one type."""

    key: Id | Ref
    value: Type
    min_items: int = 0


@dataclass(frozen=True, slots=True)
class Either:
    """One of several types, told apart by the shape of the value."""

    options: tuple[Type, ...]
    what: str


class _NoDefault:
    """Marks a field that has no default value."""

    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()
EMPTY: Mapping[str, Any] = MappingProxyType({})
"""The default of an optional mapping field."""


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a record."""

    name: str
    type: Type
    description: str
    required: bool = False
    default: Any = NO_DEFAULT
    since: int = 1
    """The format version that introduced the key; older files may not use it."""


@dataclass(frozen=True)
class Record:
    """A mapping with a fixed set of keys, and rules about which go together.

    * ``requires``: pairs ``(a, b)``: when ``a`` is written, ``b`` must be too;
    * ``exactly_one``: exactly one of these keys must be written;
    * ``at_least_one``: at least one of these keys must be written;
    * ``excludes``: pairs of keys that cannot both be written.
    """

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    requires: tuple[tuple[str, str], ...] = ()
    exactly_one: tuple[str, ...] = ()
    at_least_one: tuple[str, ...] = ()
    excludes: tuple[tuple[str, str], ...] = ()
    by_name: Mapping[str, Field] = field(init=False, repr=False, compare=False)
    required: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", MappingProxyType({f.name: f for f in self.fields}))
        object.__setattr__(self, "required", tuple(f.name for f in self.fields if f.required))


Type = (
    Text
    | Integer
    | Number
    | Boolean
    | Choice
    | Version
    | Id
    | Ref
    | ConditionText
    | ListOf
    | MapOf
    | Either
    | Record
)
