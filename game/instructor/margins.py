"""Whether a strategy path's share bound holds beyond the seeds it was measured on.

``score: ">= 80"`` on ``">= 95%"`` of 200 seeds is measured on one sample of seeds; another
sample (another ``seed:``, or an instructor's own ``parley analyze --strategy``) gives a share
that differs by chance, by about one standard error, ``sqrt(b × (1 − b) / n)`` at the bound ``b``
(1.5 points for 95% over 200 seeds).  A bound met by less than two of them may be met by luck:
:func:`confirm` then plays the strategy on :data:`MORE_SEEDS` other seeds and says so when, over
all of them, the bound is still met by less than two standard errors (or not met).

Measured on the built-in cases before they were fixed: the Harbour Standoff's Norland met "80 or
more on 95%" on seed 0's 200 seeds with 97.0% (by 2 points, under two standard errors), on the
1,000 seeds from seed 1 with 95.5%, and on 4,000 seeds (20 run seeds) with 94.6%: it passed
``parley test`` by luck.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from game.instructor.calibrate import evaluate_all

if TYPE_CHECKING:
    from game.case.model import Case
    from game.instructor.bounds import Share, StrategyPath
    from game.instructor.calibrate import StrategyReport

MORE_SEEDS = 1000
"""Seeds a narrowly met bound is checked on again (their standard error at 95% is 0.7 points)."""


def standard_error(percent: float, runs: int) -> float:
    """One standard error, in points, of a share measured over ``runs`` seeds near ``percent``."""
    share = min(max(percent / 100, 0.0), 1.0)
    return 100 * math.sqrt(share * (1 - share) / runs) if runs else 0.0


def margin(share: float, bound: Share) -> float:
    """How many points ``share`` (0–1) clears ``bound`` by (negative: it does not)."""
    measured = 100 * share
    if bound.op in (">=", ">"):
        return measured - bound.percent
    if bound.op in ("<=", "<"):
        return bound.percent - measured
    return -abs(measured - bound.percent)  # "==": any departure is a miss


def narrow(share: float, runs: int, bound: Share) -> bool:
    """Whether ``share`` over ``runs`` seeds meets ``bound`` by less than two standard errors (never
    for a bound on all or none of the seeds, where a single miss fails it whatever the sample)."""
    if bound.op == "==" or bound.percent in (0, 100) or not bound.holds(share):
        return False
    return margin(share, bound) < 2 * standard_error(bound.percent, runs)


def confirm(
    case: Case, path: StrategyPath, report: StrategyReport, jobs: int | None = None
) -> tuple[str, ...]:
    """What ``parley test`` adds under a strategy path that passed with ``report``: nothing when its
    score bound clears the luck of its seeds, on them or on them and :data:`MORE_SEEDS` more (those
    of the next run seed); else a note with both shares and what to do."""
    return confirm_all([(case, path, report)], jobs=jobs)[0]


def confirm_all(
    items: Sequence[tuple[Case, StrategyPath, StrategyReport]], jobs: int | None = None
) -> list[tuple[str, ...]]:
    """:func:`confirm` for each of ``items``, the narrow ones played again in one pool."""
    notes: list[tuple[str, ...]] = [() for _ in items]
    again: dict[int, list[int]] = {}  # run seed -> the items played again from it
    for index, (_case, path, report) in enumerate(items):
        bound = path.expect.score
        if bound is not None and narrow(report.share(bound), report.runs, path.expect.on):
            again.setdefault(path.seed + 1, []).append(index)
    for seed, chosen in again.items():
        work = [(items[i][0].path, items[i][1].strategy) for i in chosen]
        for index, more in zip(
            chosen, evaluate_all(work, seeds=MORE_SEEDS, seed=seed, jobs=jobs), strict=True
        ):
            notes[index] = _note(items[index][1], items[index][2], more)
    return notes


def _note(path: StrategyPath, report: StrategyReport, more: StrategyReport) -> tuple[str, ...]:
    bound, on = path.expect.score, path.expect.on
    assert bound is not None
    share = report.share(bound)
    runs = report.runs + more.runs
    both = (share * report.runs + more.share(bound) * more.runs) / runs
    if on.holds(both) and not narrow(both, runs, on):
        return ()
    error = 2 * standard_error(on.percent, runs)
    return (
        f"met on {100 * share:.1f}% of these {report.runs} seeds and on {100 * both:.1f}% of {runs} "
        f"(these and {more.runs} from seed {path.seed + 1}), within the luck of the seeds of the bound "
        f"(±{error:.1f}), so on other seeds it may well fail. Strengthen the case or the strategy",
    )
