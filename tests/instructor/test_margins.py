"""A share bound met narrowly is checked on more seeds (game.instructor.margins)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from cli.main import main
from game.case.library import builtin_files
from game.case.loader import load_case
from game.instructor.bounds import Share, StrategyPath
from game.instructor.calibrate import evaluate_all
from game.instructor.expect import Bound, read_paths
from game.instructor.margins import confirm, margin, narrow, standard_error
from game.instructor.probe import probe


def test_the_standard_error_of_95_percent_over_200_seeds_is_one_and_a_half_points() -> None:
    assert standard_error(95, 200) == pytest.approx(1.541, abs=0.001)
    assert standard_error(95, 1000) == pytest.approx(0.689, abs=0.001)
    assert standard_error(100, 200) == 0.0


@pytest.mark.parametrize(
    ("op", "percent", "share", "expected"),
    [(">=", 95, 0.9575, 0.75), (">=", 95, 0.94, -1.0), ("<=", 5, 0.02, 3.0), ("<", 5, 0.06, -1.0)],
)
def test_margin_is_how_far_the_share_clears_the_bound(
    op: str, percent: float, share: float, expected: float
) -> None:
    assert margin(share, Share(op, percent)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("share", "runs", "bound", "expected"),
    [
        (0.97, 200, Share(">=", 95), True),  # 2 points, under two standard errors (3.1)
        (0.985, 200, Share(">=", 95), False),
        (0.97, 1000, Share(">=", 95), False),  # 2 points over 1,000 seeds is more than 1.4
        (0.94, 200, Share(">=", 95), False),  # failed: the failure says so
        (1.0, 200, Share(">=", 100), False),  # every seed: one miss fails it whatever the sample
        (0.0, 200, Share("<=", 0), False),
        (0.04, 200, Share("<=", 5), True),
        (0.0, 200, Share("<=", 5), False),
    ],
)
def test_a_bound_met_by_less_than_two_standard_errors_is_narrow(
    share: float, runs: int, bound: Share, expected: bool
) -> None:
    assert narrow(share, runs, bound) is expected


def _harbour_with_norland_as_it_was(tmp_path: Path) -> Path:
    """The Harbour Standoff before its counterparts answered Norland's mediation (commit 84dbbb8):
    Norland's doctrine met "80 or more on 95%" on seed 0's 200 seeds by luck."""
    source = next(p for p in builtin_files() if p.stem == "harbour-standoff")
    case = tmp_path / source.name
    text = source.read_text(encoding="utf-8")
    for added in (
        "      # heard by the mediator, Velmar tables its review more readily",
        "      # the verifiable guarantee Kestmark's briefing asks for",
    ):
        start = text.index(added)
        end = text.index("\n", text.index("when:", start))  # the comment, move, weight and when
        text = text[:start] + text[end + 1 :]
    case.write_text(text, encoding="utf-8")
    shutil.copytree(source.with_name("harbour-standoff.strategies"), tmp_path / "harbour-standoff.strategies")
    shutil.copy(source.with_name("harbour-standoff.paths.yaml"), tmp_path)
    return case


def test_a_bound_met_by_luck_is_named_with_its_share_on_other_seeds(tmp_path: Path) -> None:
    file = _harbour_with_norland_as_it_was(tmp_path)
    case = load_case(file)
    path = next(
        p for p in read_paths(tmp_path / "harbour-standoff.paths.yaml", case) if "Norland by" in p.name
    )
    report = evaluate_all([(file, path.strategy)], seeds=path.seeds, seed=path.seed, jobs=1)[0]
    assert path.expect.on.holds(report.share(path.expect.score))  # it passes on its own seeds …
    (note,) = confirm(case, path, report, jobs=1)  # … and not on others
    assert note.startswith(
        "met on 97.0% of these 200 seeds and on 95.8% of 1200 (these and 1000 from seed 1)"
    )
    assert "(±1.3)" in note


def test_the_built_in_bounds_hold_on_other_seeds_too() -> None:
    for file in builtin_files():
        case = load_case(file)
        listed = read_paths(file.with_name(f"{file.stem}.paths.yaml"), case)
        paths = [p for p in listed if isinstance(p, StrategyPath)]
        reports = evaluate_all([(file, p.strategy) for p in paths], seeds=200, seed=0)
        for path, report in zip(paths, reports, strict=True):
            assert confirm(case, path, report) == (), path.name


def test_parley_test_passes_a_lucky_bound_with_a_note_counted_in_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _harbour_with_norland_as_it_was(tmp_path)
    assert main(["test", str(file), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "Norland by the doctrine" in line)
    assert lines[at].startswith("PASS ")
    assert lines[at + 1].startswith("     note: met on 97.0% of these 200 seeds and on 95.8% of 1200")
    assert out.count("note:") == 1
    assert lines[-1] == "12 passed (1 narrowly, see the notes), 0 failed"


def _small_state_with_meridia_as_it_was(tmp_path: Path) -> Path:
    """The Ilva Channel before Meridia's menus opened with a tempting move (commit 54c5c87): the
    doctrine was listed first, so pressing Enter through the case played it on some seeds."""
    source = next(p for p in builtin_files() if p.stem == "small-state-mediation")
    text = source.read_text(encoding="utf-8")
    start = text.index("      # each menu opens with a tempting or passive move")
    text = text[:start] + text[text.index("      meridia: [", start) :]
    for now, was in (
        (
            "[seek_to_chair, hold_reserve, fund_transition, back_orvane_publicly]",
            "[fund_transition, back_orvane_publicly, seek_to_chair, hold_reserve]",
        ),
        (
            "[seek_to_chair, hold_reserve, fund_transition, condition_funds]",
            "[fund_transition, condition_funds, seek_to_chair, hold_reserve]",
        ),
        (
            "[seek_to_chair, hold_reserve, back_orvane_publicly]",
            "[back_orvane_publicly, seek_to_chair, hold_reserve]",
        ),
        ("[hold_reserve, back_orvane_publicly]", "[back_orvane_publicly, hold_reserve]"),
        (
            "[seek_to_chair, hold_reserve, fund_transition, condition_funds, back_orvane_publicly]",
            "[fund_transition, condition_funds, back_orvane_publicly, seek_to_chair, hold_reserve]",
        ),
    ):
        assert text.count(f"meridia: {now}") == 1
        text = text.replace(f"meridia: {now}", f"meridia: {was}")
    case = tmp_path / source.name
    case.write_text(text, encoding="utf-8")
    shutil.copytree(source.with_name(f"{source.stem}.strategies"), tmp_path / f"{source.stem}.strategies")
    return case


def test_the_probe_judges_a_strategy_that_came_close_on_more_seeds(tmp_path: Path) -> None:
    """On seed 0's 200 seeds, pressing Enter through the old Ilva Channel as Meridia scored 80 or
    more on 5.0% of them, not over the probe's 5%; on 1,200 it does so on 6.3%: it is found."""
    result = probe(_small_state_with_meridia_as_it_was(tmp_path), role="meridia", seeds=200, jobs=1)
    (finding,) = [f for f in result.findings if f.report.strategy == "first"]
    assert finding.seeds == 1200 and finding.report.runs == 1200
    assert finding.high_share == pytest.approx(0.063, abs=0.0005)
    own = dataclasses.replace(finding.report, rows=finding.report.rows[:200])
    assert own.share(Bound(">=", 80)) <= 0.05  # not found on the probe's own seeds
