"""Strategies: read strictly, played adaptively, measured over seeds, and used as expected paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.case.loader import load_case
from game.errors import CaseError
from game.instructor.calibrate import StrategySession, evaluate, evaluate_many, play
from game.instructor.expect import Bound, read_paths, run_path
from game.instructor.strategy import (
    Pick,
    built,
    find_strategy,
    random_strategy,
    read_strategy,
    shipped_strategies,
)
from game.play.session import Session
from tests.engine_helpers import SAMPLE, sample

GOOD = """\
# Doctrine play for Velmar.
role: velmar
title: Doctrine
description: Listen, file with the court, talk quietly, propose a phased review.
phases:
  signal:
    - move: listen
      when: mine.listen < 1
    - move: file_with_court
    - move: open_backchannel
  backchannel:
    - move: phased_lease_review
      when: mine.phased_lease_review < 1
    - move: invite_mediator
everywhere:
  - move: listen
"""


def write(tmp_path: Path, text: str, name: str = "velmar-doctrine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_strategy_is_read(tmp_path: Path) -> None:
    strategy = read_strategy(write(tmp_path, GOOD), sample())
    assert strategy.id == "velmar-doctrine"
    assert strategy.role == "velmar"
    assert [p.move for p in strategy.picks("signal")] == [
        "listen",
        "file_with_court",
        "open_backchannel",
        "listen",
    ]
    assert strategy.picks("mediation") == (Pick("listen", "", 16),)


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "role: velmar",
            "rol: velmar",
            (2, 1),
            "unknown key 'rol' in a strategy file (did you mean 'role'?)",
        ),
        ("role: velmar", "role: velmra", (2, 7), "'velmra' is not a playable role (did you mean 'velmar'?)"),
        ("  signal:", "  signl:", (6, 3), "unknown key 'signl' in 'phases' (did you mean 'signal'?)"),
        ("- move: file_with_court", "- move: file_with_curt", (9, 13), "unknown move 'file_with_curt'"),
        (
            "- move: file_with_court",
            "- move: naval_exercise",
            (9, 13),
            "'naval_exercise' is never on velmar's",
        ),
        ("- move: file_with_court", "- mvoe: file_with_court", (9, 7), "unknown key 'mvoe' in a preference"),
        ("when: mine.listen < 1", "when: mine.lisen < 1", (8, 18), "unknown tag or move 'lisen'"),
        ("when: mine.listen < 1", "when: mine.listen <", (8, 26), "condition"),
        ("title: Doctrine", "otherwise: sometimes", (3, 12), "unknown choice 'sometimes' for 'otherwise'"),
        ("everywhere:\n  - move: listen\n", "everywhere: listen\n", (15, 13), "preferences must be a list"),
    ],
)
def test_each_problem_is_reported_with_its_position(
    tmp_path: Path, old: str, new: str, where: tuple[int, int], message: str
) -> None:
    assert old in GOOD
    with pytest.raises(CaseError) as info:
        read_strategy(write(tmp_path, GOOD.replace(old, new)), sample())
    diagnostic = info.value.diagnostics[0]  # a missing role is also reported when 'role' is misspelt
    assert (diagnostic.line, diagnostic.column) == where, diagnostic.format()
    assert message in diagnostic.format()
    assert diagnostic.path.endswith("velmar-doctrine.yaml")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("file_with_court", "file_with_curt").replace("mine.listen", "mine.lissen")
    with pytest.raises(CaseError) as info:
        read_strategy(write(tmp_path, text), sample())
    assert len(info.value.diagnostics) == 2


def test_yaml_the_case_loader_refuses_is_refused_here(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as info:
        read_strategy(write(tmp_path, GOOD + "role: kest\n"), sample())
    assert "duplicate" in info.value.diagnostics[0].message


def test_a_missing_role_and_empty_preferences_are_reported(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as info:
        read_strategy(write(tmp_path, "title: Nothing\n"), sample())
    messages = [d.message for d in info.value.diagnostics]
    assert any("needs a 'role'" in m for m in messages)
    assert any("needs 'phases:' or 'everywhere:'" in m for m in messages)


def test_the_strategy_adapts_and_the_log_replays(tmp_path: Path) -> None:
    case = sample()
    strategy = read_strategy(write(tmp_path, GOOD), case)
    for seed in range(20):
        session = play(case, strategy, seed)
        assert session.over
        mine = [e.data["move"] for e in session.log if e.kind == "move" and e.role == "velmar"]
        assert mine[0] == "listen"
        assert mine.count("phased_lease_review") <= 1
        filed = [e.round for e in session.log if e.kind == "move" and e.data["move"] == "file_with_court"]
        left_signal = next(e.round for e in session.log if e.kind == "phase" and e.data["phase"] != "signal")
        assert all(r <= left_signal for r in filed)
        assert all(e.data["by"] == "human" for e in session.log if e.kind == "move" and e.role == "velmar")
        again = Session.replay(case, session.log)
        assert [e.to_dict() for e in again.log] == [e.to_dict() for e in session.log]


def test_otherwise_first_takes_the_first_open_move() -> None:
    case = sample()
    session = StrategySession(case, built("first", "velmar", "first", otherwise="first"), seed=3).play_out()
    first = next(e for e in session.log if e.kind == "move" and e.role == "velmar")
    assert first.data["move"] == "listen"  # the first move of velmar's menu in the first phase


def test_evaluate_is_deterministic_and_the_same_in_processes(tmp_path: Path) -> None:
    case = sample()
    strategy = read_strategy(write(tmp_path, GOOD), case)
    one = evaluate(case, strategy, seeds=30)
    assert one.runs == 30
    assert one == evaluate(case, strategy, seeds=30)
    (two, three) = evaluate_many(SAMPLE, [strategy, random_strategy("velmar")], seeds=30, jobs=2)
    assert two.rows == one.rows
    assert three.strategy == "random"
    assert sum(one.endings.values()) == 30
    assert 0 <= one.share(Bound(">=", 80)) <= 1
    assert set(one.dimensions) == set(case.rubric)


def test_doctrine_beats_random_play(tmp_path: Path) -> None:
    case = sample()
    doctrine = evaluate(case, read_strategy(write(tmp_path, GOOD), case), seeds=60)
    reckless = evaluate(
        case, built("mirror", "velmar", "retaliate", [Pick("mirror_exercise")], otherwise="first"), seeds=60
    )
    randomly = evaluate(case, random_strategy("velmar"), seeds=60)
    assert reckless.overall.median < doctrine.overall.median
    assert randomly.overall.median < doctrine.overall.median


def test_find_strategy_looks_beside_the_case(tmp_path: Path) -> None:
    case_file = tmp_path / "mine.yaml"
    case_file.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "mine.strategies"
    folder.mkdir()
    write(folder, GOOD)
    assert find_strategy(case_file, "doctrine", "velmar") == folder / "velmar-doctrine.yaml"
    assert find_strategy(case_file, "velmar-doctrine") == folder / "velmar-doctrine.yaml"
    with pytest.raises(CaseError) as info:
        find_strategy(case_file, "velmar-doctrin")
    assert "did you mean 'velmar-doctrine'" in info.value.diagnostics[0].format()


# ------------------------------------------------------- strategy paths


PATHS = """\
paths:
  - name: doctrine play
    strategy: velmar-doctrine.yaml
    seeds: 40
    expect:
      score: ">= 50"
      on: ">= 90%"
  - name: random play between
    strategy: random
    role: velmar
    seeds: 40
    expect:
      median_between: [mirror.yaml, velmar-doctrine.yaml]
"""

MIRROR = "role: velmar\notherwise: first\neverywhere:\n  - move: mirror_exercise\n"


def test_strategy_paths_pass_and_fail_with_numbers(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, MIRROR, "mirror.yaml")
    paths_file = write(tmp_path, PATHS, "x.paths.yaml")
    doctrine, between = read_paths(paths_file, sample())
    assert run_path(sample(), doctrine).passed
    result = run_path(sample(), between)
    assert result.over is not None and result.over.runs == 40
    low = evaluate(sample(), read_strategy(tmp_path / "mirror.yaml", sample()), seeds=40).overall.median
    high = evaluate(
        sample(), read_strategy(tmp_path / "velmar-doctrine.yaml", sample()), seeds=40
    ).overall.median
    assert result.passed == (low < result.over.overall.median < high), result.failures
    strict = write(tmp_path, PATHS.replace('">= 50"', '">= 99"'), "y.paths.yaml")
    failed = run_path(sample(), read_paths(strict, sample())[0])
    assert not failed.passed
    assert "expected score >= 99 on >= 90% of 40 seeds; it was on" in failed.failures[0]
    upside_down = write(
        tmp_path,
        PATHS.replace("[mirror.yaml, velmar-doctrine.yaml]", "[velmar-doctrine.yaml, mirror.yaml]"),
        "z.paths.yaml",
    )
    assert "strictly between" in run_path(sample(), read_paths(upside_down, sample())[1]).failures[0]


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "strategy: velmar-doctrine.yaml",
            "strategy: nothing-here",
            (3, 15),
            "no strategy file or shipped strategy",
        ),
        ('on: ">= 90%"', 'on: "most"', (7, 11), "'on' must be a share of seeds"),
        ("    role: velmar\n", "", (9, 15), "the random strategy needs a 'role'"),
        (
            "seeds: 40\n    expect:\n      score",
            "sedes: 40\n    expect:\n      score",
            (4, 5),
            "unknown key 'sedes'",
        ),
        ("[mirror.yaml, velmar-doctrine.yaml]", "[mirror.yaml]", (13, 23), "names two strategies"),
    ],
)
def test_strategy_path_problems_have_positions(
    tmp_path: Path, old: str, new: str, where: tuple[int, int], message: str
) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, MIRROR, "mirror.yaml")
    assert old in PATHS
    with pytest.raises(CaseError) as info:
        read_paths(write(tmp_path, PATHS.replace(old, new, 1), "x.paths.yaml"), sample())
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == where, diagnostic.format()
    assert message in diagnostic.format()


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_every_playable_role_ships_a_doctrine_and_a_reactive_strategy(path: Path) -> None:
    case = load_case(path)
    shipped = {p.stem: p for p in shipped_strategies(path)}
    for role in case.playable_roles:
        for kind in ("doctrine", "reactive"):
            strategy = read_strategy(shipped[f"{role}-{kind}"], case)
            assert strategy.role == role and strategy.description


def test_a_misspelt_answer_to_an_offer_gets_a_did_you_mean(tmp_path: Path) -> None:
    """Answers are moves a strategy may name (format 2): a typo in one is matched against them too."""
    case = load_case(Path(__file__).resolve().parents[1] / "cases" / "format2" / "saltmere.yaml")
    text = "role: borvik\neverywhere:\n  - move: first_package.add_sunsets\n  - move: listen\n"
    with pytest.raises(CaseError) as info:
        read_strategy(write(tmp_path, text, "borvik-doctrine.yaml"), case)
    found = info.value.diagnostics[0].format()
    assert "unknown move 'first_package.add_sunsets' (did you mean 'first_package.add_sunset'?)" in found
