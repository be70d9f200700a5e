"""Terminal-app benchmark: start-up against a minimal Textual app, and peak memory.

Prints ``name: value`` lines. Both apps run headless in fresh interpreters in the same run,
interleaved, several times; the medians are compared, because these machines are noisy: read the
ratio, not the times.

    python benchmarks/tui.py [--runs N]

* ``startup_vs_minimal_ratio``: seconds from starting the process to Parley's case library being
  ready (loaded and drawn), ÷ the same for a minimal Textual app with one Static widget
  (target ≤ 1.5);
* ``startup_parley_s`` and ``startup_minimal_s``: the two medians; Parley's is a normal start,
  with the library cache (``game.case.catalog``) already filled by an earlier start;
* ``startup_first_run_s`` and ``startup_first_run_vs_minimal_ratio``: the very first start, with
  no cache, when every case is validated in full;
* ``peak_rss_parley_mib`` and ``peak_rss_minimal_mib``: the largest peak resident memory (max RSS)
  of each over its runs, and ``peak_rss_ratio``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each child prints "ready" once its first screen is up, then exits.
PARLEY = """
from tui.app import ParleyApp, build_app

def ready(app, message):
    print("ready", flush=True)
    app.exit()

ParleyApp.on_library_ready = ready
build_app().run(headless=True)
"""

MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Hello")

    def on_mount(self):
        self.call_after_refresh(self.ready)

    def ready(self):
        print("ready", flush=True)
        self.exit()

Minimal().run(headless=True)
"""


def run_once(code: str, home: Path = ROOT / ".benchmarks" / "home") -> tuple[float, float]:
    """Start ``code`` in a fresh interpreter; return (seconds until "ready", peak RSS in MiB)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PARLEY_HOME=str(home))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read() if proc.stderr else ""
    if line.strip() != "ready" or proc.returncode != 0:
        raise SystemExit(f"benchmark child failed ({proc.returncode}): {line!r}\n{stderr}")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_maxrss / divisor


def main() -> None:
    """Run both apps ``--runs`` times, interleaved, and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each app (default 7)")
    args = parser.parse_args()
    run_once(MINIMAL)  # warm the file cache and bytecode for both before measuring
    cold: list[float] = []
    for _ in range(3):  # a first start: no library cache yet, every case is validated in full
        with tempfile.TemporaryDirectory() as home:
            cold.append(run_once(PARLEY, Path(home))[0])
    run_once(PARLEY)  # fills the library cache used by every later start
    parley: list[tuple[float, float]] = []
    minimal: list[tuple[float, float]] = []
    for _ in range(args.runs):
        minimal.append(run_once(MINIMAL))
        parley.append(run_once(PARLEY))
    parley_s = statistics.median(t for t, _ in parley)
    minimal_s = statistics.median(t for t, _ in minimal)
    parley_rss = max(m for _, m in parley)
    minimal_rss = max(m for _, m in minimal)
    print(f"startup_parley_s: {parley_s:.3f}")
    print(f"startup_minimal_s: {minimal_s:.3f}")
    print(f"startup_vs_minimal_ratio: {parley_s / minimal_s:.2f}")
    print(f"startup_first_run_s: {statistics.median(cold):.3f}")
    print(f"startup_first_run_vs_minimal_ratio: {statistics.median(cold) / minimal_s:.2f}")
    print(f"peak_rss_parley_mib: {parley_rss:.1f}")
    print(f"peak_rss_minimal_mib: {minimal_rss:.1f}")
    print(f"peak_rss_ratio: {parley_rss / minimal_rss:.2f}")


if __name__ == "__main__":
    main()
