"""``parley analyze``: seeded playthroughs, coverage and the spread of scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from game.case.loader import load_case
from game.debriefing.scoring import debrief
from game.instructor.analysis import Spread, analyze, playthrough_seed
from game.play.events import dump_log
from game.play.session import Session

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "cases" / "instructor" / "tiny.yaml"
UNREACHABLE_ENDING = ROOT / "cases" / "lint" / "unreachable-ending.yaml"


def test_same_report_whatever_the_number_of_processes(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for jobs in ("1", "2"):
        args = ["analyze", "harbour-standoff", "--runs", "120", "--seed", "5", "--jobs", jobs, "--json"]
        assert main(args) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    report = json.loads(outputs[0])
    assert report["runs"] == 120 and report["seed"] == 5 and report["policy"] == "random"
    assert sum(e["runs"] for e in report["endings"]) == 120


@pytest.mark.parametrize("policy", ["random", "counterpart"])
def test_hand_checked_coverage_of_a_tiny_case(policy: str) -> None:
    report = analyze(TINY, runs=40, seed=3, policy=policy, jobs=1)
    assert {h.id: (h.runs, h.count) for h in report.phases} == {"opening": (40, 40), "closing": (40, 40)}
    assert {h.id: (h.runs, h.count) for h in report.moves} == {
        "step": (40, 80),
        "finish": (40, 40),
        "wait": (40, 120),
        "spare": (0, 0),
    }
    assert {h.id: (h.runs, h.count) for h in report.injects} == {"bell": (40, 40)}
    assert [(e.id, e.runs, e.share) for e in report.endings] == [("done", 40, 1.0), ("stuck", 0, 0.0)]
    assert report.mean_rounds == 3
    assert report.overall == Spread(60, 60, 60, 60, 60, 60)
    assert report.never("moves") == ("spare",) and report.never("endings") == ("stuck",)
    alba = analyze(TINY, runs=5, policy=policy, role="alba", jobs=1)
    assert alba.overall.median == 70 and alba.scored == "alba"


def test_an_unreachable_ending_is_reported_never_hit(capsys: pytest.CaptureFixture[str]) -> None:
    report = analyze(UNREACHABLE_ENDING, runs=60, jobs=1)
    assert report.never("endings") == ("triumph",)
    assert main(["analyze", str(UNREACHABLE_ENDING), "--runs", "30", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "Never hit: ending triumph" in out
    assert "  triumph " in out


def test_scores_match_the_debrief_of_the_same_playthrough() -> None:
    case = load_case(ROOT.parent / "cases" / "harbour-standoff.yaml")
    report = analyze(case.path, runs=30, seed=9, role="velmar", jobs=1)
    scores = []
    for index in range(30):
        session = Session(case, seed=playthrough_seed(9, index), policy="random")
        scores.append(debrief(case, session.log).player("velmar").overall)
    assert report.overall == Spread.of(scores)


def test_playthrough_seeds_replay_with_parley_run() -> None:
    case = load_case(TINY)
    seed = playthrough_seed(0, 7)
    assert seed == playthrough_seed(0, 7) != playthrough_seed(1, 7)
    assert dump_log(Session(case, seed=seed, policy="random").log) == dump_log(
        Session(case, seed=seed, policy="random").log
    )


def test_progress_is_reported_and_no_bar_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[tuple[int, int]] = []
    analyze(TINY, runs=60, jobs=1, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (60, 60) and all(total == 60 for _, total in seen)
    assert main(["analyze", str(TINY), "--runs", "10", "--jobs", "1"]) == 0
    assert capsys.readouterr().err == ""  # stderr is not a terminal here: no progress bar


def test_bad_arguments_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(TINY), "--runs", "0"]) == 1
    assert main(["analyze", str(TINY), "--role", "nobody"]) == 1
    assert "not a playable role" in capsys.readouterr().err
