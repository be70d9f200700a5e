"""Errors and diagnostics.

Hierarchy::

    ParleyError(Exception)
    ├── CaseError(ParleyError, ValueError)      a case file has problems; carries diagnostics
    ├── MoveError(ParleyError, ValueError)      a move that is not allowed now
    └── StorageError(ParleyError, OSError)      saves or the database cannot be used

A :class:`Diagnostic` is one problem at one place.  Loading collects all of
them before failing, so an author sees every problem in a file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and what to do about it."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    code: str = ""
    severity: Severity = Severity.ERROR

    def format(self, with_code: bool = False) -> str:
        """``path:line:column: message (hint)``, the form editors understand."""
        where = f"{self.path}:{self.line}:{self.column}"
        code = f" {self.code}:" if with_code and self.code else ""
        level = " warning:" if self.severity is Severity.WARNING else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{level}{code} {self.message}{hint}"


class ParleyError(Exception):
    """Base of every error Parley raises on purpose."""


class CaseError(ParleyError, ValueError):
    """A case file could not be loaded; ``diagnostics`` says why."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class MoveError(ParleyError, ValueError):
    """A move was refused: unknown, locked, out of turn, or the case is over."""


class StorageError(ParleyError, OSError):
    """The save database or a save file could not be used."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean …" hint for a misspelt key or id, or an empty string."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return ""
