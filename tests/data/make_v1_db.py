"""Build ``tests/data/parley-v1.db``: a database at schema version 1, as the first Parley wrote it.

Run from the repository root: ``python tests/data/make_v1_db.py``.  The file is committed, and
``tests/test_storage_migration.py`` opens it with the current code; it must never be rebuilt with a
newer schema.  It holds the built-in sample case's text and three sessions written with version-1
SQL: one finished (with its debrief), one unfinished, one abandoned.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from game.case.loader import load_case_text  # noqa: E402
from game.debriefing.scoring import debrief  # noqa: E402
from game.play.script import drive, read_moves  # noqa: E402
from game.play.session import Session  # noqa: E402
from game.storage.migrations import migrate  # noqa: E402
from game.storage.records import debrief_to_json  # noqa: E402

OUT = Path(__file__).resolve().parent / "parley-v1.db"
CASE_PATH = "cases/harbour-standoff.yaml"


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def main() -> None:
    text = (ROOT / CASE_PATH).read_bytes()
    case = load_case_text(text, CASE_PATH)
    finished = Session(case, seed=7, humans=["velmar"], names={"velmar": "Ana"})
    drive(finished, read_moves(ROOT / "tests" / "transcripts" / "harbour-doctrine.moves"))
    unfinished = Session(case, seed=11, humans=["velmar", "kest"])
    unfinished.play("velmar", "listen")
    unfinished.play("kest", "listen")
    abandoned = Session(case, seed=12, humans=["kest"])

    OUT.unlink(missing_ok=True)
    conn = sqlite3.connect(OUT, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    migrate(conn, target=1)
    conn.execute("INSERT INTO case_texts VALUES (?, ?, ?)", (case.source_hash, case.id, text))
    rows = [
        (finished, "2026-03-02T09:00:00Z", "2026-03-02T09:14:30Z", "finished"),
        (unfinished, "2026-03-02T10:00:00Z", None, "playing"),
        (abandoned, "2026-03-02T11:00:00Z", "2026-03-02T11:01:00Z", "abandoned"),
    ]
    for number, (session, started, ended, status) in enumerate(rows, start=1):
        players = [{"role": r, "name": session.names.get(r) or case.roles[r].name} for r in session.humans]
        conn.execute(
            "INSERT INTO sessions (id, case_id, case_title, case_path, case_hash, seed, policy, players,"
            " started_at, ended_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (number, case.id, case.title, CASE_PATH, case.source_hash, session.seed, session.policy,
             _json(players), started, ended, status),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
            [(number, e.seq, e.round, e.kind, e.role, _json(dict(e.data))) for e in session.log],
        )
    conn.execute("INSERT INTO debriefs VALUES (1, ?)", (debrief_to_json(debrief(case, finished.log)),))
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
