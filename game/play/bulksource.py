"""How the bulk engine's generated functions are made (:mod:`game.play.bulkcode` writes their lines).

A :class:`Source` gathers the lines of one function; every value the lines name (an id, a condition,
a plan, a weight) is bound once per case in a :class:`Namespace` under a name made here (``_k0``,
``_k1``...) and reaches the function as one of its arguments' defaults (``_a0``, ``_a1``...), so the
source holds no value of the case and functions of the same shape share one code object, compiled
once per process.  Every other number in a source is an ``int`` checked as one (:func:`_int`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import CodeType, FunctionType
from typing import Any

from game.case.conditions import Getter, _divide
from game.play.attribution import Breach, Cause
from game.play.bulkreads import Reads

# A value's name in the namespace, as Namespace.bind makes it (in the source made here, nowhere else).
_BOUND = re.compile(r"\b(_k[0-9]+)\b")
_PIECES: dict[str, tuple[str, ...]] = {}  # an expression of Reads split around the names in it
# (label, text) -> its code, compiled once per process: the text holds no value of a case (they
# are the function's defaults), so functions of the same shape share it, within and across cases
_CODES: dict[tuple[str, str], CodeType] = {}
_KEPT = 20_000


class Namespace:
    """The globals of a case's generated functions, shared by all of them: each value (an id, a
    condition, a plan) bound once, under a name this module makes (``_k0``, ``_k1``...)."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {
            "_Cause": Cause,
            "_new": object.__new__,
            # a Cause made field by field (its slots' setters: what the frozen dataclass's __init__
            # does, without its calls of object.__setattr__); tests/test_bulk_mirrors.py holds them equal
            "_role": Cause.role.__set__,  # type: ignore[attr-defined]
            "_seq": Cause.seq.__set__,  # type: ignore[attr-defined]
            "_round": Cause.round.__set__,  # type: ignore[attr-defined]
            "_move": Cause.move.__set__,  # type: ignore[attr-defined]
            "_Breach": Breach,
            "dict": dict,
            "set": set,
            "_bool": bool,  # the helpers of conditions.compile_code's syntax
            "_divide": _divide,
        }
        self._bound: dict[tuple[type, Any], str] = {}

    def bind(self, value: Any) -> str:
        """The global name under which ``value`` is bound."""
        if isinstance(value, float):  # by its text: 0.0 and -0.0 are equal but not the same number
            key: tuple[type, Any] = (float, repr(value))
        elif isinstance(value, str | int | bool | tuple):
            key = (type(value), value)
        else:
            key = (type(value), id(value))
        name = self._bound.get(key)
        if name is None:
            name = self._bound[key] = f"_k{len(self._bound)}"
            self.names[name] = value
        return name


class Source:
    """Lines of one generated function; its globals are ``reads``'s namespace (the case's), or a
    namespace of its own without ``reads``, which then calls every condition's compiled test."""

    def __init__(self, reads: Reads | None = None) -> None:
        self.lines: list[str] = []
        self.reads = reads
        self.used: dict[str, str] = {}  # global name -> the function's local name for it
        self.ahead = 0  # rows counted and not yet added to the local seq (see row)
        self.space: Namespace = reads.space if reads is not None else Namespace()  # type: ignore[assignment]

    def row(self) -> None:
        """One more row: counted here, added to ``seq`` by :meth:`settle` (one addition for a run of
        rows instead of one each)."""
        self.ahead += 1

    @property
    def seq(self) -> str:
        """The expression of the current row's seq."""
        return "seq" if not self.ahead else f"seq + {_int(self.ahead)}"

    def settle(self, indent: int) -> None:
        """Add the rows counted ahead to ``seq`` (before a branch or a loop, and at its end)."""
        if self.ahead:
            self.add(indent, f"seq += {_int(self.ahead)}")
            self.ahead = 0

    @property
    def names(self) -> dict[str, Any]:
        return self.space.names

    def test(self, test: Getter) -> str:
        """The expression of ``test`` applied to the board ``b``: the condition itself, read in
        place, when ``reads`` knows it; else a call of the compiled test."""
        if self.reads is not None:
            found = self.reads.inline(test)
            if found is not None:  # its values' global names made this function's locals
                pieces = _PIECES.get(found)
                if pieces is None:
                    pieces = _PIECES[found] = tuple(_BOUND.split(found))
                return "".join(
                    [self._local(piece) if number % 2 else piece for number, piece in enumerate(pieces)]
                )
        return f"{self.bind(test)}(b)"

    def bind(self, value: Any) -> str:
        """The name under which the function reads ``value`` (an id, a condition, a tuple): a
        local of its own (see :meth:`build`) for the global the namespace binds it to."""
        return self._local(self.space.bind(value))

    def _local(self, bound: str) -> str:
        name = self.used.get(bound)
        if name is None:
            name = self.used[bound] = f"_a{len(self.used)}"
        return name

    def add(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def build(self, header: str, label: str) -> Callable[..., Any]:
        """The function (``header`` is this module's ``def _f(...):`` line, ``label`` the code's
        file name), with the namespace as its globals.

        The values the body names are its arguments' defaults (``_a0``, ``_a1``... in order of
        first use, each standing for a global ``_k0``, ``_k1``...: locals, faster to read), so that
        functions that differ only in them (a move as two roles play it, an inject's effects in two
        phases, the rounds of two phases...) share one compiled code object: each distinct text is
        compiled once (see ``_CODES``)."""
        used = self.used
        body = "\n".join(self.lines)
        if used:
            header = header[: -len("):")] + ", " + ", ".join(used.values()) + "):"
        text = header + "\n" + body + "\n"
        names = self.space.names
        code = _CODES.get((label, text))
        if code is None:
            module = compile(text, label, "exec")
            code = next(c for c in module.co_consts if isinstance(c, CodeType))
            if len(_CODES) >= _KEPT:  # (a long-lived process loading many cases)
                _CODES.clear()
            _CODES[(label, text)] = code
        defaults = tuple(names[name] for name in used) or None
        return FunctionType(code, names, "_f", defaults)


def _int(value: object) -> str:
    """An integer as source text (checked: nothing but an int becomes source)."""
    if type(value) is not int:
        raise TypeError(f"expected an int, not {type(value).__name__}")
    return f"({value})"


def _local(prefix: str, number: int) -> str:
    """A local variable's name: this module's prefix and a checked int."""
    _int(number)
    return f"{prefix}{number}"
