"""Offers, timers and deadlines (format version 2) in words, read from the log.

:func:`bargain_lines` is what the transcript and the screen's log show for an
``offer``, ``timer`` or ``deadline`` event; :func:`offer_history` is the offer
history the debrief and the reports list ("Round 2: Nordland tabled the
Ceasefire package to Sudmark: Freeze both fleets; Lift the quarantine").
Plain strings; nothing here knows about terminals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from game.case.model import Case
from game.play.events import Event


def ending_text(case: Case, data: Mapping[str, Any]) -> tuple[str, str]:
    """The title and narrative of an ``ending`` event: its variant's when one applied (format 2)."""
    ending = case.endings[data["ending"]]
    index = data.get("variant")
    if index is None or not 0 <= index < len(ending.variants):
        return ending.title, ending.text
    variant = ending.variants[index]
    return variant.title or ending.title, variant.text


def _terms(case: Case, proposal: str, terms: Iterable[str]) -> str:
    known = case.proposals[proposal].terms
    return "; ".join(known[t].label if t in known else t for t in terms) or "nothing"


def _names(case: Case, roles: Iterable[str]) -> str:
    return " and ".join(case.roles[r].name for r in roles) or "nobody"


def offer_line(case: Case, event: Event) -> str:
    """One ``offer`` event in words."""
    data = event.data
    proposal = case.proposals[data["proposal"]]
    action = data["action"]
    who = case.roles[event.role].name if event.role else ""
    terms = _terms(case, proposal.id, data.get("terms", ()))
    if action == "table":
        return f"{who} tables the {proposal.label} to {_names(case, data['to'])}: {terms}"
    if action == "accept":
        return f"{who} accepts the {proposal.label}"
    if action == "reject":
        return f"{who} rejects the {proposal.label}"
    if action == "counter":
        counter = proposal.counters[data["counter"]].label
        return f"{who} counters the {proposal.label} ({counter}), back to {_names(case, data['to'])}: {terms}"
    if action == "late" and data.get("changed"):
        return (
            f"{who}'s answer to the {proposal.label} no longer applies: the terms it answered were "
            "replaced earlier in the round"
        )
    if action == "late":
        return f"{who}'s answer to the {proposal.label} comes too late: the offer is already settled"
    if action == "agreed":
        return f"The {proposal.label} is agreed: {terms}"
    if action == "rejected":
        return f"The {proposal.label} is turned down"
    return f"The {proposal.label} lapses unanswered"


def bargain_lines(case: Case, event: Event) -> Iterator[str]:
    """The lines a person reads for an ``offer``, ``timer`` or ``deadline`` event."""
    data = event.data
    if event.kind == "offer":
        if data["action"] == "table":
            yield f"OFFER: {offer_line(case, event)}."
        else:  # an answer is the role's move; what becomes of the offer is indented like an effect
            yield f"{'' if event.role else '   '}{offer_line(case, event)}."
    elif event.kind == "timer":
        timer = case.timers[data["timer"]]
        if data["action"] == "start":
            yield f"   {timer.label}: {data['rounds']} round{'s' if data['rounds'] != 1 else ''}."
        elif data["action"] == "stop":
            yield f"   {timer.label} withdrawn."
        else:
            yield f"TIME UP: {timer.label}"
            if timer.text.strip():
                yield f"   {timer.text.strip()}"
    elif event.kind == "deadline":
        rounds = data["rounds"]
        title = case.phases[data["phase"]].title
        limit = "its" if data["reason"] == "timeout" else "the case's"
        plural = "s" if rounds != 1 else ""
        yield f"{title} ran out of time: {limit} limit of {rounds} round{plural} was reached."


def offer_history(case: Case, events: Iterable[Event]) -> list[str]:
    """Who offered what, what was countered, accepted, rejected or lapsed, round by round."""
    return [f"Round {e.round}: {offer_line(case, e)}" for e in events if e.kind == "offer"]


def deadlines(case: Case, events: Iterable[Event]) -> list[str]:
    """Each time a phase ran out of rounds (format 2), as the transcript says it, with its round: why
    play moved on then (not, unless it was the last, why the game ended)."""
    return [
        f"Round {e.round}: {line}" for e in events if e.kind == "deadline" for line in bargain_lines(case, e)
    ]


def told_title(case: Case, events: Iterable[Event]) -> str | None:
    """The title of the ending as it was told (its variant's, if one applied), or None before the end."""
    ending = next((e for e in events if e.kind == "ending"), None)
    return ending_text(case, ending.data)[0] if ending is not None else None
