"""How a role nobody plays chooses its move.

* ``counterpart``: the case's scripted policy for the role — a weighted draw
  among the preferences whose move is open and whose ``when`` holds, falling
  back to a uniform draw among the open moves;
* ``random``: a uniform draw among the open moves.

Every draw uses the session's seeded generator, so the same seed gives the
same choices.  :func:`choose` works from a role and its open moves;
:func:`draw` is the same choice made from a :class:`game.rules.Turn` laid out
in advance, which is what the session's inner loop uses.  Both make exactly
the same calls on the generator.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from game.board import Board
from game.conditions import Getter
from game.model import Move, Role

POLICIES = ("counterpart", "random")


def choose(policy: str, role: Role, open_moves: Sequence[Move], board: Board, rng: random.Random) -> Move:
    """Pick one of ``open_moves`` (which must not be empty) for ``role``."""
    if policy == "counterpart" and role.policy:
        board.self_role = role.id
        by_id = {move.id: move for move in open_moves}
        weights: list[float] = []
        picks: list[Move] = []
        for pref in role.policy:
            move = by_id.get(pref.move)
            if move is not None and (pref.when is None or pref.when.test(board)):
                picks.append(move)
                weights.append(pref.weight)
        if picks:
            return _weighted(picks, weights, rng)
    return open_moves[rng.randrange(len(open_moves))]


def draw(
    policy: str,
    role: str,
    prefs: Sequence[tuple[int, Move, float, Getter | None]],
    is_open: Sequence[bool],
    open_moves: Sequence[Move],
    board: Board,
    rng: random.Random,
) -> Move:
    """:func:`choose` for a laid-out turn: ``prefs`` as in :class:`game.rules.Turn`,
    ``is_open[i]`` whether the ``i``-th listed move is open, ``open_moves`` those
    that are (not empty)."""
    if prefs and policy == "counterpart":
        board.self_role = role
        weights: list[float] = []
        picks: list[Move] = []
        for index, move, weight, when in prefs:
            if is_open[index] and (when is None or when(board)):
                picks.append(move)
                weights.append(weight)
        if picks:
            return _weighted(picks, weights, rng)
    return open_moves[rng.randrange(len(open_moves))]


def _weighted(picks: list[Move], weights: list[float], rng: random.Random) -> Move:
    point = rng.random() * sum(weights)
    for move, weight in zip(picks, weights, strict=True):
        point -= weight
        if point < 0:
            return move
    return picks[-1]
