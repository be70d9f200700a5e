"""An empty or list-shaped strategy or paths file is told how *that* file starts, not a case."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import load_case
from game.errors import CaseError
from game.instructor.expect import read_paths
from game.instructor.strategy import read_strategy

CASE = Path(__file__).resolve().parents[1] / "cases" / "instructor" / "kelso-strait.yaml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("- role: tarn\n", "the top level of this file must be a mapping of keys, not a list"),
    ],
)
def test_a_strategy_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        read_strategy(path, load_case(CASE))
    (found,) = caught.value.diagnostics
    assert (found.line, found.column, found.message) == (1, 1, message)
    assert found.hint.startswith("a strategy is a mapping that starts with 'role:'")
    assert "schema_version" not in found.format()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("just words\n", "the top level of this file must be a mapping of keys, not a single value"),
    ],
)
def test_a_paths_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "p.paths.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        read_paths(path, load_case(CASE))
    (found,) = caught.value.diagnostics
    assert (found.line, found.column, found.message) == (1, 1, message)
    assert found.hint == "a paths file is a mapping that starts with 'paths:'"


def test_an_unknown_key_with_no_near_name_lists_the_keys_allowed(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("role: tarn\neverywhere:\n  - move: listen\n    weight: 2\n", encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        read_strategy(path, load_case(CASE))
    (found,) = caught.value.diagnostics
    assert (found.line, found.column, found.message) == (4, 5, "unknown key 'weight' in a preference")
    assert found.hint == "the keys allowed here are move, when"
