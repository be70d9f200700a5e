"""The ending's "decided by": the decision that made the exit's condition true (causes._decider).

It used to be the latest change to any value the exit read, whichever way it pushed: a stalemate
"because the Escalation ladder ≤ 6" was "decided by" the naval exercise that raised it, and an
ending reached when the phase's third round came was "decided by" a move of two rounds before.
Found by playing every role of the built-in cases on seeds 0-99 and checking each sentence.
"""

from __future__ import annotations

from game.case.library import builtin_files
from game.case.loader import load_case
from game.debriefing.scoring import debrief
from game.play.session import Session


def _why(case_id: str, role: str, seed: int) -> str:
    case = load_case(next(p for p in builtin_files() if p.stem == case_id))
    session = Session(case, seed=seed, humans=[role], policy="random")
    while not session.over:
        session.play_policy(session.waiting_for[0])
    return debrief(case, session.log).ending_reason


def test_an_ending_the_phases_clock_decided_names_no_decision() -> None:
    # Escalation ≤ 6 held through the mediation; its third round ended it. Kestmark's exercise in
    # round 6 (escalation 1 -> 2) was the latest change the exit read, pushing the other way.
    why = _why("harbour-standoff", "velmar", 1)
    assert why.startswith("“Stalemate” was reached in round 6 because rounds in the phase ≥ 3")
    assert "decided by" not in why


def test_the_decider_is_the_move_that_crossed_the_threshold_not_the_last_one() -> None:
    # Escalation 7 -> 9 by Velmar's drill, then 9 -> 10 by Kestmark's exercise: the drill decided it.
    why = _why("harbour-standoff", "velmar", 11)
    assert why.endswith(
        "Escalation ladder ≥ 9 (Escalation ladder = 10); decided by Republic of Velmar's "
        "“Stage a naval drill of your own” in round 2"
    )


def test_a_move_that_pushed_against_the_condition_is_not_its_decider() -> None:
    # Credibility ≤ 2 since Kymor's ultimatum in round 2; Meridia's endorsement in round 4 raised it
    # from 1 to 2, the latest change, and was named as what decided Orvane's being dropped.
    why = _why("small-state-mediation", "orvane", 0)
    assert "Endorse Orvane's role publicly" not in why
    assert why.endswith("decided by Kingdom of Kymor's “Issue a public ultimatum” in round 2")
