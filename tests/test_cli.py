"""The headless command line: exit statuses, output forms, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from game.case.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "cases" / "invalid"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_validate_ok_and_broken(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["validate", str(ROOT / "cases")], capsys)
    assert status == 0
    assert "4 of 4 files valid" in out
    status, _, err = run(
        ["validate", str(INVALID / "duplicate-key.yaml"), str(INVALID / "unknown-key.yaml")], capsys
    )
    assert status == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"{INVALID / 'duplicate-key.yaml'}:29:5: duplicate key 'max'")
    assert "did you mean 'description'?" in lines[1]
    assert "0 of 2 files valid" in err


def test_validate_missing_file_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["validate", "/no/such/case.yaml"], capsys)
    assert status == 1
    assert err.startswith("/no/such/case.yaml:1:1: no such file")
    assert "Traceback" not in err


def test_cases_lists_the_built_in_library(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["cases", "--json"], capsys)
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    ids = [r["id"] for r in rows]
    assert "harbour-standoff" in ids and "arms-reduction-coalition" in ids
    sample = next(r for r in rows if r["id"] == "harbour-standoff")
    assert (sample["roles"], sample["phases"], sample["moves"], sample["injects"], sample["endings"]) == (
        3,
        3,
        25,
        # leak, fishing_incident, intercept (private to Kestmark), parliament_wavers,
        # court_hearing, storm_warning (private to Kestmark), deadline_nears
        7,
        5,
    )
    status, out, _ = run(["cases"], capsys)
    assert status == 0 and "The Harbour Standoff" in out


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["schema"], capsys)
    assert status == 0
    assert json.loads(out) == json_schema()


def test_run_json_is_one_event_per_line_then_the_debrief(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["run", "harbour-standoff", "--seed", "5", "--json"], capsys)
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["kind"] == "start" and lines[0]["seed"] == 5
    assert "debrief" in lines[-1]
    assert all("kind" in line for line in lines[:-1])


def test_run_by_path_and_random_policy(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["run", str(ROOT / "cases" / "harbour-standoff.yaml"), "--policy", "random"], capsys)
    assert status == 0
    assert "DEBRIEF" in out and "Ending:" in out
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    ("moves", "message"),
    [
        (
            "velmar: listen\nvelmar: naval_exercise\n",
            "moves.txt:2:9: 'naval_exercise' is not open to 'velmar'",
        ),
        ("velmar listen\n", "moves.txt:1:1: cannot read 'velmar listen'"),
        ("atlantis: listen\n", "moves.txt:1:1: 'atlantis' is not a playable role"),
    ],
)
def test_run_reports_bad_moves_files(
    tmp_path: Path, moves: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "moves.txt"
    path.write_text(moves, encoding="utf-8")
    status, _, err = run(["run", "harbour-standoff", "--moves", str(path)], capsys)
    assert status == 1
    assert message in err
    assert "Traceback" not in err


def test_unknown_case_gets_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["run", "harbour-standof"], capsys)
    assert status == 1
    assert "did you mean 'harbour-standoff'?" in err


def test_test_command_runs_expected_paths(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["test", "harbour-standoff", "coercion-under-asymmetry"], capsys)
    assert status == 0
    assert out.strip().splitlines()[-1].endswith("passed, 0 failed")


def test_version_and_help() -> None:
    for args in (
        ["--version"],
        ["--help"],
        ["run", "--help"],
        ["validate", "--help"],
        ["cases", "--help"],
        ["schema", "--help"],
        ["test", "--help"],
        ["play", "--help"],
    ):
        done = subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, (args, done.stderr)
        assert done.stdout.strip()
    done = subprocess.run(
        [sys.executable, "-m", "cli", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.stdout.startswith("parley ")


def test_validate_checks_an_expected_paths_file_against_its_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "harbour-standoff.yaml").write_bytes((ROOT / "cases" / "harbour-standoff.yaml").read_bytes())
    paths = tmp_path / "harbour-standoff.paths.yaml"
    paths.write_text("paths:\n  - name: x\n    sed: 1\n", encoding="utf-8")
    status, _, err = run(["validate", str(paths)], capsys)
    assert status == 1
    assert f"{paths}:3:5: unknown key 'sed' in a path (did you mean 'seed'?)" in err
    lonely = tmp_path / "nothing.paths.yaml"
    lonely.write_text("paths: []\n", encoding="utf-8")
    status, _, err = run(["validate", str(lonely)], capsys)
    assert status == 1 and "no case file nothing.yaml beside" in err
    status, _, _ = run(["validate", str(ROOT / "cases" / "harbour-standoff.paths.yaml")], capsys)
    assert status == 0


def test_test_command_on_a_broken_case_without_paths_says_what_is_wrong_with_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # no unknown-key.paths.yaml beside it: the case's own error comes first, not "no expected paths"
    broken = INVALID / "unknown-key.yaml"
    assert not broken.with_name("unknown-key.paths.yaml").exists()
    status, out, err = run(["test", str(broken)], capsys)
    assert status != 0
    assert f"{broken}:" in out + err and "no expected paths" not in out + err
    assert "1 file could not be read" in out
