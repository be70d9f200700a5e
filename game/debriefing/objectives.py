"""The after-action view of a debrief: per rubric dimension, what was expected, what was observed,
the cause, what to sustain and what to improve, with references.

This is the shape of an after-action report and improvement plan as exercise programmes write
them (HSEEP's AAR/IP: each objective is rated, its strengths and areas for improvement are listed
with their analysis and references, and the areas for improvement become the improvement plan).
Parley's cases state their objectives as rubric dimensions, so there is one :class:`Objective`
per dimension.  The rating follows HSEEP's four levels from the dimension's score:
80 and up *performed without challenges* (P), 60–79 *with some challenges* (S), 40–59 *with
major challenges* (M), below 40 *unable to be performed* (U).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.case.conditions import names
from game.case.model import Case, Rule, RuleKind
from game.debriefing.labels import move_label
from game.debriefing.scoring import DimensionScore, Hit, PlayerScore
from game.debriefing.screening import cited, tag_meaning, veto

if TYPE_CHECKING:
    from game.debriefing.reportmodel import BetterMove

NOTABLE = 5.0  # a better move is named under an objective it would have raised by this much or more

RATINGS = (
    (80, "P", "Performed without challenges"),
    (60, "S", "Performed with some challenges"),
    (40, "M", "Performed with major challenges"),
    (0, "U", "Unable to be performed"),
)


@dataclass(frozen=True, slots=True)
class Objective:
    """One rubric dimension, read as an exercise objective."""

    id: str
    title: str
    score: int
    start: int
    rating: str  # "P", "S", "M" or "U"
    rating_text: str
    expected: tuple[str, ...]  # what the rubric rewards
    observed: tuple[str, ...]  # what happened, with rounds
    cause: str  # why the score is what it is
    sustain: tuple[str, ...]  # strengths
    improve: tuple[Improvement, ...]  # areas for improvement, each with a corrective action
    references: tuple[str, ...]  # doctrine behind the rules and the suggestions


@dataclass(frozen=True, slots=True)
class Improvement:
    """An area for improvement and the corrective action (the improvement plan's row)."""

    area: str
    action: str


def objectives(case: Case, player: PlayerScore, better: Sequence[BetterMove] = ()) -> tuple[Objective, ...]:
    """The after-action view of one player's debrief; ``better`` are its better-moves verdicts."""
    return tuple(_objective(case, player.role, dim, better) for dim in player.dimensions)


def rating(score: int) -> tuple[str, str]:
    """HSEEP's rating letter and words for a dimension's score."""
    for floor, letter, words in RATINGS:
        if score >= floor:
            return letter, words
    return RATINGS[-1][1], RATINGS[-1][2]  # pragma: no cover - scores are 0–100


def _objective(case: Case, role: str, dim: DimensionScore, better: Sequence[BetterMove]) -> Objective:
    spec = case.rubric_for(role)[dim.id]
    rules = [r for r in spec.rules if not r.roles or role in r.roles]
    letter, words = rating(dim.score)
    hits = list(dim.hits)
    earned = {h.note for h in hits}
    sustain = _grouped([h for h in hits if h.points > 0])
    improve = [
        Improvement(area, _avoid(case, [h for h in hits if h.note == note and h.move]))
        for note, area in _grouped_by_note([h for h in hits if h.points < 0])
    ]
    if dim.score < 80:
        # another ending, which the rubric pays no more than the one reached, is no goal ("aim for
        # a stalemate" after a partial agreement); a rule on the ending reached stays (a bonus on it)
        ends = [r for r in rules if r.note in earned and _endings_read(r)]
        reached = max((r.points for r in ends), default=0)
        seen = frozenset(n for r in ends for n in _endings_read(r))
        improve += [
            Improvement(f"not achieved: {r.note}", _try(case, role, r))
            for r in rules
            if r.points > 0
            and r.note not in earned
            and not (_endings_read(r) and not _endings_read(r) & seen and r.points <= reached)
        ]
    for item in better:
        gain = next((g.gain for g in item.raised if g.id == dim.id), None)
        if item.verdict == "better" and gain is not None and gain >= NOTABLE:
            improve.append(
                Improvement(
                    f"round {item.round}: a clearly better move was open",
                    f"“{item.alternative}” instead of “{item.played}” "
                    f"(this objective {gain:+.0f} on average)",
                )
            )
    return Objective(
        id=dim.id,
        title=dim.title,
        score=dim.score,
        start=spec.start,
        rating=letter,
        rating_text=words,
        expected=tuple(_expected(case, r) for r in rules if r.points > 0),
        observed=tuple(_observed(case, h) for h in hits) or (f"nothing moved it: it stayed at {spec.start}",),
        cause=dim.explanation,
        sustain=tuple(sustain),
        improve=tuple(improve),
        references=_quotes(dim) + _references(case, rules, better, dim.id),
    )


def _endings_read(rule: Rule) -> frozenset[str]:
    """The ``outcome.`` and ``ending.`` names an ``if`` rule reads: where the case must have ended."""
    if rule.kind is not RuleKind.IF or rule.when is None:
        return frozenset()
    return frozenset(n.text for n in names(rule.when.expr) if n.text.startswith(("outcome.", "ending.")))


def _expected(case: Case, rule: Rule) -> str:
    if rule.kind is RuleKind.TAG:
        each = f"each move tagged {rule.target.replace('_', ' ')}"
    elif rule.kind is RuleKind.MOVE:
        move = case.moves.get(rule.target)
        each = f"“{move.label if move else rule.target}”"
    else:
        each = "at the end"
    limit = ""
    if rule.max_times and rule.kind is not RuleKind.IF:
        limit = ", once" if rule.max_times == 1 else f", up to {rule.max_times} times"
    return f"{rule.note} ({rule.points:+d} {each}{limit})"


def _observed(case: Case, hit: Hit) -> str:
    if hit.seq is not None and hit.move is not None:
        return f"round {hit.round}, “{move_label(case, hit.move)}”: {hit.points:+d} {hit.note}"
    detail = f" ({hit.detail})" if hit.detail else ""
    return f"at the end: {hit.points:+d} {hit.note}{detail}"


def _grouped_by_note(hits: Sequence[Hit]) -> list[tuple[str, str]]:
    """(note, "note: points (rounds)") per rule note, in order."""
    notes: dict[str, list[Hit]] = {}
    for hit in hits:
        notes.setdefault(hit.note, []).append(hit)
    out = []
    for note, group in notes.items():
        rounds = [f"round {h.round}" for h in group if h.round is not None]
        where = f" ({', '.join(rounds)})" if rounds else " (at the end)"
        out.append((note, f"{note}: {sum(h.points for h in group):+d}{where}"))
    return out


def _grouped(hits: Sequence[Hit]) -> list[str]:
    return [line for _, line in _grouped_by_note(hits)]


def _avoid(case: Case, hits: Sequence[Hit]) -> str:
    labels = list(dict.fromkeys(move_label(case, h.move) for h in hits if h.move))
    if not labels:
        return "the end of the case cost these points: see the cause"
    return "avoid " + " and ".join(f"“{label}”" for label in labels)


def _try(case: Case, role: str, rule: Rule) -> str:
    """The moves that would have earned ``rule``, for the improvement plan (never a vetoed move)."""
    if rule.kind is RuleKind.IF:
        return f"aim for this by the end of the case ({rule.points:+d})"
    if rule.kind is RuleKind.MOVE:
        move = case.moves.get(rule.target)
        if move is None or veto(case, role, move) is not None:
            return f"earn this where the doctrine allows ({rule.points:+d})"
        return f"try “{move.label}” ({rule.points:+d})"
    moves = [
        m.label
        for m in case.moves.values()
        if rule.target in m.tags and (not m.roles or role in m.roles) and veto(case, role, m) is None
    ]
    if not moves:
        return f"a move tagged {rule.target.replace('_', ' ')} the doctrine allows ({rule.points:+d})"
    return "try " + " or ".join(f"“{label}”" for label in moves[:2]) + f" ({rule.points:+d})"


def _quotes(dim: DimensionScore) -> tuple[str, ...]:
    """The doctrine passages behind the rules that scored here, then the dimension's own."""
    cites = [c for hit in dim.hits for c in hit.cite] + list(dim.cite)
    return tuple(dict.fromkeys(f"“{c.quote}” ({c.source})" for c in cites))


def _references(
    case: Case, rules: Sequence[Rule], better: Sequence[BetterMove], dim_id: str
) -> tuple[str, ...]:
    out: list[str] = []
    for rule in rules:
        if rule.kind is RuleKind.TAG:
            meaning = tag_meaning(case, rule.target)
            if meaning:
                out.append(f"{rule.target.replace('_', ' ')}: {meaning} ({cited(case, rule.target)})")
    for item in better:
        if item.verdict == "better" and any(g.id == dim_id and g.gain >= NOTABLE for g in item.raised):
            out += [f"{r.text} ({r.source})" for r in item.reasons if r.doctrine]
    return tuple(dict.fromkeys(out))
