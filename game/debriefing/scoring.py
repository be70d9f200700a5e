"""The debrief: scores computed from a case and an event log, and nothing else.

For each scored role (the human players; every playable role when nobody
played), each dimension of the rubric that scores it (its own, under
``rubrics:``, or the case's) starts at its ``start`` and adds the points of its
rules, clamped to 0–100.  Every rule scores either an *act* of the role or a
*state* of the table (:attr:`game.case.model.Rule.scores`):

* act rules (``tag``, ``move``, and ``if`` rules reading only ``mine.``) count
  the role's own moves, each counted move cited by round and label;
* state rules (other ``if`` rules) read the board at the end; the role earns
  ``points × share``, its share being the part of that state its own decisions
  caused (:mod:`game.debriefing.credit`, causes from :mod:`game.play.attribution`);
* a red line the role crossed costs its points, once, in its dimension.

The same rules applied to the table's end state in full (every state rule that
holds, whoever caused it) give the *table's* result, shown apart
(:attr:`DimensionScore.table_score`, :attr:`PlayerScore.table_overall`).

A role's overall score is the weighted mean of its dimensions, rounded; the
session's is the mean of its players'.  The decisions that mattered most are
the moves whose act points, breaches, forfeited gates and parts of state credit
(a state rule's credit split among the role's own decisions,
:mod:`game.debriefing.statecredit`) moved a player's overall score the most.

:func:`totals` gives the same numbers without the explanations, from a board
that carries its ledger (``fold(case, log)``, or
:meth:`game.play.session.Session.tally`).  Analysis and rollouts score
thousands of sessions with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from game.case.model import Case, Citation, Dimension, Rule, RuleKind, Scores
from game.debriefing.credit import Credit
from game.debriefing.credit import prepare as credit_prepare
from game.debriefing.doctrine import rule_cites
from game.debriefing.labels import find_move, move_label
from game.debriefing.scorecode import role_function
from game.debriefing.scoreplan import RolePlan, plan_for, red_line_costs
from game.debriefing.scoreplan import Session as PlanSession
from game.debriefing.scoretree import Emitter
from game.play.attribution import Attribution, attribute_events
from game.play.board import Board
from game.play.events import Event
from game.play.redlines import red_line


@dataclass(frozen=True, slots=True)
class Hit:
    """One application of a rule: its points and what earned them.

    ``scores`` is "act", "state" or "breach"; for a state rule ``points`` is the
    role's credit, ``table_points`` the rule's full points (the table's) and
    ``share`` the role's part of that state, 0–1, and ``parts`` how the role's
    credit splits among its own decisions (:mod:`game.debriefing.statecredit`):
    (move seq, round, move, points), adding up to at most ``points``.
    """

    points: int
    note: str
    seq: int | None  # the move event it counts, None for a state rule
    round: int | None
    move: str | None
    detail: str  # for ``if`` rules: the values read, e.g. "Escalation ladder = 2"
    scores: str = Scores.ACT.value
    table_points: int = 0
    share: float = 1.0
    cite: tuple[Citation, ...] = ()
    parts: tuple[tuple[int, int, str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """A dimension's score for one role, with the reasons.

    ``table_score`` is the dimension with every state rule that held at the end
    counted in full (the table's result); ``causes`` lists what moved the
    values its state rules read, in order; ``cite`` the doctrine behind it.
    """

    id: str
    title: str
    weight: float
    score: int
    explanation: str
    hits: tuple[Hit, ...]
    table_score: int = 0
    causes: tuple[str, ...] = ()
    cite: tuple[Citation, ...] = ()


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
class BreachNote:
    """A red line the player crossed: which, when, by what move, at what cost."""

    line: int
    text: str
    round: int
    move: str
    label: str
    dimension: str
    points: int
    cite: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class PlayerScore:
    """Everything the debrief says about one scored role."""

    role: str
    name: str
    overall: int
    dimensions: tuple[DimensionScore, ...]
    decisions: tuple[Decision, ...]
    table_overall: int = 0
    breaches: tuple[BreachNote, ...] = ()


@dataclass(frozen=True, slots=True)
class Debrief:
    """The debrief of one session.

    ``ending_reason`` says what decided the ending; ``nearest_better`` the
    nearest better ending and what it lacked ("" if none); ``table_overall`` the
    mean of the players' table results.
    """

    case: str
    ending: str | None
    outcome: str | None
    rounds: int
    overall: int
    players: tuple[PlayerScore, ...]
    key_decisions: tuple[Decision, ...]
    ending_reason: str = ""
    nearest_better: str = ""
    table_overall: int = 0
    notes: tuple[str, ...] = field(default=())

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
    from game.debriefing import causes, gates  # explanations; they read the structures defined here

    at = attribute_events(case, events)
    board = at.final
    assert board is not None
    credit = Credit(case, at)
    start = next((e for e in events if e.kind == "start"), None)
    player_names = dict(start.data.get("names", {})) if start else {}
    players = []
    for role in scored_roles(case, events):
        scored = _split_state(case, role, score_role(case, role, at, credit), credit, events)
        dims = tuple(
            DimensionScore(
                dim.id,
                dim.title,
                dim.weight,
                score,
                causes.explain(case, dim, hits, at, role),
                tuple(hits),
                table,
                causes.movers(case, dim, at, role),
                causes.dimension_cites(dim),
            )
            for dim, hits, score, table in scored
        )
        overall = _weighted(dims)
        table_overall = _weighted_table(dims)
        decisions = _decisions(case, role, dims, gates.forfeits(case, role, credit))
        name = player_names.get(role) or case.roles[role].name
        breaches = causes.breach_notes(case, at, role)
        players.append(PlayerScore(role, name, overall, dims, decisions[:top], table_overall, breaches))
    everyone = sorted((d for p in players for d in p.decisions), key=lambda d: (-abs(d.impact), d.seq))
    table = round(sum(p.overall for p in players) / len(players)) if players else 0
    table_result = round(sum(p.table_overall for p in players) / len(players)) if players else 0
    reason, better = causes.ending(case, at)
    return Debrief(
        case=case.id,
        ending=board.ending or None,
        outcome=board.outcome or None,
        rounds=board.round,
        overall=table,
        players=tuple(players),
        key_decisions=tuple(everyone[:top]),
        ending_reason=reason,
        nearest_better=better,
        table_overall=table_result,
    )


Scored = tuple[Dimension, list[Hit], int, int]  # a dimension, its hits, the role's score, the table's


def _split_state(
    case: Case, role: str, scored: list[Scored], credit: Credit, events: Sequence[Event]
) -> list[Scored]:
    """Each state hit with its points split among ``role``'s own decisions (:attr:`Hit.parts`)."""
    from game.debriefing.statecredit import Splitter

    splitter: Splitter | None = None
    out: list[Scored] = []
    for dim, hits, score, table in scored:
        # the state rules that held, in the order score_role gave their hits (one each)
        rules = iter(
            rule
            for rule in dim.rules
            if (not rule.roles or role in rule.roles)
            and rule.kind is RuleKind.IF
            and rule.when is not None
            and _scores(rule) is Scores.STATE
            and credit.holds_at_end(rule.when.test, role)
        )
        split: list[Hit] = []
        for hit in hits:
            if hit.scores != Scores.STATE.value:
                split.append(hit)
                continue
            rule = next(rules)
            assert rule.when is not None and rule.note == hit.note
            if hit.points and hit.share > 0:
                splitter = splitter or Splitter(case, credit, events, role)
                found = splitter.split(rule.when.expr)
                parts = tuple(
                    (d.seq, d.round, d.move, hit.points * fraction / hit.share)
                    for d, fraction in sorted(found.items(), key=lambda item: item[0].seq or 0)
                    if d.seq is not None
                )
                hit = replace(hit, parts=parts)
            split.append(hit)
        out.append((dim, split, score, table))
    return out


def score_role(case: Case, role: str, at: Attribution, credit: Credit, explain: bool = True) -> list[Scored]:
    """Every dimension of the rubric that scores ``role``, with its hits and both scores
    (``explain=False``: without the values each state rule read, for :func:`totals`)."""
    board = at.final
    assert board is not None
    moves = [(c, find_move(case, c.move)) for c in at.moves if c.role == role]  # answers too
    breaches = _charged(case, at, role)
    out: list[Scored] = []
    for dim in case.rubric_for(role).values():
        hits: list[Hit] = []
        table_points = 0
        for rule in dim.rules:
            if rule.roles and role not in rule.roles:
                continue
            found = _apply_rule(case, dim, rule, role, moves, credit, explain)
            hits.extend(found)
            table_points += sum(h.table_points if h.scores == Scores.STATE.value else h.points for h in found)
        for seq, rnd, move, line in breaches:
            if line.dimension == dim.id:
                note = f"crossed your red line “{line.text}”"
                hits.append(Hit(line.points, note, seq, rnd, move, "", "breach", line.points, 1.0, line.cite))
                table_points += line.points
        score = _clamp(dim.start + sum(h.points for h in hits))
        out.append((dim, hits, score, _clamp(dim.start + table_points)))
    return out


def _charged(case: Case, at: Attribution, role: str) -> list[tuple[int, int, str, object]]:
    """The first breach of each of ``role``'s red lines: (move seq, round, move, red line)."""
    seen: set[int] = set()
    out = []
    for breach in at.breaches:
        if breach.role != role or breach.line in seen:
            continue
        line = red_line(case, role, breach.line)
        if line is None:
            continue
        seen.add(breach.line)
        cause = at.causes.get(breach.seq)
        seq = cause.seq if cause is not None and cause.seq is not None else breach.seq
        out.append((seq, breach.round, breach.move, line))
    return out


def _apply_rule(
    case: Case,
    dim: Dimension,
    rule: Rule,
    role: str,
    moves: Sequence[tuple[object, object]],
    credit: Credit,
    explain: bool,
) -> list[Hit]:
    """The hits of one rule for ``role``; ``moves`` are the role's decisions with their moves."""
    if not explain and rule.kind is not RuleKind.IF:  # totals: count from the board, as the log would
        final = credit.at.final
        assert final is not None
        times = final.mine.get(role, {}).get(rule.target, 0)
        if rule.max_times is not None and times > rule.max_times:
            times = rule.max_times
        return [Hit(rule.points, rule.note, None, None, None, "")] * times
    if rule.kind is RuleKind.IF:
        assert rule.when is not None
        if _scores(rule) is Scores.ACT:
            if not credit.holds_at_end(rule.when.test, role):
                return []
            return [
                Hit(
                    rule.points,
                    rule.note,
                    None,
                    None,
                    None,
                    "",
                    Scores.ACT.value,
                    rule.points,
                    1.0,
                    rule_cites(rule, dim),
                )
            ]
        if not credit.holds_at_end(rule.when.test, role):
            return []
        share = credit.share(rule.when.expr, role)
        from game.debriefing.causes import values_read

        return [
            Hit(
                round(rule.points * share),
                rule.note,
                None,
                None,
                None,
                values_read(case, rule, credit, role) if explain else "",
                Scores.STATE.value,
                rule.points,
                share,
                rule_cites(rule, dim),
            )
        ]
    hits: list[Hit] = []
    for cause, move in moves:
        counts = move.id == rule.target if rule.kind is RuleKind.MOVE else rule.target in move.tags  # type: ignore[attr-defined]
        if counts:
            hits.append(
                Hit(
                    rule.points,
                    rule.note,
                    cause.seq,
                    cause.round,
                    move.id,
                    "",  # type: ignore[attr-defined]
                    Scores.ACT.value,
                    rule.points,
                    1.0,
                    rule_cites(rule, dim),
                )
            )
            if rule.max_times is not None and len(hits) >= rule.max_times:
                break
    return hits


@dataclass(frozen=True, slots=True)
class Totals:
    """A role's scores without the reasons: overall, and per dimension in its rubric's order."""

    role: str
    overall: int
    dimensions: tuple[int, ...]


def totals(case: Case, board: Board, role: str) -> Totals:
    """``role``'s scores at ``board``, equal to those :func:`debrief` gives for the same log."""
    return totals_for(case, board, (role,))[0]


def totals_for(case: Case, board: Board, roles: Sequence[str]) -> tuple[Totals, ...]:
    """:func:`totals` for several roles; ``board`` must carry its ledger (fold or tally).

    State rules' shares come from the case's scoring plan (:mod:`game.debriefing.scoreplan`), equal
    to ``Credit``'s; a session the plan does not cover (its initial board is not the case's) is
    scored by the reference path, :func:`_totals_reference`, and so is a role whose compiled rubric
    is not built yet (before its :data:`COMPILE_AFTER`-th scoring, unless :func:`prepare` built it)."""
    at = board.ledger
    if not isinstance(at, Attribution):
        raise ValueError("totals need a board from fold() or Session.tally(), which carry who caused what")
    plan = plan_for(case)
    scorers = plan.ready.get(roles) if type(roles) is tuple else None  # every role compiled
    if scorers is None:
        scorers = []
        for role in roles:
            role_plan = plan.role(role)
            score = role_plan.totals
            if score is None:
                role_plan.uses += 1
                if role_plan.uses >= COMPILE_AFTER:
                    score = _planned(case, role_plan)
            scorers.append(score)
        if type(roles) is tuple and None not in scorers:
            plan.ready[roles] = tuple(scorers)  # type: ignore[assignment]
    if not any(scorers) or not plan.covers(at):
        return _totals_reference(case, board, roles)
    session = PlanSession(case, at)
    final = at.final
    assert final is not None
    contrib = at.contrib
    charges = red_line_costs(case, at) if at.breaches else _NO_CHARGES
    out: list[Totals | None] = [
        None if score is None else score(final, contrib, session, charges.get(role, _NONE))
        for role, score in zip(roles, scorers, strict=True)
    ]
    if None in out:  # the roles whose compiled rubric is not built yet (or that have no counts)
        later = [index for index, found in enumerate(out) if found is None]
        rest = _totals_reference(case, board, [roles[index] for index in later])
        for index, found in zip(later, rest, strict=True):
            out[index] = found
    return tuple(out)  # type: ignore[arg-type]


_NONE: dict[str, int] = {}
COMPILE_AFTER = 512
"""A role's rubric is compiled on its 512th scoring in a process (or ahead, by :func:`prepare`); until
then the reference scores it.  Compiling a role costs some 10 to 20 ms, and saves some 30 to 40 µs a
scoring: it is done once the scorings made without it have cost about what it costs."""
_NO_CHARGES: dict[str, dict[str, int]] = {}


def _planned(case: Case, plan: RolePlan) -> Callable[..., Totals]:
    """``role``'s rubric as one function (:func:`game.debriefing.scorecode.role_function`): per
    dimension its id, start and weight, the counted rules (target, max_times, points), the act ``if``
    rules (condition, points) and the state rules (condition, points, its shape: its share is written
    in place, :mod:`game.debriefing.scoretree`)."""
    found = plan.totals
    if found is None:
        dims = []
        for dim_id, start, weight, rules in _rubric(case, plan.role):
            counted = tuple((goal, most, worth) for kind, goal, most, worth, *_ in rules if kind == _COUNT)
            acts = tuple((expr, worth) for kind, _g, _m, worth, _t, expr in rules if kind == _ACT)
            states = tuple(
                (expr, worth, plan.ref._shape(expr))
                for kind, _g, _m, worth, _t, expr in rules
                if kind == _STATE
            )
            dims.append((dim_id, start, weight, counted, acts, states))
        found = plan.totals = role_function(plan.role, dims, Emitter(plan), Totals)
    return found


def _totals_reference(case: Case, board: Board, roles: Sequence[str]) -> tuple[Totals, ...]:
    """:func:`totals_for` read by ``Credit`` alone, rule by rule (the reference the plan must equal)."""
    at = board.ledger
    if not isinstance(at, Attribution):
        raise ValueError("totals need a board from fold() or Session.tally(), which carry who caused what")
    credit = Credit(case, at)
    final = at.final
    assert final is not None
    out = []
    for role in roles:
        counts = final.mine.get(role, {})
        charged: dict[str, int] = {}
        if at.breaches:
            for _seq, _round, _move, line in _charged(case, at, role):
                charged[line.dimension] = charged.get(line.dimension, 0) + line.points  # type: ignore[attr-defined]
        scores: list[int] = []
        weighted = total = 0.0
        final.self_role = role
        for dim_id, start, weight, rules in _rubric(case, role):
            points = start + charged.get(dim_id, 0)
            for kind, target, most, worth, test, expr in rules:
                if kind == _COUNT:
                    times = counts.get(target, 0)
                    if most is not None and times > most:
                        times = most
                    points += worth * times
                    continue
                final.self_role = role  # a share (below) may have read the board as another role
                if not test(final):
                    continue
                if kind == _ACT:
                    points += worth
                else:
                    points += round(worth * credit.share(expr, role))
            score = _clamp(points)
            scores.append(score)
            weighted += score * weight
            total += weight
        out.append(Totals(role, round(weighted / total) if total else 0, tuple(scores)))
    return tuple(out)


def prepare(case: Case) -> None:
    """Lay out, ahead of any session, what :func:`totals_for` builds on first use for ``case`` (each
    playable role's rubric, the shapes of its state rules, the case's scoring plan with every role's
    compiled rubric and shares), so that processes forked afterwards share it instead of each
    building its own."""
    exprs = []
    for role in case.playable_roles:
        for _dim, _start, _weight, rules in _rubric(case, role):
            exprs += [expr for kind, *_rest, expr in rules if kind == _STATE]
    credit_prepare(case, exprs)
    plan = plan_for(case)  # and the case's scoring plan: each role's rubric and shares, compiled
    for role in case.playable_roles:
        _planned(case, plan.role(role))
    plan.prepare(case.playable_roles)


_COUNT, _ACT, _STATE = 0, 1, 2
_Rule = tuple[int, str, "int | None", int, Callable[[Board], object] | None, Any]
_RUBRICS: dict[tuple[int, str], tuple[Case, tuple[tuple[str, int, float, tuple[_Rule, ...]], ...]]] = {}


def _rubric(case: Case, role: str) -> tuple[tuple[str, int, float, tuple[_Rule, ...]], ...]:
    """The rubric that scores ``role``, laid out flat once for :func:`totals_for`: per dimension its
    id, start and weight, and the rules that apply to the role as (kind, target, max_times, points,
    compiled test, expression)."""
    found = _RUBRICS.get((id(case), role))
    if found is None or found[0] is not case:
        dims = []
        for dim in case.rubric_for(role).values():
            rules: list[_Rule] = []
            for rule in dim.rules:
                if rule.roles and role not in rule.roles:
                    continue
                if rule.kind is not RuleKind.IF:
                    rules.append((_COUNT, rule.target, rule.max_times, rule.points, None, None))
                    continue
                assert rule.when is not None
                kind = _ACT if _scores(rule) is Scores.ACT else _STATE
                rules.append((kind, rule.target, rule.max_times, rule.points, rule.when.test, rule.when.expr))
            dims.append((dim.id, dim.start, dim.weight, tuple(rules)))
        found = _RUBRICS[(id(case), role)] = (case, tuple(dims))
    return found[1]


_SCORES: dict[int, tuple[Rule, Scores]] = {}


def _scores(rule: Rule) -> Scores:
    """:attr:`Rule.scores`, worked out once per rule."""
    found = _SCORES.get(id(rule))
    if found is None or found[0] is not rule:
        found = (rule, rule.scores)
        _SCORES[id(rule)] = found
    return found[1]


def _clamp(points: int) -> int:
    return 0 if points < 0 else 100 if points > 100 else points


def _weighted(dims: Sequence[DimensionScore]) -> int:
    total = sum(d.weight for d in dims)
    return round(sum(d.score * d.weight for d in dims) / total) if total else 0


def _weighted_table(dims: Sequence[DimensionScore]) -> int:
    total = sum(d.weight for d in dims)
    return round(sum(d.table_score * d.weight for d in dims) / total) if total else 0


def signed(points: int) -> str:
    """``+5``, ``-3`` or ``0``."""
    return f"{points:+d}" if points else "0"


def _decisions(
    case: Case, role: str, dims: Sequence[DimensionScore], forfeits: Sequence[Any] = ()
) -> tuple[Decision, ...]:
    """The role's moves by how much they moved its overall score: the points of the rules that
    counted them, the red lines they crossed, and the gate credits they forfeited
    (:mod:`game.debriefing.gates`), each weighted as in the overall score.

    A dimension clamped at 0 or 100 moved less than its points say: its moves' points are then
    scaled by what the dimension actually moved (its score less the score it would have had with
    none of the player's moves counted and no gate forfeited) over their sum.  So the impacts of all
    the player's moves add up to its overall score less that baseline (:func:`decision_baseline`),
    before rounding.  A state rule's credit counts for the decisions it is split among
    (:attr:`Hit.parts`); the part no decision of the player explains stays in the baseline."""
    total_weight = sum(d.weight for d in dims) or 1.0
    rubric = case.rubric_for(role)
    impact: dict[int, float] = {}
    notes: dict[int, list[str]] = {}
    meta: dict[int, tuple[int, str]] = {}
    lost_in: dict[str, list[Any]] = {}
    for lost in forfeits:
        lost_in.setdefault(lost.dimension, []).append(lost)
    for dim in dims:
        moved: list[tuple[int, float]] = []  # (seq, points) of the moves in this dimension
        for hit in dim.hits:
            for seq, rnd, move, points in hit.parts:  # a state rule's credit, the decision's part
                moved.append((seq, points))
                notes.setdefault(seq, []).append(_state_note(dim, hit, points))
                meta[seq] = (rnd, move)
            if hit.seq is None or hit.move is None or hit.round is None:
                continue
            moved.append((hit.seq, hit.points))
            notes.setdefault(hit.seq, []).append(f"{signed(hit.points)} {dim.title.lower()}: {hit.note}")
            meta[hit.seq] = (hit.round, hit.move)
        for lost in lost_in.get(dim.id, ()):
            moved.append((lost.seq, -lost.points))
            note = f"{signed(-lost.points)} {dim.title.lower()}: forfeited “{lost.note}”"
            notes.setdefault(lost.seq, []).append(note)
            meta[lost.seq] = (lost.round, lost.move)
        raw = sum(points for _, points in moved)
        if not raw:
            scale = 1.0
        else:
            start = rubric[dim.id].start if dim.id in rubric else 0
            scale = (dim.score - _baseline_score(start, dim, lost_in.get(dim.id, ()))) / raw
        for seq, points in moved:
            impact[seq] = impact.get(seq, 0.0) + points * scale * dim.weight / total_weight
    ranked = sorted(impact, key=lambda seq: (-abs(impact[seq]), seq))
    return tuple(
        Decision(
            role,
            seq,
            meta[seq][0],
            meta[seq][1],
            move_label(case, meta[seq][1]),
            round(impact[seq], 1),
            tuple(notes[seq]),
        )
        for seq in ranked
        if round(impact[seq], 1)
    )


def _state_note(dim: DimensionScore, hit: Hit, points: float) -> str:
    """A decision's part of a state rule's credit: "+30 (of +50) outcome: a verified freeze was signed"."""
    part = signed(round(points)) if abs(points) >= 0.5 else f"{points:+.1f}"
    whole = "" if round(points) == hit.points else f" (of {signed(hit.points)})"
    return f"{part}{whole} {dim.title.lower()}: {_headline(hit.note)}"


def _headline(note: str) -> str:
    """A long rule note's headline, for a decision's list of what it earned: the note up to its first
    explanation (": ", " (") when that leaves something to read; the dimension's table gives it whole."""
    if len(note) <= 60:
        return note
    for mark in (": ", " ("):
        head = note.split(mark, 1)[0]
        if 12 <= len(head) < len(note):
            return head
    return note


def _baseline_score(start: int, dim: DimensionScore, lost: Sequence[Any]) -> float:
    """The dimension without the player's moves' points (act points, and the parts of state credit
    split among its decisions) and with every forfeited gate credit."""
    rest = sum(h.points for h in dim.hits if h.seq is None or h.move is None or h.round is None)
    rest -= sum(points for h in dim.hits for *_, points in h.parts)
    return max(0.0, min(100.0, start + rest + sum(f.points for f in lost)))


def decision_baseline(case: Case, player: PlayerScore, forfeits: Sequence[Any]) -> float:
    """The overall score (unrounded) ``player`` would have had with none of its moves' points
    counted and no gate credit forfeited: the decisions' impacts add up to overall less this."""
    rubric = case.rubric_for(player.role)
    total = sum(d.weight for d in player.dimensions) or 1.0
    return (
        sum(
            _baseline_score(rubric[d.id].start, d, [f for f in forfeits if f.dimension == d.id]) * d.weight
            for d in player.dimensions
        )
        / total
    )


def rubric_dimensions(case: Case, role: str) -> Mapping[str, Dimension]:
    """The dimensions that score ``role`` (its own rubric, or the case's)."""
    return case.rubric_for(role)
