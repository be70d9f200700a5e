"""The counterfactual debrief: what a better move would have done at the decisions that mattered.

>>> for s in better_moves(case, session.log, "velmar"):
...     print(s.text)
Round 2: you chose “Cancel the lease”; “Propose a phased lease review” would have scored +31 on average
(40 rollouts each).

For each of a player's decisions that moved their score most (the debrief's
:attr:`~game.debriefing.scoring.PlayerScore.decisions`), the session is rebuilt from its
log to the moment just before that move.  Then every move open to the player
at that moment, the one played included, is tried in ``rollouts`` seeded
playthroughs to the end, with the counterpart policy playing every role
(the player too) from there on.  The alternative with the best mean final
score is reported with its difference from the move played.  All candidates
share the same rollout seeds, so the difference reflects the move, not the
dice; the same log, role and seed always give the same suggestions.

Only roles a person played (the session's humans) can be examined: their
choices are what the log can be rebuilt around.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from game.case.model import Case, RoundMode
from game.debriefing.scoring import Decision, debrief, totals
from game.errors import ParleyError
from game.play.events import Event
from game.play.session import ReplayError, Session

ROLLOUTS = 40


class CounterfactualError(ParleyError, ValueError):
    """Counterfactuals cannot be computed for this log and role."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One decision, and the best alternative that was open at that moment."""

    role: str
    round: int
    seq: int  # the decision's move event in the log
    played: str  # the move chosen
    played_label: str
    impact: float  # how much the move moved the player's overall score, per the debrief
    alternative: str | None  # the best other open move; None when nothing else was open
    alternative_label: str
    played_mean: float  # mean final overall score over the rollouts after the move chosen
    alternative_mean: float  # … after the alternative
    rollouts: int  # rollouts per candidate move

    @property
    def delta(self) -> float:
        """Expected change of the final overall score had the alternative been played."""
        return round(self.alternative_mean - self.played_mean, 1)

    @property
    def improves(self) -> bool:
        """Whether the alternative does better on average than the move chosen."""
        return self.alternative is not None and self.delta > 0

    @property
    def text(self) -> str:
        """One sentence for the debrief."""
        head = f"Round {self.round}: you chose “{self.played_label}”"
        if self.alternative is None:
            return f"{head}, the only move open then."
        runs = f"{self.rollouts} rollouts each"
        if self.improves:
            better = f"“{self.alternative_label}” would have scored {_points(self.delta)} on average"
            return f"{head}; {better} ({runs})."
        return (
            f"{head}; it held up: no other open move did better on average "
            f"(the best, “{self.alternative_label}”, {_points(self.delta)}; {runs})."
        )


def _points(delta: float) -> str:
    return f"{delta:+.1f}" if abs(delta) < 1 else f"{delta:+.0f}"


def rollout_seed(seed: int, seq: int, index: int) -> int:
    """The seed of rollout ``index`` from the decision at event ``seq``."""
    digest = hashlib.blake2b(f"parley-counterfactual:{seed}:{seq}:{index}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


def better_moves(
    case: Case,
    events: Sequence[Event],
    role: str,
    top: int = 3,
    rollouts: int = ROLLOUTS,
    seed: int = 0,
) -> tuple[Suggestion, ...]:
    """For ``role``'s ``top`` decisions that moved its score most, the best alternative then open.

    ``events`` is a session's log (finished or not); ``role`` must be one of
    its human players.  Each candidate move is judged by ``rollouts`` seeded
    rollouts with the counterpart policy for everyone after it (seeds derived
    from ``seed``).  Returns one :class:`Suggestion` per decision examined, in
    the order they were played; check :attr:`Suggestion.improves`.  Raises
    :class:`CounterfactualError` when the role did not play or the log does
    not replay against ``case``.
    """
    if rollouts < 1:
        raise CounterfactualError("at least one rollout is needed")
    start = events[0] if events else None
    if start is None or start.kind != "start":
        raise CounterfactualError("the log does not begin with a start event")
    if role not in start.data.get("humans", ()):
        raise CounterfactualError(f"{role!r} was not played by a person in this session")
    try:
        player = debrief(case, events).player(role)
    except KeyError:
        raise CounterfactualError(f"{role!r} was not scored in this session") from None
    chosen = sorted(player.decisions[:top], key=lambda d: d.seq)
    return tuple(_examine(case, events, decision, rollouts, seed) for decision in chosen)


def _examine(case: Case, events: Sequence[Event], decision: Decision, rollouts: int, seed: int) -> Suggestion:
    role = decision.role
    base = _before(case, events, decision)
    candidates = [o.move for o in base.options(role) if o.open]
    if decision.move not in [m.id for m in candidates]:  # pragma: no cover - the replay guarantees it
        raise CounterfactualError(f"{decision.move!r} was not open when it was played")
    means: dict[str, float] = {}
    for move in candidates:
        total = 0
        for index in range(rollouts):
            rollout = base.fork(seed=rollout_seed(seed, decision.seq, index), policy="counterpart")
            rollout.play(role, move.id)
            while not rollout.over:
                rollout.play_policy(rollout.waiting_for[0])
            total += totals(case, rollout.tally(), role).overall
        means[move.id] = total / rollouts
    others = [m for m in candidates if m.id != decision.move]
    best = max(others, key=lambda m: means[m.id], default=None)  # the first listed wins a tie
    return Suggestion(
        role=role,
        round=decision.round,
        seq=decision.seq,
        played=decision.move,
        played_label=decision.label,
        impact=decision.impact,
        alternative=best.id if best else None,
        alternative_label=best.label if best else "",
        played_mean=round(means[decision.move], 2),
        alternative_mean=round(means[best.id], 2) if best else round(means[decision.move], 2),
        rollouts=rollouts,
    )


def _before(case: Case, events: Sequence[Event], decision: Decision) -> Session:
    """A session standing just before ``decision``, waiting for its role to choose."""
    try:
        session = Session.replay(case, events[: decision.seq])
    except ReplayError as err:
        raise CounterfactualError(f"the log does not replay: {err}") from None
    if case.rounds.mode is RoundMode.SIMULTANEOUS:
        # Others who chose in secret in the same round but resolve after this role: their choices stand.
        for event in events[decision.seq + 1 :]:
            if event.round != decision.round:
                break
            chose = event.kind == "move" or (event.kind == "offer" and "by" in event.data)  # answers too
            if chose and event.role in session.waiting_for and event.role != decision.role:
                if event.data.get("by") == "policy":
                    session.play_policy(event.role)
                else:
                    session.play(event.role, event.data["move"])
    if decision.role not in session.waiting_for:
        where = f"{decision.role!r}'s move in round {decision.round}"
        raise CounterfactualError(f"the log does not replay to {where}")
    return session
