"""Playing the counterfactual's rollouts, in this process or spread over a pool of processes.

:mod:`game.debriefing.counterfactual` decides *which* rollouts to play (the move played and each
recommendable alternative at a decision, on the same seeds) and what they mean; this module plays
them.  A rollout's outcome depends only on the session standing before the decision, the move
tried, the players' later moves kept (the plan) and its seed, so where it is played changes no
number: the suggestions are the same with one process or several.

**The pool.** With ``jobs`` above one, a batch of rollouts is cut into chunks of :data:`CHUNK`
seeds shared by ``jobs`` worker processes.  The workers start from a fork server (start method
``"forkserver"``: safe to use from a thread, such as the terminal app's worker that computes a
debrief; the server is started once per program and keeps this module imported).  A worker reads
the case from its file, checked against :attr:`~game.case.model.Case.source_hash`, and rebuilds each
decision's session from the log, once.  One pool serves one :func:`better_moves` call and is shut
down when it returns; its start-up is part of the call's time.

With ``jobs=None`` (the default of :func:`~game.debriefing.counterfactual.better_moves`) a pool is
used only when it pays: the first :data:`PROBE` rollouts are played here and timed, and a pool of
one process per core starts when the rest would take longer than :data:`WORTH` seconds in one
process.  Where no pool can run (no fork server on the platform, a case whose file is gone or has
changed since it was loaded, a worker that dies), the rollouts are played here, in one process.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from game.case.loader import load_case_text
from game.case.model import Case, RoundMode
from game.debriefing.scoring import Decision, totals
from game.errors import ParleyError
from game.play.events import Event
from game.play.session import ReplayError, Session

CHUNK = 25  # seeds per task sent to a worker
PROBE = 10  # rollouts timed here before deciding whether a pool pays (jobs=None)
WORTH = 0.3  # seconds of rollouts left in one process above which a pool is started (jobs=None)

# One rollout's result: the overall score, then each dimension's, in rubric order.
Outcome = tuple[int, ...]


class CounterfactualError(ParleyError, ValueError):
    """Counterfactuals cannot be computed for this log and role."""


@dataclass(frozen=True, slots=True)
class Spot:
    """A decision examined, and the moves each person chose after it (kept in its rollouts)."""

    decision: Decision
    plans: Mapping[str, list[str]]


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
    processes: int = 1  # processes that played them: this one, and the pool's workers if one ran
    worker_cpu_s: float = 0.0  # processor seconds of the pool's workers (start-up included)
    pool_start_s: float = 0.0  # seconds from asking for the pool to its first result
    waited_s: float = 0.0  # seconds this process waited for the workers, its own share done
    _cpu: dict[int, float] = field(default_factory=dict)  # pid -> that worker's processor time so far


def rollout_seed(seed: int, seq: int, index: int) -> int:
    """The seed of rollout ``index`` from the decision at event ``seq`` (the same for every move)."""
    digest = hashlib.blake2b(f"parley-counterfactual:{seed}:{seq}:{index}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


def before(case: Case, events: Sequence[Event], decision: Decision) -> Session:
    """A session standing just before ``decision``, waiting for its role to choose."""
    try:
        session = Session.replay(case, events[: decision.seq])
    except ReplayError as err:
        raise CounterfactualError(f"the log does not replay: {err}") from None
    if case.rounds.mode is RoundMode.SIMULTANEOUS:
        # Others who chose in secret in the same round but resolve after this role: their choices stand.
        for event in events[decision.seq + 1 :]:
            if event.round != decision.round:
                break
            chose = event.kind == "move" or (event.kind == "offer" and "by" in event.data)  # answers too
            if chose and event.role in session.waiting_for and event.role != decision.role:
                if event.data.get("by") == "policy":
                    session.play_policy(event.role)
                else:
                    session.play(event.role, event.data["move"])
    if decision.role not in session.waiting_for:
        where = f"{decision.role!r}'s move in round {decision.round}"
        raise CounterfactualError(f"the log does not replay to {where}")
    return session


def plans(events: Sequence[Event], decision: Decision) -> dict[str, list[str]]:
    """The moves each person chose after ``decision``, in order (not those the policy chose)."""
    humans = events[0].data.get("humans", ())
    found: dict[str, list[str]] = {role: [] for role in humans}
    for event in events[decision.seq + 1 :]:
        if event.round == decision.round and event.role != decision.role:
            continue  # a simultaneous round: the others' choices this round stand (see before)
        chose = event.kind == "move" or (event.kind == "offer" and "by" in event.data)  # answers too
        if chose and event.role in found and event.data.get("by") != "policy":
            found[event.role].append(event.data["move"])
    return found


def outcomes(
    case: Case, base: Session, role: str, move: str, seeds: Sequence[int], kept: Mapping[str, list[str]]
) -> list[Outcome]:
    """The scores of ``role`` after ``move``, one rollout per seed, the players' own later moves
    played where still open (``kept``), the counterpart policy choosing everything else."""
    out: list[Outcome] = []
    # ``move`` is open now (the caller took it from the options), so it is played first; no event
    # is built in a rollout.
    plan = {**kept, role: [move, *kept.get(role, ())]}
    for seed in seeds:
        rollout = base.fork(seed=seed, policy="counterpart")
        rollout.play_out(plan)
        scored = totals(case, rollout.tally(), role)
        out.append((scored.overall, *scored.dimensions))
    return out


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
        self._asked = 0.0  # when the pool was asked for

    def __enter__(self) -> Rollouts:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Shut the pool down (its workers exit); rollouts asked for after this are played here."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
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
                index, spot, move, seeds = tasks[0]
                start = time.perf_counter()
                probe = self._here(spot, move, seeds[:PROBE])
                each = (time.perf_counter() - start) / max(1, len(probe))
                rows[0] = probe + self._here(spot, move, seeds[PROBE:])
                if each * sum(len(t[3]) for t in tasks[1:]) > WORTH:
                    self._start()
            else:
                self._start()
        if self._pool is not None:
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
        """Play the tasks not done yet: the pool's workers take them from the front (a thread here
        feeds them, so that starting the workers never holds this process up) while this process
        takes them from the back, until they meet.  When the pool breaks, what it left undone is
        left to the caller."""
        pool = self._pool
        assert pool is not None
        lock = threading.Lock()
        ends = [0, len(tasks)]  # the tasks not yet taken are tasks[ends[0]:ends[1]]
        workers = self._jobs - 1
        failed: list[BaseException] = []

        def take(front: bool) -> int | None:
            with lock:
                while ends[0] < ends[1]:
                    k = ends[0] if front else ends[1] - 1
                    ends[0 if front else 1] += 1 if front else -1
                    if rows[k] is None:
                        return k
                return None

        def feed() -> None:
            waiting: deque[tuple[int, Future[tuple[list[Outcome], int, float]]]] = deque()
            try:
                while (k := take(front=True)) is not None:
                    waiting.append((k, pool.submit(_work, tasks[k][1:])))
                    while len(waiting) > workers:
                        self._collect(*waiting.popleft(), rows)
                while waiting:
                    self._collect(*waiting.popleft(), rows)
            except BaseException as error:  # handed to the caller, below
                failed.append(error)

        feeder = threading.Thread(target=feed, name="parley-rollouts", daemon=True)
        feeder.start()
        while (k := take(front=False)) is not None:
            _, spot, move, seeds = tasks[k]
            rows[k] = self._here(spot, move, seeds)
        start = time.perf_counter()
        feeder.join()
        self.effort.waited_s += time.perf_counter() - start
        if failed:
            self._give_up()
            if not isinstance(failed[0], (BrokenProcessPool, OSError, EOFError, pickle.PicklingError)):
                raise failed[0]

    def _collect(
        self, k: int, future: Future[tuple[list[Outcome], int, float]], rows: list[list[Outcome] | None]
    ) -> None:
        done, pid, cpu = future.result()
        rows[k] = done
        effort = self.effort
        if not effort.pool_start_s:
            effort.pool_start_s = time.perf_counter() - self._asked
        effort.rollouts += len(done)
        effort.pooled += len(done)
        effort._cpu[pid] = cpu
        effort.worker_cpu_s = sum(effort._cpu.values())

    def _start(self) -> None:
        """Start the pool (its workers start as work is sent), unless it cannot run here."""
        text = _case_bytes(self.case)
        if text is None or "forkserver" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", __name__])
        dicts = [e.to_dict() for e in self.events]
        self._asked = time.perf_counter()
        self._pool = ProcessPoolExecutor(
            self._jobs - 1,
            mp_context=context,
            initializer=_init_worker,
            initargs=(text, self.case.path, dicts, self.role, list(self.spots)),
        )
        self.effort.processes = self._jobs

    def _give_up(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self.effort.processes = 1


def _case_bytes(case: Case) -> bytes | None:
    """The case file's bytes when they are still those the case was loaded from, else None."""
    try:
        data = Path(case.path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == case.source_hash else None


# A worker's examination: the case, the log, the role, the decisions, and their sessions once built.
_WORKER: dict[str, Any] = {}


def _init_worker(text: bytes, path: str, dicts: list[dict[str, Any]], role: str, spots: list[Spot]) -> None:
    _WORKER.clear()
    _WORKER.update(
        case=load_case_text(text, path),
        events=[Event.from_dict(d) for d in dicts],
        role=role,
        spots=spots,
        bases={},
    )


def _work(task: tuple[int, str, tuple[int, ...]]) -> tuple[list[Outcome], int, float]:
    """One chunk of a batch, with this worker's pid and its processor time so far."""
    spot, move, seeds = task
    case: Case = _WORKER["case"]
    decision: Spot = _WORKER["spots"][spot]
    bases: dict[int, Session] = _WORKER["bases"]
    base = bases.get(spot)
    if base is None:
        base = bases[spot] = before(case, _WORKER["events"], decision.decision)
    rows = outcomes(case, base, _WORKER["role"], move, seeds, decision.plans)
    return rows, os.getpid(), time.process_time()
