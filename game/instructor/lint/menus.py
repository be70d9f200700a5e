"""Findings about what a phase shows a role: more moves than one key each can play.

The play screen numbers a role's moves, locked ones included, in the order the
phase lists them, leaving out a move while it is hidden (format 2's
``appears_when``). With 9 or fewer, one number key plays a move at once; past
the ninth a move takes its number typed in full and Enter (or the arrows), and
at 80×24 only five moves show at a time. The answers to an offer on the table,
listed after the phase's moves, are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.errors import Diagnostic
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach

NUMBER_KEYS = 9
"""Moves 1 to 9 of a role's list are played by one key on the play screen."""


def menus(reach: Reach) -> Iterator[Diagnostic]:
    """A reachable phase listing more than nine moves for a role, one past the ninth able to be open."""
    case = reach.case
    for phase in case.phases.values():
        if phase.id not in reach.states:
            continue
        for role, ids in phase.moves.items():
            if len(ids) <= NUMBER_KEYS:
                continue
            where = reach.hull([phase.id], (role,))
            assert where is not None
            # a move hidden until its appears_when holds takes no place in the list while hidden
            shown = [
                m
                for m in ids
                if case.moves[m].appears_when is None or reach.judge(case.moves[m].appears_when, where)[0]
            ]
            past = [m for m in shown[NUMBER_KEYS:] if phase.id in reach.open_where.get((m, role), ())]
            if not past:
                continue
            named = ", ".join(f"'{m}'" for m in past)
            its = "its" if len(past) == 1 else "their"
            yield finding(
                case,
                "too-many-moves",
                phase.pos,
                f"phase '{phase.id}' can show {len(shown)} moves to '{role}' at once, and {named} after the "
                f"ninth can be open: a trainee must type {its} number and Enter, "
                "and at 80×24 the menu scrolls",
                f"list at most {NUMBER_KEYS} per role, hide the ones that matter only later with "
                "appears_when, or put the rarely open ones last",
            )
