"""Benchmark of the instructor tools: ``parley analyze`` throughput, and counterfactual time.

Prints ``name: value`` lines:

    python benchmarks/analyze.py [--quick] [--runs N]

* ``<case>_<policy>_1_core_playthroughs_per_s`` and ``…_all_cores_…``: playthroughs per second of
  :func:`game.instructor.analysis.analyze` (the function behind ``parley analyze``, timed end to end: loading,
  worker start-up, playing, scoring and the report) with one process and with one per core, for
  the largest built-in case (``largest``) with each policy, and for the synthetic 20 phases × 5
  moves case of ``benchmarks/engine.py`` (``synthetic``); ``…_parallel_speedup`` is their ratio.
* ``playthroughs_per_s`` and ``parallel_speedup``: the headline, the largest built-in case with
  ``parley analyze``'s default policy on every core.
* ``calibration_s``: the time of the calibration ``parley test`` runs: 200 seeds of the shipped
  doctrine and reactive strategies of every playable role of every built-in case, with one
  process per core (``calibration_1_core_s`` with one process; ``calibration_speedup`` their ratio);
  ``calibration_playthroughs_per_s`` is the same work as a rate, to compare with
  ``playthroughs_per_s``.
* ``counterfactual_s``: the median time of :func:`game.debriefing.counterfactual.better_moves` (default
  settings) over one session of each built-in case, a person playing the first role;
  ``counterfactual_max_s`` the slowest.

Each figure is the best of a few repetitions: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import MOVES, PHASES, synthetic_case

from game.case.library import builtin_files
from game.case.loader import load_case
from game.debriefing.counterfactual import better_moves
from game.instructor.analysis import analyze
from game.instructor.calibrate import evaluate_many
from game.instructor.strategy import read_strategy, shipped_strategies
from game.play.session import Session

DEFAULT_POLICY = "random"  # parley analyze's default


def rate(path: Path, runs: int, policy: str, jobs: int, repeat: int) -> float:
    """Best playthroughs per second of ``analyze`` over ``repeat`` runs."""
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        analyze(path, runs=runs, policy=policy, jobs=jobs)
        best = max(best, runs / (time.perf_counter() - start))
    return best


def calibration_time(jobs: int, seeds: int = 200) -> tuple[float, int]:
    """Seconds to play every shipped strategy of every built-in case on ``seeds`` seeds, and how many."""
    start = time.perf_counter()
    played = 0
    for path in builtin_files():
        case = load_case(path)
        strategies = [read_strategy(p, case) for p in shipped_strategies(path)]
        evaluate_many(path, strategies, seeds=seeds, jobs=jobs)
        played += seeds * len(strategies)
    return time.perf_counter() - start, played


def counterfactual_times() -> list[float]:
    """Seconds of ``better_moves`` for one session of each built-in case."""
    times = []
    for path in builtin_files():
        case = load_case(path)
        role = case.playable_roles[0]
        session = Session(case, seed=1, humans=[role])
        while not session.over:
            session.play_policy(session.waiting_for[0])
        start = time.perf_counter()
        better_moves(case, session.log, role)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Run every measurement and print the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer playthroughs (a smoke test)")
    parser.add_argument("--runs", type=int, default=None, help="playthroughs per measurement (default 10000)")
    args = parser.parse_args()
    runs = args.runs or (1000 if args.quick else 10_000)
    repeat = 1 if args.quick else 3
    cores = os.cpu_count() or 1

    largest = max(builtin_files(), key=lambda p: p.stat().st_size)
    print(f"largest_builtin_case: {largest.stem}")
    print(f"cores: {cores}")
    print(f"runs: {runs}")
    headline: dict[str, float] = {}
    for policy in ("random", "counterpart"):
        one = rate(largest, runs, policy, 1, repeat)
        every = rate(largest, runs, policy, cores, repeat)
        print(f"largest_{policy}_1_core_playthroughs_per_s: {one:.0f}")
        print(f"largest_{policy}_all_cores_playthroughs_per_s: {every:.0f}")
        print(f"largest_{policy}_parallel_speedup: {every / one:.2f}")
        if policy == DEFAULT_POLICY:
            headline = {"playthroughs_per_s": every, "parallel_speedup": every / one}

    with tempfile.TemporaryDirectory() as folder:
        synthetic = Path(folder) / "synthetic.yaml"
        synthetic.write_text(synthetic_case(PHASES, MOVES), encoding="utf-8")
        one = rate(synthetic, runs, DEFAULT_POLICY, 1, repeat)
        every = rate(synthetic, runs, DEFAULT_POLICY, cores, repeat)
    print(f"synthetic_{PHASES}x{MOVES}_1_core_playthroughs_per_s: {one:.0f}")
    print(f"synthetic_{PHASES}x{MOVES}_all_cores_playthroughs_per_s: {every:.0f}")
    print(f"synthetic_{PHASES}x{MOVES}_parallel_speedup: {every / one:.2f}")

    print(f"playthroughs_per_s: {headline['playthroughs_per_s']:.0f}")
    print(f"parallel_speedup: {headline['parallel_speedup']:.2f}")

    seeds = 40 if args.quick else 200
    one_core = min(calibration_time(1, seeds)[0] for _ in range(repeat))
    every_core, played = min((calibration_time(cores, seeds) for _ in range(repeat)), key=lambda r: r[0])
    print(f"calibration_seeds: {seeds}")
    print(f"calibration_1_core_s: {one_core:.2f}")
    print(f"calibration_s: {every_core:.2f}")
    print(f"calibration_speedup: {one_core / every_core:.2f}")
    print(f"calibration_playthroughs_per_s: {played / every_core:.0f}")
    times = counterfactual_times()
    print(f"counterfactual_s: {statistics.median(times):.2f}")
    print(f"counterfactual_max_s: {max(times):.2f}")


if __name__ == "__main__":
    main()
