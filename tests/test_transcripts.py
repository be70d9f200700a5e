"""Transcript tests: a fixed move list through a case gives a stored event log and debrief.

Each ``tests/transcripts/<name>.moves`` is played with ``parley run --json`` and
compared, line for line, with ``<name>.expected.jsonl``.  After a deliberate
change to the engine or the case, regenerate with
``PARLEY_REGENERATE=1 python -m pytest tests/test_transcripts.py`` and read
the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli.main import main

HERE = Path(__file__).resolve().parent / "transcripts"
FORMAT2 = str(Path(__file__).resolve().parent / "cases" / "format2" / "quarantine.yaml")
RUNS = {
    "harbour-doctrine": ("harbour-standoff", 7),
    "harbour-reactive": ("harbour-standoff", 7),
    # format 2 (tests/cases/format2/quarantine.yaml)
    "format2-accepted": (FORMAT2, 1),  # a proposal accepted
    "format2-countered": (FORMAT2, 1),  # countered by a computer-played role's reservation, then accepted
    "format2-expired": (FORMAT2, 1),  # a proposal left unanswered lapses; phases run out of time
    "format2-timer": (FORMAT2, 1),  # an ultimatum runs out; a move appears; an ending variant
    "format2-conditional": (FORMAT2, 1),  # a conditional effect; a move appears and withdraws a timer
    # an answer to an offer crosses a red line, is a decision, and has a better answer (issue 9)
    "format2-answer": (str(Path(__file__).resolve().parent / "cases" / "format2" / "answers.yaml"), 1),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_transcript_matches(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    case, seed = RUNS[name]
    status = main(["run", case, "--seed", str(seed), "--moves", str(HERE / f"{name}.moves"), "--json"])
    out = capsys.readouterr().out
    assert status == 0
    expected_file = HERE / f"{name}.expected.jsonl"
    if os.environ.get("PARLEY_REGENERATE"):
        expected_file.write_text(out, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert out.splitlines() == expected.splitlines()


def test_runs_are_identical(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for _ in range(2):
        assert main(["run", "harbour-standoff", "--seed", "3", "--policy", "random"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
