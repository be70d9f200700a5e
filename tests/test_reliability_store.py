"""A damaged store never crashes a command: it is moved aside whole, or its bad rows are skipped and named.

Issue 15, items 1, 5, 6 and the storage half of 8.  Every test uses its own
``PARLEY_HOME``; nothing already saved may be lost or overwritten.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cli.main import main
from game.errors import StorageError
from game.play.session import Session
from game.storage import Autosave, Store, database
from tests.engine_helpers import sample
from tests.storage_helpers import Chooser, play

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _three_sessions(home: Path) -> tuple[int, int, int]:
    """Two finished sessions and an unfinished one; their ids."""
    with Store.open(home) as store:
        ids = []
        for seed in (1, 2):
            game = Autosave.start(
                store, Session(sample(), seed=seed, humans=["velmar"], names={"velmar": "Ana"})
            )
            play(game.session, Chooser(seed), game=game)
            ids.append(game.id)
        waiting = Autosave.start(store, Session(sample(), seed=3, humans=["velmar"]))
        play(waiting.session, Chooser(3), 2, game=waiting)
        return ids[0], ids[1], waiting.id


def _aside(home: Path) -> list[Path]:
    return sorted(
        p for p in home.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))
    )


# ----------------------------------------------------------------- item 1: the file is not Parley's


def _break_schema_text(path: Path) -> bytes:
    """One byte inside the first CREATE TABLE made 0xC0 (not UTF-8): SQLite cannot read its schema."""
    data = bytearray(path.read_bytes())
    at = data.index(b"CREATE TABLE")
    data[at + 3] = 0xC0
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("command", [["sessions"], ["sessions", "--json"], ["results"], ["run", "--save"]])
def test_a_schema_that_is_not_text_is_moved_aside_by_every_command(
    home: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    _three_sessions(home)
    damaged = _break_schema_text(home / "parley.db")
    if command[0] == "run":
        command = ["run", "harbour-standoff", "--save"]
    status, _out, err = _run(capsys, *command)
    assert status == 0, err
    assert "Traceback" not in err and "could not be read" in err and "moved to" in err
    (moved,) = _aside(home)
    assert moved.read_bytes() == damaged  # kept byte for byte
    if command[0] == "run":
        assert "saved as session 1" in err


def test_a_database_missing_its_sessions_table_is_moved_aside(home: Path) -> None:
    _three_sessions(home)
    conn = sqlite3.connect(home / "parley.db")
    conn.execute("DROP TABLE sessions")
    conn.commit()
    conn.close()
    with Store.open(home) as store:
        assert store.recovery is not None and "'sessions' is missing" in store.recovery.reason
        assert store.sessions() == []
    assert len(_aside(home)) == 1


def test_a_table_missing_a_column_is_moved_aside(home: Path) -> None:
    _three_sessions(home)
    conn = sqlite3.connect(home / "parley.db")
    conn.execute("ALTER TABLE sessions DROP COLUMN outcome")
    conn.commit()
    conn.close()
    with Store.open(home) as store:
        assert store.recovery is not None and "lacks the column(s) outcome" in store.recovery.reason


def test_a_foreign_sqlite_file_is_moved_aside_unchanged(home: Path) -> None:
    conn = sqlite3.connect(home / "parley.db")
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    before = (home / "parley.db").read_bytes()
    with Store.open(home) as store:
        assert store.recovery is not None and "not Parley's" in store.recovery.reason
    (moved,) = _aside(home)
    assert moved.read_bytes() == before  # not even switched to write-ahead logging


def test_a_fifo_named_parley_db_is_moved_aside_without_hanging(home: Path) -> None:
    os.mkfifo(home / "parley.db")
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "sessions"],
        cwd=REPO,
        env={**os.environ, "PARLEY_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,  # a hang detector: the command used to wait forever on the FIFO
    )
    assert done.returncode == 0, done.stderr
    assert "FIFO" in done.stderr and "moved to" in done.stderr
    (moved,) = _aside(home)
    assert moved.is_fifo()


# ----------------------------------------------------------------- item 8: cannot write, can read


def _as_reader(home: Path, *args: str) -> tuple[int, str, str]:
    """``parley ARGS`` in a forked child that may read the data folder but not write to it.

    Root writes anywhere, so as root the child drops to the user ``nobody``;
    otherwise the folder is made read-only for the time of the call.
    """
    root = os.geteuid() == 0
    os.chmod(home, 0o755 if root else 0o555)
    for path in home.iterdir():
        os.chmod(path, 0o644)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - in the child
        os.close(read)
        status, out, err = 99, io.StringIO(), io.StringIO()
        try:
            if root:
                os.setgid(65534)
                os.setuid(65534)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(list(args))
        except BaseException as exc:
            err.write(f"Traceback: {exc!r}")
        os.write(write, json.dumps([status, out.getvalue(), err.getvalue()]).encode())
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(child, 0)
    os.chmod(home, 0o755)
    status, out, err = json.loads(b"".join(chunks))
    return int(status), str(out), str(err)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_read_only_data_folder_still_lists_and_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    home = Path(tempfile.mkdtemp(prefix="parley-ro-"))  # in /tmp, which every user can reach
    monkeypatch.setenv("PARLEY_HOME", str(home))
    try:
        _read_only_checks(home)
    finally:
        shutil.rmtree(home)


def _read_only_checks(home: Path) -> None:
    first, _, _ = _three_sessions(home)
    before = (home / "parley.db").read_bytes()
    status, out, err = _as_reader(home, "sessions")
    assert status == 0, err
    assert "saving is off" in err and "Traceback" not in err
    assert "Finished" in out and "Unfinished" in out
    status, out, err = _as_reader(home, "report", str(first))
    assert status == 0 and out.startswith("# Debrief"), err
    status, out, err = _as_reader(home, "run", "harbour-standoff", "--save")
    assert status == 1 and "saving is off" in err and "Traceback" not in err
    assert (home / "parley.db").read_bytes() == before


def test_a_full_disk_still_lists_sessions_and_says_saving_is_off(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _three_sessions(home)

    def full(conn: sqlite3.Connection, path: Path) -> None:
        raise database.CannotWrite("database or disk is full")

    monkeypatch.setattr(database, "_prepare", full)
    status, out, err = _run(capsys, "sessions")
    assert status == 0 and "Finished" in out
    assert "saving is off" in err and "database or disk is full" in err
    with Store.open(home) as store:
        assert store.read_only is not None
        with pytest.raises(StorageError, match="saving is off"):
            Autosave.start(store, Session(sample(), seed=9))


# ----------------------------------------------------------------- item 5: one bad row


BAD_ROWS: dict[str, Callable[[sqlite3.Connection, int], None]] = {
    "players not JSON": lambda c, i: c.execute("UPDATE sessions SET players = '{oops' WHERE id = ?", (i,)),
    "seed not a number": lambda c, i: c.execute("UPDATE sessions SET seed = 'abc' WHERE id = ?", (i,)),
    "overall not a number": lambda c, i: c.execute("UPDATE sessions SET overall = 'x' WHERE id = ?", (i,)),
    "seat without a role": lambda c, i: c.execute(
        "UPDATE sessions SET players = '[{\"x\":1}]' WHERE id = ?", (i,)
    ),
    "status unknown": lambda c, i: c.execute("UPDATE sessions SET status = 'lost' WHERE id = ?", (i,)),
}


@pytest.mark.parametrize("damage", list(BAD_ROWS))
def test_one_bad_session_row_is_named_and_skipped(
    home: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    bad, good, waiting = _three_sessions(home)
    conn = sqlite3.connect(home / "parley.db")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    BAD_ROWS[damage](conn, bad)
    conn.commit()
    conn.close()
    for command in (["sessions"], ["sessions", "--json"], ["results"], ["results", "--csv", "-"]):
        status, out, err = _run(capsys, *command)
        assert status == 0, (command, err)
        assert "Traceback" not in err
        if command[0] == "sessions" or damage != "status unknown":  # results reads finished rows only
            assert f"session {bad} is damaged" in err and "skipped" in err, command
        if command == ["sessions", "--json"]:
            assert sorted(json.loads(line)["id"] for line in out.splitlines()) == [good, waiting]
    status, out, err = _run(capsys, "report", str(good))
    assert status == 0 and out.startswith("# Debrief")
    status, out, err = _run(capsys, "report", str(bad))
    assert status == 1 and f"session {bad} is damaged" in err
    with Store.open(home) as store:
        assert store.resume(waiting).round >= 1
        assert [s.id for s in store.unfinished()] == [waiting]
        assert sorted(s.id for s in store.sessions()) == sorted([good, waiting])
        assert set(store.damaged) == {bad}


def test_a_bad_player_result_skips_only_that_session(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad, good, _ = _three_sessions(home)
    conn = sqlite3.connect(home / "parley.db")
    conn.execute("UPDATE player_results SET overall = 'x' WHERE session_id = ?", (bad,))
    conn.commit()
    conn.close()
    status, out, err = _run(capsys, "results", "--csv", "-")
    assert status == 0 and f"session {bad} is damaged" in err
    assert {row.split(",")[0] for row in out.splitlines()[1:]} == {str(good)}


def test_an_empty_stored_case_text_is_damage_not_a_crash(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, _good, _ = _three_sessions(home)
    conn = sqlite3.connect(home / "parley.db")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE case_texts SET text = ''")
    conn.commit()
    conn.close()
    for command in (["report", str(bad)], ["replay", str(bad)]):
        status, _, err = _run(capsys, *command)
        assert status == 1 and "is damaged" in err and "Traceback" not in err
    assert _run(capsys, "sessions")[0] == 0


def test_an_unknown_move_in_a_stored_event_is_damage_not_a_crash(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, good, waiting = _three_sessions(home)
    conn = sqlite3.connect(home / "parley.db")
    seq = conn.execute(
        "SELECT seq FROM events WHERE session_id = ? AND kind = 'move' ORDER BY seq LIMIT 1", (bad,)
    ).fetchone()[0]
    conn.execute(
        "UPDATE events SET data = json_set(data, '$.move', 'no_such_move') WHERE session_id = ? AND seq = ?",
        (bad, seq),
    )
    conn.commit()
    conn.close()
    status, _, err = _run(capsys, "report", str(bad))
    assert status == 1 and f"session {bad} is damaged" in err and "Traceback" not in err
    assert _run(capsys, "report", str(good))[0] == 0
    with Store.open(home) as store:
        store.resume(waiting)


# ----------------------------------------------------------------- item 6: ids SQLite cannot hold


@pytest.mark.parametrize("command", ["report", "resume", "replay"])
@pytest.mark.parametrize("number", ["99999999999999999999999", str(2**63), str(-(2**63) - 1)])
def test_an_id_too_large_for_sqlite_is_a_missing_session(
    home: Path, capsys: pytest.CaptureFixture[str], command: str, number: str
) -> None:
    status, _, err = _run(capsys, command, number)
    assert status == 1
    assert f"there is no session {number}" in err and "Traceback" not in err


def test_the_store_refuses_huge_ids_itself(home: Path) -> None:
    with Store.open(home) as store:
        for call in (store.info, store.load, store.abandon):
            with pytest.raises(StorageError, match="there is no session"):
                call(2**70)


def test_a_copy_of_the_data_folder_keeps_every_session(
    home: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Nothing above loses a saved session: the healthy store opens the same after a read-only open."""
    ids = _three_sessions(home)
    copy = Path(tmp_path_factory.mktemp("copy"))
    shutil.copy(home / "parley.db", copy / "parley.db")
    with Store.open(copy) as store:
        assert store.recovery is None and store.read_only is None
        assert sorted(s.id for s in store.sessions()) == sorted(ids)


def test_a_seed_sqlite_cannot_hold_is_refused_before_anything_is_saved(home: Path) -> None:
    with Store.open(home) as store:
        with pytest.raises(StorageError, match="too large to save"):
            Autosave.start(store, Session(sample(), seed=2**64))
        assert store.sessions() == []


def test_a_data_folder_with_uri_characters_in_its_name_is_read_as_itself(tmp_path: Path) -> None:
    home = tmp_path / "class 3?a=b#c%20d"
    first, _, _ = _three_sessions(home)
    with Store.open(home) as store:  # the read-only look goes through an SQLite URI
        assert store.recovery is None and store.read_only is None
        assert store.info(first).id == first
