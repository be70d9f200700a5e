"""Rebuilding state from an event log alone.

The debrief, the meter chart and resumed sessions read the log, never a live
session; these functions fold a log back into a board and into per-round
meter values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from game.case.model import Case
from game.play.attribution import attribute_events
from game.play.board import Board, Offer
from game.play.events import Event
from game.play.rules import rules_for


def fold(case: Case, events: Iterable[Event]) -> Board:
    """The board as it stood after the last of ``events``, with who caused what
    (:attr:`Board.ledger`, see :mod:`game.play.attribution`)."""
    events = list(events)
    board = _fold(case, events)
    board.ledger = attribute_events(case, events, detail=False)
    return board


def _fold(case: Case, events: Iterable[Event]) -> Board:
    rules = rules_for(case)
    board = rules.new_board()
    apply = _apply
    history = rules.history
    meters = board.meters
    for event in events:
        if event.kind == "effect":  # most events are effects: handled here, without a call
            data = event.data
            slot = data["slot"]
            if slot.startswith("flags."):
                board.flags[slot[6:]] = bool(data["value"])
            else:
                meters[slot] = data["value"]
        else:
            apply(case, board, event, history)
    return board


def _apply(case: Case, board: Board, event: Event, history: bool = False) -> None:
    kind = event.kind
    data = event.data
    if kind == "effect":
        slot = data["slot"]
        if slot.startswith("flags."):
            board.flags[slot[6:]] = bool(data["value"])
        else:
            board.meters[slot] = data["value"]
    elif kind == "move":
        move = case.moves[data["move"]]
        board.played[move.id] = board.played.get(move.id, 0) + 1
        mine = board.mine[event.role]
        mine[move.id] = mine.get(move.id, 0) + 1
        for tag in move.tags:
            board.tagged[tag] = board.tagged.get(tag, 0) + 1
            mine[tag] = mine.get(tag, 0) + 1
        if history:  # kept only when the case asks (see Rules.history)
            if move.id not in board.first:
                board.first[move.id] = len(board.first)
            board.last[move.id] = event.round
    elif kind == "offer":
        _offer(case, board, event)
    elif kind == "timer":
        timer = data["timer"]
        if data["action"] == "start":
            board.timers[timer] = event.round + data["rounds"] - 1
        else:
            board.timers.pop(timer, None)
            if data["action"] == "expire":
                board.expired.add(timer)
    elif kind == "inject":
        board.fired[data["inject"]] = board.fired.get(data["inject"], 0) + 1
    elif kind == "phase":
        board.visited.add(data["phase"])
        board.phase_round = 0
        board.phase_cap = case.phases[data["phase"]].max_rounds or 0
    elif kind == "round":
        board.round = event.round
        board.phase_round += 1
    elif kind == "ending":
        board.ending = data["ending"]
        board.outcome = data["outcome"]


def _offer(case: Case, board: Board, event: Event) -> None:
    """Follow an ``offer`` event as :mod:`game.play.bargaining` did."""
    data = event.data
    proposal_id = data["proposal"]
    proposal = case.proposals[proposal_id]
    action = data["action"]
    offer = board.offers.get(proposal_id)
    expires = event.round + proposal.expires - 1 if proposal.expires else 0
    if action == "table":
        board.offers[proposal_id] = Offer(
            tuple(data["terms"]), event.role, tuple(data["to"]), expires, seen=event.audience
        )
    elif action == "counter" and offer is not None:
        countered = {*offer.countered, data["counter"]}
        terms, to = tuple(data["terms"]), tuple(data["to"])
        board.offers[proposal_id] = Offer(
            terms, event.role, to, expires, countered=countered, seen=event.audience
        )
    elif action == "accept" and offer is not None:
        offer.accepted.add(event.role)
    elif action == "reject" and offer is not None:
        offer.rejected.add(event.role)
    elif action == "agreed":
        board.offers.pop(proposal_id, None)
        board.accepted[proposal_id] = tuple(data["terms"])
    elif action in ("rejected", "expired"):
        board.offers.pop(proposal_id, None)


def meter_series(case: Case, events: Sequence[Event]) -> dict[str, list[int]]:
    """Each meter slot's value at the start and at the end of every round.

    Index 0 is the value before the first move; index ``n`` the value when
    round ``n`` ended (or when the case ended, for its last round).
    """
    board = rules_for(case).new_board()
    series = {slot: [value] for slot, value in board.meters.items()}
    last_round = 1
    for event in events:
        if event.kind == "round" and event.round != last_round:
            for slot, values in series.items():
                values.append(board.meters[slot])
            last_round = event.round
        _apply(case, board, event)
    for slot, values in series.items():
        values.append(board.meters[slot])
    return series
