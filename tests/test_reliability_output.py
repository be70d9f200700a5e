"""Hostile text never reaches a terminal or a file raw, and no input makes a command run without end.

Issue 15, items 2, 3, 4, 7 and the command-line half of 8.  The loader refuses
control characters in case text (see tests/cases/invalid/escaped-control-character.yaml);
these tests feed them in where the loader cannot stop them (a player's name, a
stored row, a case built in memory) and check every output path writes them out.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from game.case.loader import load_case_text
from game.case.model import MAX_ROUNDS
from game.debriefing.htmlreport import html
from game.debriefing.report import markdown
from game.debriefing.reportmodel import build_report
from game.debriefing.scoring import debrief
from game.instructor.lint import lint_case
from game.play.session import Session
from game.storage import Autosave, Store
from game.textsafe import visible
from tests.engine_helpers import SAMPLE, sample
from tests.storage_helpers import Chooser, play

REPO = Path(__file__).resolve().parents[1]
HOSTILE = "Ana \x1b]0;pwned\x07\x1b[2J\x9b31m\x7f\r"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _clean(text: str) -> None:
    found = RAW.search(text)
    assert found is None, f"raw control character U+{ord(found.group()):04X} in output"


def test_visible_writes_out_every_control_character_but_tab_and_newline() -> None:
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible(HOSTILE) == "Ana \\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u007f\\u000d"
    assert json.loads(f'"{visible(HOSTILE)}"') == HOSTILE  # the same string, read as JSON


# ----------------------------------------------------------------- item 4: every output path


def _hostile_sessions(home: Path) -> int:
    """A finished session whose player's name and stored title hold escape sequences; its id."""
    with Store.open(home) as store:
        game = Autosave.start(store, Session(sample(), seed=7, humans=["velmar"], names={"velmar": HOSTILE}))
        play(game.session, Chooser(7), game=game)
        waiting = Autosave.start(
            store, Session(sample(), seed=8, humans=["velmar"], names={"velmar": HOSTILE})
        )
        play(waiting.session, Chooser(8), 2, game=waiting)
        session_id = game.id
    conn = sqlite3.connect(home / "parley.db")
    conn.execute("UPDATE sessions SET case_title = ?", (f"Title {HOSTILE}",))
    conn.commit()
    conn.close()
    return session_id


@pytest.mark.parametrize(
    "command",
    [
        ["sessions"],
        ["sessions", "--json"],
        ["results"],
        ["results", "--csv", "-"],
        ["report", "{id}"],
        ["report", "{id}", "--format", "html"],
        ["report", "{id}", "--format", "json"],
    ],
)
def test_escape_sequences_in_stored_text_never_reach_the_terminal(
    home: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    session_id = _hostile_sessions(home)
    status, out, err = _run(capsys, *(part.format(id=session_id) for part in command))
    assert status == 0, err
    _clean(out)
    _clean(err)
    assert "\\u001b]0;pwned" in out or "Ana" in out
    if "--json" in command or "json" in command:
        for line in [out] if "report" in command else out.splitlines():
            json.loads(line)  # still valid JSON, meaning the same


@pytest.mark.parametrize(
    "command",
    [
        ["results", "--csv", "{file}"],
        ["report", "{id}", "-o", "{file}"],
        ["report", "{id}", "--format", "html", "-o", "{file}"],
    ],
)
def test_escape_sequences_never_reach_a_written_file(
    home: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    session_id = _hostile_sessions(home)
    target = home / "out.txt"
    status, _, err = _run(capsys, *(part.format(id=session_id, file=target) for part in command))
    assert status == 0, err
    written = target.read_text(encoding="utf-8")
    _clean(written)
    assert "pwned" in written


def test_reports_built_by_the_engine_write_out_control_characters() -> None:
    case = dataclasses.replace(sample(), title=f"Harbour {HOSTILE}")
    session = Session(case, seed=3)
    result = debrief(case, session.log)
    report = build_report(case, session.log, result)
    for text in (markdown(report), html(report, case, session.log)):
        _clean(text)
        assert "\\u001b]0;pwned" in text


def test_a_moves_file_with_escape_sequences_is_reported_written_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moves = tmp_path / "hostile.moves"
    moves.write_text("velmar: listen\nkest\x1b]0;pwned\x07: listen\n", encoding="utf-8")
    status, out, err = _run(capsys, "run", "harbour-standoff", "--moves", str(moves))
    assert status == 1
    _clean(out)
    _clean(err)


# ----------------------------------------------------------------- items 2, 3: limits and bounds


def _no_exit_case(limit: str) -> bytes:
    """The sample with every exit impossible and the round limit at ``limit``."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"^  limit: \d+$", f"  limit: {limit}", text, count=1, flags=re.M)
    text = re.sub(r"^(\s+when: ).*$", r"\1escalation > 100", text, flags=re.M)
    text = re.sub(r"^\s+(max_rounds|on_timeout): .*\n", "", text, flags=re.M)  # no timeouts either
    return text.encode("utf-8")


def test_round_limits_past_the_largest_are_refused_with_the_largest_named() -> None:
    with pytest.raises(ValueError, match="at most 1000"):
        load_case_text(_no_exit_case("999999999999999"), "huge.yaml")


def test_the_engine_ends_a_session_at_its_own_bound_whatever_the_case_says() -> None:
    case = load_case_text(_no_exit_case(str(MAX_ROUNDS)), "long.yaml")
    beyond = dataclasses.replace(case, rounds=dataclasses.replace(case.rounds, limit=10**15))
    session = Session(beyond, seed=1)
    assert session.over and session.round == MAX_ROUNDS
    ending = session.log[-1]
    assert ending.kind == "ending" and ending.data["reason"] == "bound"
    lines = markdown(build_report(beyond, session.log, debrief(beyond, session.log)))
    assert f"stopped after {MAX_ROUNDS} rounds" in lines


def test_lint_finishes_on_the_largest_limits(tmp_path: Path) -> None:
    text = (REPO / "cases" / "coercion-under-asymmetry.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^  limit: \d+$", f"  limit: {MAX_ROUNDS}", text, count=1, flags=re.M)
    text = re.sub(r"max_rounds: \d+", f"max_rounds: {MAX_ROUNDS}", text)
    path = tmp_path / "largest.yaml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "lint", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,  # a hang detector, not a speed threshold: it used to run without end
    )
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr
    assert "1 case file" in done.stdout
    assert lint_case(load_case_text(_no_exit_case(str(MAX_ROUNDS)), "no-exit.yaml")) is not None


# ----------------------------------------------------------------- item 7: unbounded reads and work


def test_a_moves_file_without_end_is_cut_at_the_cap(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "run", "harbour-standoff", "--moves", "/dev/zero")
    assert status == 1 and "larger than 2 MiB" in err


def test_a_moves_file_from_a_pipe_still_works(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "run", "harbour-standoff", "--moves", "/dev/stdin"],
        cwd=REPO,
        input="velmar: listen\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Republic of Velmar: Listen" in done.stdout or "Velmar" in done.stdout


def test_absurd_run_counts_are_refused_before_any_work(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "analyze", "harbour-standoff", "--runs", "10000000000")
    assert status == 1 and "at most 1,000,000" in err


# ----------------------------------------------------------------- item 8: smaller things


def test_validate_on_a_folder_without_cases_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = _run(capsys, "validate", str(tmp_path))
    assert status == 1 and "no case files" in err and str(tmp_path) in err
    status, _, err = _run(capsys, "lint", str(tmp_path))
    assert status == 1 and "no case files" in err


def test_a_closed_pipe_stops_a_command_quietly() -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "schema"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader goes away before the first line
    err = child.stderr.read()
    assert child.wait(timeout=60) == 0
    assert err == b""


def test_seeds_and_counts_that_could_not_be_saved_or_would_never_end_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["run", "harbour-standoff", "--seed", str(2**63), "--save"])
    assert stop.value.code == 2 and "a seed is a whole number" in capsys.readouterr().err
    status, _, err = _run(capsys, "analyze", "harbour-standoff", "--jobs", "100000")
    assert status == 1 and "--jobs must be from 1 to 64" in err
    status, _, err = _run(capsys, "run", "harbour-standoff", "--counterfactual", "--rollouts", "100000000")
    assert status == 1 and "--rollouts must be from 2 to 10000" in err
