"""Authoring from an installed Parley: validate by id, `parley new`, `parley guide`, lint and graph messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from game.case.library import builtin_dir

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# ------------------------------------------------------------------ validate by id


def test_validate_accepts_a_builtin_case_id(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["validate", "harbour-standoff"], capsys)
    assert status == 0
    assert out == f"{builtin_dir() / 'harbour-standoff.yaml'}: ok\n"


def test_validate_reports_an_unknown_id_and_checks_the_rest(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["validate", "harbur-standoff", "small-state-mediation"], capsys)
    assert status == 1
    assert err.splitlines()[0] == (
        "harbur-standoff:1:1: no case file or built-in case called 'harbur-standoff' "
        "(did you mean 'harbour-standoff'?)"
    )
    assert "small-state-mediation.yaml: ok" in out
    assert "1 of 2 files valid" in err
