"""Findings about what a phase shows a role: more moves than there are number keys.

The play screen numbers a role's moves 1 to 9, locked ones included, in the
order the phase lists them; a move listed after the ninth has no number key
(it can still be reached with the arrows and Enter, or a click).
"""

from __future__ import annotations

from collections.abc import Iterator

from game.errors import Diagnostic
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach

NUMBER_KEYS = 9
"""Moves 1 to 9 of a role's list have a number key on the play screen."""


def menus(reach: Reach) -> Iterator[Diagnostic]:
    """A reachable phase listing more than nine moves for a role, one past the ninth able to be open."""
    case = reach.case
    for phase in case.phases.values():
        if phase.id not in reach.states:
            continue
        for role, ids in phase.moves.items():
            past = [m for m in ids[NUMBER_KEYS:] if phase.id in reach.open_where.get((m, role), ())]
            if not past:
                continue
            named = ", ".join(f"'{m}'" for m in past)
            they = "it has" if len(past) == 1 else "they have"
            yield finding(
                case,
                "too-many-moves",
                phase.pos,
                f"phase '{phase.id}' lists {len(ids)} moves for '{role}', and {named} after the ninth "
                f"can be open: {they} no number key on the play screen",
                f"list at most {NUMBER_KEYS} moves per role in a phase, or put the rarely open ones last; "
                "past the ninth a move is chosen only with the arrows and Enter",
            )
