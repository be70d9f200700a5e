"""The phase graph as a ``transitions`` state machine.

Each phase and each ending of a case is a state; endings are final.  Two
triggers drive it, both called once at the end of a round:

* ``advance(board)`` takes the first exit of the current phase whose compiled
  condition holds, in the order written, then the phase's timeout;
* ``expire(board)`` sends any phase to ``rounds.on_limit`` once the round
  limit is reached.

Author-written text never reaches ``transitions``: conditions are the compiled
closures of :mod:`game.case.conditions`, triggers and callbacks are our own names,
and ``auto_transitions`` is off.

Every guard is a :class:`Guard`, which keeps the exit (or the timeout) it was
made from, so tools can read the phase graph back from the machine's own
transitions (see :mod:`game.instructor.phasegraph`) instead of re-deriving it from the
case.

One machine is built per case (see :mod:`game.play.rules`) and drives one small cursor object: a session
puts its phase on the cursor, fires a trigger and reads the new phase back,
under a lock.  Attaching a model per session (``add_model``) costs ~90 µs,
more than a whole round of the engine.

A trigger costs several microseconds even when no transition is taken, and at
the end of most rounds none is.  So :meth:`PhaseMachine.step` first asks the
phase's guards (they are pure) whether any holds, and fires ``advance`` only
then.  Firing costs about 25 µs, as much as a third of a whole playthrough in
bulk play (:mod:`game.play.bulk`), so each step ``transitions`` takes is also
remembered: where the machine goes depends only on the phase, which of its guards
holds first (``transitions`` tries a trigger's transitions in the order they were
added, the order of ``_guards``) and whether the round limit is reached.  The first
time a (phase, first guard that holds, limit) comes up, ``transitions`` makes the
step; every later time the machine's answer is given again (``remember=False``
always fires it; ``tests/test_machine.py`` holds the two equal).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from transitions import Machine, State

from game.case.model import Case, Exit
from game.play.board import Board


class _Cursor:
    """The single model the machine moves; holds nothing but ``state``."""

    state: str


@dataclass(frozen=True, slots=True)
class Step:
    """Where the machine went: the new state and why."""

    state: str
    reason: str  # "exit", "timeout" or "limit"


@dataclass(frozen=True, slots=True)
class Guard:
    """The condition of one ``advance`` transition, and what it was made from.

    ``kind`` is ``"exit"`` (``exit`` is the case's exit) or ``"timeout"``
    (``max_rounds`` is the phase's limit).  Calling it reads a board and
    returns a plain bool, as ``transitions`` compares the result with ``True``.
    """

    kind: str
    test: Callable[[Board], object]
    exit: Exit | None = None
    max_rounds: int | None = None

    def __call__(self, board: Board) -> bool:
        return bool(self.test(board))


class PhaseMachine:
    """The ``transitions`` machine of one case."""

    def __init__(self, case: Case, remember: bool = True) -> None:
        self.case = case
        self._lock = threading.Lock()
        # (phase, index of the first guard that holds or -1, limit reached) -> the steps it made
        self._remember = remember
        self._taken: dict[tuple[str, int, bool], tuple[Step, ...]] = {}
        self._cursor = _Cursor()
        self._reason = ""
        states = [State(pid) for pid in case.phases] + [State(eid, final=True) for eid in case.endings]
        self.machine = Machine(
            model=self._cursor,
            states=states,
            initial=case.start,
            auto_transitions=False,
            send_event=False,
            ignore_invalid_triggers=True,
        )
        guards: dict[str, tuple[Callable[[Board], object], ...]] = {}
        for phase in case.phases.values():
            tests: list[Callable[[Board], object]] = []
            for exit_ in phase.exits:
                self.machine.add_transition(
                    "advance",
                    phase.id,
                    exit_.to,
                    conditions=[Guard("exit", exit_.when.test, exit=exit_)],
                    before=[self._because("exit")],
                )
                tests.append(exit_.when.test)
            if phase.max_rounds is not None and phase.on_timeout is not None:
                limit = phase.max_rounds
                timed_out = _timed_out(limit)
                self.machine.add_transition(
                    "advance",
                    phase.id,
                    phase.on_timeout,
                    conditions=[Guard("timeout", timed_out, max_rounds=limit)],
                    before=[self._because("timeout")],
                )
                tests.append(timed_out)
            self.machine.add_transition(
                "expire", phase.id, case.rounds.on_limit, before=[self._because("limit")]
            )
            guards[phase.id] = tuple(tests)
        self._guards = guards

    def _because(self, reason: str) -> Callable[[Board], None]:
        def note(board: Board) -> None:
            self._reason = reason

        return note

    def step(self, phase: str, board: Board, expired: bool) -> list[Step]:
        """Fire ``advance`` from ``phase``, then ``expire`` if the round limit is
        reached and no ending was reached; return each move the machine made."""
        first = -1
        for index, test in enumerate(self._guards.get(phase, ())):
            if test(board):
                first = index
                break
        else:  # no guard holds: ``advance`` would leave the machine where it is
            if not expired:
                return []
        key = (phase, first, expired)
        taken = self._taken.get(key)
        if taken is not None:
            return list(taken)
        steps: list[Step] = []
        with self._lock:
            cursor = self._cursor
            self.machine.set_state(phase, cursor)
            self._reason = ""
            if self._guards.get(phase):  # a phase with no exit and no max_rounds runs to the round limit
                cursor.advance(board)  # type: ignore[attr-defined]
            if self._reason:
                steps.append(Step(cursor.state, self._reason))
            if expired and cursor.state in self.case.phases:
                self._reason = ""
                cursor.expire(board)  # type: ignore[attr-defined]
                steps.append(Step(cursor.state, self._reason))
            if self._remember:
                self._taken[key] = tuple(steps)
        return steps


def _timed_out(limit: int) -> Callable[[Board], bool]:
    return lambda board: board.phase_round >= limit
