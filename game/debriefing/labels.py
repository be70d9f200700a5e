"""Names people read: meter slots and the other values a condition can look at.

>>> slot_label(case, "trust.kest_velmar")
'Trust (Kestmark–Republic of Velmar)'
>>> reading_label(case, "flags.leak", True)
'The backchannel has leaked to the press: yes'

The debrief's explanations (:mod:`game.debriefing.scoring`), the transcript and the
reports (:mod:`game.debriefing.report`) name things through here, so no raw id such as
``trust.kest_velmar`` reaches a trainee.  Plain strings; nothing here knows
about terminals.
"""

from __future__ import annotations

from game.case.model import Case, Move


def find_move(case: Case, move_id: str) -> Move:
    """A move of the case, or (format 2) an answer to an offer such as ``standstill.accept``."""
    found = case.moves.get(move_id)
    if found is None:
        from game.play.rules import rules_for  # the answer moves are made with the case's rules

        proposal, _, action = move_id.partition(".")
        found = rules_for(case).answers[proposal][action]
    return found


def move_label(case: Case, move_id: str) -> str:
    """A move's label, for an answer "Accept: Ceasefire package" (the id if there is none)."""
    try:
        return find_move(case, move_id).label
    except KeyError:
        return move_id


def slot_label(case: Case, slot: str) -> str:
    """A meter slot for people: "Trust (Kestmark–Velmar)", "Escalation ladder"."""
    if slot.startswith("flags."):
        return case.flags[slot[6:]].description or slot[6:]
    meter_id, _, owner = slot.partition(".")
    meter = case.meters[meter_id]
    if not owner:
        return meter.label
    if owner in case.roles:
        return f"{meter.label} ({case.roles[owner].name})"
    a, b = pair_roles(case, slot)
    return f"{meter.label} ({case.roles[a].name}–{case.roles[b].name})"


def pair_roles(case: Case, slot: str) -> tuple[str, str]:
    """The two roles of a per-pair meter slot, in the order the author listed them under the meter's
    ``pairs`` (format 2), else in the order of the slot's key."""
    meter_id, _, owner = slot.partition(".")
    meter = case.meters.get(meter_id)
    chosen = meter.pairs.get(slot) if meter is not None else None
    if chosen is not None:
        return chosen
    for other in case.meters.values():  # an owner key shared with a meter that lists its pairs
        for listed, roles in other.pairs.items():
            if listed.partition(".")[2] == owner:
                return roles
    a, _, b = owner.partition("_")
    return a, b


def reading_label(case: Case, name: str, value: object) -> str:
    """A name that is not a meter (a flag, a counter, the round) and its value, for people.

    ``flags.leak`` → "The backchannel has leaked to the press: yes";
    ``played.listen`` → "“Ask what the other side fears” played twice";
    ``mine.inquiry`` → "your moves tagged inquiry: 2"; ``visited.mediation`` →
    "reached “Mediation”: yes"; ``round`` → "round = 4".  A name this does not
    know is shown as written.
    """
    head, _, key = name.partition(".")
    if head == "flags" and key in case.flags:
        sentence = (case.flags[key].description or key.replace("_", " ")).strip().rstrip(".")
        return f"{sentence}: {_yes(value)}"
    if head == "played" and key in case.moves:
        return f"“{case.moves[key].label}” played {_times(value)}"
    if head == "tagged":
        return f"moves tagged {_tag(key)}: {value}"
    if head == "mine":
        if key in case.moves:
            return f"you played “{case.moves[key].label}” {_times(value)}"
        return f"your moves tagged {_tag(key)}: {value}"
    if head == "fired" and key in case.injects:
        return f"“{case.injects[key].title}” happened {_times(value)}"
    if head == "visited" and key in case.phases:
        return f"reached “{case.phases[key].title}”: {_yes(value)}"
    if name == "phase_round":
        return f"round of the phase = {value}"
    if head == "accepted":
        proposal_id, _, term = key.partition(".")
        proposal = case.proposals.get(proposal_id)
        if proposal is not None and term in proposal.terms:
            return f"“{proposal.terms[term].label}” in the agreed “{proposal.label}”: {_yes(value)}"
        if proposal is not None:
            return f"“{proposal.label}” agreed: {_yes(value)}"
    if head == "pending" and key in case.proposals:
        return f"“{case.proposals[key].label}” on the table: {_yes(value)}"
    if head == "timer" and key in case.timers:
        return f"rounds left on “{case.timers[key].label}” = {value}"
    if head == "expired" and key in case.timers:
        return f"“{case.timers[key].label}” ran out: {_yes(value)}"
    if name == "rounds_left":
        return f"rounds left in the phase = {value}"
    shown = str(value).lower() if isinstance(value, bool) else value
    return f"{name} = {shown}"


def _yes(value: object) -> str:
    return "yes" if value else "no"


def _times(value: object) -> str:
    return {1: "once", 2: "twice"}.get(value, f"{value} times") if isinstance(value, int) else str(value)


def _tag(tag: str) -> str:
    return tag.replace("_", " ")
