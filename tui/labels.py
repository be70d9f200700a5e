"""Names of meters and roles sized for the screen (no Textual import).

:func:`game.debriefing.report.slot_label` gives the full label ("Trust (Kestmark–Republic of Velmar)");
at 80 columns a meter row has room for about twenty characters, so :func:`short_slot_label`
names each role by its short name ("Trust (Kestmark–Velmar)").
"""

from __future__ import annotations

from collections.abc import Mapping

from game.case.model import Case
from game.debriefing.labels import pair_roles
from game.debriefing.report import slot_label
from game.play.session import Session

SHORT_NAME = 10


def short_role_name(case: Case, role: str) -> str:
    """The role's name if short, else its proper name: "Republic of Velmar" → "Velmar",
    "Korvath Union" → "Korvath"."""
    name = case.roles[role].name.strip()
    if len(name) <= SHORT_NAME or " " not in name:
        return name
    if " of " in name:
        return name.rsplit(" of ", 1)[1].strip(" .,;:()") or name
    return name.split(" ", 1)[0].strip(" .,;:()") or name


def seat_label(session: Session, role: str, seats: Mapping[str, str]) -> str:
    """Who plays a seat, short: "Ana (Velmar)"; "Velmar (policy)" for a seat the facilitator handed
    to the policy; "Velmar" for a seat nobody has taken."""
    short = short_role_name(session.case, role)
    if role in session.auto:
        return f"{short} (policy)"
    holder = seats.get(role)
    return f"{holder} ({short})" if holder else short


def short_slot_label(case: Case, slot: str) -> str:
    """A meter slot's label with short role names."""
    meter_id, _, owner = slot.partition(".")
    meter = case.meters.get(meter_id)
    if meter is None or not owner:
        return slot_label(case, slot)
    if owner in case.roles:
        return f"{meter.label} ({short_role_name(case, owner)})"
    a, b = pair_roles(case, slot)
    if a in case.roles and b in case.roles:
        return f"{meter.label} ({short_role_name(case, a)}–{short_role_name(case, b)})"
    return slot_label(case, slot)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis when it is longer."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def owner_names(case: Case, owner: str) -> tuple[str, str]:
    """Who holds a per-role or per-pair meter slot, full and short ("Kestmark–Velmar")."""
    if owner in case.roles:
        return case.roles[owner].name, short_role_name(case, owner)
    a, b = pair_roles(case, f".{owner}")
    if a in case.roles and b in case.roles:
        return (
            f"{case.roles[a].name}–{case.roles[b].name}",
            f"{short_role_name(case, a)}–{short_role_name(case, b)}",
        )
    return owner, owner
