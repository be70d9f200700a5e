"""How a role nobody plays chooses its move.

* ``counterpart``: the case's scripted policy for the role — a weighted draw
  among the preferences whose move is open and whose ``when`` holds, falling
  back to a uniform draw among the open moves;
* ``random``: a uniform draw among the open moves.

Every draw uses a seeded generator passed in, so the same seed gives the
same choices.  :func:`draw` works from a :class:`game.play.rules.Turn` laid out in
advance for the role and phase.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from game.case.model import Move
from game.play.board import Board

if TYPE_CHECKING:
    from game.play.rules import Turn

POLICIES = ("counterpart", "random")


def draw(policy: str, role: str, turn: Turn, board: Board, rng: random.Random) -> Move | None:
    """The policy's choice among the open moves of ``turn``, or None when no move is open.

    A move's ``when`` is tested only when the choice needs it: the counterpart
    policy first looks at the moves its preferences name, and all the open
    moves are listed only for a uniform draw (conditions are pure, so the
    choice is the same either way).
    """
    board.self_role = role
    gates = turn.gates
    if policy == "counterpart" and turn.prefs:
        known: dict[int, bool] = {}
        weights: list[float] = []
        picks: list[Move] = []
        for index, move, weight, when in turn.prefs:
            is_open = known.get(index)
            if is_open is None:
                test = gates[index][1]
                is_open = known[index] = test is None or bool(test(board))
            if is_open and (when is None or when(board)):
                picks.append(move)
                weights.append(weight)
        if picks:
            return _weighted(picks, weights, rng)
    open_moves = [move for move, test in gates if test is None or test(board)]
    if not open_moves:
        return None
    return open_moves[rng.randrange(len(open_moves))]


def _weighted(picks: list[Move], weights: list[float], rng: random.Random) -> Move:
    point = rng.random() * sum(weights)
    for move, weight in zip(picks, weights, strict=True):
        point -= weight
        if point < 0:
            return move
    return picks[-1]
