"""Compiled conditions read common names in place (``game.case.readings``): the same values as the getters.

``compile_expr`` puts the read of a meter, flag, counter, phase or ending into the compiled code
instead of calling the name's getter.  Every condition of every built-in case must give the same
value either way, on the boards that play reaches, as every role.
"""

from __future__ import annotations

import pytest

from game.case.conditions import Expr, Getter, Leaf, compile_expr, leaves
from game.case.library import builtin_files
from game.case.loader import load_case
from game.case.model import Case
from game.case.names import Context
from game.play.board import Board
from game.play.rules import rules_for
from game.play.session import Session, _copy_board


def _conditions(case: Case) -> list[Expr]:
    found = [m.when for m in case.moves.values()]
    found += [r.when for m in case.moves.values() for r in m.replies]
    found += [p.when for role in case.roles.values() for p in role.policy]
    found += [e.when for phase in case.phases.values() for e in phase.exits]
    found += [i.when for i in case.injects.values()]
    found += [r.when for d in case.rubric.values() for r in d.rules]
    found += [r.when for role in case.roles.values() for d in role.rubric.values() for r in d.rules]
    return [c.expr for c in found if c is not None]


def _boards(case: Case, seeds: int) -> list[Board]:
    boards = []
    for seed in range(seeds):
        session = Session(case, seed=seed, humans=[case.playable_roles[0]], policy="random")
        while not session.over:
            boards.append(_copy_board(session._board))
            session.play_policy(session.waiting_for[0])
        boards.append(session.tally())
    return boards


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_inlined_reads_agree_with_the_getters(path: object) -> None:
    case = load_case(path)  # type: ignore[arg-type]
    names = rules_for(case).names

    def getter(leaf: Leaf) -> Getter:
        return names.resolve(leaf, Context.RUBRIC).getter

    def called(leaf: Leaf) -> Getter:  # the same getter, without its inline reading: always called
        read = getter(leaf)
        return lambda board: read(board)

    pairs = [(compile_expr(e, getter), compile_expr(e, called)) for e in _conditions(case)]
    inlined = sum(1 for e in _conditions(case) for leaf in leaves(e) if hasattr(getter(leaf), "inline"))
    assert inlined > 0  # the case has names read in place
    boards = _boards(case, 8)
    checked = 0
    for board in boards:
        for role in case.roles:
            board.self_role = role
            for fast, slow in pairs:
                assert fast(board) == slow(board)
                checked += 1
    assert checked > 1000
