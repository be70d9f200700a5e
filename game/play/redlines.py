"""Red lines the engine checks: which moves or states breach a role's red lines.

A role's checked red lines (:attr:`game.case.model.Role.checked_red_lines`) are
breached by playing one of the moves each lists, or when its condition becomes
true right after one of the role's own moves, or (format 2) right after an
agreement the role is a party to (:func:`game.play.bargaining.answer`).  The session records a breach as
a ``breach`` event (``role`` the role, ``line`` the red line's index,
``move`` the move that breached it); the debrief charges its points.

These functions are pure: the counterfactual tools call :func:`move_breaches`
to know whether a move would breach the mover's red line before suggesting it.
"""

from __future__ import annotations

from game.case.model import Case, RedLine
from game.play.board import Board


def move_breaches(case: Case, role: str, move: str) -> tuple[RedLine, ...]:
    """The red lines of ``role`` that playing ``move`` breaches by itself."""
    return tuple(line for line in case.roles[role].checked_red_lines if move in line.moves)


def state_breaches(case: Case, role: str, board: Board) -> tuple[RedLine, ...]:
    """The condition red lines of ``role`` that hold on ``board`` (``self`` is ``role``)."""
    found: list[RedLine] = []
    keep = board.self_role
    board.self_role = role
    for line in case.roles[role].checked_red_lines:
        if line.when is not None and line.when.test(board):
            found.append(line)
    board.self_role = keep
    return tuple(found)


def red_line(case: Case, role: str, index: int) -> RedLine | None:
    """The checked red line ``index`` of ``role``, as a ``breach`` event names it."""
    for line in case.roles[role].checked_red_lines:
        if line.index == index:
            return line
    return None
