"""Kill -9 at a table played across processes: the others carry on, the killed seat (or the
console-like reader) comes back where it was, and every log equals a single-process replay of
the stored inputs."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from game.play.session import Session
from game.storage import Status, Store
from game.storage.tables import apply_input
from tests.engine_helpers import ROOT, sample, simultaneous
from tests.storage_helpers import SAMPLE_TEXT, SIMULTANEOUS_TEXT

ROLES = ("velmar", "kest", "norland")
DEADLINE_S = 50


def _digest(session: Session) -> str:
    log = [e.to_dict() for e in session.log]
    return hashlib.sha256(json.dumps(log, sort_keys=True, default=str).encode()).hexdigest()


def _start(home: Path, role: str, codes: list[str], out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.table_seat", str(home), role, ",".join(codes), str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
    )


def test_seats_killed_with_sigkill_rejoin_and_every_log_replays(tmp_path: Path) -> None:
    cases = [(sample(), SAMPLE_TEXT), (simultaneous(), SIMULTANEOUS_TEXT)]
    with Store.open(tmp_path) as store:
        codes = [
            store.host(cases[i % 2][0], seed=i, roles=ROLES, case_text=cases[i % 2][1]).code for i in range(6)
        ]
    outs = {role: tmp_path / f"{role}.json" for role in (*ROLES, "reader")}
    procs = {role: _start(tmp_path, role, codes, outs[role]) for role in outs}
    chance = random.Random(14)
    kills = 0
    restarted: set[str] = set()
    deadline = time.monotonic() + DEADLINE_S
    try:
        while kills < 8 and time.monotonic() < deadline:
            time.sleep(chance.uniform(0.1, 0.6))  # games on a quiet machine last a few seconds
            alive = [r for r, p in procs.items() if p.poll() is None]
            if not alive:
                break  # every game is over
            victim = chance.choice(alive)
            procs[victim].send_signal(signal.SIGKILL)
            procs[victim].wait()
            kills += 1
            time.sleep(chance.uniform(0, 0.3))
            for role, proc in procs.items():  # the others carry on: none died with it
                if role != victim and proc.poll() is not None:
                    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
            procs[victim] = _start(tmp_path, victim, codes, outs[victim])  # rejoins, same name
            restarted.add(victim)
        for proc in procs.values():
            remaining = max(1.0, deadline - time.monotonic())
            assert proc.wait(timeout=remaining) == 0, proc.stderr.read().decode() if proc.stderr else ""
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert kills >= 3, "the games ended before the seats could be killed: make them longer"
    results = {role: json.loads(outs[role].read_text()) for role in outs}
    with Store.open(tmp_path) as store:
        for i, code in enumerate(codes):
            info = store.table(code)
            assert info.status is Status.FINISHED
            assert [s.name for s in info.seats] == [f"seat-{r}" for r in ROLES]  # taken back, not twice
            single = Session(cases[i % 2][0], seed=i, humans=ROLES)
            for item in store.inputs(code):
                apply_input(single, item.kind, item.payload)
            assert single.over
            stored = store.load(info.session_id).events
            assert [e.to_dict() for e in stored] == [e.to_dict() for e in single.log]
            for role in outs:  # every seat and the reader saw the same game
                assert results[role]["digests"][code] == _digest(single)
        for role in restarted - {
            "reader"
        }:  # the last process of a killed seat took up the game where it stood
            behind = [
                code for code in codes if results[role]["started_at"][code] + 3 <= store.table(code).inputs
            ]
            if behind:
                assert results[role]["made"], f"{role} rejoined games in play but made no move"
