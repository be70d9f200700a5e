"""Sharing the counterfactual's rollouts (:mod:`game.debriefing.rollouts`) between processes.

**The pool.** With ``jobs`` above one, the rollouts are cut into tasks of :data:`CHUNK` seeds,
shared between this process and ``jobs - 1`` worker processes: the workers claim tasks from the
front of the list and this process from the back, through counters in shared memory, until
they meet, so that no process waits for another while work is left, and no message goes back and
forth per task.  The workers start from a fork server (start method ``"forkserver"``: safe to use
from a thread, such as the terminal app's worker that computes a debrief; the server is started
once per program, with this module and the main module imported).  A worker reads the case from
its file, checked against :attr:`~game.case.model.Case.source_hash`, and rebuilds each decision's
session from the log, once.  One pool serves one
:func:`~game.debriefing.counterfactual.better_moves` call and is shut down when it returns: its
start-up is part of the call's time.  Tasks are claimed in a different order from run to run, but
each task's outcomes go to its own place, so the results never depend on it.

With ``jobs=None`` (the default of :func:`~game.debriefing.counterfactual.better_moves`) a pool is
used only when it pays: the first :data:`PROBE` rollouts are played here and timed, and a pool of
one process per core starts when the rest would take longer than :data:`WORTH` seconds in one
process and the machine has a core to spare (its load average below the number of cores less a
half: on a busy machine the processes would only share the time one of them would have had, and
the pool's start-up would be lost).  Where no pool can run (no fork server on the platform, a case
whose file is gone or has changed since it was loaded, a worker that fails), the rollouts it did
not play are played here.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from game.case.loader import load_case_text
from game.case.model import Case
from game.debriefing.rollouts import Outcome, Spot, before, outcomes
from game.play.events import Event
from game.play.session import Session

CHUNK = 5  # seeds per task (the workers and this process claim tasks one at a time)
PROBE = 20  # rollouts timed here before deciding whether a pool pays (jobs=None)
WORTH = 0.3  # seconds of rollouts left in one process above which a pool is started (jobs=None)


@dataclass(frozen=True, slots=True)
class Batch:
    """Rollouts to play: ``move`` at the decision ``spots[spot]``, one per seed."""

    spot: int
    move: str
    seeds: tuple[int, ...]


@dataclass(slots=True)
class Effort:
    """What a :func:`~game.debriefing.counterfactual.better_moves` call played, for benchmarks."""

    rollouts: int = 0  # rollouts played, here and in the workers
    pooled: int = 0  # of which in the workers
    processes: int = 1  # processes that shared them: this one, and the pool's workers if one ran
    worker_cpu_s: float = 0.0  # processor seconds of the pool's workers (start-up included)
    pool_start_s: float = 0.0  # seconds from asking for the pool to its first result
    waited_s: float = 0.0  # seconds this process waited for the workers, its own share done
    _cpu: dict[int, float] = field(default_factory=dict)  # pid -> that worker's processor time so far


class Rollouts:
    """Plays the batches of one examination (one role's decisions in one log); a context manager
    that shuts its pool down on leaving."""

    def __init__(
        self,
        case: Case,
        events: Sequence[Event],
        role: str,
        spots: Sequence[Spot],
        bases: Sequence[Session],
        jobs: int | None = None,
        effort: Effort | None = None,
    ) -> None:
        self.case, self.events, self.role = case, events, role
        self.spots, self.bases = spots, bases
        self.effort = effort if effort is not None else Effort()
        self._auto = jobs is None
        self._jobs = max(1, (os.cpu_count() or 1) if jobs is None else jobs)
        self._pool: ProcessPoolExecutor | None = None
        self._decided = self._jobs == 1  # whether the pool question is settled
        self._asked = 0.0  # when the pool was asked for (time.monotonic)
        self._ends: Any = None  # the counters shared with the workers

    def __enter__(self) -> Rollouts:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Shut the pool down (its workers exit); rollouts asked for after this are played here."""
        if self._pool is not None:
            # A worker that started too late to claim any work still finishes starting: not waited for.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def run(self, batches: Sequence[Batch]) -> list[list[Outcome]]:
        """Each batch's outcomes, one per seed, in order."""
        tasks = [
            (index, b.spot, b.move, b.seeds[at : at + CHUNK])
            for index, b in enumerate(batches)
            for at in range(0, len(b.seeds), CHUNK)
        ]
        rows: list[list[Outcome] | None] = [None] * len(tasks)
        if not self._decided and tasks:
            self._decided = True
            if self._auto:
                # Time a few rollouts that are needed anyway: a pool only when the rest is worth it.
                start, probed, k = time.perf_counter(), 0, 0
                while k < len(tasks) and probed < PROBE:
                    _, spot, move, seeds = tasks[k]
                    rows[k] = self._here(spot, move, seeds)
                    probed, k = probed + len(seeds), k + 1
                each = (time.perf_counter() - start) / probed
                if each * sum(len(t[3]) for t in tasks[k:]) > WORTH and _free_core():
                    self._start()
            else:
                self._start()
        if self._pool is not None and any(r is None for r in rows):
            self._share(tasks, rows)
        for k, (_, spot, move, seeds) in enumerate(tasks):
            if rows[k] is None:
                rows[k] = self._here(spot, move, seeds)
        found: list[list[Outcome]] = [[] for _ in batches]
        for (index, *_), done in zip(tasks, rows, strict=True):
            assert done is not None
            found[index] += done
        return found

    def _here(self, spot: int, move: str, seeds: Sequence[int]) -> list[Outcome]:
        self.effort.rollouts += len(seeds)
        return outcomes(self.case, self.bases[spot], self.role, move, seeds, self.spots[spot].plans)

    def _share(
        self, tasks: Sequence[tuple[int, int, str, tuple[int, ...]]], rows: list[list[Outcome] | None]
    ) -> None:
        """Play the tasks not done yet: the workers claim them from the front, this process from
        the back, through shared counters, until they meet.  No message goes back and forth per
        task: each worker is sent the list once and returns what it played when none is left.  When
        the pool breaks, what it left undone is left to the caller."""
        pool, ends = self._pool, self._ends
        assert pool is not None and ends is not None
        first = next(k for k, r in enumerate(rows) if r is None)  # the probe's tasks are done
        with ends.get_lock():
            ends[0], ends[1], ends[2] = first, len(tasks), ends[2] + 1
            generation = ends[2]
        work = [t[1:] for t in tasks]
        futures: list[Future[_Drained]] = []
        failed: list[BaseException] = []

        def send() -> None:  # in a thread: the first worker of a program waits for the fork server
            try:
                futures.extend(pool.submit(_drain, work, generation) for _ in range(self._jobs - 1))
            except BaseException as error:  # handed to the caller, below
                failed.append(error)

        sender = threading.Thread(target=send, name="parley-rollouts", daemon=True)
        sender.start()
        while True:
            with ends.get_lock():
                if ends[0] >= ends[1]:
                    claimed = ends[0] - first  # by the workers: none will be claimed now
                    break
                ends[1] -= 1
                k = ends[1]
            _, spot, move, seeds = tasks[k]
            rows[k] = self._here(spot, move, seeds)
        if not claimed:  # the workers were not up in time: nothing to wait for (they will find no work)
            if not sender.is_alive():  # but a pool that broke meanwhile is let go
                failed += [e for f in futures if f.done() and (e := f.exception()) is not None]
            self._let_go(failed)
            return
        start = time.perf_counter()
        sender.join()
        pending = set(futures)
        while claimed > 0 and pending and not failed:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    claimed -= self._collect(future.result(), rows)
                except BaseException as error:  # handed to the caller, below
                    failed.append(error)
        self.effort.waited_s += time.perf_counter() - start
        self._let_go(failed)

    def _let_go(self, failed: Sequence[BaseException]) -> None:
        """After any failure of the pool, the rest is played here.  An error of the rollouts
        themselves is not lost: playing the same rollouts here raises it again."""
        if failed:
            self._give_up()

    def _collect(self, drained: _Drained, rows: list[list[Outcome] | None]) -> int:
        """Put a worker's outcomes in their places; returns how many tasks they were."""
        played, pid, cpu, first = drained
        effort = self.effort
        for k, done in played:
            rows[k] = done
            effort.rollouts += len(done)
            effort.pooled += len(done)
        if first is not None and not effort.pool_start_s:
            effort.pool_start_s = first - self._asked
        effort._cpu[pid] = cpu
        effort.worker_cpu_s = sum(effort._cpu.values())
        return len(played)

    def _start(self) -> None:
        """Start the pool (its workers start as work is sent), unless it cannot run here."""
        text = _case_bytes(self.case)
        if text is None or "forkserver" not in multiprocessing.get_all_start_methods():
            return
        from multiprocessing import forkserver  # not on every platform: imported once known to be there

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", __name__])
        self._asked = time.monotonic()
        try:
            with _real_stderr():
                forkserver.ensure_running()  # and the resource tracker, which the shared counters need
                self._ends = context.Array("l", 3)  # front, back, generation (which run)
        except Exception:  # no pool can start here (whatever the reason): all is played in this process
            self._ends = None
            return
        dicts = [e.to_dict() for e in self.events]
        self._pool = ProcessPoolExecutor(
            self._jobs - 1,
            mp_context=context,
            initializer=_init_worker,
            initargs=(text, self.case.path, dicts, self.role, list(self.spots), self._ends),
        )
        self.effort.processes = self._jobs

    def _give_up(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self.effort.processes = 1


def _free_core() -> bool:
    """Whether another core looks free: the load average of the last minute is below the number of
    cores less a half.  (On a busy machine a second process gains nothing: it shares the time this
    one would have had.)"""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on every platform
        return True
    return load < (os.cpu_count() or 1) - 0.5


_STDERR = threading.Lock()


@contextmanager
def _real_stderr() -> Iterator[None]:
    """The fork server and the resource tracker are given this process's standard error when they
    start.  While the terminal app runs, ``sys.stderr`` is its capture of output, with no file
    descriptor (-1, which cannot be handed to a process): the real one stands in while they start."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    with _STDERR:
        captured, sys.stderr = sys.stderr, sys.__stderr__
        try:
            yield
        finally:
            sys.stderr = captured


def _case_bytes(case: Case) -> bytes | None:
    """The case file's bytes when they are still those the case was loaded from, else None."""
    try:
        data = Path(case.path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == case.source_hash else None


# A worker's examination: the case, the log, the role, the decisions, their sessions once built,
# and the counters shared with the parent (the next task from the front, the end of the rest, and
# which run they count for).
_WORKER: dict[str, Any] = {}

# What a worker returns: (task, outcomes) for each task it played, its pid, its processor time so
# far, and when (time.monotonic) it began to play, if it did.
_Drained = tuple[list[tuple[int, list[Outcome]]], int, float, float | None]


def _init_worker(
    text: bytes, path: str, dicts: list[dict[str, Any]], role: str, spots: list[Spot], ends: Any
) -> None:
    _WORKER.clear()
    _WORKER.update(
        case=load_case_text(text, path),
        events=[Event.from_dict(d) for d in dicts],
        role=role,
        spots=spots,
        bases={},
        ends=ends,
    )


def _drain(tasks: list[tuple[int, str, tuple[int, ...]]], generation: int) -> _Drained:
    """Claim tasks from the front and play them until none is left (or the run that sent them is
    over: a worker that starts late must not take another run's tasks for its own)."""
    case: Case = _WORKER["case"]
    bases: dict[int, Session] = _WORKER["bases"]
    ends = _WORKER["ends"]
    played: list[tuple[int, list[Outcome]]] = []
    first: float | None = None
    while True:
        with ends.get_lock():
            k = ends[0]
            if k >= ends[1] or ends[2] != generation:
                break
            ends[0] = k + 1
        if first is None:
            first = time.monotonic()
        spot, move, seeds = tasks[k]
        decision: Spot = _WORKER["spots"][spot]
        base = bases.get(spot)
        if base is None:
            base = bases[spot] = before(case, _WORKER["events"], decision.decision)
        played.append((k, outcomes(case, base, _WORKER["role"], move, seeds, decision.plans)))
    return played, os.getpid(), time.process_time(), first
