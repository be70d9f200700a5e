"""Strategy paths: expected paths that must hold over many seeds, not one.

An entry of a ``<case>.paths.yaml`` with a ``strategy`` instead of ``moves``
plays that strategy (:mod:`game.instructor.strategy`) on ``seeds`` seeded
playthroughs and checks bounds over all of them::

    - name: doctrine play scores 80 or more on 95% of seeds
      strategy: velmar-doctrine    # <case>.strategies/velmar-doctrine.yaml, a path, or 'random'
      role: velmar                 # needed with 'random'; otherwise the strategy's own role
      seeds: 200                   # default 200
      expect:
        score: ">= 80"             # each playthrough's overall score …
        on: ">= 95%"               # … meets it on this share of seeds (default: all of them)
        median: ">= 80"            # the median overall score
        median_between: [velmar-reactive, velmar-doctrine]   # strictly between those strategies' medians

Every strategy is played on the same seeds (those ``parley analyze`` uses with
seed 0, or ``seed:``), so "between" compares like with like.  Results are kept
for the run, so a strategy named by several paths is played once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.case.model import Case
from game.case.yamlsafe import Node, ScalarNode
from game.errors import CaseError, did_you_mean
from game.instructor.calibrate import StrategyReport, evaluate, evaluate_all
from game.instructor.strategy import Strategy, find_strategy, random_strategy, read_strategy, run_command

if TYPE_CHECKING:
    from game.instructor.expect import Bound, _Reader

STRATEGY_PATH_KEYS = ("name", "strategy", "role", "seeds", "seed", "expect")
STRATEGY_EXPECT_KEYS = ("score", "on", "median", "median_between")
_SHARE = re.compile(r"^\s*(<=|>=|==|<|>)?\s*(\d+(?:\.\d+)?)\s*%\s*$")


@dataclass(frozen=True, slots=True)
class Share:
    """A bound on a percentage of seeds, such as ``>= 95%``."""

    op: str
    percent: float

    def holds(self, share: float) -> bool:
        """Whether ``share`` (0–1) satisfies the bound."""
        return _compare(self.op, round(100 * share, 6), self.percent)

    def __str__(self) -> str:
        return f"{self.op} {self.percent:g}%"


def _compare(op: str, a: float, b: float) -> bool:
    return {
        "<=": a <= b,
        ">=": a >= b,
        "==": a == b,
        "<": a < b,
        ">": a > b,
    }[op]


@dataclass(frozen=True, slots=True)
class StrategyExpect:
    """What a strategy path must produce over its seeds."""

    score: Bound | None = None
    on: Share = Share(">=", 100.0)
    median: Bound | None = None
    median_between: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class StrategyPath:
    """One strategy path of a paths file."""

    name: str
    strategy: Strategy
    seeds: int
    seed: int
    expect: StrategyExpect
    line: int
    between: tuple[Strategy, Strategy] | None = None


def read_strategy_path(
    reader: _Reader, fields: dict[str, Node], node: Node, case: Case
) -> StrategyPath | None:
    """Read the fields of a strategy path with ``reader`` (an expected-paths reader)."""
    before = len(reader.problems)
    name = reader.text(fields["name"], "name") if "name" in fields else None
    if "name" not in fields:
        reader.error(node, "a path needs a 'name'")
    role = reader.text(fields["role"], "role") if "role" in fields else None
    if role is not None and role not in case.playable_roles:
        reader.error(
            fields["role"], f"'{role}' is not a playable role", did_you_mean(role, case.playable_roles)
        )
        role = None
    strategy = _strategy(reader, fields["strategy"], case, role)
    if strategy is not None and role is not None and strategy.role != role:
        reader.error(fields["role"], f"the strategy plays '{strategy.role}', not '{role}'")
    seeds = reader.integer(fields["seeds"], "seeds") if "seeds" in fields else 200
    if seeds is not None and seeds < 1:
        reader.error(fields["seeds"], "seeds must be at least 1")
    seed = reader.integer(fields["seed"], "seed") if "seed" in fields else 0
    expect, between = _expect(reader, fields.get("expect"), case, strategy)
    if len(reader.problems) > before or None in (name, strategy, seeds, seed):
        return None
    assert name is not None and strategy is not None and seeds is not None and seed is not None
    return StrategyPath(name, strategy, seeds, seed, expect, node.line, between)


def _strategy(reader: _Reader, node: Node, case: Case, role: str | None) -> Strategy | None:
    ref = reader.text(node, "strategy")
    if ref is None:
        return None
    if ref == "random":
        if role is None:
            reader.error(node, "the random strategy needs a 'role' to play")
            return None
        return random_strategy(role)
    try:
        beside = Path(reader.file).parent / ref
        found = beside if beside.is_file() else find_strategy(case.path, ref, role)
        return read_strategy(found, case)
    except CaseError as err:
        first = err.diagnostics[0]
        if first.path == ref:
            reader.error(node, first.message, first.hint)
        else:
            reader.error(node, f"the strategy {ref} has problems: {first.format()}")
        return None


def _expect(
    reader: _Reader, node: Node | None, case: Case, strategy: Strategy | None
) -> tuple[StrategyExpect, tuple[Strategy, Strategy] | None]:
    if node is None:
        return StrategyExpect(), None
    fields = reader.mapping(node, "'expect'", STRATEGY_EXPECT_KEYS) or {}
    score = reader.bound(fields["score"], "score") if "score" in fields else None
    on = Share(">=", 100.0)
    if "on" in fields:
        where = fields["on"]
        match = _SHARE.match(where.text) if isinstance(where, ScalarNode) else None
        if match is None or float(match.group(2)) > 100:
            reader.error(where, "'on' must be a share of seeds such as '>= 95%'")
        else:
            on = Share(match.group(1) or ">=", float(match.group(2)))
        if score is None:
            reader.error(where, "'on' needs a 'score' bound to count the seeds that meet it")
    median = reader.bound(fields["median"], "median") if "median" in fields else None
    between = None
    names: tuple[str, str] | None = None
    if "median_between" in fields:
        refs = reader.ids(fields["median_between"], "median_between")
        if len(refs) != 2:
            reader.error(fields["median_between"], "median_between names two strategies: [lower, upper]")
        else:
            found = [_strategy(reader, where, case, strategy.role if strategy else None) for _, where in refs]
            if found[0] is not None and found[1] is not None:
                between = (found[0], found[1])
                names = (refs[0][0], refs[1][0])
    return StrategyExpect(score, on, median, names), between


_RESULTS: dict[tuple[str, str, str, str, int, int], StrategyReport] = {}


def _key(case: Case, strategy: Strategy, seeds: int, seed: int) -> tuple[str, str, str, str, int, int]:
    return (case.source_hash, strategy.path or strategy.id, strategy.role, strategy.id, seeds, seed)


def prime(items: Sequence[tuple[Case, StrategyPath]], *, jobs: int | None = None) -> None:
    """Play every strategy the strategy paths ``items`` need, at once in one pool of processes.

    :func:`run_strategy_path` then finds them played; calling it without
    priming plays them one by one in this process, with the same results.
    """
    wanted: dict[tuple[str, str, str, str, int, int], tuple[Case, Strategy, int, int]] = {}
    for case, path in items:
        for strategy in (path.strategy, *(path.between or ())):
            key = _key(case, strategy, path.seeds, path.seed)
            if key not in _RESULTS:
                wanted.setdefault(key, (case, strategy, path.seeds, path.seed))
    groups: dict[tuple[int, int], list[tuple[tuple[str, str, str, str, int, int], Case, Strategy]]] = {}
    for key, (case, strategy, seeds, seed) in wanted.items():
        groups.setdefault((seeds, seed), []).append((key, case, strategy))
    for (seeds, seed), group in groups.items():
        reports = evaluate_all(
            [(case.path, strategy) for _, case, strategy in group], seeds=seeds, seed=seed, jobs=jobs
        )
        for (key, _, _), report in zip(group, reports, strict=True):
            _RESULTS[key] = report


def _report(case: Case, strategy: Strategy, seeds: int, seed: int) -> StrategyReport:
    key = _key(case, strategy, seeds, seed)
    found = _RESULTS.get(key)
    if found is None:
        found = _RESULTS[key] = evaluate(case, strategy, seeds=seeds, seed=seed)
    return found


MISSED_SHOWN = 3
"""How many of the seeds that missed a score bound a failure names."""


def missed_seeds(case: Case, strategy: Strategy, report: StrategyReport, bound: Bound) -> list[str]:
    """What a failed score bound says about the seeds that missed it: how many, their endings,
    the worst few, and the command that plays one of them with its transcript and debrief."""
    missed = sorted((row for row in report.rows if not bound.holds(row[3])), key=lambda row: (row[3], row[0]))
    if not missed:
        return []
    endings: dict[str, int] = {}
    for row in missed:
        endings[row[1]] = endings.get(row[1], 0) + 1
    counts = ", ".join(
        f"{ending} {n}" for ending, n in sorted(endings.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    worst = ", ".join(f"seed {row[0]} ({row[1]}, {row[3]})" for row in missed[:MISSED_SHOWN])
    return [
        f"missed on {len(missed)} seeds, ending in: {counts}; the lowest: {worst}",
        f"see one: {run_command(case, strategy, missed[0][0])}",
    ]


def run_strategy_path(case: Case, path: StrategyPath) -> tuple[tuple[str, ...], StrategyReport]:
    """Play a strategy path; return what failed (empty when it passed) and the report."""
    report = _report(case, path.strategy, path.seeds, path.seed)
    failures: list[str] = []
    expect = path.expect
    if expect.score is not None:
        share = report.share(expect.score)
        if not expect.on.holds(share):
            failures.append(
                f"expected score {expect.score} on {expect.on} of {report.runs} seeds; "
                f"it was on {100 * share:.1f}% (median {report.overall.median:g})"
            )
            failures += missed_seeds(case, path.strategy, report, expect.score)
    median = report.overall.median
    if expect.median is not None and not expect.median.holds(int(median)):
        failures.append(f"expected median {expect.median}, got {median:g}")
    if path.between is not None and expect.median_between is not None:
        low = _report(case, path.between[0], path.seeds, path.seed).overall.median
        high = _report(case, path.between[1], path.seeds, path.seed).overall.median
        if not low < median < high:
            failures.append(
                f"expected the median strictly between {expect.median_between[0]} ({low:g}) "
                f"and {expect.median_between[1]} ({high:g}); got {median:g}"
            )
    return tuple(failures), report
