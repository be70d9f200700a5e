"""State rules' credit split among the scored role's decisions (game.debriefing.statecredit)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.case.loader import load_case
from game.case.model import Case
from game.debriefing import gates
from game.debriefing.credit import Credit
from game.debriefing.scoring import debrief, decision_baseline
from game.debriefing.statecredit import Ledger
from game.play.attribution import attribute_events
from game.play.events import Event
from game.play.session import Session

HERE = Path(__file__).parent
SPLIT = HERE / "cases" / "debrief" / "statesplit.yaml"
FORMAT2 = sorted((HERE / "cases" / "format2").glob("*.yaml"))
CASES = [*builtin_files(), *(p for p in FORMAT2 if not p.name.endswith(".paths.yaml"))]


def _played(case: Case, moves: list[str]) -> tuple[Event, ...]:
    session = Session(case, seed=1, humans=["you"])
    for move in moves:
        session.play("you", move)
    assert session.over
    return session.log


def test_a_comparison_splits_by_each_decisions_helpful_movement() -> None:
    case = load_case(SPLIT)
    player = debrief(case, _played(case, ["build_two", "build_one", "sign", "idle"])).player("you")
    trust = next(d for d in player.dimensions if d.id == "trust")
    built = next(h for h in trust.hits if h.note == "trust was built")
    # trust 0 -> 4, yours +2 and +1 of it, theirs +1: a share of 3/4 of +40, split 2:1
    assert (built.points, built.share) == (30, 0.75)
    parts = [(move, points) for _seq, _round, move, points in built.parts]
    assert parts == [("build_two", 20.0), ("build_one", 10.0)]
    notes = {d.move: d.notes for d in player.decisions}
    assert notes["build_two"] == ("+20 (of +30) trust: trust was built",)
    assert notes["build_one"] == ("+10 (of +30) trust: trust was built",)
    impacts = {d.move: d.impact for d in player.decisions}
    assert impacts == {"build_two": 10.0, "sign": 6.0, "build_one": 5.0}  # two dimensions of weight 1


def test_a_flag_is_the_decision_that_set_it_and_a_kept_state_is_nobodys() -> None:
    case = load_case(SPLIT)
    player = debrief(case, _played(case, ["build_two", "build_one", "sign", "idle"])).player("you")
    signed = next(h for d in player.dimensions for h in d.hits if h.note == "the accord was signed")
    assert [(move, points) for _seq, _round, move, points in signed.parts] == [("sign", 12.0)]
    calm = next(h for d in player.dimensions for h in d.hits if h.note == "the room stayed calm")
    assert (calm.points, calm.parts) == (10, ())  # heat <= 2 held from the start
    assert all(d.move != "idle" for d in player.decisions)
    baseline = decision_baseline(case, player, ())
    # trust 20 + 30 + 12 - (20 + 10 + 12) = 20; calm 60: (20 + 60) / 2
    assert baseline == 40
    assert sum(d.impact for d in player.decisions) == player.overall - baseline


def test_a_decision_of_the_trainee_counts_only_for_what_it_moved() -> None:
    case = load_case(SPLIT)
    player = debrief(case, _played(case, ["build_one", "idle", "idle", "idle"])).player("you")
    assert player.decisions == ()  # trust 2 < 4, nothing signed: no state rule paid
    player = debrief(case, _played(case, ["build_two", "build_two", "idle", "idle"])).player("you")
    built = next(h for d in player.dimensions for h in d.hits if h.note == "trust was built")
    # trust 5: your +4 alone would have made it, so it is yours in full, +20 each
    assert (built.points, [p for *_, p in built.parts]) == (40, [20.0, 20.0])


def test_an_agreement_is_the_tabling_decision_of_the_role_that_tabled_it() -> None:
    from game.instructor.calibrate import play
    from game.instructor.strategy import read_strategy

    path = HERE / "cases" / "format2" / "saltmere.yaml"
    case = load_case(path)
    strategy = read_strategy(path.with_suffix(".strategies") / "aldra-doctrine.yaml", case)
    log = play(case, strategy, 1).log
    player = debrief(case, log).player("aldra")
    tabled = next(d for d in player.decisions if d.move == "table_package")
    assert "+50 outcome: a verified freeze was signed" in tabled.notes  # the ending's exit: the agreement
    assert "+25 red lines and verification: the freeze is checked by inspectors" in tabled.notes  # its term
    assert player.decisions[0] == tabled


def test_an_acceptance_is_the_accepting_roles_decision() -> None:
    case = load_case(HERE / "cases" / "format2" / "saltmere.yaml")
    found = None
    for seed in range(40):
        session = Session(case, seed=seed, humans=["borvik"], policy="counterpart")
        session.play_out()
        player = debrief(case, session.log, top=100).player("borvik")
        found = next((d for d in player.decisions if d.move.endswith(".accept")), None)
        if found is not None:
            break
    assert found is not None
    assert any("verified freeze was signed" in note for note in found.notes), found.notes


def _sessions(case: Case, path: Path, role: str, seeds: int) -> Iterator[tuple[str, tuple[Event, ...]]]:
    """Logs of ``role`` played by its shipped strategies, by the counterpart policy and at random."""
    from game.instructor.calibrate import play
    from game.instructor.strategy import read_strategy

    folder = path.with_suffix(".strategies")
    for name in ("doctrine", "reactive"):
        file = folder / f"{role}-{name}.yaml"
        if file.exists():
            strategy = read_strategy(file, case)
            for seed in range(seeds):
                yield f"{name} {seed}", play(case, strategy, seed).log
    for seed in range(seeds):
        session = Session(case, seed=seed, humans=[role], policy="counterpart")
        session.play_out()
        yield f"counterpart {seed}", session.log
        pick = random.Random(seed)
        session = Session(case, seed=seed, humans=[role])
        while not session.over:
            turn = session.waiting_for[0]
            moves = [o.move.id for o in session.options(turn) if o.open]
            session.play(turn, pick.choice(moves))
        yield f"random {seed}", session.log


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_impacts_with_state_credit_add_up_to_overall_less_the_baseline(path: Path) -> None:
    """Every playable role, many seeds and strategies: the listed decisions' impacts (state credit
    included) add up to overall less the baseline, within each impact's rounding; each state hit's
    parts stay within its points; each decision's additions to a counted value add up to the role's."""
    case = load_case(path)
    split = 0
    for role in case.playable_roles:
        for how, log in _sessions(case, path, role, 20):
            if role not in scored(case, log):
                continue
            player = debrief(case, log, top=1000).player(role)
            at = attribute_events(case, log)
            credit = Credit(case, at)
            baseline = decision_baseline(case, player, gates.forfeits(case, role, credit))
            weight = sum(d.weight for d in player.dimensions)
            exact = sum(d.score * d.weight for d in player.dimensions) / weight
            slack = 0.05 * (len(player.decisions) + 1)  # each impact is rounded to 0.1
            gap = exact - baseline - sum(d.impact for d in player.decisions)
            assert abs(gap) <= slack, (case.id, role, how, gap)
            for dim in player.dimensions:
                for hit in dim.hits:
                    total = sum(points for *_, points in hit.parts)
                    assert abs(total) <= abs(hit.points) + 1e-9, (case.id, role, how, hit.note)
                    assert all(points * hit.points > 0 for *_, points in hit.parts)
                    split += bool(hit.parts)
            ledger = Ledger(case, credit, log, role)
            for key, rows in ledger.added.items():
                if not key.startswith("mine."):
                    assert sum(n for *_, n in rows) == at.contrib.get(key, {}).get(role, 0), (case.id, key)
            for key in ledger.marked:  # a flag, an agreement …: the role's decision iff it is credited
                credited = bool(at.contrib.get(key, {}).get(role))
                assert (ledger.setter(key, None) is not None) == credited, (case.id, role, how, key)
    assert split, f"{case.id}: no state credit was split among decisions in any session"


def scored(case: Case, log: tuple[Event, ...]) -> tuple[str, ...]:
    from game.debriefing.scoring import scored_roles

    return scored_roles(case, log)


def test_the_split_is_saved_with_the_debrief_and_old_debriefs_load_without_it() -> None:
    import json

    from game.storage.records import debrief_from_dict, debrief_to_json

    case = load_case(SPLIT)
    result = debrief(case, _played(case, ["build_two", "build_one", "sign", "idle"]))
    raw = json.loads(debrief_to_json(result))
    assert debrief_from_dict(raw) == result
    for player in raw["players"]:
        for dim in player["dimensions"]:
            for hit in dim["hits"]:
                del hit["parts"]  # as saved before state credit was split
    old = debrief_from_dict(raw)
    assert all(not h.parts for d in old.players[0].dimensions for h in d.hits)
    assert old.players[0].decisions == result.players[0].decisions


def test_the_counterfactual_examines_an_acceptance_listed_for_its_state_credit() -> None:
    """Quarantine, seed 1: Nordland tables, Sudmark counters, Nordland accepts. Only the state rule on
    the settlement pays the acceptance, so before state credit was split it was not examined at all."""
    from game.debriefing.counterfactual import better_moves

    case = load_case(HERE / "cases" / "format2" / "quarantine.yaml")
    session = Session(case, seed=1, humans=["north"])
    for move in ["table_ceasefire", "ceasefire.accept"]:
        session.play("north", move)
    session.play_out()
    player = debrief(case, session.log).player("north")
    assert [(d.move, d.impact, d.notes) for d in player.decisions] == [
        ("ceasefire.accept", 50.0, ("+100 outcome: reached a settlement",))
    ]
    (suggestion,) = better_moves(case, session.log, "north", rollouts=20, jobs=1)
    assert suggestion.played == "ceasefire.accept" and suggestion.best is None  # accepting was right
    rejecting = next(a for a in suggestion.alternatives if a.move == "ceasefire.reject")
    assert rejecting.high < -30  # rejecting would have cost the settlement
