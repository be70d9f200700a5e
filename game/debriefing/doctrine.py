"""The doctrine tags a move may carry, with what each means and where it comes from.

The three source texts are in ``shared/seeds``: *adaptive negotiation under
coercion* (``coercion``), *arms reduction coalitions* (``arms``) and
*microlateralism and small-state leadership* (``small-state``).  A case may
declare further tags of its own under ``tags:``.
"""

from __future__ import annotations

from types import MappingProxyType

from game.case.model import Citation, Dimension, Rule, RuleKind

COERCION = "Adaptive negotiation under coercion"
ARMS = "Arms-reduction coalitions"
SMALL_STATE = "Microlateralism and small-state leadership"

SOURCES = MappingProxyType(
    {
        COERCION: "adaptive-negotiation-under-coercion.txt",
        ARMS: "arms-reduction-coalitions.txt",
        SMALL_STATE: "microlateralism-small-state-leadership.txt",
    }
)
"""The doctrine texts by title, with their file names in ``shared/seeds``."""

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
        "leak": "Leaking or exposing talks to the press (arms).",
        "sanction": "Imposing or threatening economic sanctions (coercion).",
    }
)


def _c(quote: str, source: str) -> Citation:
    return Citation(quote, source)


CITES = MappingProxyType(
    {
        "coercive_signal": _c(
            "backed by coercive signals, sanctions, or rapid information manipulation", COERCION
        ),
        "counter_signal": _c(
            "offering measured steps that maintain leverage without escalating tensions",
            COERCION,
        ),
        "retaliation": _c("negotiators must resist the instinct to retaliate in kind", COERCION),
        "escalatory": _c("mapping interests, red lines, and potential escalation paths", COERCION),
        "de_escalation": _c("rehearse non-escalatory responses", COERCION),
        "reactive_concession": _c("guardrails that prevent reactive concessions", COERCION),
        "calibrated_concession": _c(
            "identify safe channels for concessions that preserve core aims", COERCION
        ),
        "red_line": _c("clear signaling about what is non-negotiable and what can be calibrated", COERCION),
        "inquiry": _c("A robust approach begins with listening as a strategic tool.", COERCION),
        "reframing": _c("reframing the dialogue to emphasize common stakes", COERCION),
        "reversible_step": _c(
            "small, reversible steps build trust and reveal reciprocal commitments", COERCION
        ),
        "phased_proposal": _c(
            "propose phased agreements with measurable benchmarks and independent audits", COERCION
        ),
        "verification": _c("Verification is the anchor of any credible arms-reduction accord.", ARMS),
        "confidence_building": _c("confidence-building measures that reduce mistrust", ARMS),
        "backchannel": _c("designing coordination mechanisms that allow for discreet backchannels", COERCION),
        "track_two": _c(
            "early track-two discussions, expert exchanges, and confidence-building measures", ARMS
        ),
        "mediation": _c("Diplomats should cultivate channels for third-party mediation", COERCION),
        "convening": _c("to marshal their unique expertise and convening power", SMALL_STATE),
        "honest_broker": _c("better positioned to play honest broker on thorny issues", SMALL_STATE),
        "time_bound": _c("launched with clearly defined, time-bound goals", SMALL_STATE),
        "coalition": _c("Coalition-building begins with identifying overlapping security concerns", ARMS),
        "alliance": _c(
            "multi-party formats also enhance bargaining power without courting provocation",
            COERCION,
        ),
        "alternative": _c("The core of adaptive negotiating rests on credible alternatives", COERCION),
        "public_messaging": _c("public diplomacy can support private talks", COERCION),
        "outreach": _c("Inclusive outreach is the lifeblood of durable arms-reduction coalitions.", ARMS),
        "transition_support": _c("budgetary flexibility for domestic transitions", ARMS),
        "sunset_clause": _c("sunset clauses that prevent stagnation while preserving accountability", ARMS),
        "tempo": _c("countering them means managing tempo", COERCION),
        "pause": _c("recognizing when conversations must pause", COERCION),
        "red_team": _c("Teams should run red-team exercises to challenge assumptions", COERCION),
        "proportionality": _c(
            "ground tactics in international law, human rights considerations, and norms of proportionality",
            COERCION,
        ),
        "division_of_labour": _c(
            "a productive division of labor that combines deep expertise with the kinds of resources",
            SMALL_STATE,
        ),
        "leak": _c("how leaks, miscommunications, or strategic surprises are handled", ARMS),
        "sanction": _c("joint statements, synchronized sanctions, or shared data", COERCION),
    }
)
"""A short verbatim passage of the doctrine behind each built-in tag (the tests check the texts)."""


def rule_cites(rule: Rule, dimension: Dimension | None = None) -> tuple[Citation, ...]:
    """The citations of a rubric rule: its own, else its built-in tag's, else its dimension's."""
    if rule.cite:
        return rule.cite
    if rule.kind is RuleKind.TAG and rule.target in CITES:
        return (CITES[rule.target],)
    return dimension.cite if dimension is not None else ()
