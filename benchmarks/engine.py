"""Engine benchmark: loading, and playthroughs against bare ``transitions``.

Prints ``name: value`` lines. Every ratio compares two things measured in the
same run, because these machines are noisy: read the ratios, not the times.

    python benchmarks/engine.py [--quick]

* ``load_vs_yaml_ratio``: loading and validating a generated ~200 KB case ÷
  ``yaml.load(text, CSafeLoader)`` of the same text (target ≤ 3).
* ``playthroughs_per_s``: seeded random playthroughs of a synthetic case of 20
  phases × 5 moves (3 effects and a 2-clause condition each, 30 moves a
  playthrough), and ``engine_vs_transitions_ratio``: the engine's time per
  playthrough ÷ a bare loop doing the same work on a ``transitions`` machine
  of the same shape (target ≤ 2).
* ``load_peak_kib``: peak memory allocated while loading the largest built-in case.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml
from transitions import Machine, State

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.case.library import builtin_files
from game.case.loader import load_case, load_case_text
from game.play.session import Session

PHASES = 20
MOVES = 5
ROUNDS = 30


def synthetic_case(phases: int, moves: int, text_lines: int = 0) -> str:
    """YAML for a case of ``phases`` × ``moves``; ``text_lines`` pads narrative to grow the file."""
    pad = "".join(
        f"      Line {i} of narrative padding for size, as instructors write.\n" for i in range(text_lines)
    )
    out = [
        "schema_version: 1",
        "id: synthetic",
        "title: Synthetic",
        "summary: Generated for benchmarks.",
        "difficulty: advanced",
        "duration_minutes: 30",
        "briefing: Generated.",
        "rounds:",
        "  mode: sequential",
        "  order: [a, b]",
        f"  limit: {ROUNDS}",
        "  on_limit: stalemate",
        "roles:",
    ]
    for role in ("a", "b"):
        out += [f"  {role}:", f"    name: Role {role}", "    description: A role.", "    briefing: Play."]
    out += ["meters:"]
    for m in ("m1", "m2", "m3"):
        out += [f"  {m}:", f"    label: Meter {m}", "    min: 0", "    max: 100", "    initial: 50"]
    out += ["phases:"]
    for p in range(phases):
        ids = ", ".join(f"p{p}_m{k}" for k in range(moves))
        nxt = f"p{(p + 1) % phases}"
        out += [
            f"  p{p}:",
            f"    title: Phase {p}",
            "    text: |",
            f"      Phase {p} narrative.",
            *(pad.splitlines()),
            "    moves:",
            f"      a: [{ids}]",
            "    exits:",
            "      - to: breakdown",
            "        when: m1 >= 100 and m2 <= 0",
            f"      - to: {nxt}",
            "        when: phase_round >= 2 or m3 > 90",
        ]
    out += [
        "endings:",
        "  stalemate: {title: Stalemate, outcome: stalemate, text: Nothing settled.}",
        "  breakdown: {title: Breakdown, outcome: breakdown, text: It broke.}",
        "moves:",
    ]
    for p in range(phases):
        for k in range(moves):
            out += [
                f"  p{p}_m{k}:",
                f"    label: Move {k} of phase {p}",
                "    roles: [a]",
                f"    when: m1 >= {k} and m2 <= {100 - k}",
                "    locked_reason: Not yet.",
                f"    tags: [{'inquiry' if k % 2 else 'escalatory'}]",
                "    effects:",
                f"      m1: {1 + k % 3}",
                "      m2: -1",
                f"      m3: {k % 2}",
                f"    feedback: Feedback for move {k} of phase {p}.",
            ]
    out += [
        "rubric:",
        "  d1:",
        "    title: Dimension",
        "    rules:",
        "      - tag: inquiry",
        "        points: 5",
        "        note: listened",
        "      - if: m1 > 60",
        "        points: 10",
        "        note: high m1",
    ]
    return "\n".join(out) + "\n"


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` timings of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_transitions(playthroughs: int) -> float:
    """Seconds per playthrough of the same shape, driven by a bare machine loop."""
    states = [State(f"p{i}") for i in range(PHASES)] + [
        State("stalemate", final=True),
        State("breakdown", final=True),
    ]

    class Model:
        state: str

    model = Model()
    machine = Machine(
        model=model, states=states, initial="p0", auto_transitions=False, ignore_invalid_triggers=True
    )
    for p in range(PHASES):
        machine.add_transition(
            "advance", f"p{p}", "breakdown", conditions=[lambda v: v["m1"] >= 100 and v["m2"] <= 0]
        )
        machine.add_transition(
            "advance", f"p{p}", f"p{(p + 1) % PHASES}", conditions=[lambda v: v["pr"] >= 2 or v["m3"] > 90]
        )
        machine.add_transition("expire", f"p{p}", "stalemate")
    conditions = [(k, lambda v, k=k: v["m1"] >= k and v["m2"] <= 100 - k) for k in range(MOVES)]
    effects = [(("m1", 1 + k % 3), ("m2", -1), ("m3", k % 2)) for k in range(MOVES)]
    rng = random.Random(1)
    log: list[tuple[object, ...]] = []

    def one() -> None:
        values = {"m1": 50, "m2": 50, "m3": 50, "pr": 1}
        machine.set_state("p0", model)
        for rnd in range(1, ROUNDS + 1):
            open_moves = [k for k, test in conditions if test(values)]
            k = open_moves[rng.randrange(len(open_moves))]
            log.append(("move", rnd, k))
            for slot, delta in effects[k]:
                values[slot] = min(100, max(0, values[slot] + delta))
                log.append(("effect", slot, values[slot]))
            before = model.state
            model.advance(values)  # type: ignore[attr-defined]
            if rnd >= ROUNDS and model.state.startswith("p"):
                model.expire(values)  # type: ignore[attr-defined]
            values["pr"] = 1 if model.state != before else values["pr"] + 1

    start = time.perf_counter()
    for _ in range(playthroughs):
        one()
    return (time.perf_counter() - start) / playthroughs


def engine(case_text: str, playthroughs: int) -> float:
    """Seconds per seeded random playthrough of the synthetic case by the engine."""
    case = load_case_text(case_text, "synthetic.yaml")
    Session(case, seed=0, policy="random")  # build the shared machine outside the timing
    start = time.perf_counter()
    for seed in range(playthroughs):
        session = Session(case, seed=seed, policy="random")
        assert session.over
    return (time.perf_counter() - start) / playthroughs


def main() -> None:
    """Run every measurement and print the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for a smoke test)")
    quick = parser.parse_args().quick
    repeat = 2 if quick else 7
    runs = 100 if quick else 1000

    big = synthetic_case(60, 8, text_lines=20)
    yaml_s = best(lambda: yaml.load(big, Loader=yaml.CSafeLoader), repeat)
    load_s = best(lambda: load_case_text(big, "big.yaml"), repeat)
    print(f"load_case_kib: {len(big.encode()) / 1024:.0f}")
    print(f"yaml_load_ms: {yaml_s * 1000:.2f}")
    print(f"parley_load_ms: {load_s * 1000:.2f}")
    print(f"load_vs_yaml_ratio: {load_s / yaml_s:.2f}")

    text = synthetic_case(PHASES, MOVES)
    engine_times = [engine(text, runs) for _ in range(3 if quick else 5)]
    bare_times = [bare_transitions(runs) for _ in range(3 if quick else 5)]
    per_engine = statistics.median(engine_times)
    per_bare = statistics.median(bare_times)
    print(f"playthroughs_per_s: {1 / per_engine:.0f}")
    print(f"bare_transitions_playthroughs_per_s: {1 / per_bare:.0f}")
    print(f"engine_vs_transitions_ratio: {per_engine / per_bare:.2f}")

    largest = max(builtin_files(), key=lambda p: p.stat().st_size)
    tracemalloc.start()
    load_case(largest)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"largest_builtin_case: {largest.name}")
    print(f"load_peak_kib: {peak / 1024:.0f}")


if __name__ == "__main__":
    main()
