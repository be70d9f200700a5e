"""Format version 2: proposals nobody can table, timers nothing can start, and counters that add
a term that is always on the table.

A proposal is tabled by a move that ``proposes`` it; a timer is started by a
move's or an inject's ``starts``.  When no such move can ever be played (and,
for a timer, no such inject can ever fire), the proposal's terms, counters and
the timer's effects are dead content, and every ``accepted.X``, ``pending.X``,
``timer.X`` or ``expired.X`` that reads them never changes.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.errors import Diagnostic
from game.instructor.lint.codes import finding
from game.instructor.lint.reach import Reach


def proposals_and_timers(reach: Reach) -> Iterator[Diagnostic]:
    """Proposals never tabled and timers never started."""
    case = reach.case
    playable = [case.moves[m] for m, roles in reach.known.open.items() if roles]
    tabled = {m.proposes for m in playable if m.proposes is not None}
    started = {t for m in playable for t in m.starts}
    started |= {t for inject_id in reach.known.fired for t in case.injects[inject_id].starts}
    for proposal in case.proposals.values():
        if proposal.id not in tabled:
            yield finding(
                case,
                "proposal-never-tabled",
                proposal.pos,
                f"proposal '{proposal.id}' is never tabled: no move that can be played proposes it",
                "add 'proposes: " + proposal.id + "' to a move on a phase's menu",
            )
    for timer in case.timers.values():
        if timer.id not in started:
            yield finding(
                case,
                "timer-never-started",
                timer.pos,
                f"timer '{timer.id}' never starts: no move that can be played or inject that can fire "
                "starts it",
                "add 'starts: [" + timer.id + "]' to a move or an inject",
            )


def counters(reach: Reach) -> Iterator[Diagnostic]:
    """Counters that add a term the first offer already has and no counter of the proposal drops."""
    case = reach.case
    for proposal in case.proposals.values():
        first = set(proposal.first_offer)
        dropped = {term for counter in proposal.counters.values() for term in counter.drop}
        for counter in proposal.counters.values():
            always = [t for t in counter.add if t in first and t not in dropped]
            if not always:
                continue
            named = ", ".join(f"'{t}'" for t in always)
            yield finding(
                case,
                "counter-adds-tabled-term",
                counter.pos,
                f"counter '{counter.id}' of proposal '{proposal.id}' adds {named}, which the first offer "
                "already has and no counter drops: adding it changes nothing",
                "mark the term 'optional: true' so the first offer leaves it out, or take it out of 'add'",
            )
