"""The counterfactual debrief: what a better move would have done at the decisions that mattered.

>>> for s in better_moves(case, session.log, "velmar"):
...     print(s.text)
Round 2: you chose “Cancel the lease”; “Propose a phased lease review” would have scored +31 on
average (95% CI +27 to +35 over 100 paired rollouts). …

For each of a player's decisions that moved their score most (the debrief's
:attr:`~game.debriefing.scoring.PlayerScore.decisions`), the session is rebuilt from its log to
the moment just before that move.  The move played and every other open move that may be
recommended (:mod:`game.debriefing.screening`: never a move tagged reactive concession,
retaliation or leak, nor one the rubric penalises) are each tried in ``rollouts`` seeded
playthroughs to the end.  In a rollout the players' own later moves are played again, each at
its turn when it is still open (so the comparison is "this decision changed, the rest of your plan
kept"); the counterpart policy chooses every other move, and a player's move that is no longer open.

**Common random numbers.** Rollout ``k`` of every candidate forks the session with the same seed
(:func:`rollout_seed`), so the injects and the counterparts draw from the same streams; the
difference between an alternative and the move played is measured rollout by rollout (paired).

**When an alternative is shown.** Only when its mean gain is at least :data:`MIN_GAIN` points of
the overall score *and* the 95% confidence interval of the paired differences (mean ± t·s/√n)
lies above zero.  The intervals are simultaneous: 95% for all the alternatives tried in the
session at once (Bonferroni: each at 1 − 0.05/m for m alternatives), so that chance alone
rarely puts a suggestion before the trainee however many moves were open.  The clearly better
alternative is then tried again on a second, independent set of ``rollouts`` seeds, and shown only
when it is clearly better there too (the numbers shown are those of the first set).  Otherwise the
debrief says that no clearly better move existed at that decision.
A shown alternative lists the dimensions it would have raised (mean gain per dimension) and why it
is good (:func:`game.debriefing.screening.reasons`: its doctrine tags and the rubric rules that
reward it).

Only roles a person played (the session's humans) can be examined: their choices are what the log
can be rebuilt around.  The same log, role and seed always give the same suggestions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import NormalDist

from game.case.model import Case, Move
from game.debriefing.facilitation import handed_moves
from game.debriefing.labels import find_move
from game.debriefing.rolloutpool import Batch, Effort, Rollouts
from game.debriefing.rollouts import CounterfactualError, Outcome, Spot, before, plans, rollout_seed
from game.debriefing.scoring import Decision, debrief
from game.debriefing.screening import VETOES, Reason, Veto, reasons, veto
from game.play.events import Event
from game.play.redlines import red_line
from game.play.session import Session

ROLLOUTS = 100  # rollouts per candidate move
MIN_GAIN = 3.0  # points of the overall score an alternative must gain on average to be shown
CONFIDENCE = 0.95
RAISED = 1.0  # a dimension "would have been raised" when its mean gain is at least this


@dataclass(frozen=True, slots=True)
class DimensionGain:
    """The mean change of one rubric dimension had the alternative been played."""

    id: str
    title: str
    gain: float


@dataclass(frozen=True, slots=True)
class Alternative:
    """An open move tried against the move played, on the same rollouts."""

    move: str
    label: str
    mean: float  # mean final overall score after it
    gain: float  # mean of the paired differences with the move played
    low: float  # the confidence interval of that mean
    high: float
    dimensions: tuple[DimensionGain, ...]  # mean gain per rubric dimension, rubric order
    reasons: tuple[Reason, ...]  # why it is good: doctrine tags, rubric rules that reward it
    confirmed: bool | None = None  # whether a second, independent set of rollouts found it clear too

    @property
    def clear(self) -> bool:
        """Whether it is clearly better: gains :data:`MIN_GAIN` or more, interval above zero."""
        return self.gain >= MIN_GAIN and self.low > 0

    @property
    def raised(self) -> tuple[DimensionGain, ...]:
        """The dimensions it would have raised, most first."""
        up = [d for d in self.dimensions if d.gain >= RAISED]
        return tuple(sorted(up, key=lambda d: -d.gain))


@dataclass(frozen=True, slots=True)
class Excluded:
    """An open move never recommended, and why."""

    move: str
    label: str
    reason: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One decision: the move played, the alternatives tried, and the one recommended if any."""

    role: str
    round: int
    seq: int  # the decision's move event in the log
    played: str
    played_label: str
    impact: float  # how much the move moved the player's overall score, per the debrief
    rollouts: int  # rollouts per candidate move
    played_mean: float  # mean final overall score over the rollouts after the move played
    alternatives: tuple[Alternative, ...]  # every recommendable open move, highest gain first
    excluded: tuple[Excluded, ...]  # open moves never recommended

    @property
    def best(self) -> Alternative | None:
        """The recommended alternative: the clearly better one, confirmed, with the highest gain."""
        return next((a for a in self.alternatives if a.clear and a.confirmed), None)

    @property
    def improves(self) -> bool:
        """Whether a clearly better move existed."""
        return self.best is not None

    @property
    def text(self) -> str:
        """The verdict in one paragraph, for the debrief."""
        head = f"Round {self.round}: you chose “{self.played_label}”"
        best = self.best
        if best is not None:
            return (
                f"{head}; “{best.label}” would have scored {_points(best.gain)} on average "
                f"({interval(best)} over {self.rollouts} paired rollouts).{_raised(best)}{_why(best)}"
            )
        if not self.alternatives:
            if self.excluded:
                return f"{head}; no other move open then is one the doctrine would recommend."
            return f"{head}, the only move open then."
        closest = self.alternatives[0]
        unheld = "; it did not hold on a second set of rollouts" if closest.confirmed is False else ""
        return (
            f"{head}; no clearly better move existed then: none gained {MIN_GAIN:g} points or more "
            f"with its {CONFIDENCE:.0%} confidence interval above zero (closest, “{closest.label}”: "
            f"{_points(closest.gain)}, {interval(closest)}{unheld}; {self.rollouts} paired rollouts)."
        )


def criteria() -> str:
    """The rule every suggestion passed, in one sentence, for the head of a better-moves section."""
    return (
        "Each open move the doctrine endorses was tried in the same seeded rollouts as the move you "
        "played, your later moves kept where still open. A move is shown only when it gains "
        f"{MIN_GAIN:g} points or more on average with its {CONFIDENCE:.0%} confidence interval above "
        "zero, and holds on a second set of rollouts; a move tagged reactive concession, retaliation "
        "or leak, or one the rubric penalises, is never shown."
    )


def interval(alternative: Alternative) -> str:
    """ "95% CI +27 to +35": the confidence interval of an alternative's mean gain."""
    return f"{CONFIDENCE:.0%} CI {_points(alternative.low)} to {_points(alternative.high)}"


def _raised(alternative: Alternative, most: int = 3) -> str:
    raised = alternative.raised[:most]
    if not raised:
        return ""
    return " It would have raised " + ", ".join(f"{d.title} {_points(d.gain)}" for d in raised) + "."


def _why(alternative: Alternative) -> str:
    cited = [r for r in alternative.reasons if r.doctrine] or list(alternative.reasons)
    if not cited:
        return ""
    return " Why: " + "; ".join(_cite(r) for r in cited) + "."


def _cite(reason: Reason) -> str:
    """A reason with its doctrine: "red line: … (“clear signaling about …”, Adaptive negotiation under
    coercion)", or its source when no passage is cited."""
    if reason.quote:
        return f"{reason.text} (“{reason.quote}”, {reason.title})"
    return f"{reason.text} ({reason.source})"


def _points(value: float) -> str:
    return f"{value:+.1f}" if abs(value) < 10 else f"{value:+.0f}"


def better_moves(
    case: Case,
    events: Sequence[Event],
    role: str,
    top: int = 3,
    rollouts: int = ROLLOUTS,
    seed: int = 0,
    vetoes: tuple[Veto, ...] = VETOES,
    jobs: int | None = None,
    effort: Effort | None = None,
) -> tuple[Suggestion, ...]:
    """For ``role``'s ``top`` decisions that moved its score most, the alternatives then open (the
    person's own: not the moves the policy chose while the facilitator had handed the seat over).

    ``events`` is a session's log (finished or not); ``role`` must be one of its human players.
    Each candidate is judged by ``rollouts`` paired rollouts (seeds derived from ``seed``);
    ``vetoes`` decide which moves may never be recommended (pass ``()`` to try every open move,
    as an instructor checking the screening would).  ``jobs`` processes play the rollouts
    (:mod:`game.debriefing.rolloutpool`: by default one per core when the work pays for starting
    them; 1 plays everything in this process); the suggestions are the same whatever their number.
    ``effort``, when given, is filled in with what was played.  Returns one :class:`Suggestion` per
    decision examined, in the order they were played; read :attr:`Suggestion.best`.  Raises
    :class:`CounterfactualError` when the role did not play or the log does not replay.
    """
    if rollouts < 2:
        raise CounterfactualError("at least two rollouts are needed for a confidence interval")
    start = events[0] if events else None
    if start is None or start.kind != "start":
        raise CounterfactualError("the log does not begin with a start event")
    if role not in start.data.get("humans", ()):
        raise CounterfactualError(f"{role!r} was not played by a person in this session")
    try:
        player = debrief(case, events).player(role)
    except KeyError:
        raise CounterfactualError(f"{role!r} was not scored in this session") from None
    # the person's own decisions: a move the policy chose for a seat the facilitator had handed to
    # it is not theirs to learn from ("you chose" would be false)
    handed = handed_moves(events)
    mine = [d for d in player.decisions if d.seq not in handed]
    chosen = sorted(mine[:top], key=lambda d: d.seq)
    bases = [before(case, events, decision) for decision in chosen]
    screened = [_screen(case, base, decision, vetoes) for base, decision in zip(bases, chosen, strict=True)]
    spots = [Spot(decision, plans(events, decision)) for decision in chosen]
    with Rollouts(case, events, role, spots, bases, jobs, effort) as runner:
        # Every candidate of every decision in one go (spread over the pool, if any): the move
        # played, then each recommendable alternative, on the decision's seeds.
        batches: list[Batch] = []
        for at, (decision, (tried, _)) in enumerate(zip(chosen, screened, strict=True)):
            seeds = tuple(rollout_seed(seed, decision.seq, index) for index in range(rollouts))
            batches += [Batch(at, move, seeds) for move in [decision.move, *(m.id for m in tried)]]
        found = iter(runner.run(batches))
        tries = []
        for decision, (tried, excluded) in zip(chosen, screened, strict=True):
            played = next(found)
            tries.append(_Tried(decision, played, [(move, next(found)) for move in tried], excluded))
        # Simultaneous intervals: CONFIDENCE holds for all the alternatives of the session at once.
        family = max(1, sum(len(t.alternatives) for t in tries))
        critical = t_quantile(1 - (1 - CONFIDENCE) / family, rollouts - 1)
        ranked = [_ranked(case, t, critical) for t in tries]
        _confirm(case, runner, tries, ranked, critical, seed, rollouts)
    return tuple(_suggestion(t, alternatives) for t, alternatives in zip(tries, ranked, strict=True))


@dataclass(frozen=True, slots=True)
class _Tried:
    """The rollouts of one decision: the move played and each recommendable alternative."""

    decision: Decision
    played: list[Outcome]
    alternatives: list[tuple[Move, list[Outcome]]]
    excluded: list[Excluded]


def _screen(
    case: Case, base: Session, decision: Decision, vetoes: tuple[Veto, ...]
) -> tuple[list[Move], list[Excluded]]:
    """The open moves other than the one played that may be recommended, and those that may not."""
    role = decision.role
    open_moves = [o.move for o in base.options(role) if o.open]
    if decision.move not in [m.id for m in open_moves]:  # pragma: no cover - the replay guarantees it
        raise CounterfactualError(f"{decision.move!r} was not open when it was played")
    tried: list[Move] = []
    excluded: list[Excluded] = []
    for move in open_moves:
        if move.id == decision.move:
            continue
        reason = veto(case, role, move, vetoes) or (_breach(base, role, move) if vetoes else None)
        if reason:
            excluded.append(Excluded(move.id, move.label, reason))
        else:
            tried.append(move)
    return tried, excluded


def _breach(base: Session, role: str, move: Move) -> str | None:
    """Whether playing ``move`` now crosses one of ``role``'s red lines by the state it leaves (a
    condition red line that holds right after it): the move is tried once, which needs no dice."""
    if not any(line.when is not None for line in base.case.roles[role].checked_red_lines):
        return None
    probe = base.fork(seed=0)
    for event in probe.play(role, move.id):
        if event.kind == "breach" and event.role == role:
            line = red_line(base.case, role, event.data["line"])
            return f"it crosses your red line: {line.text if line else 'one of your red lines'}"
    return None


def _ranked(case: Case, tried: _Tried, critical: float) -> list[Alternative]:
    """Each alternative against the move played, highest gain first (the first listed wins a tie)."""
    role = tried.decision.role
    alternatives = [
        _compare(case, role, move, tried.played, out, critical) for move, out in tried.alternatives
    ]
    alternatives.sort(key=lambda a: -a.gain)  # stable
    return alternatives


def _confirm(
    case: Case,
    runner: Rollouts,
    tries: Sequence[_Tried],
    ranked: list[list[Alternative]],
    critical: float,
    seed: int,
    rollouts: int,
) -> None:
    """Mark whether the clearly better alternatives hold on a second, independent set of seeds.

    At each decision the first clearly better alternative (best first) is tried again with the move
    played on fresh seeds; when it was the best ranked and did not hold, the next clearly better one
    is tried too, and no more: a suggestion is shown only when it holds on both sets, so chance alone
    almost never makes one.  The decisions' second sets are played together, then the second chances.
    """
    fresh = [
        tuple(rollout_seed(seed, t.decision.seq, rollouts + index) for index in range(rollouts))
        for t in tries
    ]
    first = {
        at: index
        for at, alternatives in enumerate(ranked)
        if (index := next((i for i, a in enumerate(alternatives) if a.clear), None)) is not None
    }
    batches: list[Batch] = []
    for at, index in first.items():
        batches += [
            Batch(at, tries[at].decision.move, fresh[at]),
            Batch(at, ranked[at][index].move, fresh[at]),
        ]
    found = iter(runner.run(batches))
    again: dict[int, list[Outcome]] = {}
    for at, index in first.items():
        again[at] = next(found)
        ranked[at][index] = _checked(
            case, tries[at].decision.role, ranked[at][index], again[at], next(found), critical
        )
    second = {
        at: index
        for at, top in first.items()
        if top == 0 and not ranked[at][0].confirmed
        if (index := next((i for i, a in enumerate(ranked[at]) if i > 0 and a.clear), None)) is not None
    }
    found = iter(runner.run([Batch(at, ranked[at][index].move, fresh[at]) for at, index in second.items()]))
    for at, index in second.items():
        ranked[at][index] = _checked(
            case, tries[at].decision.role, ranked[at][index], again[at], next(found), critical
        )


def _checked(
    case: Case,
    role: str,
    alternative: Alternative,
    played: Sequence[Outcome],
    tried: Sequence[Outcome],
    critical: float,
) -> Alternative:
    """``alternative`` marked with whether it is clearly better on a second set of rollouts too."""
    check = _compare(case, role, find_move(case, alternative.move), played, tried, critical)
    return replace(alternative, confirmed=check.clear)


def _suggestion(tried: _Tried, alternatives: list[Alternative]) -> Suggestion:
    decision = tried.decision
    rollouts = len(tried.played)
    return Suggestion(
        role=decision.role,
        round=decision.round,
        seq=decision.seq,
        played=decision.move,
        played_label=decision.label,
        impact=decision.impact,
        rollouts=rollouts,
        played_mean=round(sum(o[0] for o in tried.played) / rollouts, 2),
        alternatives=tuple(alternatives),
        excluded=tuple(tried.excluded),
    )


def _compare(
    case: Case, role: str, move: Move, played: Sequence[Outcome], tried: Sequence[Outcome], critical: float
) -> Alternative:
    """``move``'s gains over the move played, rollout by rollout."""
    n = len(played)
    diffs = [b[0] - a[0] for a, b in zip(played, tried, strict=True)]
    gain = sum(diffs) / n
    spread = math.sqrt(sum((d - gain) ** 2 for d in diffs) / (n - 1))
    half = critical * spread / math.sqrt(n)
    dims = tuple(
        DimensionGain(
            dim.id, dim.title, round(sum(b[i] - a[i] for a, b in zip(played, tried, strict=True)) / n, 2)
        )
        for i, dim in enumerate(case.rubric_for(role).values(), start=1)
    )
    return Alternative(
        move=move.id,
        label=move.label,
        mean=round(sum(b[0] for b in tried) / n, 2),
        gain=round(gain, 2),
        low=round(gain - half, 2),
        high=round(gain + half, 2),
        dimensions=dims,
        reasons=reasons(case, role, move),
    )


def t_quantile(confidence: float, df: int) -> float:
    """The two-sided Student-t critical value (Cornish–Fisher expansion; within 1% from 5 df)."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )
