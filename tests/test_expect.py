"""Expected paths: reading them strictly, and running them."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.errors import CaseError
from game.instructor.expect import Bound, read_paths, run_path
from tests.engine_helpers import sample

GOOD = """\
paths:
  - name: by the book
    seed: 7
    players: [velmar]
    moves:
      - velmar: listen
      - velmar: file_with_court
      - velmar: open_backchannel
      - velmar: reframe_common_stakes
      - velmar: phased_lease_review
    expect:
      visits: [backchannel, mediation]
      ending: agreement
      outcome: agreement
      score: ">= 75"
      dimensions: {alternatives: 90}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.paths.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_passing_path(tmp_path: Path) -> None:
    (path,) = read_paths(write(tmp_path, GOOD), sample())
    result = run_path(sample(), path)
    assert result.passed, result.failures
    assert path.expect.score == Bound(">=", 75)
    assert path.expect.dimensions == (("alternatives", Bound(">=", 90)),)


def test_a_failing_path_says_why(tmp_path: Path) -> None:
    text = GOOD.replace('score: ">= 75"', 'score: "<= 20"').replace("ending: agreement", "ending: stalemate")
    (path,) = read_paths(write(tmp_path, text), sample())
    result = run_path(sample(), path)
    assert not result.passed
    assert "expected ending stalemate, got agreement" in result.failures
    assert any(f.startswith("expected score <= 20, got ") for f in result.failures)


def test_a_refused_move_fails_with_its_position(tmp_path: Path) -> None:
    # Velmar's own move, but not open in the first phase (one no phase offers Velmar is refused when read)
    text = GOOD.replace("- velmar: file_with_court", "- velmar: phased_lease_review")
    (path,) = read_paths(write(tmp_path, text), sample())
    result = run_path(sample(), path)
    assert not result.passed
    assert "x.paths.yaml:7:17" in result.failures[0]


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("    seed: 7", "    sead: 7", (3, 5), "unknown key 'sead' in a path (did you mean 'seed'?)"),
        (
            "players: [velmar]",
            "players: [velmra]",
            (4, 15),
            "'velmra' is not a playable role (did you mean 'velmar'?)",
        ),
        ("- velmar: listen", "- velmar: lissen", (6, 17), "unknown move 'lissen' (did you mean 'listen'?)"),
        ("- velmar: listen", "- kest: listen", (6, 9), "'kest' is not among this path's players"),
        (
            "- velmar: listen",
            "- velmar: naval_exercise",
            (6, 17),
            "'naval_exercise' is not a move of 'velmar' (its roles: kest) (did you mean 'mirror_exercise'?)",
        ),
        ("ending: agreement", "ending: agreemnt", (13, 15), "unknown ending 'agreemnt'"),
        ('score: ">= 75"', "score: lots", (15, 14), "score must be a number or a comparison"),
        ("visits: [backchannel, mediation]", "visits: [backchanel]", (12, 16), "unknown phase 'backchanel'"),
        ("{alternatives: 90}", "{altrenatives: 90}", (16, 20), "unknown key 'altrenatives'"),
    ],
)
def test_each_problem_is_reported_with_its_position(
    tmp_path: Path, old: str, new: str, where: tuple[int, int], message: str
) -> None:
    assert old in GOOD
    with pytest.raises(CaseError) as info:
        read_paths(write(tmp_path, GOOD.replace(old, new)), sample())
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == where
    assert message in diagnostic.format()


def test_broken_yaml_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as info:
        read_paths(write(tmp_path, "paths: [\n"), sample())
    assert info.value.diagnostics[0].code == "yaml-syntax"


def test_moves_left_unplayed_fail_the_path(tmp_path: Path) -> None:
    text = GOOD.replace("      - velmar: phased_lease_review\n", "      - velmar: phased_lease_review\n" * 6)
    (path,) = read_paths(write(tmp_path, text), sample())
    result = run_path(sample(), path)
    assert not result.passed
    assert "scripted move(s) never played: the case ended in round" in result.failures[0]


def test_a_dimension_of_a_role_rubric_is_known(tmp_path: Path) -> None:
    """'convening' is only in Norland's own rubric: a Norland path may bound it."""
    text = (
        "paths:\n  - name: norland convenes\n    seed: 7\n    players: [norland]\n"
        '    expect:\n      dimensions: {convening: ">= 0"}\n'
    )
    (path,) = read_paths(write(tmp_path, text), sample())
    assert path.expect.dimensions == (("convening", Bound(">=", 0)),)
    result = run_path(sample(), path)
    assert result.passed, result.failures


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # the player (Velmar) is scored by the case rubric, which has no 'convening'
        ("{alternatives: 90}", "{convening: 50}", "the role this path scores, is not judged on 'convening'"),
        # Kest's own rubric has no 'alternatives'
        (
            "players: [velmar]",
            "players: [kest]",
            "the role this path scores, is not judged on 'alternatives'",
        ),
    ],
)
def test_a_dimension_the_player_is_not_judged_on_is_refused_with_its_position(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = GOOD.replace(old, new)
    if new == "players: [kest]":
        text = (
            text.replace("- velmar:", "- kest:").split("    moves:")[0]
            + "    expect:\n"
            + ("      dimensions: {alternatives: 90}\n")
        )
    with pytest.raises(CaseError) as info:
        read_paths(write(tmp_path, text), sample())
    (diagnostic,) = info.value.diagnostics
    assert message in diagnostic.format()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "dimensions:" in row)
    assert (diagnostic.line, diagnostic.column) == (line, text.splitlines()[line - 1].index("{") + 2)
    assert "x.paths.yaml" in diagnostic.format()
