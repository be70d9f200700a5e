"""Tables derived from a loaded case (rules, scoring tables, plans), built once per case and shared.

A loaded case is immutable, so what is worked out from it can be kept as long as the program
runs; it is kept per case *object* (by its id, with the case itself, so that an id reused by a
later case never finds the earlier one's tables).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from game.case.model import Case

T = TypeVar("T")


class PerCase(Generic[T]):
    """Values derived from loaded cases, one per case, built on first use and shared afterwards
    (by threads too: when two ask at once, one builds and the other waits for it)."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[Case, T]] = {}
        self._lock = threading.Lock()

    def get(self, case: Case, build: Callable[[Case], T]) -> T:
        """The value of ``case``, ``build(case)`` the first time."""
        found = self._found.get(id(case))  # a lookup is atomic; the lock is for building
        if found is None or found[0] is not case:
            with self._lock:
                found = self._found.get(id(case))
                if found is None or found[0] is not case:
                    found = self._found[id(case)] = (case, build(case))
        return found[1]

    def forget(self, case: Case) -> None:
        """Drop the value of ``case`` (the next :meth:`get` builds it again)."""
        self._found.pop(id(case), None)
