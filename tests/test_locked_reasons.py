"""A locked move whose ``when`` is compound (and/or) and has no ``requires`` says which part fails.

The words come from the same clause-to-text code as the debrief's "nearest better ending"
(:mod:`game.debriefing.clauses`); a single-clause ``when`` keeps the author's ``locked_reason``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import load_case
from game.case.model import Case
from game.errors import MoveError
from game.play.session import Session

CASE = Path(__file__).parent / "cases" / "locked.yaml"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


def _reasons(session: Session) -> dict[str, str]:
    return {o.move.id: o.reason for o in session.options("velmar") if not o.open}


def test_the_reason_names_the_part_that_fails_as_it_changes(case: Case) -> None:
    session = Session(case, seed=1, humans=["velmar", "kest"])
    first = _reasons(session)
    assert first["hold_fire"] == "needs: Kestmark has pledged not to invade"
    assert first["talks"] == "needs Trust ≥ 4 (now 2)"
    # an "or" names the smaller side that would open it
    assert first["either"] == "needs “Pledge not to invade” played first"
    # one clause: the author's sentence
    assert first["simple"] == "Only with deep trust."

    session.play("velmar", "listen")
    session.play("kest", "pledge")
    session.play("velmar", "hold_fire")
    session.play("kest", "warm")
    later = _reasons(session)
    assert later["hold_fire"] == "“Hold fire” already played"  # the other part now
    assert "talks" not in later  # trust 4: open now


def test_every_failing_part_of_an_and_is_named(case: Case) -> None:
    session = Session(case, seed=1, humans=["velmar", "kest"])
    session.play("velmar", "listen")
    session.play("kest", "warm")
    session.play("velmar", "talks")  # trust 4: open; sets talking
    session.play("kest", "listen")
    reasons = _reasons(session)
    assert reasons["talks"] == "already: Talks are under way"
    session.play("velmar", "listen")
    session.play("kest", "listen")
    assert _reasons(session)["hold_fire"] == "needs: Kestmark has pledged not to invade"


def test_a_refused_move_gives_the_same_reason(case: Case) -> None:
    session = Session(case, seed=1, humans=["velmar", "kest"])
    with pytest.raises(MoveError, match=r"'Open talks' is locked: needs Trust ≥ 4 \(now 2\)"):
        session.play("velmar", "talks")


def test_a_cap_on_plays_says_how_many_times(case: Case) -> None:
    session = Session(case, seed=1, humans=["velmar", "kest"])
    for _ in range(2):
        session.play("velmar", "speech")
        session.play("kest", "listen")
    assert _reasons(session)["speech"] == "you already played “Make a speech” 2 times"
