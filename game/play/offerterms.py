"""What an answer to an offer would do, in words, for the menu (format version 2).

An answer move (``standstill.accept``, ``.reject``, ``.<counter>``) is made once per proposal,
so its own description is the proposal's ``text``: the first offer.  Once a counter has amended
the terms, that text no longer says what is on the table (a counter may have dropped the very term
it names), so the menu describes each answer from the offer as it stands now:

>>> answer_detail(case, offer, rules.answers["first_package"]["accept"])
'Accept the offer as it stands: No new batteries for a year; Inspectors check both shores.'
"""

from __future__ import annotations

from game.case.model import Case, Move
from game.play.bargaining import amended
from game.play.board import Offer


def _terms(case: Case, proposal_id: str, terms: tuple[str, ...]) -> str:
    proposal = case.proposals[proposal_id]
    return "; ".join(proposal.terms[t].label for t in terms if t in proposal.terms)


def answer_detail(case: Case, offer: Offer, move: Move) -> str:
    """``move``, an answer to ``offer``, described from the terms on the table now."""
    assert move.answer is not None
    proposal_id, action = move.answer
    now = _terms(case, proposal_id, offer.terms)
    if action == "accept":
        return f"Accept the offer as it stands: {now}."
    if action == "reject":
        return f"Turn the offer down. On the table: {now}."
    counter = case.proposals[proposal_id].counters[action]
    after = _terms(case, proposal_id, amended(case.proposals[proposal_id], offer.terms, counter))
    return f"Send it back amended, as: {after}. On the table now: {now}."
