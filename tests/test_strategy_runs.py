"""One seed of a strategy, seen whole: ``parley run --strategy`` and the seeds a failed bound names.

The case is an instructor's own (tests/cases/instructor/kelso-strait.yaml): format 2 without
proposals, two playable roles and a counterpart, calibrated with the strategies beside it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from cli.main import main

CASE = Path(__file__).resolve().parent / "cases" / "instructor" / "kelso-strait.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_run_plays_one_seed_of_a_strategy_as_analyze_scored_it(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        ["analyze", str(CASE), "--role", "oster", "--strategy", "doctrine", "--seeds", "12", "--json"], capsys
    )
    assert status == 0, err
    rows = json.loads(out)["playthroughs"]
    titles = {
        "settlement": "The strait reopens",
        "frozen": "A frozen strait",
        "partial_deal": "A daylight corridor",
    }
    for row in rows[:4]:
        status, out, err = run(
            ["run", str(CASE), "--strategy", "doctrine", "--role", "oster", "--seed", str(row["seed"])],
            capsys,
        )
        assert status == 0, err
        head = "".join(out.splitlines()[:2]).replace(" ", "")  # the header, however it wrapped
        assert "strategyoster-doctrineasoster" in head
        assert f"Overall score: {row['overall']}/100" in out
        assert f"Outcome: {titles[row['ending']]}" in out
        assert "Osterland: Ask what the other side fears" in out  # the strategy's first move, as a player's


def test_run_strategy_needs_a_role_for_random_and_stands_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        ["run", str(CASE), "--strategy", "random", "--role", "tarn", "--seed", "3"], capsys
    )
    assert status == 0, err and "strategy random as tarn" in out
    moves = tmp_path / "m.moves"
    moves.write_text("tarn: listen\n", encoding="utf-8")
    refused = [
        (["--strategy", "random"], "--strategy random needs --role"),
        (["--strategy", "random", "--role", "envoy"], "'envoy' is not a playable role"),
        (["--strategy", "doctrine", "--role", "oster", "--moves", str(moves)], "give one of them"),
        (["--strategy", "doctrine", "--role", "oster", "--policy", "random"], "leave out --policy"),
        (["--strategy", "oster-doctrine", "--role", "tarn"], "plays oster, not tarn"),
        (
            ["--strategy", "dotcrine", "--role", "tarn"],
            "no strategy file or shipped strategy called 'dotcrine'",
        ),
        (["--role", "tarn"], "--role goes with --strategy"),
    ]
    for extra, message in refused:
        status, _, err = run(["run", str(CASE), *extra], capsys)
        assert status != 0 and message in err, (extra, err)
        assert "Traceback" not in err


def test_a_failed_bound_names_the_seeds_that_missed_and_how_to_see_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CASE, tmp_path / CASE.name)
    shutil.copytree(CASE.with_name("kelso-strait.strategies"), tmp_path / "kelso-strait.strategies")
    (tmp_path / "kelso-strait.paths.yaml").write_text(
        "paths:\n"
        "  - name: too high a bar\n"
        "    strategy: oster-doctrine\n"
        "    seeds: 40\n"
        '    expect: {score: ">= 88", on: ">= 99%"}\n',
        encoding="utf-8",
    )
    status, out, err = run(["test", str(tmp_path / CASE.name)], capsys)
    assert status == 1, err
    missed = re.search(
        r"missed on (\d+) seeds, ending in: (.*); the lowest: seed (\d+) \([a-z_]+, (\d+)\)", out
    )
    assert missed is not None, out
    share = re.search(r"it was on ([\d.]+)%", out)
    assert share is not None
    assert int(missed.group(1)) == round(40 * (1 - float(share.group(1)) / 100))
    see = re.search(r"see one: parley run (\S+) --strategy (\S+) --seed (\d+)", out)
    assert see is not None and see.group(3) == missed.group(3)
    status, shown, err = run(
        ["run", see.group(1), "--strategy", see.group(2), "--seed", see.group(3)], capsys
    )
    assert status == 0, err
    assert f"Overall score: {missed.group(4)}/100" in shown  # the seed named is the one that scored it


def test_a_strategy_file_away_from_its_case_is_recognised_by_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = tmp_path / "tarn-doctrine.yaml"
    shutil.copy(CASE.with_name("kelso-strait.strategies") / "tarn-doctrine.yaml", stray)
    status, _, err = run(["validate", str(stray)], capsys)
    assert status == 1
    assert err.splitlines() == [
        f"{stray}:1:1: this looks like a strategy file, not a case (it has 'role:' and preferences) "
        "(a strategy is checked against its case when it is in the folder <case>.strategies/ beside the "
        "case file, or with: parley analyze CASE --strategy FILE)"
    ]
    broken_case = tmp_path / "half.yaml"
    broken_case.write_text("schema_version: 2\nrole: tarn\nphases: {}\n", encoding="utf-8")
    status, _, err = run(["validate", str(broken_case)], capsys)
    assert status == 1 and "looks like a strategy" not in err  # a case with a typo is told about the case


def test_analyze_names_the_lowest_seeds_and_the_command_that_shows_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(
        ["analyze", "harbour-standoff", "--role", "velmar", "--strategy", "doctrine", "--seeds", "10"], capsys
    )
    assert status == 0, err
    lowest = re.search(r"^Lowest: seed (\d+) \(([a-z_]+), (\d+)\)", out, re.M)
    see = re.search(
        r"^See one: parley run harbour-standoff --strategy velmar-doctrine --seed (\d+)$", out, re.M
    )
    assert lowest is not None and see is not None, out
    assert see.group(1) == lowest.group(1)
    status, shown, err = run(
        ["run", "harbour-standoff", "--strategy", "velmar-doctrine", "--seed", see.group(1)], capsys
    )
    assert status == 0, err
    assert f"Overall score: {lowest.group(3)}/100" in shown


def test_a_short_name_shared_by_every_role_asks_which_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (
        ["run", str(CASE), "--strategy", "doctrine"],
        ["analyze", str(CASE), "--strategy", "reactive"],
    ):
        status, _, err = run(command, capsys)
        kind = command[-1]
        assert status == 1
        assert f"'{kind}' names a strategy of each role (oster-{kind}, tarn-{kind})" in err
        assert "--role" in err and "Traceback" not in err
    status, _, err = run(["run", str(CASE), "--strategy", "doctrine", "--role", "tarn"], capsys)
    assert status == 0, err
