"""Bulk play against the session: µs per playthrough and their ratio, measured in the same run.

Prints ``name: value`` lines.  For every built-in case and policy:

* ``<case>_<policy>_session_us``: ``Session(case, seed=s, policy=p).tally()``, µs per playthrough;
* ``<case>_<policy>_bulk_us``: ``game.play.bulk.bulk_tally(case, s, p)``, µs per playthrough;
* ``<case>_<policy>_ratio``: session ÷ bulk (read this one: these machines are noisy);
* ``<case>_<policy>_machine_us`` and ``_seeding_us``: of the bulk time, what the phase machine
  (``transitions``, through ``PhaseMachine.step``) and the seeding of the random streams take, which
  the bulk engine shares with the session (measured by timing each call: a little high).

Each figure is the best of ``--repeat`` rounds, the two engines alternating within each round.

    python benchmarks/bulk_play.py [--quick] [--runs N] [--repeat N]
    python benchmarks/bulk_play.py --check 2000   # equality evidence instead: N seeds per case and policy
    python benchmarks/bulk_play.py --against main  # this engine against the bulk engine of a git revision

``--against REV`` loads ``game/play/bulk*.py`` as they are at git revision REV (under other module
names, beside this checkout's) and prints, per built-in case, ``<case>_prepare_ms_before`` and
``_after`` (the plan's set-up with nothing compiled yet, best of 3 loads of the case) and, per case
and policy, ``<case>_<policy>_before_us``, ``_after_us`` and ``_after_ratio`` (after ÷ before, the
two alternating within each round; read the ratio: these machines are noisy).

``--check N`` plays N seeds of every built-in case, every loadable test case, the synthetic case
of ``benchmarks/engine.py`` and the format-2 case of ``tests/test_bulk_play.py`` with both
policies in both engines and prints, per case and policy, how many boards were equal (every field,
ledger included) or ``fallback``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import MOVES, PHASES, synthetic_case

from game.case.library import builtin_files
from game.case.loader import load_case, load_case_text
from game.case.model import Case
from game.play import bulk
from game.play.bulk import bulk_tally, prepare
from game.play.policy import POLICIES
from game.play.rules import rules_for
from game.play.session import Session

ROOT = Path(__file__).resolve().parent.parent


def _timed(runs: int, play: Callable[[int], object]) -> float:
    start = time.perf_counter()
    for seed in range(runs):
        play(seed)
    return (time.perf_counter() - start) / runs * 1e6


def shares(case: Case, policy: str, runs: int) -> tuple[float, float]:
    """µs per bulk playthrough spent in the phase machine and in seeding random streams."""
    machine = rules_for(case).machine
    step = machine.step
    spent = {"machine": 0.0, "seeding": 0.0}

    def timed_step(*args: Any) -> Any:
        start = time.perf_counter()
        try:
            return step(*args)
        finally:
            spent["machine"] += time.perf_counter() - start

    class TimedRandom(random.Random):
        def __init__(self, seed: str) -> None:
            start = time.perf_counter()
            super().__init__(seed)
            spent["seeding"] += time.perf_counter() - start

    machine.step = timed_step  # type: ignore[method-assign]
    bulk.random = type("TimedModule", (), {"Random": TimedRandom})  # type: ignore[assignment]
    try:
        for seed in range(runs):
            bulk_tally(case, seed, policy)
    finally:
        del machine.step
        bulk.random = random
    return spent["machine"] / runs * 1e6, spent["seeding"] / runs * 1e6


def speed(runs: int, repeat: int) -> None:
    for path in builtin_files():
        case = load_case(path)
        prepare(case)
        for policy in POLICIES:
            session = bulked = float("inf")

            def by_session(seed: int, case: Case = case, policy: str = policy) -> object:
                return Session(case, seed=seed, policy=policy).tally()

            def by_bulk(seed: int, case: Case = case, policy: str = policy) -> object:
                return bulk_tally(case, seed, policy)

            for _ in range(repeat):
                session = min(session, _timed(runs, by_session))
                bulked = min(bulked, _timed(runs, by_bulk))
            machine, seeding = shares(case, policy, runs)
            name = f"{path.stem}_{policy}"
            print(f"{name}_session_us: {session:.1f}")
            print(f"{name}_bulk_us: {bulked:.1f}")
            print(f"{name}_ratio: {session / bulked:.2f}")
            print(f"{name}_machine_us: {machine:.1f}")
            print(f"{name}_seeding_us: {seeding:.1f}")


def check(seeds: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_bulk_play import assert_same_board  # the tests' field-by-field comparison

    cases: list[tuple[str, Case]] = [(path.stem, load_case(path)) for path in builtin_files()]
    cases.append(("synthetic", load_case_text(synthetic_case(PHASES, MOVES), "synthetic.yaml")))
    tests = ROOT / "tests" / "cases"
    for path in sorted(tests.rglob("*.yaml")):
        name = path.relative_to(tests).as_posix()
        if name.split("/")[0] in ("invalid", "invalid2") or ".strategies/" in name or ".paths." in name:
            continue
        cases.append((name, load_case(path)))
    from test_bulk_play import FORMAT2  # the tests' format-2 case: history, effect ifs, requires...

    cases.append(("format2-inline", load_case_text(FORMAT2, "bulk-format2.yaml")))
    for name, case in cases:
        for policy in POLICIES:
            if not prepare(case):
                print(f"{name}_{policy}: fallback")
                continue
            for seed in range(seeds):
                got = bulk_tally(case, seed, policy)
                assert got is not None
                assert_same_board(Session(case, seed=seed, policy=policy).tally(), got, f"{name} {seed}")
            print(f"{name}_{policy}: {seeds} equal")


def engine_at(revision: str) -> Any:
    """The bulk engine (``game.play.bulk``) as it is at git ``revision``, as modules of other names."""
    import importlib
    import re
    import subprocess
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="parley-bulk-"))
    tag = "bulk_" + re.sub(r"[^A-Za-z0-9]", "_", revision)
    names = ("bulk", "bulkplan", "bulkcode", "bulkreads", "bulksource")
    for name in names:
        shown = ["git", "show", f"{revision}:game/play/{name}.py"]
        done = subprocess.run(shown, cwd=ROOT, check=name == "bulk", capture_output=True, text=True)
        if done.returncode:  # a module the engine did not have then
            continue
        text = done.stdout
        for other in names:
            text = re.sub(rf"\bgame\.play\.{other}\b", f"{tag}_{other}", text)
        (folder / f"{tag}_{name}.py").write_text(text)
    sys.path.insert(0, str(folder))
    return importlib.import_module(f"{tag}_bulk")


def against(revision: str, runs: int, repeat: int) -> None:
    before = engine_at(revision)
    for path in builtin_files():
        cases = [load_case(path) for _ in range(3)]
        for case in cases:
            rules_for(case).prepare()  # shared by both engines: not part of either's set-up
        for label, engine in (("before", before), ("after", bulk)):
            best = float("inf")
            for case in cases:
                for part in ("code", "source"):  # its code cache emptied: each load timed as the first
                    getattr(sys.modules.get(engine.__name__ + part), "_CODES", {}).clear()
                start = time.perf_counter()
                engine.prepare(case)
                best = min(best, (time.perf_counter() - start) * 1e3)
            print(f"{path.stem}_prepare_ms_{label}: {best:.1f}")
        case = cases[0]
        for policy in POLICIES:
            old = new = float("inf")
            for _ in range(repeat):
                old = min(old, _timed(runs, lambda seed, c=case, p=policy: before.bulk_tally(c, seed, p)))
                new = min(new, _timed(runs, lambda seed, c=case, p=policy: bulk_tally(c, seed, p)))
            name = f"{path.stem}_{policy}"
            print(f"{name}_before_us: {old:.1f}")
            print(f"{name}_after_us: {new:.1f}")
            print(f"{name}_after_ratio: {new / old:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer playthroughs (a smoke test)")
    parser.add_argument("--runs", type=int, default=0, help="playthroughs per timing (default 200)")
    parser.add_argument("--repeat", type=int, default=11, help="timings per figure, the best kept")
    parser.add_argument("--check", type=int, default=0, metavar="N", help="prove equality on N seeds instead")
    parser.add_argument("--against", metavar="REV", help="time against the bulk engine of git revision REV")
    args = parser.parse_args()
    if args.against:
        against(args.against, args.runs or (50 if args.quick else 300), 2 if args.quick else args.repeat)
        return
    if args.check:
        check(args.check)
        return
    runs = args.runs or (50 if args.quick else 200)
    speed(runs, 2 if args.quick else args.repeat)


if __name__ == "__main__":
    main()
