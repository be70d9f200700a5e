"""A state credited in full that no decision of the player made: the debrief says it was kept.

``credit.py``: a comparison that held from the start is the share of every role whose own
decisions did not break it.  The debrief used to call such points "all from your decisions";
no decision of the player carries them (``statecredit``), so it now says what happened.
"""

from __future__ import annotations

from game.case.library import builtin_files
from game.case.loader import load_case
from game.debriefing.scoring import Debrief, debrief
from game.play.session import Session

ARMS = next(p for p in builtin_files() if p.stem == "arms-reduction-coalition")


def _played(seed: int, role: str) -> Debrief:
    case = load_case(ARMS)
    session = Session(case, seed=seed, humans=[role], policy="random")
    while not session.over:
        session.play_policy(session.waiting_for[0])
    return debrief(case, session.log)


def _explanations(result: Debrief, role: str) -> str:
    return "\n".join(d.explanation for d in result.player(role).dimensions)


def test_a_reward_kept_from_the_start_is_not_called_the_players_doing() -> None:
    result = _played(0, "korvath")
    text = _explanations(result, "korvath")
    assert (
        "+15 kept a home base that makes walking away credible (Domestic support (Korvath Union) = 6): "
        "what it needed held from the start, and no decision of yours undid it"
    ) in text
    decided = [note for d in result.player("korvath").decisions for note in d.notes]
    assert not any("kept a home base" in note for note in decided)  # no decision carries it


def test_a_penalty_kept_from_the_start_says_so_too() -> None:
    text = _explanations(_played(1, "korvath"), "korvath")
    assert (
        "-15 left a text nobody can check (Verification = 2): it was so from the start, "
        "and no decision of yours changed it"
    ) in text
    assert "left a text nobody can check (Verification = 2), all from your decisions" not in text
