"""``tests/cases/format2/saltmere.yaml`` (simultaneous rounds, three players, a three-party
package), where the right words are known by hand.

The menu describes an answer to an offer from the terms on the table now (format 2): Tessel
tables a freeze with inspectors in round 2; in round 3 Aldra counters by dropping the
inspectors. In round 4 the answer moves Borvik and Tessel see are the same moves as before
(one per proposal), whose own description is the proposal's text, which still promises
inspectors: the menu must say what accepting does now.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import load_case
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "format2" / "saltmere.yaml"


# rounds 1-2: Tessel tables the freeze with inspectors at the end of round 2
TABLED = [
    ("aldra", "listen"),
    ("borvik", "listen"),
    ("tessel", "convene"),
    ("aldra", "notify_drills"),
    ("borvik", "notify_drills"),
    ("tessel", "table_package"),
]


def _options(session: Session, role: str) -> dict[str, str]:
    return {o.move.id: o.detail for o in session.options(role) if o.move.answer}


def test_answers_are_described_from_the_amended_terms() -> None:
    case = load_case(CASE)
    session = Session(case, seed=3, humans=["aldra", "borvik", "tessel"])
    for role, move in TABLED:
        session.play(role, move)
    first = _options(session, "borvik")
    assert first["first_package.accept"] == (
        "Accept the offer as it stands: No new batteries on the strait for a year; "
        "Tessel's inspectors check both shores."
    )
    assert first["first_package.add_sunset"].startswith(
        "Send it back amended, as: No new batteries on the strait for a year; Tessel's inspectors "
        "check both shores; The freeze lapses after two years unless renewed."
    )
    for role, move in [
        ("aldra", "first_package.drop_inspection"),
        ("borvik", "listen"),
        ("tessel", "shuttle"),
    ]:
        session.play(role, move)
    after = _options(session, "tessel")
    accept = next(o.move for o in session.options("tessel") if o.move.id == "first_package.accept")
    assert "inspectors" in accept.description  # the proposal's own text, the first offer
    assert (
        after["first_package.accept"]
        == "Accept the offer as it stands: No new batteries on the strait for a year."
    )
    assert (
        after["first_package.reject"]
        == "Turn the offer down. On the table: No new batteries on the strait for a year."
    )


def test_a_meter_the_player_moved_both_ways_reads_yours_net_0() -> None:
    """Borvik notifies its drills (support -1) then briefs parliament (+1): its support 5→5 was
    moved by nobody else, so the debrief says "yours net 0", not "none yours" over two of its moves."""
    from game.debriefing.scoring import debrief
    from game.play.script import drive, parse_moves

    case = load_case(CASE)
    session = Session(case, seed=3, humans=["aldra", "borvik", "tessel"])
    moves = (
        "aldra: listen\nborvik: listen\ntessel: convene\n"
        "aldra: notify_drills\nborvik: notify_drills\ntessel: table_package\n"
        "aldra: first_package.accept\nborvik: first_package.add_sunset\ntessel: set_deadline\n"
        "aldra: first_package.accept\nborvik: brief_parliament\ntessel: first_package.accept\n"
    )
    drive(session, parse_moves(moves, "t.moves"))
    trust = next(d for d in debrief(case, session.log).player("borvik").dimensions if d.id == "trust")
    assert "Support at home (Borvik Federation) 5→5 (yours net 0): R2 your" in " ".join(
        trust.explanation.split()
    )
    assert "none yours" not in trust.explanation


def test_each_players_score_follows_their_own_play_on_many_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    """``parley test`` on the case's paths: the doctrine table signs the verified freeze; Aldra's
    acceptance of a package without inspectors crosses her red line; and for each of the three
    players, doctrine play scores 70 or more and reactive play 40 or less on 95% of 200 seeds
    (the others following their policies), random play in between.  Tessel's doctrine meets its
    bound on these 200 seeds only by their luck (94.7% over 1,200): parley test passes it with a
    note saying so (game.instructor.margins)."""
    from cli.main import main

    assert main(["test", str(CASE)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("11 passed (1 narrowly, see the notes), 0 failed")
    (note,) = [line for line in out.splitlines() if "note:" in line]
    assert "met on 96.5% of these 200 seeds and on 94.7% of 1200" in note


SEALED_ROUND = [
    *TABLED,
    # round 3, chosen in secret: Aldra drops the inspectors, Borvik accepts the package with them
    ("aldra", "first_package.drop_inspection"),
    ("borvik", "first_package.accept"),
    ("tessel", "shuttle"),
]


def _offers(session: Session, rnd: int) -> list[tuple[str, str, bool]]:
    return [
        (e.role, e.data["action"], bool(e.data.get("changed")))
        for e in session.log
        if e.kind == "offer" and e.round == rnd and "move" in e.data
    ]


def test_a_sealed_answer_to_terms_a_counter_replaced_that_round_is_late() -> None:
    """Borvik chose to accept the freeze *with* inspectors; Aldra's counter, resolved first, dropped
    them. Borvik never saw the freeze-only terms, so its acceptance (and Kordon's, chosen by its
    policy at the start of the round) is late, and the offer still awaits their answers."""
    session = Session(load_case(CASE), seed=3, humans=["aldra", "borvik", "tessel"])
    for role, move in SEALED_ROUND:
        session.play(role, move)
    assert session.log[0].data["sealed_answers"] is True
    assert _offers(session, 3) == [
        ("aldra", "counter", False),
        ("borvik", "late", True),
        ("kordon", "late", True),
    ]
    offer = session.tally().offers["first_package"]
    assert offer.terms == ("freeze",) and offer.accepted == set() and not offer.fresh
    # next round the freeze-only terms are on the menu, and Borvik's answer counts
    assert "first_package.accept" in _options(session, "borvik")
    session.play("borvik", "first_package.accept")
    for role in session.waiting_for:
        session.play(role, next(o.move.id for o in session.options(role) if o.open and not o.move.answer))
    assert ("borvik", "accept", False) in _offers(session, 4)


def test_a_session_saved_before_sealed_answers_replays_by_the_old_rule() -> None:
    case = load_case(CASE)
    old = Session(case, seed=3, humans=["aldra", "borvik", "tessel"], sealed_answers=False)
    for role, move in SEALED_ROUND:
        old.play(role, move)
    assert "sealed_answers" not in old.log[0].data
    assert ("borvik", "accept", False) in _offers(old, 3)  # applied to the amended terms, as before
    again = Session.replay(case, old.log)
    assert [e.data for e in again.log] == [e.data for e in old.log]
