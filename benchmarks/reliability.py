"""Benchmark of the bounds that keep hostile input finite (issue 15).

Prints ``name: value`` lines; read the ratios, measured in the same run, not the times:

    python benchmarks/reliability.py

* ``lint_largest_limits_s``: the slowest ``lint_case`` over the built-in cases with
  ``rounds.limit`` and every ``max_rounds`` at the largest allowed (1000), and
  ``lint_largest_limits_vs_builtin_ratio``: that ÷ the slowest lint of the cases as shipped.
  Before the walk was bounded it grew with the limit (12.5 s for one case at limit 1000).
* ``run_largest_limits_s``: one game of the harbour case with its limit at 1000 and no exit
  that can hold (it plays all 1000 rounds), and ``run_largest_vs_builtin_ratio``: that ÷ a
  game of the case as shipped.
* ``store_open_ms``: opening a store of 40 sessions (the read-only look, then the
  write connection), and ``store_open_vs_connect_ratio``: that ÷ a bare ``sqlite3.connect``
  plus ``PRAGMA quick_check`` of the same file.

Each figure is the best of a few repetitions: these machines are shared and noisy.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.case.library import builtin_files
from game.case.loader import load_case_text
from game.case.model import MAX_ROUNDS
from game.instructor.lint import lint_case
from game.play.session import Session
from game.storage import Autosave, Store

REPEAT = 3


def best(work: Callable[[], object], repeat: int = REPEAT) -> float:
    """The shortest of ``repeat`` timings of ``work``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def largest(text: str) -> str:
    """The case with its round limit and every phase's max_rounds at the largest allowed."""
    text = re.sub(r"^  limit: \d+$", f"  limit: {MAX_ROUNDS}", text, count=1, flags=re.M)
    return re.sub(r"max_rounds: \d+", f"max_rounds: {MAX_ROUNDS}", text)


def no_exit(text: str) -> str:
    """The case at the largest limit with no exit or timeout that can ever be taken."""
    text = re.sub(r"^  limit: \d+$", f"  limit: {MAX_ROUNDS}", text, count=1, flags=re.M)
    text = re.sub(r"^(\s+when: ).*$", r"\1escalation > 100", text, flags=re.M)
    return re.sub(r"^\s+(max_rounds|on_timeout): .*\n", "", text, flags=re.M)


def main() -> None:
    shipped, stretched = [], []
    for path in builtin_files():
        text = path.read_text(encoding="utf-8")
        case, big = load_case_text(text, str(path)), load_case_text(largest(text), str(path))
        shipped.append(best(lambda case=case: lint_case(case)))
        stretched.append(best(lambda big=big: lint_case(big), repeat=1))
    print(f"lint_largest_limits_s: {max(stretched):.2f}")
    print(f"lint_largest_limits_vs_builtin_ratio: {max(stretched) / max(shipped):.1f}")

    harbour = next(p for p in builtin_files() if p.name == "harbour-standoff.yaml")
    text = harbour.read_text(encoding="utf-8")
    case, endless = load_case_text(text, "harbour"), load_case_text(no_exit(text), "no-exit")
    short = best(lambda: Session(case, seed=1))
    long = best(lambda: Session(endless, seed=1))
    print(f"run_largest_limits_s: {long:.2f}")
    print(f"run_largest_vs_builtin_ratio: {long / short:.0f}")

    with tempfile.TemporaryDirectory() as home:
        with Store.open(home) as store:
            for seed in range(40):
                Autosave.start(store, Session(case, seed=seed), case_text=text)
        opening = best(lambda: Store.open(home).close(), repeat=20)

        def bare() -> None:
            conn = sqlite3.connect(Path(home) / "parley.db")
            conn.execute("PRAGMA quick_check").fetchall()
            conn.close()

        connecting = best(bare, repeat=20)
    print(f"store_open_ms: {opening * 1000:.2f}")
    print(f"store_open_vs_connect_ratio: {opening / connecting:.1f}")


if __name__ == "__main__":
    main()
