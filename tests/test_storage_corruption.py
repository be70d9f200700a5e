"""A damaged or unreadable database is moved aside, the user is told where, and a fresh one is started.

Nothing is deleted or overwritten: the old file keeps its exact bytes under a new name.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sqlite3
from datetime import UTC, datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import pytest

from cli.main import main
from game.errors import StorageError
from game.play.session import Session
from game.storage import Autosave, Store
from tests.engine_helpers import sample
from tests.storage_helpers import fixed_clock, open_store

WHEN = datetime(2026, 11, 22, 3, 15, 0, tzinfo=UTC)
ASIDE = "parley.db.corrupt-20261122T031500"


def _fill(home: Path, sessions: int = 3) -> None:
    with open_store(home) as store:
        for seed in range(sessions):
            Autosave.start(store, Session(sample(), seed=seed))
    assert not (home / "parley.db-wal").exists()  # closing the last connection checkpoints the log


def _assert_fresh(store: Store) -> None:
    assert store.sessions() == []
    game = Autosave.start(store, Session(sample(), seed=1, humans=["velmar"]))
    assert store.info(game.id).events == len(game.session.log)


def test_garbage_bytes_are_moved_aside_and_a_fresh_database_started(tmp_path: Path) -> None:
    garbage = random.Random(5).randbytes(50_000)
    (tmp_path / "parley.db").write_bytes(garbage)
    with Store.open(tmp_path, clock=fixed_clock(WHEN)) as store:
        recovery = store.recovery
        assert recovery is not None
        assert recovery.moved_to == tmp_path / ASIDE
        assert "not an SQLite database" in recovery.reason
        message = recovery.message()
        assert str(tmp_path / ASIDE) in message and "new, empty database" in message
        _assert_fresh(store)
    assert (tmp_path / ASIDE).read_bytes() == garbage


def test_damaged_pages_are_found_by_the_health_check(tmp_path: Path) -> None:
    _fill(tmp_path, sessions=40)
    path = tmp_path / "parley.db"
    original = bytearray(path.read_bytes())
    assert len(original) > 8 * 4096
    noise = random.Random(6).randbytes(4 * 4096)
    damaged = bytes(original[: 2 * 4096]) + noise + bytes(original[6 * 4096 :])
    path.write_bytes(damaged)
    with Store.open(tmp_path, clock=fixed_clock(WHEN)) as store:
        assert store.recovery is not None, "the damage went unnoticed"
        _assert_fresh(store)
    assert (tmp_path / ASIDE).read_bytes() == damaged


def test_a_truncated_file_is_moved_aside(tmp_path: Path) -> None:
    (tmp_path / "parley.db").write_bytes(b"SQLite fo")
    with Store.open(tmp_path, clock=fixed_clock(WHEN)) as store:
        assert store.recovery is not None
    assert (tmp_path / ASIDE).read_bytes() == b"SQLite fo"


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    (tmp_path / "parley.db").write_bytes(b"")
    with Store.open(tmp_path) as store:
        assert store.recovery is None
        _assert_fresh(store)


def test_someone_elses_database_is_moved_aside(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "parley.db")
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with Store.open(tmp_path, clock=fixed_clock(WHEN)) as store:
        assert store.recovery is not None and "not Parley's" in store.recovery.reason
    conn = sqlite3.connect(tmp_path / ASIDE)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("recipes",)]
    conn.close()


def test_a_name_already_taken_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / ASIDE).write_bytes(b"an earlier damaged database")
    (tmp_path / "parley.db").write_bytes(b"garbage" * 100)
    with Store.open(tmp_path, clock=fixed_clock(WHEN)) as store:
        assert store.recovery is not None
        assert store.recovery.moved_to == tmp_path / f"{ASIDE}-2"
    assert (tmp_path / ASIDE).read_bytes() == b"an earlier damaged database"
    assert (tmp_path / f"{ASIDE}-2").read_bytes() == b"garbage" * 100


def test_the_write_ahead_log_goes_aside_with_its_database(tmp_path: Path) -> None:
    (tmp_path / "parley.db").write_bytes(b"garbage" * 100)
    (tmp_path / "parley.db-wal").write_bytes(b"log of the garbage")
    with Store.open(tmp_path, clock=fixed_clock(WHEN)) as store:
        assert store.recovery is not None
    assert (tmp_path / f"{ASIDE}-wal").read_bytes() == b"log of the garbage"


def test_a_database_from_a_newer_parley_is_refused_and_left_alone(tmp_path: Path) -> None:
    _fill(tmp_path, sessions=1)
    conn = sqlite3.connect(tmp_path / "parley.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = (tmp_path / "parley.db").read_bytes()
    with pytest.raises(StorageError, match="newer Parley"):
        Store.open(tmp_path)
    assert (tmp_path / "parley.db").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "parley.db"
    _fill(tmp_path, sessions=1)
    path.chmod(0)
    try:
        with Store.open(tmp_path, clock=fixed_clock(WHEN)) as store:
            assert store.recovery is not None and "cannot be read" in store.recovery.reason
    finally:
        (tmp_path / ASIDE).chmod(0o600)


def test_the_command_line_tells_the_user_where_the_old_file_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    (tmp_path / "parley.db").write_bytes(b"\x00garbage" * 1000)
    assert main(["sessions"]) == 0
    captured = capsys.readouterr()
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("parley.db.corrupt-")]
    assert len(moved) == 1
    assert f"it was moved to {moved[0]}" in captured.err
    assert "No saved sessions" in captured.out
    assert moved[0].read_bytes() == b"\x00garbage" * 1000


def test_an_unusable_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot create the data directory"):
        Store.open(blocker / "parley")


def _open_and_write(home: str, go: EventType, results: Queue) -> None:  # pragma: no cover - in the child
    go.wait(20)
    with Store.open(home) as store:
        game = Autosave.start(store, Session(sample(), seed=os.getpid() % 1000, humans=["velmar"]))
        results.put((store.recovery is not None, game.id))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_processes_opening_a_damaged_database_together_move_it_aside_once(tmp_path: Path) -> None:
    sample()
    ctx = multiprocessing.get_context("fork")
    for attempt in range(5):
        home = tmp_path / str(attempt)
        home.mkdir()
        (home / "parley.db").write_bytes(b"garbage" * 1000)
        go, results = ctx.Event(), ctx.Queue()
        children = [ctx.Process(target=_open_and_write, args=(str(home), go, results)) for _ in range(3)]
        for child in children:
            child.start()
        go.set()
        for child in children:
            child.join(30)
            assert child.exitcode == 0
        outcomes = [results.get(timeout=5) for _ in children]
        aside = [p for p in home.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
        assert [p.read_bytes() for p in aside] == [b"garbage" * 1000]
        assert sum(recovered for recovered, _ in outcomes) >= 1
        with Store.open(home) as store:
            assert sorted(s.id for s in store.sessions()) == sorted(game_id for _, game_id in outcomes)
