"""The validated, immutable case model.

A case file is turned into these objects by :mod:`game.case.loader`; nothing else
builds them from YAML.  Every object is frozen and every collection is a tuple
or a read-only mapping, so a loaded case can be shared between sessions,
processes and threads without copying.

Names used in conditions and effects ("slots") are resolved by
:mod:`game.case.names`:

* a global meter is written ``escalation``;
* a per-role meter ``support.velmar`` (or ``support.self`` for the acting role);
* a per-pair meter ``trust.kest_velmar`` (either order names the same meter);
* a flag ``flags.leak``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from game.case.audience import PUBLIC, Audience, Band
from game.case.conditions import Expr, Getter, names

SCHEMA_VERSION = 2
"""The newest format version this Parley reads (and the one it describes)."""
OLDEST_VERSION = 1
"""The oldest format version this Parley still reads; version 1 files load unchanged."""


class Scope(StrEnum):
    """Whom a meter belongs to."""

    GLOBAL = "global"
    ROLE = "role"
    PAIR = "pair"


class RoundMode(StrEnum):
    """How the roles move within a round."""

    SEQUENTIAL = "sequential"
    SIMULTANEOUS = "simultaneous"


class Outcome(StrEnum):
    """The kind of result an ending represents, best first."""

    AGREEMENT = "agreement"
    PARTIAL = "partial"
    STALEMATE = "stalemate"
    BREAKDOWN = "breakdown"
    CAPITULATION = "capitulation"


class Difficulty(StrEnum):
    """How much a trainee should already know."""

    INTRODUCTORY = "introductory"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


@dataclass(frozen=True, slots=True)
class Pos:
    """Where something was written: 1-based line and column in the case file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Condition:
    """An author's condition, parsed, checked against the case's names and compiled.

    ``test`` reads a :class:`game.play.board.Board` and returns the condition's value.
    """

    source: str
    expr: Expr
    pos: Pos
    test: Getter = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Effect:
    """A change to one slot: add ``delta`` to a meter, or set a flag.

    ``target`` is the slot as written, e.g. ``support.self``; ``self`` is
    resolved to the acting role when the effect is applied.
    """

    target: str
    delta: int = 0
    flag: bool | None = None
    pos: Pos = Pos(0, 0)
    when: Condition | None = None  # format 2: applied only if this holds when it is applied


@dataclass(frozen=True, slots=True)
class Preference:
    """One weighted, optionally conditional entry of a counterpart policy."""

    move: str
    weight: float
    when: Condition | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Citation:
    """A passage of the doctrine: a short verbatim quote and the title of its source."""

    quote: str
    source: str


@dataclass(frozen=True, slots=True)
class RedLine:
    """A red line the engine checks: the role breaches it by playing one of ``moves``,
    or when ``when`` becomes true right after one of its own moves.

    A breach is a ``breach`` event in the log and costs ``points`` (negative) in the
    role's rubric dimension ``dimension``.
    """

    index: int  # position among the role's red lines, from 0: the id the log uses
    text: str
    moves: tuple[str, ...]
    when: Condition | None
    dimension: str
    points: int
    cite: tuple[Citation, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Role:
    """A party to the crisis, with what only its player may read.

    ``red_lines`` are the texts of its red lines, as briefed; ``checked_red_lines``
    those of them the engine checks (declared with what breaches them).  ``rubric``
    is the role's own rubric, or empty when the case rubric scores it (see
    :meth:`Case.rubric_for`).
    """

    id: str
    name: str
    description: str
    briefing: str
    interests: tuple[str, ...]
    red_lines: tuple[str, ...]
    batna: str
    playable: bool
    policy: tuple[Preference, ...]
    pos: Pos
    reservation: Condition | None = None  # format 2: what an offer must leave for the policy to accept
    checked_red_lines: tuple[RedLine, ...] = ()
    rubric: Mapping[str, Dimension] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Meter:
    """A named bounded integer, global, per role or per pair of roles.

    ``initial`` maps every concrete slot name this meter declares to its
    starting value, in declaration order.
    """

    id: str
    label: str
    scope: Scope
    minimum: int
    maximum: int
    initial: Mapping[str, int]
    visible: bool
    description: str
    pos: Pos
    pairs: Mapping[str, tuple[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    """Format 2, per-pair meters listing their pairs: each slot's two roles in the author's order."""
    audience: Audience = PUBLIC  # who sees the number (see game.case.audience)
    bands: tuple[Band, ...] = ()  # what everyone else sees instead, if anything


@dataclass(frozen=True, slots=True)
class Flag:
    """A named true/false fact, false at the start."""

    id: str
    description: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Reply:
    """A counterpart's reaction to a move, shown after it is played."""

    role: str
    text: str
    when: Condition | None
    effects: tuple[Effect, ...]
    pos: Pos
    audience: Audience | None = None  # None: those who see the move (and the replier)


@dataclass(frozen=True, slots=True)
class Requirement:
    """One part of when a move is open, with the reason shown while it fails (format 2)."""

    when: Condition
    reason: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Move:
    """Something a role can do.

    ``answer`` is set only on the moves the engine makes for answering an
    offer (``standstill.accept``): ``(proposal id, "accept" | "reject" | counter id)``.
    """

    id: str
    label: str
    description: str
    roles: tuple[str, ...]
    when: Condition | None
    locked_reason: str
    effects: tuple[Effect, ...]
    tags: tuple[str, ...]
    feedback: str
    replies: tuple[Reply, ...]
    pos: Pos
    appears_when: Condition | None = None
    requires: tuple[Requirement, ...] = ()
    proposes: str | None = None
    starts: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    answer: tuple[str, str] | None = None
    audience: Audience = PUBLIC  # who sees it played; the others see "X made a private move"


@dataclass(frozen=True, slots=True)
class Exit:
    """A guarded way out of a phase, to another phase or an ending."""

    to: str
    when: Condition
    pos: Pos


@dataclass(frozen=True, slots=True)
class Phase:
    """A state of the case's machine."""

    id: str
    title: str
    text: str
    moves: Mapping[str, tuple[str, ...]]
    max_rounds: int | None
    on_timeout: str | None
    exits: tuple[Exit, ...]
    pos: Pos
    # per-role parts of the narrative: role id or pair key → text
    private_text: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Variant:
    """Another telling of an ending, used when its condition holds as the case ends (format 2)."""

    when: Condition
    title: str  # "" keeps the ending's title
    text: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Ending:
    """A final state of the case's machine."""

    id: str
    title: str
    outcome: Outcome
    text: str
    pos: Pos
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True, slots=True)
class Inject:
    """A breaking event.

    It is considered at the start of every round; it fires when every trigger
    it names holds (``round``, ``phase``, ``when``) and, if it has a
    ``chance``, a seeded draw succeeds.  It fires at most once unless
    ``repeat`` is true.
    """

    id: str
    title: str
    text: str
    round: int | None
    phase: str | None
    when: Condition | None
    chance: float | None
    repeat: bool
    effects: tuple[Effect, ...]
    pos: Pos
    quiet: bool = False
    starts: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    audience: Audience = PUBLIC  # who learns of it
    # per-role parts of the narrative: role id or pair key → text
    private_text: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a proposal: what agreeing to it changes."""

    id: str
    label: str
    effects: tuple[Effect, ...]
    optional: bool  # left out of the first offer; a counter may add it
    pos: Pos


@dataclass(frozen=True, slots=True)
class Counter:
    """An amendment an addressed role may answer a proposal with."""

    id: str
    label: str
    drop: tuple[str, ...]
    add: tuple[str, ...]
    pos: Pos


class Needs(StrEnum):
    """Whose acceptance puts a proposal's terms into effect."""

    ALL = "all"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A package of terms a move can table, addressed to roles (format 2)."""

    id: str
    label: str
    text: str
    to: tuple[str, ...]
    needs: Needs
    expires: int | None  # rounds it stays on the table, the round tabled included
    terms: Mapping[str, Term]
    counters: Mapping[str, Counter]
    pos: Pos

    @property
    def first_offer(self) -> tuple[str, ...]:
        """The terms tabled at first: every term not marked optional."""
        return tuple(t.id for t in self.terms.values() if not t.optional)


@dataclass(frozen=True, slots=True)
class Timer:
    """A named countdown a move or inject starts: an ultimatum, a deadline (format 2)."""

    id: str
    label: str
    rounds: int
    text: str
    effects: tuple[Effect, ...]
    visible_to: tuple[str, ...]  # empty: every role
    pos: Pos


class Scores(StrEnum):
    """What a rubric rule scores: an act of the scored role, or a state of the table."""

    ACT = "act"  # the role's own moves (tag and move rules, ``if`` rules reading only ``mine.``)
    STATE = "state"  # the board at the end: the role is credited with the part its decisions caused


class RuleKind(StrEnum):
    """What a rubric rule looks at."""

    TAG = "tag"  # each of the player's moves carrying a tag
    MOVE = "move"  # each time the player played one move
    IF = "if"  # a condition on the final state


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of a rubric dimension: points and the note that explains them."""

    kind: RuleKind
    target: str  # tag or move id; the condition's source for IF rules
    when: Condition | None
    points: int
    note: str
    max_times: int | None
    roles: tuple[str, ...]  # empty: applies to every scored role
    pos: Pos
    cite: tuple[Citation, ...] = ()

    @property
    def scores(self) -> Scores:
        """Whether the rule scores an act of the role or a state of the table."""
        if self.kind is not RuleKind.IF or self.when is None:
            return Scores.ACT
        read = [n.text for n in names(self.when.expr)]
        return Scores.ACT if read and all(t.startswith("mine.") for t in read) else Scores.STATE


@dataclass(frozen=True, slots=True)
class Dimension:
    """A scoring dimension: starts at ``start``, rules add points, clamped 0–100."""

    id: str
    title: str
    weight: float
    start: int
    rules: tuple[Rule, ...]
    pos: Pos
    cite: tuple[Citation, ...] = ()


MAX_ROUNDS = 1000
"""The most rounds a case may last (``rounds.limit``) or a phase may (``max_rounds``).

The loader refuses more, and the engine ends any session at this many rounds
whatever its case says (the ending event's reason is then ``"bound"``), so no
input can make a game, a lint or an analysis run without end.
"""


@dataclass(frozen=True, slots=True)
class Rounds:
    """How rounds are played and when the case is cut short."""

    mode: RoundMode
    order: tuple[str, ...]
    limit: int
    on_limit: str


@dataclass(frozen=True, slots=True)
class Passage:
    """A short verbatim quote from a doctrine text (``source``: coercion, arms or small-state)."""

    source: str
    quote: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Objective:
    """A learning objective, the rubric dimensions that measure it and the doctrine it teaches."""

    text: str
    dimensions: tuple[str, ...]
    doctrine: tuple[Passage, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Teaching:
    """Notes for the facilitator; never shown to trainees during play."""

    objectives: tuple[Objective, ...]
    expected_play: str
    common_errors: tuple[tuple[str, str], ...]  # (error, why)
    timing: tuple[tuple[int, str], ...]  # (minutes, activity)
    discussion: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Case:
    """A whole validated case."""

    schema_version: int
    id: str
    title: str
    summary: str
    difficulty: Difficulty
    duration_minutes: int
    briefing: str
    rounds: Rounds
    roles: Mapping[str, Role]
    meters: Mapping[str, Meter]
    flags: Mapping[str, Flag]
    tags: Mapping[str, str]
    phases: Mapping[str, Phase]
    endings: Mapping[str, Ending]
    moves: Mapping[str, Move]
    injects: Mapping[str, Inject]
    rubric: Mapping[str, Dimension]
    path: str
    source_hash: str
    teaching: Teaching | None = None
    proposals: Mapping[str, Proposal] = field(default_factory=lambda: MappingProxyType({}))
    timers: Mapping[str, Timer] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def start(self) -> str:
        """The first phase listed, where every session begins."""
        return next(iter(self.phases))

    def rubric_for(self, role: str) -> Mapping[str, Dimension]:
        """The rubric that scores ``role``: its own if it has one, else the case's."""
        own = self.roles[role].rubric if role in self.roles else None
        return own or self.rubric

    @property
    def private(self) -> bool:
        """Whether anything in the case is seen by some roles only (see :mod:`game.case.audience`)."""
        return (
            any(not m.audience.public for m in self.meters.values())
            or any(not m.audience.public or any(r.audience for r in m.replies) for m in self.moves.values())
            or any(not i.audience.public or i.private_text for i in self.injects.values())
            or any(p.private_text for p in self.phases.values())
            or any(t.visible_to for t in self.timers.values())
        )

    @property
    def playable_roles(self) -> tuple[str, ...]:
        """Roles a human may take, in declaration order."""
        return tuple(r.id for r in self.roles.values() if r.playable)
