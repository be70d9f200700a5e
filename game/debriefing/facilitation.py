"""What the facilitator did, as people read it: one line per action (:mod:`game.play.facilitator`).

The transcript shows each ``facilitator`` event where it happened (:func:`action_line`); the
debrief and the reports list them all with their rounds (:func:`action_list`), as the viewer saw
them: a player's report lists only the actions shown to that player.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from game.case.model import Case
from game.debriefing.labels import slot_label
from game.play.events import Event

if TYPE_CHECKING:
    from game.debriefing.scoring import Debrief, Decision

BY_THE_POLICY = "chosen by the policy: the facilitator had handed this seat over"


def action_line(case: Case, event: Event) -> str:
    """ "Facilitator fired “Intercept”", "Facilitator adjudicated Leverage +2: …" (one event)."""
    data = event.data
    action = data.get("action")
    inject = case.injects.get(str(data.get("inject", "")))
    title = f"“{inject.title}”" if inject is not None else ""
    if action == "fire":
        return f"Facilitator fired {title}"
    if action == "hold":
        return f"Facilitator held {title}"
    if action == "release":
        return f"Facilitator released {title}"
    if action == "pause":
        reason = data.get("reason")
        return "Paused by the facilitator" + (f": {reason}" if reason else "")
    if action == "resume":
        return "Resumed by the facilitator"
    if action == "adjust":
        label = slot_label(case, str(data.get("meter", "")))
        return f"Facilitator adjudicated {label} {int(data.get('change', 0)):+d}: {data.get('reason', '')}"
    if action == "note":
        shown = "" if data.get("shown") else " (facilitator only)"
        return f"Facilitator's note{shown}: {data.get('text', '')}"
    if action == "seat":
        role = case.roles.get(str(data.get("seat", "")))
        name = role.name if role is not None else str(data.get("seat", ""))
        if data.get("to") == "policy":
            return f"Facilitator handed {name}'s seat to the policy"
        return f"Facilitator gave {name}'s seat back to a person"
    return f"Facilitator: {action}"


def action_list(case: Case, events: Sequence[Event], viewer: str | None = None) -> list[str]:
    """Every facilitator action with its round ("R2 Facilitator fired “Intercept”"); ``viewer`` a
    role: only those that role saw; None: all of them (the full record)."""
    return [
        f"R{e.round} {action_line(case, e)}"
        for e in events
        if e.kind == "facilitator" and (viewer is None or e.seen_by(viewer))
    ]


def public_actions(case: Case, events: Sequence[Event]) -> list[str]:
    """The facilitator's actions everyone saw (pauses, shown notes, adjudications of shared meters),
    with their rounds: what a debrief on a shared screen may list."""
    return action_list(case, [e for e in events if e.seen_by(None)])


def handed_moves(events: Sequence[Event]) -> frozenset[int]:
    """The moves (and answers) the policy chose for a seat the facilitator had handed to it."""
    handed: set[str] = set()
    out = set()
    for e in events:
        if e.kind == "facilitator" and e.data.get("action") == "seat":
            seat = str(e.data.get("seat", ""))
            if e.data.get("to") == "policy":
                handed.add(seat)
            else:
                handed.discard(seat)
        elif e.kind in ("move", "offer") and e.data.get("by") == "policy" and e.role in handed:
            out.add(e.seq)
    return frozenset(out)


def mark_handed(result: Debrief, events: Sequence[Event]) -> Debrief:
    """``result`` with each decision the policy made for a handed-over seat saying so
    (:data:`BY_THE_POLICY`), so a player's debrief is read knowing who chose what."""
    seqs = handed_moves(events)
    if not seqs:
        return result

    def marked(decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
        return tuple(replace(d, notes=(*d.notes, BY_THE_POLICY)) if d.seq in seqs else d for d in decisions)

    players = tuple(replace(p, decisions=marked(p.decisions)) for p in result.players)
    return replace(result, players=players, key_decisions=marked(result.key_decisions))
