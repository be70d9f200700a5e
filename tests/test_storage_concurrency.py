"""Two Parley processes on one database (two terminals in a classroom) lose none of each other's writes."""

from __future__ import annotations

import itertools
import multiprocessing
import sys
import time
from multiprocessing.synchronize import Barrier as BarrierType
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import pytest

from game.play.session import Session
from game.storage import Autosave, Status, Store
from tests.storage_helpers import Chooser, dicts, full_run, kind_of

SESSIONS = 20  # per process

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork"
)


def _writer(home: str, base: int, go: EventType, turn: BarrierType) -> None:  # pragma: no cover - child
    """Wait for the start signal, open the store, then play and save SESSIONS sessions move by move.

    Both writers meet at ``turn`` before each session, so they overlap however loaded the machine
    is (without it, on a busy machine one could finish before the other started).
    """
    go.wait(20)
    store = Store.open(home)  # both processes create and migrate the new database at the same moment
    for number in range(SESSIONS):
        turn.wait(60)
        seed = base + number
        case, text, humans = kind_of("simultaneous" if seed % 2 else "sequential")
        session = Session(case, seed=seed, humans=humans)
        game = Autosave.start(store, session, case_text=text)
        chooser = Chooser(seed)
        while not session.over:
            game.play(*chooser.pick(session))
            time.sleep(0.0005)  # a breath between moves, as people take, so the writers interleave
    store.close()


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    kind_of("simultaneous"), kind_of("sequential")
    ctx = multiprocessing.get_context("fork")
    go = ctx.Event()
    turn = ctx.Barrier(2)
    writers = [ctx.Process(target=_writer, args=(str(tmp_path), base, go, turn)) for base in (1000, 2000)]
    for writer in writers:
        writer.start()
    go.set()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0, f"a writer failed (exit {writer.exitcode})"
    with Store.open(tmp_path) as store:
        infos = store.sessions()
        assert sorted(i.seed for i in infos) == [b + n for b in (1000, 2000) for n in range(SESSIONS)]
        for info in infos:
            assert info.status is Status.FINISHED
            case = store.load(info.id).stored_case()
            reference, _ = full_run(case, info.seed, [s.role for s in info.players])
            assert dicts(store.load(info.id).events) == dicts(reference.log)
        assert len(store.finished()) == 2 * SESSIONS
        ids = [i.id for i in infos]
        assert len(set(ids)) == len(ids)
    # Both writers really did interleave: each one's ids are not one unbroken block.
    by_base = sorted((i.id, i.seed // 1000) for i in infos)
    switches = sum(1 for a, b in itertools.pairwise(by_base) if a[1] != b[1])
    assert switches > 1, "the two writers ran one after the other; the test proved nothing"
