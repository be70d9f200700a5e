"""Crash test: a child process plays and saves move after move and is killed with SIGKILL at random points.

Every kill lands somewhere in opening the database, creating or migrating it, starting a session,
saving a move, holding a secret choice or finishing; each child starts where the last one died. At the
end, every saved session must load, its log must be a prefix of the same game played without a store,
a finished one must carry the debrief of the whole game, and an unfinished one must resume to exactly
the state the game had after the same choices, then play on to the same end.

Children are forked (not spawned) so that a kill costs milliseconds, which keeps the test to a few
seconds. The numbers are printed (``pytest -s``) and the test fails if too few kills hit a session in
play.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from game.debriefing.scoring import debrief
from game.play.session import Session
from game.storage import Autosave, Status, Store
from tests.storage_helpers import Chooser, dicts, full_run, kind_of, play

KILLS = 60
EARLY = 0.2  # share of kills aimed at start-up (opening, creating, migrating the database)

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs fork and SIGKILL",
)


def _child(home: str, base: int, ready: Connection) -> None:  # pragma: no cover - runs in the child
    """Play session after session, saving every move, until killed."""
    store = Store.open(home)
    ready.send(True)
    for number in range(10_000):
        seed = base + number
        case, text, humans = kind_of("simultaneous" if seed % 2 else "sequential")
        session = Session(case, seed=seed, humans=humans)
        game = Autosave.start(store, session, case_text=text)
        play(session, Chooser(seed), game=game)


def _kill_many(home: Path, kills: int, seed: int) -> None:
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(seed)
    for kill in range(kills):
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(str(home), kill * 1000, send), daemon=True)
        child.start()
        if rng.random() < EARLY:
            time.sleep(rng.uniform(0.0, 0.02))
        else:
            assert receive.poll(20), "the child never opened the store"
            time.sleep(rng.uniform(0.0, 0.08))
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(10)
        assert child.exitcode == -signal.SIGKILL, f"the child ended by itself ({child.exitcode})"
        receive.close()
        send.close()


def _verify(home: Path) -> dict[str, int]:
    counts = {"finished": 0, "unfinished": 0, "held": 0, "events": 0}
    with Store.open(home) as store:
        assert store.recovery is None, store.recovery
        for info in store.sessions():
            saved = store.load(info.id)
            case = saved.stored_case()
            humans = [seat.role for seat in info.players]
            reference, _ = full_run(case, info.seed, humans)
            assert dicts(saved.events) == dicts(reference.log)[: len(saved.events)], info.id
            counts["events"] += len(saved.events)
            if info.status is Status.FINISHED:
                assert dicts(saved.events) == dicts(reference.log)
                assert saved.debrief == debrief(case, reference.log)
                counts["finished"] += 1
                continue
            assert info.status is Status.PLAYING
            made = sum(1 for e in saved.events if e.kind == "move" and e.role in humans) + len(saved.held)
            at_crash, chooser = full_run(case, info.seed, humans, made)
            resumed = store.resume(info.id)
            assert dicts(resumed.log) == dicts(at_crash.log), info.id
            assert resumed.snapshot() == at_crash.snapshot(), info.id
            play(resumed, chooser)
            assert dicts(resumed.log) == dicts(reference.log), info.id
            counts["unfinished"] += 1
            counts["held"] += bool(saved.held)
    conn = sqlite3.connect(home / "parley.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    return counts


def test_kill_nine_at_random_points_loses_at_most_the_move_in_flight(tmp_path: Path) -> None:
    kind_of("simultaneous"), kind_of("sequential")  # load the cases once, before forking
    began = time.perf_counter()
    _kill_many(tmp_path, KILLS, seed=2026)
    killed = time.perf_counter() - began
    counts = _verify(tmp_path)
    total = time.perf_counter() - began
    print(
        f"\ncrash test: {KILLS} kills in {killed:.1f} s; verified {counts['finished']} finished and "
        f"{counts['unfinished']} unfinished sessions ({counts['held']} holding a secret choice), "
        f"{counts['events']} events; {total:.1f} s in all"
    )
    assert counts["unfinished"] >= KILLS // 3, counts
    assert counts["finished"] >= 1, counts
