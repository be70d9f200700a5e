"""Benchmark of the instructor tools: ``parley analyze`` throughput, and counterfactual time.

Prints ``name: value`` lines:

    python benchmarks/analyze.py [--quick] [--runs N]

* ``<case>_<policy>_1_core_playthroughs_per_s`` and ``…_all_cores_…``: playthroughs per second of
  :func:`game.instructor.analysis.analyze` (the function behind ``parley analyze``, timed end to end: loading,
  worker start-up, playing, scoring and the report) with one process and with one per core, for
  the largest built-in case (``largest``) with each policy, and for the synthetic 20 phases × 5
  moves case of ``benchmarks/engine.py`` (``synthetic``); ``…_parallel_speedup`` is their ratio.
* ``largest_<policy>_command_playthroughs_per_s``: the same run as a person types it, ``parley
  analyze`` in a new process each time (start-up, imports, loading and laying out the case, the
  pool and the report, nothing kept from a previous run; the ``…_all_cores_…`` figures are taken in
  this process, where the second and third runs find the generated code already compiled), and
  ``…_command_ratio_to_in_process`` its ratio to ``…_all_cores_playthroughs_per_s``.
* ``largest_<policy>_sessions_1_core_playthroughs_per_s``: the baseline measured in the same run,
  ``analyze(..., bulk=False)`` on one core, every playthrough played by a ``Session`` (as before
  bulk play, :mod:`game.play.bulk`); ``…_bulk_ratio_to_sessions`` the 1-core rate over it.
* ``playthroughs_per_s`` and ``parallel_speedup``: the headline, the largest built-in case with
  ``parley analyze``'s default policy on every core.
* ``calibration_s``: the calibration ``parley test`` runs: 200 seeds of the shipped doctrine and
  reactive strategies of every playable role of every built-in case, in one pool with one process
  per core (``calibration_1_core_s`` with one process, ``calibration_speedup`` their ratio,
  ``calibration_playthroughs_per_s`` the same work as a rate beside ``playthroughs_per_s``).
* ``counterfactual_s``: the median time of :func:`game.debriefing.counterfactual.better_moves` with
  its defaults (``counterfactual_rollouts`` paired rollouts per alternative, a second set to confirm
  a suggestion, the rollouts shared between this process and a pool of one more process per core
  when the work pays for it and the machine has a core to spare) over one session of each built-in
  case, a person playing the first role; ``counterfactual_max_s`` the slowest.
  ``counterfactual_pool_s``: the same with the pool whatever the load (``jobs`` = the number of
  cores); its start-up (forking the workers from the fork server, each loading the case and
  replaying the log) is inside every call; ``counterfactual_cold_s`` is its very first call, which
  also starts the fork server (once per program: the terminal app pays it on its first debrief).
  ``counterfactual_1_process_s`` the same work in one process (``jobs=1``) and
  ``counterfactual_parallel_speedup`` its ratio to ``counterfactual_s``;
  ``counterfactual_40_rollouts_baseline_s`` the median of the version before issue 9 (every open
  move, 40 rollouts each, one process) on the same sessions, in the same run, and
  ``counterfactual_ratio_to_baseline`` the ratio of the medians (``…_1_process_ratio_…`` for one
  process).  The same in processor time summed over the processes (``counterfactual_cpu_s`` …,
  steadier when other work shares the machine; ``counterfactual_pool_overhead_cpu_ratio`` what the
  pool adds).  ``counterfactual_unloaded_s``: the pool's processor time divided by the number of
  processes that shared it, what the call takes with a core to each (as
  ``…_unloaded_playthroughs_per_s`` projects for ``analyze``; the work is shared as it goes, so no
  process waits while work is left), with its slowest session and its ratio to the baseline's
  processor time.  ``load_average``: the machine's load while the counterfactual figures were taken
  (with other work on the cores, a pool gains no wall-clock time).

Each figure is the best of a few repetitions: these machines are shared and noisy.  Beside each
rate, ``…_per_cpu_s`` counts playthroughs per second of processor time summed over the processes
(this one and its pool's workers), which other work on the machine disturbs far less than the
wall clock; ``…_unloaded_playthroughs_per_s`` is that rate times the number of cores, what the pool
would reach with every core to itself.  ``calibration_cpu_s`` and ``calibration_1_core_cpu_s`` are
the processor seconds of the calibration, and ``calibration_pool_overhead_cpu_ratio`` their ratio
(what the pool adds: starting workers, sending tasks and results).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import MOVES, PHASES, synthetic_case

from game.case.library import builtin_files
from game.case.loader import load_case
from game.case.model import Case
from game.debriefing.counterfactual import ROLLOUTS, better_moves
from game.debriefing.rolloutpool import Effort
from game.debriefing.rollouts import before as _before
from game.debriefing.rollouts import rollout_seed
from game.debriefing.scoring import debrief, totals
from game.instructor.analysis import analyze
from game.instructor.calibrate import evaluate_all
from game.instructor.strategy import read_strategy, shipped_strategies
from game.play.events import Event
from game.play.session import Session

DEFAULT_POLICY = "random"  # parley analyze's default


def cpu_time() -> float:
    """Processor time of this process and of its finished children (pool workers), in seconds."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def rate(
    path: Path, runs: int, policy: str, jobs: int, repeat: int, bulk: bool = True
) -> tuple[float, float]:
    """Best playthroughs per second of ``analyze`` over ``repeat`` runs: per second of wall-clock
    time, and per second of processor time (summed over the processes).  ``bulk=False``: every
    playthrough played by a ``Session`` (the baseline of bulk play)."""
    best = best_cpu = 0.0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), cpu_time()
        analyze(path, runs=runs, policy=policy, jobs=jobs, bulk=bulk)
        best = max(best, runs / (time.perf_counter() - start))
        best_cpu = max(best_cpu, runs / (cpu_time() - start_cpu))
    return best, best_cpu


def command_rate(path: Path, runs: int, policy: str, repeat: int) -> float:
    """Best playthroughs per second of ``parley analyze`` as a person runs it, a new process each time
    (``python -m cli analyze``): Python's start-up, the imports, loading, laying out, the pool and
    the report, nothing kept from an earlier run."""
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-m", "cli", "analyze", str(path), "--policy", policy, "--runs", str(runs)]
    best = 0.0
    with tempfile.TemporaryDirectory() as home:
        for _ in range(repeat):
            start = time.perf_counter()
            env = {**os.environ, "PARLEY_HOME": home}
            subprocess.run(command, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
            best = max(best, runs / (time.perf_counter() - start))
    return best


def legacy_better_moves(
    case: Case, events: Sequence[Event], role: str, rollouts: int = 40, seed: int = 0
) -> None:
    """The counterfactual as it was before issue 9, the baseline: every open move, 40 rollouts each,
    the policy asked move by move (each call building its events), the best mean reported."""
    player = debrief(case, events).player(role)
    for decision in sorted(player.decisions[:3], key=lambda d: d.seq):
        base = _before(case, events, decision)
        for move in [o.move for o in base.options(role) if o.open]:
            for index in range(rollouts):
                rollout = base.fork(seed=rollout_seed(seed, decision.seq, index), policy="counterpart")
                rollout.play(role, move.id)
                while not rollout.over:
                    rollout.play_policy(rollout.waiting_for[0])
                totals(case, rollout.tally(), role)


def calibration_time(jobs: int, seeds: int = 200) -> tuple[float, int, float]:
    """Seconds to play every shipped strategy of every built-in case on ``seeds`` seeds (one pool of
    ``jobs`` processes, as ``parley test`` does), how many playthroughs that was, and the processor
    seconds it took (summed over the processes)."""
    start, start_cpu = time.perf_counter(), cpu_time()
    work = []
    for path in builtin_files():
        case = load_case(path)  # once per case, as ``parley test`` loads it
        work += [(path, read_strategy(file, case)) for file in shipped_strategies(path)]
    evaluate_all(work, seeds=seeds, jobs=jobs)
    return time.perf_counter() - start, seeds * len(work), cpu_time() - start_cpu


def counterfactual_times(repeat: int) -> dict[str, list[float]]:
    """Seconds of ``better_moves`` for one session of each built-in case (a person playing the first
    role, the policy choosing for them), best of ``repeat``: with its defaults (``new``: a pool when
    it pays), with a pool of one process per core whatever the load (``pool``), in one process
    (``one``), and of the 40-rollout baseline (``old``); wall-clock, processor time summed over the
    processes (``…_cpu``, steadier on a shared machine), and that processor time over the number of
    processes (``…_unloaded``).  ``cold``: the first call with a pool, which also starts the fork
    server."""
    cores = os.cpu_count() or 1
    times: dict[str, list[float]] = {
        key: [] for key in ("new", "pool", "one", "old", "new_cpu", "pool_cpu", "one_cpu", "old_cpu")
    }
    runs = {
        "pool": lambda case, log, role, effort: better_moves(case, log, role, jobs=cores, effort=effort),
        "new": better_moves,
        "one": lambda case, log, role, effort: better_moves(case, log, role, jobs=1, effort=effort),
        "old": lambda case, log, role, effort: legacy_better_moves(case, log, role),
    }
    for path in builtin_files():
        case = load_case(path)
        role = case.playable_roles[0]
        session = Session(case, seed=1, humans=[role])
        while not session.over:
            session.play_policy(session.waiting_for[0])
        for key, run in runs.items():
            wall = cpu = spread = float("inf")
            for _ in range(repeat):
                effort = Effort()
                start, start_cpu = time.perf_counter(), time.process_time()
                run(case, session.log, role, effort=effort)
                took = time.perf_counter() - start
                if key == "pool" and "cold" not in times:
                    times["cold"] = [took]
                wall = min(wall, took)
                used = time.process_time() - start_cpu + effort.worker_cpu_s
                cpu = min(cpu, used)
                spread = min(spread, used / effort.processes)
            times[key].append(wall)
            times[f"{key}_cpu"].append(cpu)
            times.setdefault(f"{key}_unloaded", []).append(spread)
    return times


def main() -> None:
    """Run every measurement and print the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer playthroughs (a smoke test)")
    parser.add_argument(
        "--counterfactual-only", action="store_true", help="only the counterfactual_* figures"
    )
    parser.add_argument("--runs", type=int, default=None, help="playthroughs per measurement (default 10000)")
    args = parser.parse_args()
    runs = args.runs or (1000 if args.quick else 10_000)
    repeat = 1 if args.quick else 3
    cores = os.cpu_count() or 1

    if not args.counterfactual_only:
        largest = max(builtin_files(), key=lambda p: p.stat().st_size)
        print(f"largest_builtin_case: {largest.stem}")
        print(f"cores: {cores}")
        print(f"runs: {runs}")
        headline: dict[str, float] = {}
        for policy in ("random", "counterpart"):
            one, one_cpu = rate(largest, runs, policy, 1, repeat)
            every, every_cpu = rate(largest, runs, policy, cores, repeat)
            print(f"largest_{policy}_1_core_playthroughs_per_s: {one:.0f}")
            print(f"largest_{policy}_all_cores_playthroughs_per_s: {every:.0f}")
            print(f"largest_{policy}_parallel_speedup: {every / one:.2f}")
            print(f"largest_{policy}_1_core_playthroughs_per_cpu_s: {one_cpu:.0f}")
            print(f"largest_{policy}_all_cores_playthroughs_per_cpu_s: {every_cpu:.0f}")
            print(f"largest_{policy}_all_cores_unloaded_playthroughs_per_s: {every_cpu * cores:.0f}")
            # the same run's baseline: every playthrough played by a Session (as before bulk play)
            sessions, _ = rate(largest, runs // 4, policy, 1, repeat, bulk=False)
            print(f"largest_{policy}_sessions_1_core_playthroughs_per_s: {sessions:.0f}")
            print(f"largest_{policy}_bulk_ratio_to_sessions: {one / sessions:.2f}")
            command = command_rate(largest, runs, policy, repeat)
            print(f"largest_{policy}_command_playthroughs_per_s: {command:.0f}")
            print(f"largest_{policy}_command_ratio_to_in_process: {command / every:.2f}")
            if policy == DEFAULT_POLICY:
                headline = {"playthroughs_per_s": every, "parallel_speedup": every / one}

        with tempfile.TemporaryDirectory() as folder:
            synthetic = Path(folder) / "synthetic.yaml"
            synthetic.write_text(synthetic_case(PHASES, MOVES), encoding="utf-8")
            one, one_cpu = rate(synthetic, runs, DEFAULT_POLICY, 1, repeat)
            every, every_cpu = rate(synthetic, runs, DEFAULT_POLICY, cores, repeat)
        print(f"synthetic_{PHASES}x{MOVES}_1_core_playthroughs_per_s: {one:.0f}")
        print(f"synthetic_{PHASES}x{MOVES}_all_cores_playthroughs_per_s: {every:.0f}")
        print(f"synthetic_{PHASES}x{MOVES}_parallel_speedup: {every / one:.2f}")
        print(f"synthetic_{PHASES}x{MOVES}_1_core_playthroughs_per_cpu_s: {one_cpu:.0f}")
        print(f"synthetic_{PHASES}x{MOVES}_all_cores_playthroughs_per_cpu_s: {every_cpu:.0f}")

        print(f"playthroughs_per_s: {headline['playthroughs_per_s']:.0f}")
        print(f"parallel_speedup: {headline['parallel_speedup']:.2f}")

        seeds = 40 if args.quick else 200
        one_core, _, one_core_cpu = min(
            (calibration_time(1, seeds) for _ in range(repeat)), key=lambda r: r[0]
        )
        every_core, played, every_core_cpu = min(
            (calibration_time(cores, seeds) for _ in range(repeat)), key=lambda r: r[0]
        )
        print(f"calibration_seeds: {seeds}")
        print(f"calibration_1_core_s: {one_core:.2f}")
        print(f"calibration_s: {every_core:.2f}")
        print(f"calibration_speedup: {one_core / every_core:.2f}")
        print(f"calibration_playthroughs_per_s: {played / every_core:.0f}")
        print(f"calibration_1_core_cpu_s: {one_core_cpu:.2f}")
        print(f"calibration_cpu_s: {every_core_cpu:.2f}")
        print(f"calibration_pool_overhead_cpu_ratio: {every_core_cpu / one_core_cpu:.2f}")
    load = os.getloadavg()[0]
    times = counterfactual_times(repeat)
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"counterfactual_rollouts: {ROLLOUTS}")
    print(f"counterfactual_s: {median['new']:.2f}")
    print(f"counterfactual_max_s: {max(times['new']):.2f}")
    print(f"counterfactual_cold_s: {times['cold'][0]:.2f}")
    print(f"counterfactual_1_process_s: {median['one']:.2f}")
    print(f"counterfactual_parallel_speedup: {median['one'] / median['new']:.2f}")
    print(f"counterfactual_40_rollouts_baseline_s: {median['old']:.2f}")
    print(f"counterfactual_ratio_to_baseline: {median['new'] / median['old']:.2f}")
    print(f"counterfactual_1_process_ratio_to_baseline: {median['one'] / median['old']:.2f}")
    print(f"counterfactual_cpu_s: {median['new_cpu']:.2f}")
    print(f"counterfactual_cpu_max_s: {max(times['new_cpu']):.2f}")
    print(f"counterfactual_1_process_cpu_s: {median['one_cpu']:.2f}")
    print(f"counterfactual_40_rollouts_baseline_cpu_s: {median['old_cpu']:.2f}")
    print(f"counterfactual_cpu_ratio_to_baseline: {median['new_cpu'] / median['old_cpu']:.2f}")
    print(f"counterfactual_1_process_cpu_ratio_to_baseline: {median['one_cpu'] / median['old_cpu']:.2f}")
    print(f"counterfactual_pool_s: {median['pool']:.2f}")
    print(f"counterfactual_pool_cpu_s: {median['pool_cpu']:.2f}")
    print(f"counterfactual_pool_overhead_cpu_ratio: {median['pool_cpu'] / median['one_cpu']:.2f}")
    print(f"counterfactual_unloaded_s: {median['pool_unloaded']:.2f}")
    print(f"counterfactual_unloaded_max_s: {max(times['pool_unloaded']):.2f}")
    print(f"counterfactual_unloaded_ratio_to_baseline_cpu: {median['pool_unloaded'] / median['old_cpu']:.2f}")
    print(f"load_average: {load:.1f} to {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
