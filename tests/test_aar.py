"""The after-action report and the report model it shares with every other format."""

from __future__ import annotations

import re
from pathlib import Path

from game.case.library import open_case
from game.case.loader import load_case
from game.debriefing.aar import aar_markdown
from game.debriefing.objectives import rating
from game.debriefing.report import markdown, text_lines
from game.debriefing.reportmodel import build_report, to_dict, work_out
from game.debriefing.scoring import debrief
from game.debriefing.screening import veto
from game.play.session import Session

CHOICE = Path(__file__).resolve().parent / "cases" / "instructor" / "choice.yaml"


def _report(case, session):  # type: ignore[no-untyped-def]
    result = debrief(case, session.log)
    return build_report(case, session.log, result, work_out(case, session.log, result, rollouts=5))


def test_objectives_known_by_hand() -> None:
    """Conceding: outcome 0 (U), firmness 10 (U); holding is the corrective action."""
    case = load_case(CHOICE)
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "concede")
    report = _report(case, session)
    (player,) = report.players
    outcome, firmness = player.objectives
    assert (outcome.score, outcome.rating, firmness.score, firmness.rating) == (0, "U", 10, "U")
    assert outcome.expected == ("won (+100 at the end)", "drew (+40 at the end)")
    assert firmness.observed == ("round 1, “Concede under pressure”: -40 conceded under pressure",)
    areas = [(i.area, i.action) for i in firmness.improve]
    assert areas[0] == ("conceded under pressure: -40 (round 1)", "avoid “Concede under pressure”")
    assert ("not achieved: held the red line", "try “Hold the red line” (+10)") in areas
    assert any("“Hold the red line” instead of “Concede under pressure”" in a for _, a in areas)
    assert rating(80) == ("P", "Performed without challenges") and rating(79)[0] == "S"


def test_the_aar_never_advises_a_vetoed_move() -> None:
    case = open_case("arms-reduction-coalition")
    session = Session(case, seed=7, humans=["aldmere"])
    for move in ("aldmere_cut_unilateral", "aldmere_parliament", "leak_talks"):
        session.play("aldmere", move)
    while not session.over:
        session.play_policy("aldmere")
    report = _report(case, session)
    text = aar_markdown(report)
    for section in ("## 1. Exercise overview", "## 2. Analysis of objectives", "## 3. Improvement plan"):
        assert section in text
    assert text.count("- **Expected:**") == len(case.rubric) == text.count("- **Cause:**")
    advised = re.findall(r"(?:try|instead of)[^|\n]*?“([^”]+)”", text)
    labels = {m.label: m for m in case.moves.values()}
    tried = [labels[label] for label in re.findall(r"try “([^”]+)”", text)]
    recommended = [labels[label] for label in re.findall(r"“([^”]+)” instead of", text)]
    assert advised and tried and recommended
    assert all(veto(case, "aldmere", m) is None for m in tried + recommended)


def test_text_markdown_and_json_read_the_same_model() -> None:
    case = load_case(CHOICE)
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "concede")
    report = _report(case, session)
    (item,) = report.players[0].better.items
    assert item.verdict == "better" and item.alternative == "Hold the red line"
    assert f"  {item.text}" in text_lines(report)
    assert f"- ▲ {item.text}" in markdown(report)
    assert to_dict(report)["players"][0]["better"]["items"][0]["text"] == item.text
    without = build_report(case, session.log, debrief(case, session.log), None)
    assert "WHAT A BETTER MOVE" not in "\n".join(text_lines(without))


def test_a_rule_paid_at_most_once_reads_once() -> None:
    """``max_times: 1`` is expected "once", not "up to 1 times"; more reads "up to N times"."""
    case = open_case("harbour-standoff")
    session = Session(case, seed=7, humans=["velmar"])
    session.play_out({"velmar": ["listen"]})
    expected = [line for p in _report(case, session).players for o in p.objectives for line in o.expected]
    assert not [line for line in expected if "up to 1 times" in line]
    assert any(line.endswith(", once)") for line in expected)


def test_a_worse_ending_is_never_an_area_for_improvement() -> None:
    """Saltmere, leaks then a package without inspectors: a freeze on paper (partial). Tessel's
    outcome rubric pays a verified freeze +60, a brokering bonus on it +25, a paper freeze +20 and
    a stalemate +10: the plan aims at the first two, never at the stalemate it did better than."""
    from game.debriefing.objectives import objectives
    from game.play.script import drive, parse_moves

    case = load_case(Path(__file__).resolve().parent / "cases" / "format2" / "saltmere.yaml")
    session = Session(case, seed=3, humans=["aldra", "borvik", "tessel"])
    moves = (
        "aldra: leak_draft\nborvik: leak_draft\ntessel: convene\n"
        "aldra: notify_drills\nborvik: notify_drills\ntessel: table_package\n"
        "aldra: first_package.accept\nborvik: first_package.accept\ntessel: shuttle\n"
        "aldra: first_package.accept\nborvik: first_package.accept\ntessel: first_package.accept\n"
    )
    drive(session, parse_moves(moves, "t.moves"))
    result = debrief(case, session.log)
    assert result.ending == "paper_freeze"
    outcome = next(o for o in objectives(case, result.player("tessel")) if o.id == "outcome")
    areas = [i.area for i in outcome.improve]
    assert "not achieved: a verified freeze was signed in Tessel" in areas
    assert "not achieved: the freeze rests on your brokering" in areas  # a bonus on a better ending
    assert "not achieved: nothing signed, nothing broken" not in areas
