"""The menu describes an answer to an offer from the terms on the table now (format 2).

``tests/cases/format2/saltmere.yaml``, simultaneous rounds: Tessel tables a freeze with
inspectors in round 2; in round 3 Aldra counters by dropping the inspectors. In round 4 the
answer moves Borvik and Tessel see are the same moves as before (one per proposal), whose own
description is the proposal's text, which still promises inspectors: the menu must say what
accepting does now.
"""

from __future__ import annotations

from pathlib import Path

from game.case.loader import load_case
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "format2" / "saltmere.yaml"


def _options(session: Session, role: str) -> dict[str, str]:
    return {o.move.id: o.detail for o in session.options(role) if o.move.answer}


def test_answers_are_described_from_the_amended_terms() -> None:
    case = load_case(CASE)
    session = Session(case, seed=3, humans=["aldra", "borvik", "tessel"])
    for role, move in [
        ("aldra", "listen"),
        ("borvik", "listen"),
        ("tessel", "convene"),
        ("aldra", "notify_drills"),
        ("borvik", "notify_drills"),
        ("tessel", "table_package"),
    ]:
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
