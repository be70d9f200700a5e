"""The case format, version 2 (which reads version 1 files unchanged), described once.

This module is the single description of what a case file may contain: every
key, its type, whether it is required, its default, its allowed values, id
patterns, and what it means.  Two things read it:

* :mod:`game.case.loading.shape` walks a case's YAML tree against it and reports
  unknown keys, missing keys, wrong types, bad ids and values out of range;
* :func:`json_schema` turns it into a JSON Schema (draft 2020-12) so editors
  can autocomplete and check a case as it is typed; the result is committed as
  ``cases/parley-case.schema.json``.

The vocabulary it is written in (:class:`Record`, :class:`Field`,
:class:`Integer` …) is in :mod:`game.case.loading.schema_types`.

Rules that need the whole case (references between sections, names in
conditions, clashes) are checked by :mod:`game.case.loading`, not here.
"""

from __future__ import annotations

import json
from typing import Any

from game.case.loading.json_export import to_json_schema
from game.case.loading.schema_types import (
    EMPTY,
    NO_DEFAULT,
    Boolean,
    Choice,
    ConditionText,
    Either,
    Field,
    Id,
    Integer,
    ListOf,
    MapOf,
    Number,
    Record,
    Ref,
    Text,
    Type,
    Version,
)
from game.case.model import (
    MAX_ROUNDS,
    OLDEST_VERSION,
    SCHEMA_VERSION,
    Difficulty,
    Needs,
    Outcome,
    RoundMode,
    Scope,
)
from game.debriefing.doctrine import TAGS

ROLE_ID = r"^[a-z][a-z0-9]*$"
"""Role ids: lowercase letters and digits, starting with a letter (pair keys join two with ``_``)."""
ID = r"^[a-z][a-z0-9_]*$"
"""Every other id: lowercase letters, digits and ``_``, starting with a letter."""
CASE_ID = r"^[a-z][a-z0-9_-]*$"
"""The case id may also use ``-``."""
SLOT = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"
"""A meter or flag as an effect names it: ``escalation``, ``support.self``, ``flags.leak``."""
INITIAL_KEY = r"^[a-z][a-z0-9]*(_[a-z][a-z0-9]*)?$"
"""A key of a meter's ``initial`` mapping: ``default``, a role id or a pair key."""

ROLE_RULE = "role ids are lowercase letters and digits, starting with a letter, e.g. 'velmar'"
ID_RULE = "ids are lowercase letters, digits and '_', starting with a letter, e.g. 'open_backchannel'"
CASE_RULE = "a case id is lowercase letters, digits, '_' and '-', starting with a letter"


def _values(enum: Any) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


# ------------------------------------------------------------------ the format

ROLE_REF = Ref("role", ROLE_ID)
MOVE_REF = Ref("move", ID)
ANSWER_OR_MOVE_REF = Ref(
    "move, or answer to an offer ('standstill.accept')", r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"
)
TAG_REF = Ref("tag", ID, TAGS)
STATE_REF = Ref("phase or ending", ID)
EFFECTS = MapOf(Ref("meter or flag", SLOT), Either((Integer(), Boolean()), "a whole number or true/false"))
EFFECTS_TEXT = (
    "Changes applied when this happens: a meter by a whole number ('escalation: +2', 'support.self: -1'), "
    "a flag to true or false ('flags.leak: true')."
)
TEXT_LIST = ListOf(Text())
V2 = 2
"""Keys marked ``since=V2`` are new in format version 2; a version 1 file may not use them."""
PAIR = r"^[a-z][a-z0-9]*_[a-z][a-z0-9]*$"
"""Two role ids joined by ``_``, in the order they should be shown: ``excomm_kremlin``."""
PROPOSAL_REF = Ref("proposal", ID)
TIMER_REF = Ref("timer", ID)
EFFECT_GROUP = MapOf(
    Ref("meter, flag or 'if'", SLOT),
    Either((Integer(), Boolean(), ConditionText()), "a whole number, true/false, or (for 'if') a condition"),
)
EFFECT_LIST = ListOf(EFFECT_GROUP)
CHANGES = Either(
    (EFFECTS, EFFECT_LIST),
    "a mapping of changes, or (format 2) a list of groups of changes, each with an optional 'if'",
)
CHANGES_TEXT = (
    EFFECTS_TEXT + " Format 2: or a list of groups, each a mapping of changes that may carry "
    "'if: <condition>' and is applied only when that holds at that moment."
)
REQUIREMENT = Record(
    "requirement",
    "Requirement",
    "One part of when a move is open, with its own reason (format 2).",
    (
        Field("when", ConditionText(), "The move is locked while this does not hold.", required=True),
        Field("reason", Text(), "Shown while it does not hold, e.g. 'Needs a US pledge.'", required=True),
    ),
)

# Who sees what (game.case.audience); checked in game.case.loading.audience.
AUDIENCE_WORDS = {
    "everyone": "Every role sees it (the default).",
    "actor": "Only the role that acts: the mover, or the replier.",
}
AUDIENCE_WHAT = "'everyone', 'actor', a role id, a pair of roles such as 'kest_velmar', or a list of role ids"
AUDIENCE = Either(
    (Ref("audience", INITIAL_KEY, AUDIENCE_WORDS), ListOf(ROLE_REF, min_items=1)), AUDIENCE_WHAT
)
METER_AUDIENCE = Either(
    (
        Ref(
            "meter audience",
            INITIAL_KEY,
            {
                "everyone": AUDIENCE_WORDS["everyone"],
                "owner": "Only the role (or pair) each slot belongs to.",
            },
        ),
        ListOf(ROLE_REF, min_items=1),
    ),
    "'everyone', 'owner', a role id, a pair of roles such as 'kest_velmar', or a list of role ids",
)
PRIVATE_TEXT = MapOf(Ref("role or pair of roles", INITIAL_KEY), Text())
PRIVATE_TEXT_TEXT = (
    "Per-role parts of the narrative: a role id (or a pair such as 'kest_velmar') and what only "
    "that role (or pair) reads."
)
BAND = Record(
    "band",
    "Band",
    "A named range of a meter, shown to those outside its audience instead of the number.",
    (
        Field("label", Text(), "What is shown, e.g. 'low'.", required=True),
        Field("up_to", Integer(), "The highest value in the band; the last band may leave it out."),
    ),
)

PREFERENCE = Record(
    "preference",
    "Policy preference",
    "One weighted, optionally conditional choice of a counterpart played by the computer.",
    (
        Field("move", MOVE_REF, "A move open to this role.", required=True),
        Field(
            "weight",
            Number(above=0),
            "How strongly it is preferred, relative to the others (> 0).",
            default=1,
        ),
        Field("when", ConditionText(), "Only while this condition holds ('self' is this role)."),
    ),
)

CITATION = Record(
    "citation",
    "Citation",
    "A passage of the doctrine: a short quote, word for word, and the title of its source.",
    (
        Field("quote", Text(), "A short verbatim quote (a sentence or less).", required=True),
        Field("source", Text(), "The title of the text it is quoted from.", required=True),
    ),
)
CITATIONS = ListOf(CITATION)

RED_LINE = Record(
    "red_line",
    "Checked red line",
    "A red line the engine checks: what breaches it and what a breach costs.",
    (
        Field("text", Text(), "The red line as the role's player reads it.", required=True),
        Field(
            "moves",
            ListOf(ANSWER_OR_MOVE_REF),
            "Playing any of these moves breaches it; (v2) answers to offers too ('standstill.accept').",
            default=(),
        ),
        Field(
            "when",
            ConditionText(),
            "Breached when this becomes true right after one of the role's own moves ('self' is the role).",
        ),
        Field(
            "dimension", Ref("dimension", ID), "The rubric dimension a breach costs points in.", required=True
        ),
        Field("points", Integer(maximum=-1), "What a breach costs (negative), once.", required=True),
        Field("cite", CITATIONS, "The doctrine behind the red line.", default=()),
    ),
    at_least_one=("moves", "when"),
)

ROLE = Record(
    "role",
    "Role",
    "A party to the crisis.",
    (
        Field("name", Text(), "The party's name, e.g. 'Republic of Velmar'.", required=True),
        Field("description", Text(), "Public: everyone reads it.", required=True),
        Field("briefing", Text(), "Private: only this role's player reads it.", required=True),
        Field("interests", TEXT_LIST, "Private: what this party wants.", default=()),
        Field(
            "red_lines",
            ListOf(Either((Text(), RED_LINE), "a sentence, or a red line with what breaches it")),
            "Private: what this party will not accept; a sentence, or a red line the engine checks.",
            default=(),
        ),
        Field("batna", Text(), "Private: the best alternative to a negotiated agreement.", default=""),
        Field("playable", Boolean(), "Whether a human may take the role.", default=True),
        Field(
            "policy",
            ListOf(PREFERENCE),
            "How the counterpart plays when no human does; with none that applies it picks uniformly.",
            default=(),
        ),
        Field(
            "reservation",
            ConditionText(),
            "Format 2: the role's reservation value (its BATNA as a condition or meter threshold). "
            "Played by the computer, it accepts an offer when this holds in the state the offer's "
            "terms would produce, else counters if a counter would meet it, else rejects "
            "('self' is this role). Without it, it accepts.",
            since=V2,
        ),
    ),
)

METER = Record(
    "meter",
    "Meter",
    "A bounded whole number the case tracks: global, one per role, or one per pair of roles.",
    (
        Field("label", Text(), "Shown next to the bar.", required=True),
        Field("description", Text(), "What the numbers mean.", default=""),
        Field(
            "scope",
            Choice(_values(Scope)),
            "'global': one value; 'role': one per role; 'pair': one per pair of roles.",
            default=Scope.GLOBAL.value,
        ),
        Field("min", Integer(), "Lower bound.", default=0),
        Field("max", Integer(), "Upper bound.", required=True),
        Field(
            "initial",
            Either(
                (Integer(), MapOf(Ref("role, pair of roles or 'default'", INITIAL_KEY), Integer())),
                "a whole number, or a mapping of whole numbers",
            ),
            "Starting value; a mapping gives 'default' and values for particular roles ('velmar') "
            "or pairs ('kest_velmar').",
            required=True,
        ),
        Field("visible", Boolean(), "Whether trainees see it during play.", default=True),
        Field(
            "pairs",
            ListOf(Ref("pair of roles", PAIR), min_items=1),
            "Format 2, 'scope: pair' only: the pairs this meter is kept for, e.g. 'excomm_kremlin' "
            "(shown as 'ExComm–Kremlin', in the order written); without it, every pair of roles.",
            since=V2,
        ),
        Field(
            "audience",
            METER_AUDIENCE,
            "Who sees the number: everyone (default), 'owner', named roles or a pair.",
        ),
        Field(
            "bands",
            ListOf(BAND, min_items=1),
            "What the roles outside the audience see instead of the number, lowest band first.",
            default=(),
        ),
    ),
)

EXIT = Record(
    "exit",
    "Exit",
    "A guarded way out of a phase, checked at the end of each round.",
    (
        Field("to", STATE_REF, "The phase or ending it leads to.", required=True),
        Field("when", ConditionText(), "Taken when this condition holds.", required=True),
    ),
)

PHASE = Record(
    "phase",
    "Phase",
    "A stage of the case; the first phase listed is where play begins.",
    (
        Field("title", Text(), "e.g. 'Backchannel'.", required=True),
        Field("text", Text(), "The narrative shown while in the phase.", required=True),
        Field(
            "moves",
            MapOf(ROLE_REF, ListOf(MOVE_REF)),
            "The moves each role may choose here; each move must list the role in its 'roles'.",
            default=EMPTY,
        ),
        Field("max_rounds", Integer(minimum=1, maximum=MAX_ROUNDS), "How many rounds the phase may last."),
        Field("on_timeout", STATE_REF, "Where the phase goes after max_rounds rounds."),
        Field(
            "exits",
            ListOf(EXIT),
            "Checked in order at the end of each round; the first that holds is taken.",
            default=(),
        ),
        Field("private_text", PRIVATE_TEXT, PRIVATE_TEXT_TEXT, default=EMPTY),
    ),
    requires=(("max_rounds", "on_timeout"), ("on_timeout", "max_rounds")),
)

VARIANT = Record(
    "variant",
    "Ending variant",
    "Another telling of an ending, used when its condition holds as the case ends (format 2).",
    (
        Field("when", ConditionText(), "Used when this holds as the case ends.", required=True),
        Field("text", Text(), "The closing narrative in that case.", required=True),
        Field("title", Text(), "A title for this telling; the ending's title if not given.", default=""),
    ),
)

ENDING = Record(
    "ending",
    "Ending",
    "A final outcome of the case.",
    (
        Field("title", Text(), "e.g. 'Durable settlement'.", required=True),
        Field("outcome", Choice(_values(Outcome)), "The kind of result.", required=True),
        Field("text", Text(), "The closing narrative.", required=True),
        Field(
            "variants",
            ListOf(VARIANT),
            "Format 2: other tellings; the first whose condition holds as the case ends is shown.",
            since=V2,
        ),
    ),
)

REPLY = Record(
    "reply",
    "Reply",
    "A counterpart's reaction to a move; a reply from the role that made the move is not shown.",
    (
        Field("role", ROLE_REF, "The role that replies.", required=True),
        Field("text", Text(), "What it says or does.", required=True),
        Field("when", ConditionText(), "Shown only when this holds ('self' is the replying role)."),
        Field("effects", CHANGES, CHANGES_TEXT, default=EMPTY),
        Field("audience", AUDIENCE, "Who sees the reply; default: whoever sees the move, and the replier."),
    ),
)

MOVE = Record(
    "move",
    "Move",
    "Something a role can do.",
    (
        Field("label", Text(), "The choice as the trainee sees it.", required=True),
        Field("description", Text(), "One or two sentences more.", default=""),
        Field("roles", ListOf(ROLE_REF, min_items=1), "Who may use it.", required=True),
        Field(
            "when", ConditionText(), "When it is open; otherwise it is shown locked ('self' is the mover)."
        ),
        Field("locked_reason", Text(), "Why it is locked; required with 'when'."),
        Field(
            "requires",
            ListOf(REQUIREMENT, min_items=1),
            "Format 2: more conditions for it to be open, each with the reason shown while it fails "
            "(the first that fails is named).",
            since=V2,
        ),
        Field(
            "appears_when",
            ConditionText(),
            "Format 2: hidden from the menu until this holds (a locked move is shown, this one is not).",
            since=V2,
        ),
        Field("effects", CHANGES, CHANGES_TEXT, default=EMPTY),
        Field(
            "tags",
            ListOf(TAG_REF),
            "Doctrine tags: built-in ones or those declared under 'tags'.",
            default=(),
        ),
        Field("feedback", Text(), "What the move teaches, shown after it is played.", default=""),
        Field("replies", ListOf(REPLY), "Counterparts' reactions.", default=()),
        Field(
            "proposes",
            PROPOSAL_REF,
            "Format 2: tables this proposal, addressed to its roles (other than the mover).",
            since=V2,
        ),
        Field("starts", ListOf(TIMER_REF), "Format 2: starts (or restarts) these timers.", since=V2),
        Field(
            "stops",
            ListOf(TIMER_REF),
            "Format 2: stops these timers (withdraws an ultimatum).",
            since=V2,
        ),
        Field(
            "audience",
            AUDIENCE,
            "Who sees it played (the mover always does); the others read 'X made a private move'.",
        ),
    ),
    requires=(("when", "locked_reason"),),
)

INJECT = Record(
    "inject",
    "Inject",
    "A breaking event; it fires when every trigger it names holds, once unless 'repeat' is true.",
    (
        Field("title", Text(), "The headline.", required=True),
        Field("text", Text(), "What happened.", required=True),
        Field("round", Integer(minimum=1), "Fires at the start of this round."),
        Field("phase", Ref("phase", ID), "Fires while in this phase."),
        Field("when", ConditionText(), "Fires when this holds."),
        Field("chance", Number(above=0, maximum=1), "Probability per eligible round, 0 < p <= 1 (seeded)."),
        Field("repeat", Boolean(), "May fire more than once.", default=False),
        Field("effects", CHANGES, CHANGES_TEXT + " Name the role: 'self' means nothing here.", default=EMPTY),
        Field(
            "quiet",
            Boolean(),
            "Format 2: updates the meters without a BREAKING banner (for a clock that ticks every round).",
            default=False,
            since=V2,
        ),
        Field("starts", ListOf(TIMER_REF), "Format 2: starts (or restarts) these timers.", since=V2),
        Field("stops", ListOf(TIMER_REF), "Format 2: stops these timers.", since=V2),
        Field("audience", AUDIENCE, "Who learns of it: everyone (default), a role, a pair or a list."),
        Field("private_text", PRIVATE_TEXT, PRIVATE_TEXT_TEXT, default=EMPTY),
    ),
    at_least_one=("round", "phase", "when", "chance"),
)

TERM = Record(
    "term",
    "Term",
    "One term of a proposal: what agreeing to it changes (format 2).",
    (
        Field("label", Text(), "e.g. 'Freeze naval movements'.", required=True),
        Field("effects", CHANGES, CHANGES_TEXT + " Name the role: 'self' means nothing here.", default=EMPTY),
        Field("optional", Boolean(), "Left out of the first offer; a counter may add it.", default=False),
    ),
)

COUNTER = Record(
    "counter",
    "Counter",
    "An amendment an addressed role may answer a proposal with; it goes back as a new offer (format 2).",
    (
        Field("label", Text(), "e.g. 'Drop the inspection clause'.", required=True),
        Field("drop", ListOf(Ref("term", ID)), "Terms it takes out.", default=()),
        Field("add", ListOf(Ref("term", ID)), "Terms it puts in.", default=()),
    ),
    at_least_one=("drop", "add"),
)

PROPOSAL = Record(
    "proposal",
    "Proposal",
    "A named package of terms that a move tables, addressed to roles, who accept, reject or counter "
    "it (format 2).",
    (
        Field("label", Text(), "e.g. 'Standstill package'.", required=True),
        Field("text", Text(), "What is on offer, shown with it.", default=""),
        Field("to", ListOf(ROLE_REF, min_items=1), "The roles it is addressed to.", required=True),
        Field(
            "needs",
            Choice(_values(Needs)),
            "'all': every addressed role must accept; 'any': one acceptance is enough.",
            default=Needs.ALL.value,
        ),
        Field(
            "expires",
            Integer(minimum=1, maximum=MAX_ROUNDS),
            "Rounds it stays on the table, the round it is tabled included; without it, until answered.",
        ),
        Field("terms", MapOf(Id(ID, "term id", ID_RULE), TERM, min_items=1), "The terms.", required=True),
        Field(
            "counters",
            MapOf(Id(ID, "counter id", ID_RULE), COUNTER),
            "The amendments addressed roles may answer with.",
            default=EMPTY,
        ),
    ),
)

TIMER = Record(
    "timer",
    "Timer",
    "A named countdown, such as an ultimatum, that a move or inject starts (format 2).",
    (
        Field("label", Text(), "e.g. 'Ultimatum'.", required=True),
        Field(
            "rounds",
            Integer(minimum=1, maximum=MAX_ROUNDS),
            "How many rounds it runs, the round it starts included; it expires at the end of the last.",
            required=True,
        ),
        Field("text", Text(), "What happens when it runs out.", default=""),
        Field("effects", CHANGES, "Applied when it runs out. " + CHANGES_TEXT, default=EMPTY),
        Field(
            "visible_to", ListOf(ROLE_REF), "The roles shown its countdown; empty: every role.", default=()
        ),
    ),
)

RULE = Record(
    "rule",
    "Rubric rule",
    "Points for a tag, a move or a final condition, with the note that explains them.",
    (
        Field("tag", TAG_REF, "Points for each of the player's moves carrying this tag."),
        Field("move", MOVE_REF, "Points each time the player played this move."),
        Field(
            "if",
            ConditionText(),
            "Points once if this holds at the end "
            "('self' is the scored role; 'ending.' and 'outcome.' may be read).",
        ),
        Field("points", Integer(), "Points added (or taken away).", required=True),
        Field("note", Text(), "The explanation shown in the debrief.", required=True),
        Field("max_times", Integer(minimum=1), "Count at most this many times (tag and move rules only)."),
        Field("roles", ListOf(ROLE_REF), "Score this rule only for these roles.", default=()),
        Field("cite", CITATIONS, "The doctrine behind the rule, shown beside its score.", default=()),
    ),
    exactly_one=("tag", "move", "if"),
    excludes=(("max_times", "if"),),
)

DIMENSION = Record(
    "dimension",
    "Rubric dimension",
    "A scoring dimension: 'start' plus the points of its rules, clamped to 0-100.",
    (
        Field("title", Text(), "e.g. 'Escalation control'.", required=True),
        Field("weight", Number(above=0), "Weight in the overall score (> 0).", default=1),
        Field("start", Integer(minimum=0, maximum=100), "Score before any rule applies, 0-100.", default=50),
        Field("rules", ListOf(RULE), "The rules that add or take away points.", required=True),
        Field("cite", CITATIONS, "The doctrine behind the dimension, for rules that cite none.", default=()),
    ),
)

ROUNDS = Record(
    "rounds",
    "Rounds",
    "How rounds are played and when the case is cut short.",
    (
        Field(
            "mode",
            Choice(_values(RoundMode)),
            "'sequential': in turn; 'simultaneous': chosen in secret, then resolved together.",
            default=RoundMode.SEQUENTIAL.value,
        ),
        Field(
            "order",
            ListOf(ROLE_REF),
            "Turn order (or resolution order); every role once. Default: the roles in the order declared.",
        ),
        Field(
            "limit",
            Integer(minimum=1, maximum=MAX_ROUNDS),
            "The case ends after this many rounds...",
            required=True,
        ),
        Field("on_limit", Ref("ending", ID), "...in this ending.", required=True),
    ),
)

# The teaching notes: for the facilitator, never shown to trainees during play.
DOCTRINE_SOURCES = {
    "coercion": "Adaptive negotiation under coercion (shared/seeds/adaptive-negotiation-under-coercion.txt)",
    "arms": "Arms-reduction coalitions (shared/seeds/arms-reduction-coalitions.txt)",
    "small-state": "Microlateralism and small-state leadership "
    "(shared/seeds/microlateralism-small-state-leadership.txt)",
}
PASSAGE = Record(
    "passage",
    "Doctrine passage",
    "A short verbatim quote from one of the doctrine texts.",
    (
        Field("source", Choice(tuple(DOCTRINE_SOURCES)), "coercion, arms or small-state.", required=True),
        Field("quote", Text(), "A short quote, word for word as in the text.", required=True),
    ),
)
OBJECTIVE = Record(
    "objective",
    "Learning objective",
    "What a trainee should be able to do after the case, and how the debrief measures it.",
    (
        Field("text", Text(), "The objective, e.g. 'Hold a red line calmly'.", required=True),
        Field(
            "dimensions",
            ListOf(Ref("rubric dimension", ID), min_items=1),
            "The rubric dimensions that measure it (ids under 'rubric').",
            required=True,
        ),
        Field("doctrine", ListOf(PASSAGE, min_items=1), "The doctrine passages it teaches.", required=True),
    ),
)
COMMON_ERROR = Record(
    "common_error",
    "Common error",
    "A mistake trainees often make in this case, and what to say about it.",
    (
        Field("error", Text(), "What trainees do.", required=True),
        Field("why", Text(), "Why it goes wrong, and what the debrief shows.", required=True),
    ),
)
TIMING = Record(
    "timing",
    "Class timing",
    "One block of a class plan.",
    (
        Field("minutes", Integer(minimum=1), "How long.", required=True),
        Field("activity", Text(), "What happens, e.g. 'Briefing read aloud'.", required=True),
    ),
)
TEACHING = Record(
    "teaching",
    "Teaching notes",
    "Notes for the facilitator: shown by 'parley notes' and on the library and debrief screens, "
    "never to trainees during play.",
    (
        Field("objectives", ListOf(OBJECTIVE, min_items=1), "Learning objectives.", required=True),
        Field("expected_play", Text(), "What doctrine-following play looks like here.", required=True),
        Field("common_errors", ListOf(COMMON_ERROR), "Mistakes to expect.", default=()),
        Field("timing", ListOf(TIMING), "A plan for a 45-minute class.", default=()),
        Field("discussion", TEXT_LIST, "Questions for the debrief discussion.", default=()),
    ),
)

CASE = Record(
    "case",
    "Parley case",
    f"A crisis case for Parley, format version {SCHEMA_VERSION}.",
    (
        Field(
            "schema_version",
            Version(SCHEMA_VERSION, OLDEST_VERSION),
            f"The format version: {SCHEMA_VERSION} (files of version {OLDEST_VERSION} still load unchanged).",
            required=True,
        ),
        Field(
            "id",
            Id(CASE_ID, "case id", CASE_RULE),
            "Unique name of the case, e.g. 'harbour-standoff'.",
            required=True,
        ),
        Field("title", Text(), "Shown in the case library.", required=True),
        Field("summary", Text(), "One paragraph for the library.", required=True),
        Field(
            "difficulty",
            Choice(_values(Difficulty)),
            "How much a trainee should already know.",
            required=True,
        ),
        Field(
            "duration_minutes",
            Integer(minimum=1),
            "Expected playing time for a first-time trainee.",
            required=True,
        ),
        Field("briefing", Text(), "The public situation every player reads.", required=True),
        Field("rounds", ROUNDS, "How rounds are played.", required=True),
        Field(
            "roles",
            MapOf(Id(ROLE_ID, "role id", ROLE_RULE), ROLE, min_items=2),
            "The parties: at least two, at least one playable.",
            required=True,
        ),
        Field(
            "meters",
            MapOf(Id(ID, "meter id", ID_RULE), METER, min_items=1),
            "What the case tracks: at least one meter.",
            required=True,
        ),
        Field(
            "flags",
            MapOf(Id(ID, "flag id", ID_RULE), Text()),
            "True/false facts, all false at the start.",
            default=EMPTY,
        ),
        Field(
            "tags",
            MapOf(Id(ID, "tag id", ID_RULE), Text()),
            "Extra doctrine tags beyond the built-in ones.",
            default=EMPTY,
        ),
        Field(
            "phases",
            MapOf(Id(ID, "phase id", ID_RULE), PHASE, min_items=1),
            "The stages of the case; the first one listed is where play begins.",
            required=True,
        ),
        Field(
            "endings",
            MapOf(Id(ID, "ending id", ID_RULE), ENDING, min_items=1),
            "How the case can end: at least one.",
            required=True,
        ),
        Field(
            "moves", MapOf(Id(ID, "move id", ID_RULE), MOVE), "Everything the roles can do.", required=True
        ),
        Field("injects", MapOf(Id(ID, "inject id", ID_RULE), INJECT), "Breaking events.", default=EMPTY),
        Field(
            "proposals",
            MapOf(Id(ID, "proposal id", ID_RULE), PROPOSAL),
            "Format 2: packages of terms that moves table.",
            default=EMPTY,
            since=V2,
        ),
        Field(
            "timers",
            MapOf(Id(ID, "timer id", ID_RULE), TIMER),
            "Format 2: countdowns (ultimatums, deadlines) that moves and injects start.",
            default=EMPTY,
            since=V2,
        ),
        Field(
            "rubric",
            MapOf(Id(ID, "dimension id", ID_RULE), DIMENSION, min_items=1),
            "How players are scored: at least one dimension.",
            required=True,
        ),
        Field(
            "rubrics",
            MapOf(ROLE_REF, MapOf(Id(ID, "dimension id", ID_RULE), DIMENSION, min_items=1)),
            "A role's own rubric (e.g. a mediator's), in place of 'rubric' for that role.",
            default=EMPTY,
        ),
        Field("teaching", TEACHING, "Teaching notes for the facilitator (optional)."),
    ),
)
"""The whole case: the root of the description."""


# ------------------------------------------------------------------ JSON Schema


def json_schema() -> dict[str, Any]:
    """The case format as a JSON Schema (draft 2020-12) document, for editors."""
    return to_json_schema(
        CASE, "Generated from game/case/schema.py by game.case.schema.json_schema(); do not edit by hand."
    )


def json_schema_text() -> str:
    """:func:`json_schema` as the text of ``cases/parley-case.schema.json``."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


__all__ = [
    "CASE",
    "EMPTY",
    "NO_DEFAULT",
    "Boolean",
    "Choice",
    "ConditionText",
    "Either",
    "Field",
    "Id",
    "Integer",
    "ListOf",
    "MapOf",
    "Number",
    "Record",
    "Ref",
    "Text",
    "Type",
    "Version",
    "json_schema",
    "json_schema_text",
]
