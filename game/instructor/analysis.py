"""Seeded playthroughs in bulk: what a case reaches in play, and how its scores spread.

>>> report = analyze(Path("cases/harbour-standoff.yaml"), runs=10_000, seed=0, policy="random")
>>> report.endings[0].share, report.overall.median, report.never("moves")

Every role is played by the policy (``random`` by default: a uniform draw
among the open moves, the analogue of ChoiceScript's randomtest, which finds
what a trainee *could* reach; ``counterpart`` plays each role's scripted
policy).  Playthrough ``i`` uses the seed :func:`playthrough_seed` derives from
``(seed, i)`` alone, and results are merged in playthrough order, so the
report is the same whatever the number of processes; ``parley run CASE --seed
<that seed> --policy <policy>`` replays any one of them.

Work is spread over processes.  Each worker loads the case from its file (a
loaded case holds compiled closures and does not pickle) and returns plain
numbers.  Each playthrough is played by :func:`game.play.bulk.bulk_tally`, which gives the
board a session's :meth:`~game.play.session.Session.tally` gives without writing its log (a case
with proposals or timers is played by a :class:`~game.play.session.Session`).  Scores come from
:func:`game.debriefing.scoring.totals_for` on that board, the same numbers the debrief gives.
"""

from __future__ import annotations

import gc
import hashlib
import math
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from game.case.loader import load_case
from game.case.model import Case
from game.debriefing.scoring import prepare as prepare_scoring
from game.debriefing.scoring import totals_for
from game.play.board import Board
from game.play.bulk import bulk_tally
from game.play.bulk import prepare as prepare_bulk
from game.play.policy import POLICIES
from game.play.rules import rules_for
from game.play.session import Session


def playthrough_seed(seed: int, index: int) -> int:
    """The seed of playthrough ``index`` of an analysis run with ``seed`` (a 32-bit number)."""
    digest = hashlib.blake2b(f"parley-analyze:{seed}:{index}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


@dataclass(frozen=True, slots=True)
class Spread:
    """How a score is spread over playthroughs (percentiles by nearest rank)."""

    minimum: float
    p10: float
    median: float
    p90: float
    maximum: float
    mean: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """The spread of ``values`` (all zero when there are none)."""
        if not values:
            return cls(0, 0, 0, 0, 0, 0)
        ordered = sorted(values)
        n = len(ordered)

        def rank(p: float) -> float:
            return ordered[max(0, math.ceil(p * n) - 1)]

        return cls(
            round(ordered[0], 2),
            round(rank(0.1), 2),
            round(rank(0.5), 2),
            round(rank(0.9), 2),
            round(ordered[-1], 2),
            round(sum(ordered) / n, 2),
        )


@dataclass(frozen=True, slots=True)
class Hit:
    """How often a phase, move, inject or ending came up: in how many playthroughs, how many times."""

    id: str
    runs: int
    count: int


@dataclass(frozen=True, slots=True)
class EndingReport:
    """The playthroughs that ended in one ending."""

    id: str
    title: str
    outcome: str
    runs: int
    share: float  # of all playthroughs, 0–1
    mean_rounds: float
    overall: Spread
    dimensions: Mapping[str, Spread]  # by dimension id, in rubric order


@dataclass(frozen=True, slots=True)
class Analysis:
    """The report of ``parley analyze``; equal for equal case, runs, seed, policy and role."""

    case: str
    title: str
    runs: int
    seed: int
    policy: str
    scored: str  # a role id, or "table": the mean of every playable role's scores
    mean_rounds: float
    phases: tuple[Hit, ...]
    moves: tuple[Hit, ...]
    injects: tuple[Hit, ...]
    endings: tuple[EndingReport, ...]
    overall: Spread
    dimensions: Mapping[str, Spread]  # by dimension id, in rubric order

    def never(self, kind: str) -> tuple[str, ...]:
        """Ids of the ``"phases"``, ``"moves"``, ``"injects"`` or ``"endings"`` no playthrough hit."""
        return tuple(h.id for h in getattr(self, kind) if h.runs == 0)


MAX_RUNS = 1_000_000
"""The most playthroughs one analysis plays: its percentiles are then exact to a fraction of a point,
and it keeps one row of numbers per playthrough (about 150 MB at this count)."""

# One playthrough: (ending index, rounds, overall, dimension scores …).
Row = tuple[float, ...]


@dataclass
class _Part:
    """What a batch of playthroughs produced: rows in playthrough order, and coverage counts."""

    start: int
    rows: list[Row]
    counts: dict[str, dict[str, list[int]]]  # kind -> id -> [runs, count]


def _tally(case: Case, seed: int, policy: str, bulk: bool) -> Board:
    """The tally of one playthrough: played in bulk (:mod:`game.play.bulk`, no log, the same board)
    when ``bulk`` and the case allows it, else by a :class:`Session`."""
    board = bulk_tally(case, seed, policy) if bulk else None
    return board if board is not None else Session(case, seed=seed, policy=policy).tally()


def _play(case: Case, policy: str, role: str | None, seed: int, start: int, stop: int, bulk: bool) -> _Part:
    roles = (role,) if role else case.playable_roles
    endings = {e: i for i, e in enumerate(case.endings)}
    # the dimension columns are the case rubric's: averaged over the roles it scores (a role with its
    # own rubric, under ``rubrics:``, counts in the overall only); none of them: columns of 0.0
    shared = [i for i, r in enumerate(roles) if not case.roles[r].rubric]
    n, width = len(roles), len(case.rubric)
    visits: dict[str, int] = {}  # a phase counts once per playthrough: its runs are its count
    moves: dict[str, list[int]] = {}
    injects: dict[str, list[int]] = {}
    rows: list[Row] = []
    for index in range(start, stop):
        board = _tally(case, playthrough_seed(seed, index), policy, bulk)
        for phase in board.visited:
            visits[phase] = visits.get(phase, 0) + 1
        for kind, seen in ((moves, board.played), (injects, board.fired)):
            for key, times in seen.items():
                hit = kind.get(key)
                if hit is None:
                    kind[key] = [1, times]
                else:
                    hit[0] += 1
                    hit[1] += times
        scores = totals_for(case, board, roles)
        if n == 1:
            numbers: list[float] = [scores[0].overall, *scores[0].dimensions]
        else:
            numbers = [round(sum(s.overall for s in scores) / n)]
            if shared:
                columns = zip(*(scores[i].dimensions for i in shared), strict=True)
                numbers += [sum(column) / len(shared) for column in columns]
            else:
                numbers += [0.0] * width
        rows.append((endings.get(board.ending, -1), board.round, *numbers))
    phases = {phase: [count, count] for phase, count in visits.items()}
    return _Part(start, rows, {"phases": phases, "moves": moves, "injects": injects})


def batches(runs: int, jobs: int) -> Iterator[tuple[int, int]]:
    """The playthroughs ``[start, stop)`` of each batch, in order: a quarter of what is left per
    process, between 25 and 200 (a batch of 200 is a tenth of a second or more), so that sending
    batches costs little early on and, as the batches shrink towards the end, no process waits
    long for another's last one."""
    start = 0
    while start < runs:
        size = max(25, min(200, math.ceil((runs - start) / (jobs * 4))))
        yield start, min(start + size, runs)
        start += size


_WORKER_CASE: Case | None = None
_WORKER_PATH = ""


def _init_worker(path: str) -> None:
    """Load the case in a worker, unless it was inherited from the parent (a forked worker)."""
    global _WORKER_CASE, _WORKER_PATH
    if _WORKER_CASE is None or path != _WORKER_PATH:
        _WORKER_CASE, _WORKER_PATH = load_case(path), path


def _work(task: tuple[str, str | None, int, int, int, bool]) -> _Part:
    assert _WORKER_CASE is not None
    return _play(_WORKER_CASE, *task)


def analyze(
    path: str | os.PathLike[str],
    *,
    runs: int = 10_000,
    seed: int = 0,
    policy: str = "random",
    role: str | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    bulk: bool = True,
) -> Analysis:
    """Play ``runs`` seeded playthroughs of the case at ``path`` and report on them.

    ``role`` scores one role; by default the table is scored (the mean over
    every playable role).  ``jobs`` processes share the work (default: one per
    core; 1 plays in this process).  ``progress(done, runs)`` is called as
    batches finish.  Raises :class:`~game.errors.CaseError` if the case does not
    load, ValueError for a bad policy, role or count.

    ``bulk=False`` plays every playthrough as a :class:`Session` instead of in bulk (the same
    report, slower: the benchmarks' baseline and the tests' reference).
    """
    case = load_case(path)
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}; choose one of {', '.join(POLICIES)}")
    if role is not None and role not in case.playable_roles:
        raise ValueError(f"{role!r} is not a playable role of {case.id} ({', '.join(case.playable_roles)})")
    if runs < 1:
        raise ValueError("the number of playthroughs must be at least 1")
    if runs > MAX_RUNS:
        raise ValueError(f"the number of playthroughs may be at most {MAX_RUNS:,}")
    jobs = max(1, min(jobs or os.cpu_count() or 1, runs))
    tasks = ((policy, role, seed, start, stop, bulk) for start, stop in batches(runs, jobs))
    parts: list[_Part] = []
    done = 0
    # laid out once, ahead of play: forked workers inherit the case with its rules, bulk and scoring
    # tables instead of each building its own
    rules_for(case).prepare()
    if bulk:
        prepare_bulk(case)
    prepare_scoring(case)
    if jobs == 1:
        for task in tasks:
            parts.append(_play(case, *task))
            done += task[4] - task[3]
            if progress:
                progress(done, runs)
    else:
        global _WORKER_CASE, _WORKER_PATH
        context = multiprocessing.get_context()
        _WORKER_CASE, _WORKER_PATH = case, str(path)
        # what the workers inherit (the case, its tables and generated code) is left out of their
        # garbage collections, which would otherwise walk it and copy its pages (about 3% less
        # processor time in the pool, measured on the largest case)
        gc.freeze()
        try:
            with context.Pool(jobs, initializer=_init_worker, initargs=(str(path),)) as pool:
                for part in pool.imap(_work, tasks):
                    parts.append(part)
                    done += len(part.rows)
                    if progress:
                        progress(done, runs)
        finally:
            gc.unfreeze()
            _WORKER_CASE, _WORKER_PATH = None, ""
    return _report(case, parts, runs, seed, policy, role)


def _report(case: Case, parts: list[_Part], runs: int, seed: int, policy: str, role: str | None) -> Analysis:
    parts.sort(key=lambda p: p.start)
    rows = [row for part in parts for row in part.rows]
    merged: dict[str, dict[str, list[int]]] = {"phases": {}, "moves": {}, "injects": {}}
    for part in parts:
        for kind, hits in part.counts.items():
            for key, (hit_runs, count) in hits.items():
                total = merged[kind].setdefault(key, [0, 0])
                total[0] += hit_runs
                total[1] += count

    def hits(kind: str, ids: Sequence[str]) -> tuple[Hit, ...]:
        return tuple(Hit(i, *merged[kind].get(i, [0, 0])) for i in ids)

    dims = list(case.rubric_for(role) if role else case.rubric)
    by_ending: dict[float, list[Row]] = {}
    for row in rows:
        found = by_ending.get(row[0])
        if found is None:
            by_ending[row[0]] = [row]
        else:
            found.append(row)
    endings = []
    for index, ending in enumerate(case.endings.values()):
        mine = by_ending.get(index, [])
        columns = list(zip(*mine, strict=True)) if mine else [()] * (3 + len(dims))
        endings.append(
            EndingReport(
                ending.id,
                ending.title,
                ending.outcome.value,
                len(mine),
                len(mine) / runs,
                _mean(columns[1]),
                Spread.of(columns[2]),
                {d: Spread.of(columns[3 + i]) for i, d in enumerate(dims)},
            )
        )
    columns = list(zip(*rows, strict=True))
    return Analysis(
        case=case.id,
        title=case.title,
        runs=runs,
        seed=seed,
        policy=policy,
        scored=role or "table",
        mean_rounds=_mean(columns[1]),
        phases=hits("phases", list(case.phases)),
        moves=hits("moves", list(case.moves)),
        injects=hits("injects", list(case.injects)),
        endings=tuple(endings),
        overall=Spread.of(columns[2]),
        dimensions={d: Spread.of(columns[3 + i]) for i, d in enumerate(dims)},
    )


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0
