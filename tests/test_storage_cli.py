"""The storage commands: ``run --save``, ``sessions``, ``results``, ``report``, ``resume`` and ``replay``.

Every test runs with ``PARLEY_HOME`` pointing at its own temporary folder.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from cli.main import main
from game.play.session import Session
from game.storage import Autosave, Store
from tests.engine_helpers import sample
from tests.storage_helpers import Chooser, play

REPO = Path(__file__).resolve().parents[1]
MOVES = REPO / "tests" / "transcripts" / "harbour-doctrine.moves"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _saved_games(home: Path) -> tuple[int, int]:
    """A finished session (the doctrine script, seed 7) and an unfinished one; their ids."""
    with Store.open(home) as store:
        done = Autosave.start(store, Session(sample(), seed=7, humans=["velmar"], names={"velmar": "Ana"}))
        play(done.session, Chooser(7), game=done)
        waiting = Autosave.start(store, Session(sample(), seed=8, humans=["velmar"]))
        play(waiting.session, Chooser(8), 2, game=waiting)
        return done.id, waiting.id


def test_sessions_with_an_empty_store(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "sessions")
    assert status == 0 and err == ""
    assert out == f"No saved sessions in {home / 'parley.db'}.\n"
    assert _run(capsys, "sessions", "--json") == (0, "", "")


def test_run_save_then_sessions(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, plain_out, err = _run(
        capsys, "run", "harbour-standoff", "--seed", "7", "--moves", str(MOVES), "--save"
    )
    assert status == 0 and "saved as session 1" in err
    unsaved = _run(capsys, "run", "harbour-standoff", "--seed", "7", "--moves", str(MOVES))[1]
    assert plain_out == unsaved  # saving does not change what run prints
    _saved_games(home)
    status, out, _ = _run(capsys, "sessions")
    assert status == 0
    unfinished, finished = out.split("\n\n")
    assert unfinished.startswith("Unfinished") and " 3  harbour-standoff" in unfinished
    assert finished.startswith("Finished") and "agreement" in finished and "Ana" in finished
    status, out, _ = _run(capsys, "sessions", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [3, 2, 1]
    assert rows[0]["status"] == "playing" and rows[2]["status"] == "finished"
    assert rows[1]["players"] == [{"role": "velmar", "name": "Ana"}]


def test_results_on_screen_and_as_csv(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done, _ = _saved_games(home)
    assert main(["run", "harbour-standoff", "--seed", "3", "--save"]) == 0  # every role by the policy
    capsys.readouterr()
    status, out, _ = _run(capsys, "results")
    assert status == 0
    assert out.startswith("The Harbour Standoff (harbour-standoff): 2 finished sessions")
    assert "D1 Escalation control" in out and "Ana" in out
    status, out, _ = _run(capsys, "results", "--case", "no-such-case")
    assert out == "No finished sessions of case no-such-case.\n"

    target = tmp_path / "results.csv"
    status, _, err = _run(capsys, "results", "--case", "harbour-standoff", "--csv", str(target))
    assert status == 0 and "wrote 2 sessions" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 1 + len(sample().playable_roles)
    first = rows[0]
    assert (first["session"], first["player"], first["role"]) == (str(done), "Ana", "velmar")
    own = [d for role in sample().roles.values() for d in role.rubric]  # a mediator's own rubric
    assert [c for c in first if c.startswith("score_")] == [
        f"score_{d}" for d in dict.fromkeys([*sample().rubric, *own])
    ]
    assert first["outcome"] in {ending.outcome.value for ending in sample().endings.values()}
    for row in rows:
        assert all(row[f"score_{dim}"].isdigit() for dim in sample().rubric_for(row["role"]))
    status, out, _ = _run(capsys, "results", "--csv", "-")
    assert out.splitlines()[0].startswith("session,case,case_title,seed")


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_report_formats(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    done, waiting = _saved_games(home)
    status, out, _ = _run(capsys, "report", str(done), "--format", fmt)
    assert status == 0
    if fmt == "md":
        assert out.startswith("# Debrief: The Harbour Standoff") and "## Transcript" in out
        assert "- Players: Ana (Republic of Velmar)" in out
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "Transcript" in out
    else:
        assert json.loads(out)["session"]["id"] == done
    target = tmp_path / f"report.{fmt}"
    status, _, err = _run(capsys, "report", str(done), "--format", fmt, "-o", str(target))
    assert status == 0 and str(target) in err
    assert target.read_text(encoding="utf-8") == out
    status, out, _ = _run(capsys, "report", str(waiting))
    assert status == 0 and "not finished" in out  # a provisional debrief of the play so far


def test_report_of_a_missing_session(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "report", "42")
    assert status == 1 and out == ""
    assert err == f"parley: there is no session 42 in {home / 'parley.db'}\n"


def _fake_app(monkeypatch: pytest.MonkeyPatch, run_app) -> None:  # type: ignore[no-untyped-def]
    module = types.ModuleType("tui.app")
    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", module)


def test_resume_and_replay_call_the_app(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    done, waiting = _saved_games(home)
    calls: list[dict[str, object]] = []

    def run_app(  # type: ignore[no-untyped-def]
        case=None, seed=None, players=None, cases_dir=None, resume=None, replay=None, choose_resume=False
    ) -> int:
        calls.append({"resume": resume, "replay": replay, "choose": choose_resume})
        return 0

    _fake_app(monkeypatch, run_app)
    assert _run(capsys, "resume")[0] == 0  # the app offers the unfinished sessions to choose from
    assert _run(capsys, "resume", str(waiting))[0] == 0
    assert _run(capsys, "replay", str(done))[0] == 0
    assert calls == [
        {"resume": None, "replay": None, "choose": True},
        {"resume": waiting, "replay": None, "choose": False},
        {"resume": None, "replay": done, "choose": False},
    ]
    status, _, err = _run(capsys, "resume", str(done))
    assert status == 1 and "is finished" in err and f"parley replay {done}" in err
    status, _, err = _run(capsys, "replay", "42")
    assert status == 1 and "no session 42" in err


def test_resume_and_replay_say_what_the_app_lacks(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    done, waiting = _saved_games(home)

    def run_app(case=None, seed=None, players=None, cases_dir=None) -> int:  # type: ignore[no-untyped-def]
        raise AssertionError("must not be called")

    _fake_app(monkeypatch, run_app)
    status, out, err = _run(capsys, "resume", str(waiting))
    assert status == 1 and out == ""
    assert "tui.app.run_app() has no 'resume' parameter" in err and "run_app(resume=ID)" in err
    status, _, err = _run(capsys, "replay", str(done))
    assert status == 1 and "tui.app.run_app() has no 'replay' parameter" in err


def test_resume_with_nothing_to_resume(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "resume")
    assert status == 1 and "no unfinished session" in err


def test_storage_commands_never_import_textual_or_rich(home: Path) -> None:
    _saved_games(home)
    code = (
        "import sys\n"
        "from cli.main import main\n"
        "for args in (['sessions'], ['results'], ['report', '1', '--format', 'html'], ['resume', '9']):\n"
        "    main(args)\n"
        "loaded = sorted(m for m in sys.modules if m.partition('.')[0] in ('textual', 'rich'))\n"
        "print('UI:', loaded, file=sys.stderr)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    env = {"PARLEY_HOME": str(home), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_report_file_has_normal_permissions(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report is for sharing and printing: 0o666 less the umask (0o644 here), not a temporary 0o600."""
    import os

    done, _ = _saved_games(home)
    old = os.umask(0o022)
    try:
        target = tmp_path / "shared.md"
        assert _run(capsys, "report", str(done), "-o", str(target))[0] == 0
        assert target.stat().st_mode & 0o777 == 0o644
        target.chmod(0o640)  # a file replaced keeps the permissions it had
        assert _run(capsys, "report", str(done), "-o", str(target))[0] == 0
        assert target.stat().st_mode & 0o777 == 0o640
        os.umask(0o027)
        other = tmp_path / "team.csv"
        assert _run(capsys, "results", "--csv", str(other))[0] == 0
        assert other.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
