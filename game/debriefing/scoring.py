"""The debrief: scores computed from a case and an event log, and nothing else.

For each scored role (the human players; every playable role when nobody
played), each rubric dimension starts at its ``start`` and adds the points of
its rules, clamped to 0–100:

* ``tag``/``move`` rules count the role's own moves in the log, each counted
  move being cited by round and label;
* ``if`` rules read the final board, with ``self`` bound to the scored role;
  the explanation shows the values the condition read.

A role's overall score is the weighted mean of its dimensions, rounded; the
table's is the mean of its players'.  The decisions that mattered most are the
moves whose rule points moved a player's overall score the most.

:func:`totals` gives the same numbers without the explanations, from a
board (``fold(case, log)``, or :meth:`game.play.session.Session.tally` of a live
session): a role's ``tag``/``move`` rules only need how often it played each
move and tag, which the board counts.  Analysis and rollouts score thousands
of sessions with it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from game.case.conditions import Getter, mentions_self, names
from game.case.model import Case, Dimension, Move, Rule, RuleKind
from game.case.names import Context
from game.debriefing.labels import reading_label, slot_label
from game.play.board import Board
from game.play.events import Event
from game.play.replay import fold
from game.play.rules import rules_for


@dataclass(frozen=True, slots=True)
class Hit:
    """One application of a rule: its points and what earned them."""

    points: int
    note: str
    seq: int | None  # the move event it counts, None for an ``if`` rule
    round: int | None
    move: str | None
    detail: str  # for ``if`` rules: the values read, e.g. "Escalation ladder = 2"


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """A dimension's score for one role, with the reasons."""

    id: str
    title: str
    weight: float
    score: int
    explanation: str
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """A move and how much it moved its player's overall score."""

    role: str
    seq: int
    round: int
    move: str
    label: str
    impact: float
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlayerScore:
    """Everything the debrief says about one scored role."""

    role: str
    name: str
    overall: int
    dimensions: tuple[DimensionScore, ...]
    decisions: tuple[Decision, ...]


@dataclass(frozen=True, slots=True)
class Debrief:
    """The debrief of one session."""

    case: str
    ending: str | None
    outcome: str | None
    rounds: int
    overall: int
    players: tuple[PlayerScore, ...]
    key_decisions: tuple[Decision, ...]

    def player(self, role: str) -> PlayerScore:
        """The score of one role; KeyError if it was not scored."""
        for player in self.players:
            if player.role == role:
                return player
        raise KeyError(role)


def scored_roles(case: Case, events: Sequence[Event]) -> tuple[str, ...]:
    """The humans of the session, or every playable role when there were none."""
    start = next((e for e in events if e.kind == "start"), None)
    humans = tuple(start.data.get("humans", ())) if start else ()
    return humans or case.playable_roles


def debrief(case: Case, events: Sequence[Event], top: int = 5) -> Debrief:
    """Score a session from its log; ``top`` decisions are kept per player."""
    board = fold(case, events)
    start = next((e for e in events if e.kind == "start"), None)
    player_names = dict(start.data.get("names", {})) if start else {}
    players = []
    for role in scored_roles(case, events):
        moves = [(e, case.moves[e.data["move"]]) for e in events if e.kind == "move" and e.role == role]
        dims = tuple(_dimension(case, dim, role, moves, board) for dim in case.rubric.values())
        overall = _weighted(dims)
        decisions = _decisions(case, role, dims)
        name = player_names.get(role) or case.roles[role].name
        players.append(PlayerScore(role, name, overall, dims, decisions[:top]))
    everyone = sorted((d for p in players for d in p.decisions), key=lambda d: (-abs(d.impact), d.seq))
    table = round(sum(p.overall for p in players) / len(players)) if players else 0
    return Debrief(
        case=case.id,
        ending=board.ending or None,
        outcome=board.outcome or None,
        rounds=board.round,
        overall=table,
        players=tuple(players),
        key_decisions=tuple(everyone[:top]),
    )


@dataclass(frozen=True, slots=True)
class Totals:
    """A role's scores without the reasons: overall, and per dimension in rubric order."""

    role: str
    overall: int
    dimensions: tuple[int, ...]


def totals(case: Case, board: Board, role: str) -> Totals:
    """``role``'s scores at ``board``, equal to those :func:`debrief` gives for the same log."""
    return totals_for(case, board, (role,))[0]


def totals_for(case: Case, board: Board, roles: Sequence[str]) -> tuple[Totals, ...]:
    """:func:`totals` for several roles at once (``if`` rules that do not read ``self`` are tested once)."""
    plan = _plan_for(case)
    shared = [bool(test(board)) for test in plan.shared]
    out: list[Totals] = []
    for role in roles:
        counts = board.mine.get(role, {})
        board.self_role = role
        scores: list[int] = []
        weighted = 0.0
        for weight, start, rules in plan.dimensions:
            points = start
            for only, counted, test, shared_index, each, cap in rules:
                if only and role not in only:
                    continue
                if counted is not None:
                    times = counts.get(counted, 0)
                    points += each * (cap if cap is not None and times > cap else times)
                elif shared[shared_index] if test is None else test(board):
                    points += each
            score = 0 if points < 0 else 100 if points > 100 else points
            scores.append(score)
            weighted += score * weight
        overall = round(weighted / plan.total_weight) if plan.total_weight else 0
        out.append(Totals(role, overall, tuple(scores)))
    return tuple(out)


# A rule laid out for :func:`totals_for`: (roles it scores, the tag or move it counts, or else the
# test of an ``if`` rule that reads ``self``/``mine.``, or else the index of its result among the
# tests shared by every role; points; max_times).
_RuleStep = tuple[tuple[str, ...], str | None, Getter | None, int, int, int | None]


@dataclass(frozen=True, slots=True)
class _Plan:
    dimensions: tuple[tuple[float, int, tuple[_RuleStep, ...]], ...]
    shared: tuple[Getter, ...]  # the ``if`` tests that do not depend on the scored role
    total_weight: float


def _step(rule: Rule, shared: list[Getter]) -> _RuleStep:
    if rule.kind is RuleKind.IF and rule.when is not None:
        personal = mentions_self(rule.when.expr)
        if personal:
            return (rule.roles, None, rule.when.test, -1, rule.points, None)
        shared.append(rule.when.test)
        return (rule.roles, None, None, len(shared) - 1, rule.points, None)
    return (rule.roles, rule.target, None, -1, rule.points, rule.max_times)


_PLANS: dict[int, tuple[Case, _Plan]] = {}
_PLANS_LOCK = threading.Lock()


def _plan_for(case: Case) -> _Plan:
    with _PLANS_LOCK:
        cached = _PLANS.get(id(case))
        if cached is None or cached[0] is not case:
            shared: list[Getter] = []
            dims = tuple(
                (dim.weight, dim.start, tuple(_step(rule, shared) for rule in dim.rules))
                for dim in case.rubric.values()
            )
            cached = (case, _Plan(dims, tuple(shared), sum(d.weight for d in case.rubric.values())))
            _PLANS[id(case)] = cached
        return cached[1]


def _weighted(dims: Sequence[DimensionScore]) -> int:
    total = sum(d.weight for d in dims)
    return round(sum(d.score * d.weight for d in dims) / total) if total else 0


def _dimension(
    case: Case, dim: Dimension, role: str, moves: Sequence[tuple[Event, Move]], board: Board
) -> DimensionScore:
    hits: list[Hit] = []
    for rule in dim.rules:
        if rule.roles and role not in rule.roles:
            continue
        hits.extend(_apply_rule(case, rule, role, moves, board))
    score = max(0, min(100, dim.start + sum(h.points for h in hits)))
    return DimensionScore(dim.id, dim.title, dim.weight, score, _explain(case, dim, hits), tuple(hits))


def _apply_rule(
    case: Case, rule: Rule, role: str, moves: Sequence[tuple[Event, Move]], board: Board
) -> list[Hit]:
    """The hits of one rule for ``role``; ``moves`` are the role's move events with their moves."""
    if rule.kind is RuleKind.IF:
        assert rule.when is not None
        board.self_role = role
        if not rule.when.test(board):
            return []
        return [Hit(rule.points, rule.note, None, None, None, _values_read(case, rule, board))]
    hits: list[Hit] = []
    for event, move in moves:
        counts = move.id == rule.target if rule.kind is RuleKind.MOVE else rule.target in move.tags
        if counts:
            hits.append(Hit(rule.points, rule.note, event.seq, event.round, move.id, ""))
            if rule.max_times is not None and len(hits) >= rule.max_times:
                break
    return hits


def _values_read(case: Case, rule: Rule, board: Board) -> str:
    """ "Escalation ladder = 2, Trust (Kestmark–Republic of Velmar) = 5": what an ``if`` rule looked at.

    Meters are named by their labels (:func:`game.debriefing.labels.slot_label`), flags and
    counters in words (:func:`game.debriefing.labels.reading_label`), never by raw ids.
    """
    assert rule.when is not None
    table = rules_for(case).names
    parts: list[str] = []
    for name in names(rule.when.expr):
        head = name.text.partition(".")[0]
        if head in ("ending", "outcome"):
            continue
        value = table.resolve(name, Context.RUBRIC).getter(board)
        if head in table.meters:
            meter, slot = table.meter_slot(name.text, Context.RUBRIC)
            text = f"{slot_label(case, slot or f'{meter}.{board.self_role}')} = {value}"
        else:
            text = reading_label(case, name.text, value)
        if text not in parts:
            parts.append(text)
    return ", ".join(parts)


def _explain(case: Case, dim: Dimension, hits: Sequence[Hit]) -> str:
    """One line: each rule's note with its points and what it counted."""
    if not hits:
        return f"started at {dim.start}; nothing you did moved it"
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.note, []).append(hit)
    parts = []
    for note, group in grouped.items():
        points = sum(h.points for h in group)
        if group[0].seq is not None:
            cited = ", ".join(f"R{h.round} {case.moves[h.move].label}" for h in group if h.move)
            parts.append(f"{_signed(points)} {note} ({cited})")
        else:
            detail = f" ({group[0].detail})" if group[0].detail else ""
            parts.append(f"{_signed(points)} {note}{detail}")
    return "; ".join(parts)


def _signed(points: int) -> str:
    return f"{points:+d}" if points else "0"


def _decisions(case: Case, role: str, dims: Sequence[DimensionScore]) -> tuple[Decision, ...]:
    total_weight = sum(d.weight for d in dims) or 1.0
    impact: dict[int, float] = {}
    notes: dict[int, list[str]] = {}
    meta: dict[int, tuple[int, str]] = {}
    for dim in dims:
        for hit in dim.hits:
            if hit.seq is None or hit.move is None or hit.round is None:
                continue
            impact[hit.seq] = impact.get(hit.seq, 0.0) + hit.points * dim.weight / total_weight
            notes.setdefault(hit.seq, []).append(f"{_signed(hit.points)} {dim.title.lower()}: {hit.note}")
            meta[hit.seq] = (hit.round, hit.move)
    ranked = sorted(impact, key=lambda seq: (-abs(impact[seq]), seq))
    return tuple(
        Decision(
            role,
            seq,
            meta[seq][0],
            meta[seq][1],
            case.moves[meta[seq][1]].label,
            round(impact[seq], 1),
            tuple(notes[seq]),
        )
        for seq in ranked
        if impact[seq]
    )
