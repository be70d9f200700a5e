"""Offers on the table (format version 2): tabling a proposal, answering it, agreeing.

A move with ``proposes`` tables a proposal's first offer (its terms not marked
optional), addressed to the proposal's roles other than the mover.  Each
addressed role gets answer moves, ``<proposal>.accept``, ``<proposal>.reject``
and ``<proposal>.<counter>`` (see :func:`game.play.rules._answers`):

* accept: once the roles the proposal ``needs`` (all addressed, or any one)
  have accepted, the terms are agreed and their effects applied, in order;
* reject: with ``needs: all`` one rejection ends the offer, with ``any`` it
  ends when every addressed role has rejected;
* counter: the terms are amended and the offer goes back, as a new offer from
  the counterer, to the other addressed roles and the role that tabled it;
  each counter can be made once per offer.

Offers not agreed by the end of their last round lapse.  In a simultaneous
round an answer chosen in secret may find its offer settled by an answer
resolved before it: it is logged as "late" and changes nothing.  A role played by the
computer answers an offer on its turn, before anything else, by its
reservation value: accept if it holds in the state the terms would produce,
else the first counter that would meet it, else reject.  No random draw is
used, so adding an offer does not reshuffle anything else.

A condition red line the agreement makes true is breached by every party to it
(the role whose terms were agreed and every role that accepted them), each
breach naming that party's own decision: its tabling move, counter or acceptance.

Everything is logged as ``offer`` events (see :mod:`game.play.events`).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from game.case.model import Counter, Move, Needs, Proposal
from game.play.board import Board, Offer
from game.play.redlines import state_breaches

if TYPE_CHECKING:
    from game.play.rounds import RoundRunner
    from game.play.rules import Rules, Step


def awaiting(offer: Offer, role: str) -> bool:
    """Whether ``role`` still has to answer ``offer``."""
    return role in offer.to and role not in offer.accepted and role not in offer.rejected


def amended(proposal: Proposal, terms: tuple[str, ...], counter: Counter) -> tuple[str, ...]:
    """The terms after ``counter``, in the order the proposal declares them."""
    return tuple(
        t
        for t in proposal.terms
        if (t in terms and t not in counter.drop) or (t in counter.add and t not in terms)
    )


def _counters(proposal: Proposal, offer: Offer) -> list[tuple[Counter, tuple[str, ...]]]:
    out = []
    for counter in proposal.counters.values():
        if counter.id in offer.countered:
            continue
        terms = amended(proposal, offer.terms, counter)
        if terms and terms != offer.terms:
            out.append((counter, terms))
    return out


def answers_for(rules: Rules, board: Board, role: str) -> list[Move]:
    """The answer moves open to ``role`` now, offer by offer."""
    out: list[Move] = []
    for proposal_id, offer in board.offers.items():
        if not awaiting(offer, role):
            continue
        moves = rules.answers[proposal_id]
        out.append(moves["accept"])
        out.append(moves["reject"])
        out += [moves[counter.id] for counter, _ in _counters(rules.case.proposals[proposal_id], offer)]
    return out


def would_hold(rules: Rules, board: Board, role: str, proposal_id: str, terms: tuple[str, ...]) -> bool:
    """Whether ``role``'s reservation holds in the state ``terms`` would produce (true without one)."""
    reservation = rules.case.roles[role].reservation
    if reservation is None:
        return True
    trial = copy.copy(board)
    trial.meters = dict(board.meters)
    trial.flags = dict(board.flags)
    for term in terms:
        _apply_quietly(trial, rules.term_steps[(proposal_id, term)])
    trial.self_role = role
    return bool(reservation.test(trial))


def _apply_quietly(board: Board, steps: tuple[Step, ...]) -> None:
    for slot, low, high, delta, flag, value, test in steps:
        if test is not None and not test(board):
            continue
        if flag is not None:
            board.flags[flag] = bool(value)
        else:
            board.meters[slot] = min(high, max(low, board.meters[slot] + delta))


def agreed_rows(rules: Rules, board: Board, proposal_id: str, terms: tuple[str, ...]) -> list[str]:
    """The term behind each effect an agreement on ``terms`` logs that changes something (a flag's,
    or a meter's that moves it), in order: worked out on a copy of ``board`` as it stands before
    the agreement, as :func:`_agree` applies them (the attribution credits each to its term)."""
    trial = copy.copy(board)
    trial.meters = dict(board.meters)
    trial.flags = dict(board.flags)
    trial.offers = {p: o for p, o in board.offers.items() if p != proposal_id}
    trial.accepted = {**board.accepted, proposal_id: terms}
    trial.self_role = ""
    rows: list[str] = []
    for term in terms:
        for slot, low, high, delta, flag, value, test in rules.term_steps[(proposal_id, term)]:
            if test is not None and not test(trial):
                continue
            if flag is not None:
                trial.flags[flag] = bool(value)
                rows.append(term)
                continue
            before = trial.meters[slot]
            after = trial.meters[slot] = min(high, max(low, before + delta))
            if after != before:
                rows.append(term)
    return rows


def decide(rules: Rules, board: Board, role: str) -> Move | None:
    """A computer-played role's answer to the first offer awaiting it, or None when none does."""
    for proposal_id, offer in board.offers.items():
        if not awaiting(offer, role):
            continue
        moves = rules.answers[proposal_id]
        if would_hold(rules, board, role, proposal_id, offer.terms):
            return moves["accept"]
        for counter, terms in _counters(rules.case.proposals[proposal_id], offer):
            if would_hold(rules, board, role, proposal_id, terms):
                return moves[counter.id]
        return moves["reject"]
    return None


def table(runner: RoundRunner, role: str, proposal_id: str, seen: frozenset[str] | None = None) -> None:
    """``role`` tables the first offer of a proposal (again, if it is already on the table).

    ``seen``: who saw the move that tables it (None: everyone); a privately tabled offer, and all
    that follows from it, is seen by them and by the roles it is addressed to.
    """
    board = runner._board
    proposal = runner.case.proposals[proposal_id]
    to = tuple(r for r in proposal.to if r != role)
    if not to:
        return
    terms = proposal.first_offer
    private = None if seen is None else frozenset({*seen, *to, role})
    board.offers[proposal_id] = Offer(terms, role, to, _expiry(proposal, board.round), seen=private)
    data = {"proposal": proposal_id, "action": "table", "terms": list(terms), "to": list(to)}
    runner._emit("offer", role, _seen_by(data, private))


def _seen_by(data: dict[str, Any], seen: frozenset[str] | None) -> dict[str, Any]:
    """``data`` with the roles that saw the event (sorted), unless everyone did."""
    if seen is not None:
        data["audience"] = sorted(seen)
    return data


def _expiry(proposal: Proposal, now: int) -> int:
    return now + proposal.expires - 1 if proposal.expires else 0


def answer(runner: RoundRunner, role: str, move: Move, by: str) -> None:
    """``role`` plays an answer move."""
    assert move.answer is not None
    board = runner._board
    proposal_id, action = move.answer
    offer = board.offers.get(proposal_id)
    if offer is None or not awaiting(offer, role):  # settled since it was chosen in secret
        runner._emit("offer", role, {"proposal": proposal_id, "action": "late", "move": move.id, "by": by})
        return
    proposal = runner.case.proposals[proposal_id]
    lines = runner.case.roles[role].checked_red_lines  # an answer can cross a red line like any move
    held = {line.index for line in state_breaches(runner.case, role, board)} if lines else set()
    # an acceptance may close the offer: the other parties' red lines are checked against it too
    others = _other_parties(runner, offer, role) if action == "accept" and runner._party_lines else {}
    data = _seen_by({"proposal": proposal_id, "action": action, "move": move.id, "by": by}, offer.seen)
    if action == "accept":
        runner._emit("offer", role, data)
        offer.accepted.add(role)
        if proposal.needs is Needs.ANY or offer.accepted.issuperset(offer.to):
            _agree(runner, proposal_id, offer)
    elif action == "reject":
        runner._emit("offer", role, data)
        offer.rejected.add(role)
        if proposal.needs is Needs.ALL or offer.rejected.issuperset(offer.to):
            del board.offers[proposal_id]
            rejected = {"proposal": proposal_id, "action": "rejected", "terms": list(offer.terms)}
            runner._emit("offer", "", _seen_by(rejected, offer.seen))
    else:
        counter = proposal.counters[action]
        terms = amended(proposal, offer.terms, counter)
        to = [r for r in offer.to if r != role]
        if offer.by not in to and offer.by != role:
            to.append(offer.by)
        countered = {*offer.countered, counter.id}
        board.offers[proposal_id] = Offer(
            terms, role, tuple(to), _expiry(proposal, board.round), countered=countered, seen=offer.seen
        )
        data.update({"action": "counter", "counter": counter.id, "terms": list(terms), "to": to})
        runner._emit("offer", role, data)
    if lines:
        runner._check_red_lines(role, move, held, offer.seen)
    if others and proposal_id not in board.offers and proposal_id in board.accepted:
        _check_parties(runner, proposal_id, offer, others)


def _other_parties(runner: RoundRunner, offer: Offer, role: str) -> dict[str, set[int]]:
    """The parties to ``offer`` besides ``role`` (who tabled its terms or made its last counter, and
    who accepted them) that have condition red lines, each with those that hold already."""
    case = runner.case
    board = runner._board
    order = list(case.roles)
    out: dict[str, set[int]] = {}
    for party in [offer.by, *sorted(offer.accepted, key=order.index)]:
        if party == role or party in out:
            continue
        if any(line.when is not None for line in case.roles[party].checked_red_lines):
            out[party] = {line.index for line in state_breaches(case, party, board)}
    return out


def _check_parties(runner: RoundRunner, proposal_id: str, offer: Offer, others: dict[str, set[int]]) -> None:
    """A ``breach`` for each condition red line the agreement just made crossed, for every party to it
    other than the role whose answer closed it; the move named is the party's own decision on the terms."""
    for party, held in others.items():
        crossed = {line.index for line in state_breaches(runner.case, party, runner._board)} - held
        if not crossed:
            continue
        move = _decision_of(runner, proposal_id, party, offer)
        for index in sorted(crossed):
            runner._emit("breach", party, _seen_by({"line": index, "move": move}, offer.seen))


def _decision_of(runner: RoundRunner, proposal_id: str, party: str, offer: Offer) -> str:
    """The move by which ``party`` became party to ``offer``: its acceptance, its counter, or the move
    that tabled the proposal (read back from the log)."""
    if party != offer.by:
        return runner._rules.answers[proposal_id]["accept"].id
    tabled = False
    for _rnd, kind, role, data in reversed(runner._raw):
        if role != party:
            continue
        if not tabled and kind == "offer" and data.get("proposal") == proposal_id:
            if data.get("action") == "counter":
                return str(data["move"])
            tabled = data.get("action") == "table"
        elif tabled and kind == "move":
            return str(data["move"])
    return ""


def _agree(runner: RoundRunner, proposal_id: str, offer: Offer) -> None:
    board = runner._board
    del board.offers[proposal_id]
    board.accepted[proposal_id] = offer.terms
    agreed = {"proposal": proposal_id, "action": "agreed", "terms": list(offer.terms)}
    runner._emit("offer", "", _seen_by(agreed, offer.seen))
    steps = runner._rules.term_steps
    for term in offer.terms:
        runner._apply(steps[(proposal_id, term)], "", offer.seen)
