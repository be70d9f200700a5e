"""A strategy reads only what its role sees: it plays the role as a trainee would.

In tests/cases/instructor/kelso-strait.yaml Tarn's grain reserves are Tarn's alone (Osterland
sees a band) and the quiet channel is seen by Tarn and Osterland only, not by the envoy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import load_case
from game.errors import CaseError
from game.instructor.strategy import read_strategy

CASE = Path(__file__).resolve().parents[1] / "cases" / "instructor" / "kelso-strait.yaml"


def _read(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_strategy(path, load_case(CASE))
    except CaseError as err:
        return [f"{d.line}:{d.column}: {d.message}" for d in err.diagnostics]
    return []


def test_a_strategy_may_not_read_another_roles_private_meter(tmp_path: Path) -> None:
    found = _read(tmp_path, "role: oster\neverywhere:\n  - move: tighten_blockade\n    when: reserves <= 3\n")
    assert found == [
        "4:11: the strategy for 'oster' reads 'reserves', but 'oster' sees 'reserves' only as a band, "
        "not its number"
    ]


def test_the_role_that_sees_it_may(tmp_path: Path) -> None:
    assert (
        _read(tmp_path, "role: tarn\neverywhere:\n  - move: strengthen_rail\n    when: reserves <= 3\n") == []
    )
    assert _read(tmp_path, "role: oster\neverywhere:\n  - move: listen\n    when: flags.channel_open\n") == []


def test_each_private_name_is_reported_where_it_is_written(tmp_path: Path) -> None:
    text = (
        "role: oster\n"
        "phases:\n"
        "  blockade:\n"
        "    - move: listen\n"
        "      when: trust >= 2 and reserves <= 3 and count(strengthen_rail, tarn) >= 1\n"
    )
    found = _read(tmp_path, text)
    assert [f.split(": ")[0] for f in found] == ["5:28"], found  # the rail pass is played in public
    with pytest.raises(CaseError):
        read_strategy(tmp_path / "s.yaml", load_case(CASE))
