"""A player's own report names no move it did not see (``--view``, ``build_report(viewer=...)``).

Its transcript shows another role's private move as "Korvath Union made a private move"; the
debrief's "What moved it" used to give the move's label all the same ("R3 Korvath Union's “Send a
retired general to Lindholm” -1").  Found by checking every role's view of every built-in case on
seeds 0-99.
"""

from __future__ import annotations

from game.case.library import builtin_files
from game.case.loader import load_case
from game.debriefing.report import own_debrief, text_lines
from game.debriefing.reportmodel import build_report
from game.debriefing.scoring import debrief
from game.play.session import Session

ARMS = next(p for p in builtin_files() if p.stem == "arms-reduction-coalition")


def _played(seed: int, role: str):  # type: ignore[no-untyped-def]
    case = load_case(ARMS)
    session = Session(case, seed=seed, humans=[role], policy="random")
    while not session.over:
        session.play_policy(session.waiting_for[0])
    return case, session.log


def test_what_moved_it_names_a_move_the_viewer_did_not_see_only_as_private() -> None:
    case, log = _played(0, "marisca")
    unseen = [e for e in log if e.kind == "move" and e.data.get("move") == "korvath_backchannel"]
    assert unseen and not any(e.seen_by("marisca") for e in unseen)  # Korvath's Lindholm envoy
    full = "\n".join(text_lines(build_report(case, log, debrief(case, log))))
    assert "R3 Korvath Union's “Send a retired general to Lindholm” -1" in full  # the instructor's
    text = "\n".join(text_lines(build_report(case, log, debrief(case, log), viewer="marisca")))
    assert "Send a retired general to Lindholm" not in " ".join(text.split())
    assert "R3 Korvath Union's private move -1" in " ".join(text.split())


def test_the_same_holds_for_the_json_debrief_of_a_view() -> None:
    case, log = _played(0, "marisca")
    own = own_debrief(debrief(case, log), "marisca", case, log)
    said = " ".join(c for d in own.players[0].dimensions for c in (d.explanation, *d.causes))
    assert "Send a retired general" not in said and "Korvath Union's private move" in said
    # the scores are the same
    assert [d.score for d in own.players[0].dimensions] == [
        d.score for d in debrief(case, log).player("marisca").dimensions
    ]
