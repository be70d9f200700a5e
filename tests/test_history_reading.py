"""A rubric rule that asks about the history of play explains its points in words, not as code."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main

MINIMAL2 = Path(__file__).parent / "cases" / "minimal2.yaml"


def test_played_before_reads_as_the_moves_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    moves = tmp_path / "m.moves"
    moves.write_text("velmar: listen\nvelmar: propose\n", encoding="utf-8")
    assert main(["run", str(MINIMAL2), "--seed", "1", "--moves", str(moves)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "played(listen) before played(propose) = True" not in out
    assert "(“Ask what the other side fears” before “Propose a standstill”: yes)" in out
