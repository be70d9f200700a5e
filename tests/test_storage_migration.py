"""A database written at schema version 1 opens with the current code, and everything in it survives.

``tests/data/parley-v1.db`` was built by ``tests/data/make_v1_db.py`` with the version-1 schema; it
is committed and never rebuilt with a newer one.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from game.errors import StorageError
from game.storage import Status, Store, open_replay
from game.storage import migrations as migrations_module
from game.storage.migrations import LATEST, Migration
from tests.storage_helpers import dicts

V1 = Path(__file__).resolve().parent / "data" / "parley-v1.db"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    shutil.copyfile(V1, tmp_path / "parley.db")
    return tmp_path


def _raw(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "version": conn.execute("PRAGMA user_version").fetchall(),
            "sessions": conn.execute(
                "SELECT id, case_id, case_hash, seed, policy, players, started_at, ended_at, status"
                " FROM sessions ORDER BY id"
            ).fetchall(),
            "events": conn.execute("SELECT * FROM events ORDER BY session_id, seq").fetchall(),
            "debriefs": conn.execute("SELECT * FROM debriefs").fetchall(),
            "texts": conn.execute("SELECT hash, case_id, text FROM case_texts").fetchall(),
        }
    finally:
        conn.close()


def test_the_stored_file_is_at_version_1() -> None:
    assert _raw(V1)["version"] == [(1,)]
    assert LATEST > 1


def test_a_version_1_database_opens_and_keeps_everything(home: Path) -> None:
    before = _raw(home / "parley.db")
    with Store.open(home) as store:
        assert store.recovery is None
        after = _raw(home / "parley.db")
        assert after["version"] == [(LATEST,)]
        for table in ("sessions", "events", "debriefs", "texts"):
            assert after[table] == before[table], table

        infos = {info.id: info for info in store.sessions()}
        assert {i: s.status for i, s in infos.items()} == {
            1: Status.FINISHED,
            2: Status.PLAYING,
            3: Status.ABANDONED,
        }
        assert infos[1].updated_at == infos[1].ended_at == "2026-03-02T09:14:30Z"  # backfilled
        assert infos[2].updated_at == infos[2].started_at

        stored_debrief = json.loads(before["debriefs"][0][1])
        [result] = store.finished()
        assert result.session.outcome == stored_debrief["outcome"]
        assert result.session.overall == stored_debrief["overall"]
        [player] = result.players
        assert (player.role, player.name) == ("velmar", "Ana")
        assert [(d.id, d.score) for d in player.dimensions] == [
            (d["id"], d["score"]) for d in stored_debrief["players"][0]["dimensions"]
        ]

        saved = store.load(1)
        assert saved.debrief is not None and saved.debrief.overall == stored_debrief["overall"]
        assert len(saved.events) == sum(1 for e in before["events"] if e[0] == 1)


def test_an_unfinished_version_1_session_resumes_and_plays_on(home: Path) -> None:
    with Store.open(home) as store:
        saved = store.load(2)
        session = store.resume(2)  # on the case text stored in the file
        assert dicts(session.log) == dicts(saved.events)
        assert session.waiting_for == ("velmar",)
        session.play("velmar", next(o.move.id for o in session.options("velmar") if o.open))
        assert open_replay(store, 1).at(-1).snapshot.over


def test_a_failed_migration_leaves_the_file_as_it_was(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sessions ADD COLUMN half_done TEXT")
        conn.execute("THIS IS NOT SQL")

    before = _raw(home / "parley.db")
    patched = (migrations_module.MIGRATIONS[0], Migration(2, "broken", broken))
    monkeypatch.setattr(migrations_module, "MIGRATIONS", patched)
    with pytest.raises(StorageError):
        Store.open(home)
    assert _raw(home / "parley.db") == before
    monkeypatch.undo()
    with Store.open(home) as store:
        assert len(store.sessions()) == 3
