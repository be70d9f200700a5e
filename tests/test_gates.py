"""Restraint gates: a move that breaks an "it never did X" rule is charged the credit it forfeited."""

from __future__ import annotations

from pathlib import Path

from game.case.loader import load_case
from game.debriefing import gates
from game.debriefing.credit import Credit
from game.debriefing.scoring import debrief, decision_baseline
from game.play.attribution import attribute_events
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "debrief" / "gates.yaml"


def _played(moves: list[str]) -> Session:
    case = load_case(CASE)
    session = Session(case, seed=1, humans=["you"])
    for move in moves:
        session.play("you", move)
    assert session.over
    return session


def test_each_forfeited_gate_is_charged_to_the_move_that_broke_it() -> None:
    case = load_case(CASE)
    session = _played(["strike", "listen", "concede", "concede"])
    found = gates.forfeits(case, "you", Credit(case, attribute_events(case, session.log)))
    charged = {(f.note, f.round, f.move, f.points) for f in found}
    assert charged == {
        ("never retaliated", 1, "strike", 20),  # held at the start, broken by the strike
        ("listened and never retaliated", 1, "strike", 10),  # never held; would have without it
        ("conceded at most once", 4, "concede", 8),  # the second concession broke it, not the first
        ("nobody conceded", 3, "concede", 4),  # played.x: the player's own plays of x
    }  # "nobody retaliated" is not charged: they struck too, so no move of yours broke it


def test_decisions_carry_the_forfeits_and_add_up_to_overall_less_the_baseline() -> None:
    case = load_case(CASE)
    session = _played(["strike", "listen", "concede", "concede"])
    result = debrief(case, session.log)
    player = result.player("you")
    # restraint 50 - 10 = 40; calm 50 (every rule fails): overall 45
    assert player.overall == 45
    strike = next(d for d in player.decisions if d.move == "strike")
    # restraint: -10 retaliated, -20 forfeited; calm: -10 forfeited; two dimensions of weight 1
    assert strike.impact == -20.0
    assert strike.notes == (
        "-10 restraint: retaliated",
        "-20 restraint: forfeited “never retaliated”",
        "-10 calm: forfeited “listened and never retaliated”",
    )
    concessions = sorted((d.round, d.impact) for d in player.decisions if d.move == "concede")
    assert concessions == [(3, -2.0), (4, -4.0)]
    assert all(d.move != "listen" for d in player.decisions)  # it moved nothing
    credit = Credit(case, attribute_events(case, session.log))
    baseline = decision_baseline(case, player, gates.forfeits(case, "you", credit))
    assert baseline == 71  # restraint 50 + 20, calm 50 + 10 + 8 + 4
    assert sum(d.impact for d in player.decisions) == player.overall - baseline


def test_restraint_forfeits_nothing() -> None:
    case = load_case(CASE)
    session = _played(["listen", "idle", "idle", "idle"])
    assert gates.forfeits(case, "you", Credit(case, attribute_events(case, session.log))) == ()
    player = debrief(case, session.log).player("you")
    assert player.overall == round((70 + 50 + 10 + 8 + 4) / 2)  # "nobody retaliated" fails: they struck
    assert player.decisions == ()


def test_a_clamped_dimension_scales_its_moves_to_what_it_moved() -> None:
    text = CASE.read_text(encoding="utf-8").replace(
        "    start: 50\n    rules:\n      - if: mine.retaliation",
        ("    start: 15\n    rules:\n      - if: mine.retaliation"),
    )
    from game.case.loader import load_case_text

    case = load_case_text(text, "gates.yaml")
    session = Session(case, seed=1, humans=["you"])
    for move in ["strike", "strike", "idle", "idle"]:
        session.play("you", move)
    player = debrief(case, session.log).player("you")
    restraint = next(d for d in player.dimensions if d.id == "restraint")
    assert restraint.score == 0  # 15 - 10 - 10, clamped
    credit = Credit(case, attribute_events(case, session.log))
    baseline = decision_baseline(case, player, gates.forfeits(case, "you", credit))
    # restraint moved 35 (from 15 + 20 to 0), not 40: the strikes' points are scaled by 35/40
    first, second = sorted((d for d in player.decisions if d.move == "strike"), key=lambda d: d.round)
    assert first.impact == round(-30 * 35 / 40 / 2, 1)  # "listened and ..." failed anyway: no listen
    assert second.impact == round(-10 * 35 / 40 / 2, 1)
    assert abs(sum(d.impact for d in player.decisions) - (player.overall - baseline)) < 0.11


def test_impacts_add_up_to_overall_less_the_baseline_on_shipped_reactive_play() -> None:
    """Every built-in case, its first role's reactive strategy, a few seeds: within each impact's rounding."""
    from game.case.library import builtin_files
    from game.instructor.calibrate import play
    from game.instructor.strategy import read_strategy

    for path in builtin_files():
        case = load_case(path)
        role = case.playable_roles[0]
        strategy = read_strategy(path.with_suffix(".strategies") / f"{role}-reactive.yaml", case)
        for seed in range(3):
            session = play(case, strategy, seed)
            player = debrief(case, session.log, top=1000).player(role)
            credit = Credit(case, attribute_events(case, session.log))
            baseline = decision_baseline(case, player, gates.forfeits(case, role, credit))
            weight = sum(d.weight for d in player.dimensions)
            exact = sum(d.score * d.weight for d in player.dimensions) / weight
            slack = 0.05 * (len(player.decisions) + 1)  # each impact is rounded to 0.1
            assert abs(exact - baseline - sum(d.impact for d in player.decisions)) <= slack, (case.id, seed)
