"""Shared helpers for printing results and errors from commands.

Every command prints through :class:`VisibleStream`, which :func:`cli.main.main`
puts in place of standard output and standard error for the time of the
command: whatever a command prints (case text, stored values, JSON, CSV),
control characters reach the terminal written out (:func:`game.textsafe.visible`),
never as escape sequences.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from enum import Enum
from typing import Any

from game.errors import Diagnostic
from game.textsafe import visible

SEED_RANGE = (-(2**63), 2**63 - 1)
"""Seeds a session can be saved with (SQLite's INTEGER)."""


def seed(text: str) -> int:
    """An argparse type: a whole number a saved session can hold as its seed."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    low, high = SEED_RANGE
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from {low} to {high}")
    return value


class Failure(Exception):
    """A command cannot go on; the message says why and what to do."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def print_diagnostics(diagnostics: Iterable[Diagnostic], with_code: bool = False) -> None:
    """One ``path:line:column: message`` line per problem, on stderr."""
    for diagnostic in diagnostics:
        print(diagnostic.format(with_code=with_code), file=sys.stderr)


def plain(value: Any) -> Any:
    """Dataclasses, enums, tuples and mappings as JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """Compact, key-sorted JSON: the same value always gives the same text."""
    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class VisibleStream:
    """A text stream that writes to ``unfiltered`` with control characters written out.

    Tab and newline pass; everything else is as :func:`game.textsafe.visible`
    makes it.  ``unfiltered`` stays reachable for the few writers that need a
    carriage return (a progress bar redrawn in place on a terminal).
    """

    def __init__(self, unfiltered: Any) -> None:
        self.unfiltered = unfiltered

    def write(self, text: str) -> int:
        self.unfiltered.write(visible(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding …
        return getattr(self.unfiltered, name)


@contextmanager
def visible_output() -> Iterator[None]:
    """Standard output and standard error as :class:`VisibleStream` for the time of the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(saved[0]), VisibleStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def unfiltered(stream: Any) -> Any:
    """The stream under a :class:`VisibleStream` (or ``stream`` itself)."""
    return getattr(stream, "unfiltered", stream)
