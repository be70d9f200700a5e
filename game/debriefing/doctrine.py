"""The doctrine tags a move may carry, with what each means and where it comes from.

The three source texts are in ``shared/seeds``: *adaptive negotiation under
coercion* (``coercion``), *arms reduction coalitions* (``arms``) and
*microlateralism and small-state leadership* (``small-state``).  A case may
declare further tags of its own under ``tags:``.
"""

from __future__ import annotations

from types import MappingProxyType

TAGS = MappingProxyType(
    {
        "coercive_signal": "A threat, show of force or sanction meant to compel (coercion).",
        "counter_signal": "A measured answer to coercion that shows resolve without escalating (coercion).",
        "retaliation": "Answering coercion in kind; the doctrine warns against it (coercion).",
        "escalatory": "Raises the risk of the crisis climbing the escalation ladder (coercion).",
        "de_escalation": "Lowers the temperature or steps down the ladder (coercion).",
        "reactive_concession": "Giving ground under pressure, without reciprocity (coercion).",
        "calibrated_concession": "A deliberate, reciprocal concession that keeps core aims (coercion).",
        "red_line": "Stating or holding what is non-negotiable (coercion).",
        "inquiry": "Listening and asking about the other side's fears and constraints (coercion).",
        "reframing": "Recasting the dispute around common stakes (coercion).",
        "reversible_step": "A small, reversible step that builds trust (coercion).",
        "phased_proposal": "A proposal in phases tied to milestones (coercion, arms).",
        "verification": "Independent verification, inspection or data-sharing (arms).",
        "confidence_building": "A confidence-building measure (arms).",
        "backchannel": "Discreet, deniable contact away from the public track (coercion, small-state).",
        "track_two": "Unofficial talks among experts and former officials (arms).",
        "mediation": "Bringing in or acting as a third-party mediator (coercion, small-state).",
        "convening": "Using convening power to bring parties together (small-state).",
        "honest_broker": "Acting impartially so both sides can trust the process (small-state).",
        "time_bound": "Setting time-bound goals instead of open-ended mandates (small-state).",
        "coalition": "Building or holding a coalition of states (arms, small-state).",
        "alliance": "Drawing on allies and partners (coercion).",
        "alternative": "Strengthening the walk-away option, the BATNA (coercion).",
        "public_messaging": "Public diplomacy that supports the private talks (coercion, arms).",
        "outreach": "Inclusive outreach to parliaments, business and communities (arms).",
        "transition_support": "Economic transition support for those who bear the cost (arms).",
        "sunset_clause": "Sunset, review or exit clauses (arms).",
        "tempo": "Managing the pace of talks: slowing down or speeding up on purpose (coercion).",
        "pause": "Pausing to consult or let tempers cool (coercion).",
        "red_team": "Testing your own plan against the other side's likely moves (coercion).",
        "proportionality": "An ethical, proportionate response (coercion).",
        "division_of_labour": "Expertise from one partner, resources from another (small-state).",
        "leak": "Leaking or exposing talks to the press (small-state).",
        "sanction": "Imposing or threatening economic sanctions (coercion).",
    }
)
