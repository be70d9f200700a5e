"""Playing a strategy over many seeds: how a case scores one style of play.

>>> report = evaluate(case, read_strategy(path, case), seeds=200)
>>> report.share(Bound(">=", 80)), report.overall.median, report.endings

The strategy's role is seated as a human (so it is scored and treated exactly
as a trainee would be: counterparts do not reply on its behalf), the other
roles follow the case's counterpart policy, and the strategy chooses each of
the role's moves (:class:`StrategySession`).  Playthrough ``i`` uses the seed
:func:`game.instructor.analysis.playthrough_seed` derives from ``(seed, i)``,
the same seeds ``parley analyze`` uses, so ``parley run CASE --seed <that
seed>`` shows the counterparts' side of any one of them.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.case.conditions import Getter
from game.case.loader import load_case
from game.case.model import Case, Move
from game.debriefing.scoring import totals_for
from game.instructor.analysis import Spread, playthrough_seed
from game.instructor.strategy import Strategy, compile_when
from game.play import bargaining
from game.play.rules import rules_for
from game.play.session import Session

if TYPE_CHECKING:
    from game.instructor.expect import Bound

# One playthrough: (seed, ending id, rounds, overall, dimension scores in rubric order).
Row = tuple[int, str, int, int, tuple[int, ...]]


class StrategySession(Session):
    """A session in which ``strategy`` chooses every move of its role.

    It uses the session's inner loop directly (the moves it plays are open by
    construction, so the façade's checks are skipped); the log it writes is
    the log of a human playing those moves, and replays as one.
    """

    def __init__(self, case: Case, strategy: Strategy, *, seed: int = 0) -> None:
        self.strategy = strategy
        self._plans: dict[str, tuple[tuple[Move, Getter | None, Getter | None], ...]] = {}
        super().__init__(case, seed=seed, humans=(strategy.role,), policy="counterpart")

    def play_out(self) -> StrategySession:
        """Play until the case ends; returns the session.

        Each choice is taken as :meth:`Session.play` takes it, without building
        the events it returns (nobody reads them here, and building them costs
        more than the round).
        """
        role = self.strategy.role
        while self._ending is None and self.waiting_for:
            self._take(role, self.choose(), "human")  # as Session.play takes it, without the events
        return self

    def choose(self) -> Move:
        """The strategy's choice for its role now (its role must be waiting to move)."""
        role = self.strategy.role
        board = self._board
        board.self_role = role
        for move, gate, test in self._plan():
            if (gate is None or gate(board)) and (test is None or test(board)):
                return move
        open_moves = self._open_moves(role)  # the menu's open moves, then answers to offers (format 2)
        if self.strategy.otherwise == "first":
            return open_moves[0]
        avoid = self.strategy.avoid
        for given_up in range(len(avoid)):  # the probe's filler: avoid what it can, the last set first
            skip = frozenset().union(*avoid[: len(avoid) - given_up])
            pool = [m for m in open_moves if m.id not in skip]
            if pool:
                open_moves = pool
                break
        return open_moves[self._policy_rng[role].randrange(len(open_moves))]

    def _plan(self) -> tuple[tuple[Move, Getter | None, Getter | None], ...]:
        """The strategy's preferences in this phase, with each move's own gate beside its test."""
        plan = self._plans.get(self._phase)
        if plan is None:
            gates = {
                move.id: (move, gate)
                for move, gate in self._rules.turn(self._phase, self.strategy.role).gates
            }
            case = self.case
            for pick in self.strategy.picks(self._phase):  # answers to offers (format 2): open
                answer = self.move_named(pick.move)  # while an offer awaits this role's answer
                if pick.move not in gates and answer is not None and answer.answer is not None:
                    gates[pick.move] = (answer, self._answer_gate(answer))
            plan = tuple(
                (
                    gates[pick.move][0],
                    gates[pick.move][1],
                    compile_when(case, pick.when) if pick.when else None,
                )
                for pick in self.strategy.picks(self._phase)
                if pick.move in gates
            )
            self._plans[self._phase] = plan
        return plan

    def _answer_gate(self, answer: Move) -> Getter:
        role = self.strategy.role
        rules = self._rules

        def gate(board: object) -> bool:
            return any(move is answer for move in bargaining.answers_for(rules, board, role))  # type: ignore[arg-type]

        return gate


def play(case: Case, strategy: Strategy, seed: int) -> StrategySession:
    """One playthrough of ``strategy`` on ``seed``, played to its end."""
    return StrategySession(case, strategy, seed=seed).play_out()


def play_row(case: Case, strategy: Strategy, seed: int) -> Row:
    """The scores of one playthrough."""
    session = play(case, strategy, seed)
    board = session.tally()
    scores = totals_for(case, board, (strategy.role,))[0]
    return (seed, board.ending, board.round, scores.overall, scores.dimensions)


def play_rows(case: Case, strategy: Strategy, seeds: Sequence[int]) -> list[Row]:
    """The scores of the playthroughs on ``seeds``, leaving out those where the strategy's
    ``required`` move (if it names one) was never played: they do not show what it is about."""
    rows = []
    for one in seeds:
        if not strategy.required:
            rows.append(play_row(case, strategy, one))
            continue
        session = play(case, strategy, one)
        board = session.tally()
        if board.mine.get(strategy.role, {}).get(strategy.required, 0) < 1:
            continue
        scores = totals_for(case, board, (strategy.role,))[0]
        rows.append((one, board.ending, board.round, scores.overall, scores.dimensions))
    return rows


@dataclass(frozen=True, slots=True)
class StrategyReport:
    """How one strategy scored over a run of seeds."""

    case: str
    strategy: str
    title: str
    role: str
    seed: int
    rows: tuple[Row, ...]
    dimension_ids: tuple[str, ...]

    @property
    def runs(self) -> int:
        """How many playthroughs."""
        return len(self.rows)

    @property
    def overall(self) -> Spread:
        """The spread of the overall score."""
        return Spread.of([row[3] for row in self.rows])

    @property
    def dimensions(self) -> Mapping[str, Spread]:
        """The spread of each dimension, in rubric order."""
        return {d: Spread.of([row[4][i] for row in self.rows]) for i, d in enumerate(self.dimension_ids)}

    @property
    def endings(self) -> Mapping[str, int]:
        """How many playthroughs reached each ending, most frequent first."""
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row[1]] = counts.get(row[1], 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))

    @property
    def mean_rounds(self) -> float:
        """The average number of rounds played."""
        return round(sum(row[2] for row in self.rows) / len(self.rows), 2) if self.rows else 0.0

    def share(self, bound: Bound) -> float:
        """The share (0–1) of playthroughs whose overall score meets ``bound``."""
        if not self.rows:
            return 0.0
        return sum(1 for row in self.rows if bound.holds(row[3])) / len(self.rows)


def seeds_of(seed: int, runs: int) -> list[int]:
    """The playthrough seeds of a run of ``runs`` from ``seed`` (those ``parley analyze`` uses)."""
    return [playthrough_seed(seed, i) for i in range(runs)]


def evaluate(
    case: Case,
    strategy: Strategy,
    *,
    seeds: int = 200,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> StrategyReport:
    """Play ``strategy`` on ``seeds`` seeded playthroughs in this process and report on them."""
    rows: list[Row] = []
    for index, one in enumerate(seeds_of(seed, seeds)):
        rows += play_rows(case, strategy, [one])
        if progress and (index + 1) % 50 == 0:
            progress(index + 1, seeds)
    if progress:
        progress(seeds, seeds)
    return StrategyReport(
        case.id,
        strategy.id,
        strategy.title,
        strategy.role,
        seed,
        tuple(rows),
        dimension_ids(case, strategy.role),
    )


# ------------------------------------------------------------- in bulk


_WORKER: dict[str, Case] = {}
"""The cases a worker process plays, by path: inherited from the parent when the pool forks its
workers (no loading, no pickling), loaded by the worker otherwise."""

CHUNK = 50
"""Seeds per task of the pool: small enough that the two last tasks end close together whatever a
strategy costs (one task per strategy left a core idle while the other finished a slow case)."""


def _work(task: tuple[str, Strategy, list[int]]) -> list[Row]:
    path, strategy, seeds = task
    case = _WORKER.get(path)
    if case is None:
        case = _WORKER[path] = load_case(path)
    return play_rows(case, strategy, seeds)


def evaluate_many(
    path: str | os.PathLike[str],
    strategies: Sequence[Strategy],
    *,
    seeds: int = 200,
    seed: int = 0,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[StrategyReport]:
    """:func:`evaluate` for several strategies of the case at ``path``, spread over processes."""
    return evaluate_all([(path, s) for s in strategies], seeds=seeds, seed=seed, jobs=jobs, progress=progress)


def evaluate_all(
    work: Sequence[tuple[str | os.PathLike[str], Strategy]],
    *,
    seeds: int = 200,
    seed: int = 0,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[StrategyReport]:
    """:func:`evaluate` for ``(case file, strategy)`` pairs of any cases, in one pool of processes.

    Strategies are plain data, so they travel to worker processes as they
    are; each worker loads a case once.  The reports, in the order of
    ``work``, are the same whatever the number of processes.
    """
    cases: dict[str, Case] = {}
    for path, _ in work:  # each case once, however many of its strategies are played
        if str(path) not in cases:
            cases[str(path)] = load_case(path)
    numbers = seeds_of(seed, seeds)
    total = seeds * len(work)
    if jobs is None:  # starting processes costs more than a few thousand short playthroughs
        jobs = os.cpu_count() or 1 if total >= 2000 else 1
    jobs = max(1, min(jobs, total))
    size = seeds if jobs == 1 else max(1, min(seeds, CHUNK, math.ceil(total / (4 * jobs))))
    tasks = [
        (index, numbers[start : start + size])
        for index in range(len(work))
        for start in range(0, seeds, size)
    ]
    rows: list[list[Row]] = [[] for _ in work]
    done = 0
    if jobs == 1:
        for index, chunk in tasks:
            path, strategy = work[index]
            rows[index] += play_rows(cases[str(path)], strategy, chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    else:
        context = multiprocessing.get_context()
        inherited = {path: case for path, case in cases.items() if path not in _WORKER}
        for case in inherited.values():
            rules_for(case)  # built once here, inherited by forked workers with the case
        _WORKER.update(inherited)
        try:
            with context.Pool(jobs) as pool:
                sent = [(str(work[index][0]), work[index][1], chunk) for index, chunk in tasks]
                for (index, chunk), part in zip(tasks, pool.imap(_work, sent), strict=True):
                    rows[index] += part
                    done += len(chunk)
                    if progress:
                        progress(done, total)
        finally:
            for path in inherited:
                _WORKER.pop(path, None)
    out = []
    for (path, strategy), mine in zip(work, rows, strict=True):
        case = cases[str(path)]
        out.append(
            StrategyReport(
                case.id,
                strategy.id,
                strategy.title,
                strategy.role,
                seed,
                tuple(mine),
                dimension_ids(case, strategy.role),
            )
        )
    return out


def dimension_ids(case: Case, role: str) -> tuple[str, ...]:
    """The ids of the dimensions that score ``role``, in rubric order."""
    return tuple(case.rubric_for(role))
