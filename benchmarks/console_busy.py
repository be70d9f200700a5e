"""Does the facilitator's console keep answering while the store is busy? (needs tmux)

    python benchmarks/console_busy.py [--tables 6] [--hold 6] [--tries 3] [--parley PATH]

A real ``parley console TABLE`` runs in an 80×24 tmux session over a store of ``--tables``
tables. Another connection takes the store's write lock (``BEGIN IMMEDIATE``) and holds it
``--hold`` seconds, as a slow writer would; meanwhile the facilitator pauses the table (``p``: a
write that must wait for the lock) and then presses ``t`` for the teaching notes. The time from
``t`` to the notes on the terminal is measured (tmux ``capture-pane`` every 20 ms); the same key
on an idle store, in the same run, is the baseline. ``--parley`` runs another installation's
``parley`` (an older one, to compare); everything goes through its command line.

Prints ``name: value`` lines:

* ``key_idle_ms``: ``t`` to the notes on screen, nothing else going on (median of ``--tries``);
* ``key_busy_writer_ms``: the same while the pause waits for the write lock (median); a console
  that reads and writes on its own thread shows the notes only after the lock is released;
* ``busy_vs_idle_ratio``: the second over the first;
* ``reconnecting_shown``: tries in which the console said it was reconnecting while held;
* ``pause_landed``: tries in which the pause was stored once the lock was released.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PARLEY = Path(sys.executable).with_name("parley")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def until(check: object, limit: float = 30.0) -> float:
    """Seconds until ``check()`` holds, looking every 20 ms."""
    start = time.perf_counter()
    while not check():  # type: ignore[operator]
        if time.perf_counter() - start > limit:
            raise TimeoutError("the console did not answer")
        time.sleep(0.02)
    return time.perf_counter() - start


def hold_lock(path: Path, seconds: float, taken: threading.Event) -> None:
    """Hold the database's write lock for ``seconds``, as a slow writer in another process would."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    taken.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def notes_key(session: str) -> float:
    """Press ``t`` and wait for the notes; then back (Escape). Milliseconds."""
    tmux("send-keys", "-t", session, "t")
    took = until(lambda: "Teaching notes" in screen(session))
    tmux("send-keys", "-t", session, "Escape")
    until(lambda: "Teaching notes" not in screen(session))
    return took * 1000


def actions(home: Path) -> int:
    """How many facilitator actions the store holds."""
    with sqlite3.connect(home / "parley.db") as conn:
        return int(conn.execute("SELECT COUNT(*) FROM inputs WHERE kind = 'facilitator'").fetchone()[0])


def host(parley: Path, home: Path, seed: int) -> str:
    """A table hosted with ``parley host``; its join code."""
    out = subprocess.run(
        [str(parley), "host", "coercion-under-asymmetry", "--seed", str(seed)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PARLEY_HOME": str(home)},
    ).stdout
    return next(line.split()[-1] for line in out.splitlines() if line.startswith("Join code:"))


def one_try(
    parley: Path, home: Path, code: str, hold: float, attempt: int
) -> tuple[float, float, bool, bool]:
    session = f"room2-bench-{os.getpid()}-{attempt}"
    env = f"PARLEY_HOME={home}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", f"env {env} {parley} console {code}")
    try:
        until(lambda: f"{code} Table" in screen(session))
        time.sleep(1.0)
        idle = notes_key(session)
        taken = threading.Event()
        holder = threading.Thread(target=hold_lock, args=(home / "parley.db", hold, taken))
        holder.start()
        taken.wait()
        tmux("send-keys", "-t", session, "p")
        time.sleep(0.5)
        busy = notes_key(session)
        try:
            until(lambda: "Reconnecting" in screen(session), limit=max(0.5, hold - 1.5))
            shown = True
        except TimeoutError:
            shown = False
        holder.join()
        landed = until(lambda: actions(home) == 1, limit=20.0) >= 0
    finally:
        tmux("kill-session", "-t", session)
    return idle, busy, shown, landed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=6)
    parser.add_argument("--hold", type=float, default=6.0)
    parser.add_argument("--tries", type=int, default=3)
    parser.add_argument("--parley", type=Path, default=PARLEY, help="the parley command to run")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("console_busy: needs tmux")
    idles, busies, shown, landed = [], [], 0, 0
    for attempt in range(args.tries):
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder)
            codes = [host(args.parley, home, attempt * 10 + i) for i in range(args.tables)]
            idle, busy, said, done = one_try(args.parley, home, codes[0], args.hold, attempt)
            idles.append(idle)
            busies.append(busy)
            shown += said
            landed += done
    idle_ms, busy_ms = statistics.median(idles), statistics.median(busies)
    print(f"key_idle_ms: {idle_ms:.0f}")
    print(f"key_busy_writer_ms: {busy_ms:.0f}")
    print(f"busy_vs_idle_ratio: {busy_ms / idle_ms:.2f}")
    print(f"reconnecting_shown: {shown}/{args.tries}")
    print(f"pause_landed: {landed}/{args.tries}")


if __name__ == "__main__":
    main()
