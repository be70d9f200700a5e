"""Benchmark of scoring many playthroughs: :func:`game.debriefing.scoring.totals_for`.

Prints ``name: value`` lines:

    python benchmarks/scoring.py [--quick] [--boards N]

For each built-in case and policy (``random``, ``counterpart``), on the boards of ``N`` playthroughs
(``Session(case, seed=playthrough_seed(0, i), policy=p).tally()``, as ``parley analyze`` plays
them), every playable role scored per call:

* ``<case>_<policy>_reference_us``: µs per call of the reference reading (``Credit`` rule by rule,
  ``scoring._totals_reference``);
* ``<case>_<policy>_plan_us``: µs per call of ``totals_for`` (the case's scoring plan);
* ``<case>_<policy>_speedup``: their ratio (measured in the same run, interleaved);
* ``<case>_<policy>_mismatches``: boards where the two differ (must be 0).

Only the scoring is timed: the boards are built first and frozen out of the garbage collector's
reach (``gc.freeze()``), and each scoring path is warmed up once (the plan is built on first use,
or ahead by ``scoring.prepare``).  Each figure is the best of a few repetitions (the machine is
shared).  ``largest_…`` repeats the figures of the largest built-in case.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable, Sequence

from game.case.library import builtin_files
from game.case.loader import load_case
from game.case.model import Case
from game.debriefing import scoring
from game.instructor.analysis import playthrough_seed
from game.play.board import Board
from game.play.session import Session

POLICIES = ("random", "counterpart")


def _time(score: Callable[..., object], case: Case, boards: Sequence[Board], roles: tuple[str, ...]) -> float:
    start = time.perf_counter()
    for board in boards:
        score(case, board, roles)
    return (time.perf_counter() - start) / len(boards)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer boards and repetitions")
    parser.add_argument("--boards", type=int, default=0, help="playthroughs per case and policy")
    args = parser.parse_args()
    count = args.boards or (200 if args.quick else 1000)
    repeats = 2 if args.quick else 4
    paths = builtin_files()
    largest = max(paths, key=lambda p: p.stat().st_size).stem
    for path in paths:
        case = load_case(path)
        scoring.prepare(case)
        roles = case.playable_roles
        for policy in POLICIES:
            boards = [Session(case, seed=playthrough_seed(0, i), policy=policy).tally() for i in range(count)]
            gc.collect()
            gc.freeze()
            mismatches = sum(
                scoring.totals_for(case, b, roles) != scoring._totals_reference(case, b, roles)
                for b in boards
            )
            reference = plan = float("inf")
            for _ in range(repeats):
                reference = min(reference, _time(scoring._totals_reference, case, boards, roles))
                plan = min(plan, _time(scoring.totals_for, case, boards, roles))
            names = [f"{path.stem}_{policy}"] + ([f"largest_{policy}"] if path.stem == largest else [])
            for name in names:
                print(f"{name}_reference_us: {reference * 1e6:.1f}")
                print(f"{name}_plan_us: {plan * 1e6:.1f}")
                print(f"{name}_speedup: {reference / plan:.2f}")
                print(f"{name}_mismatches: {mismatches}")
            del boards
            gc.unfreeze()
            gc.collect()


if __name__ == "__main__":
    main()
