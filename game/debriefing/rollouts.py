"""The counterfactual's rollouts: a seeded playthrough from just before a decision to the end.

:mod:`game.debriefing.counterfactual` decides *which* rollouts to play (the move played and each
recommendable alternative at a decision, on the same seeds) and what they mean; this module
rebuilds the session before a decision (:func:`before`), finds the moves the players chose after
it (:func:`plans`) and plays rollouts (:func:`outcomes`).  A rollout's outcome depends only on the
session standing before the decision, the move tried, the players' later moves kept (the plan) and
its seed, so where it is played changes no number: :class:`~game.debriefing.rolloutpool.Rollouts`
plays many of them in this process or shared with a pool of processes, with the same results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.case.model import Case, RoundMode
from game.debriefing.scoring import Decision, totals
from game.errors import ParleyError
from game.play.events import Event
from game.play.session import ReplayError, Session

# One rollout's result: the overall score, then each dimension's, in rubric order.
Outcome = tuple[int, ...]


class CounterfactualError(ParleyError, ValueError):
    """Counterfactuals cannot be computed for this log and role."""


@dataclass(frozen=True, slots=True)
class Spot:
    """A decision examined, and the moves each person chose after it (kept in its rollouts)."""

    decision: Decision
    plans: Mapping[str, list[str]]


def rollout_seed(seed: int, seq: int, index: int) -> int:
    """The seed of rollout ``index`` from the decision at event ``seq`` (the same for every move)."""
    digest = hashlib.blake2b(f"parley-counterfactual:{seed}:{seq}:{index}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


def before(case: Case, events: Sequence[Event], decision: Decision) -> Session:
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


def plans(events: Sequence[Event], decision: Decision) -> dict[str, list[str]]:
    """The moves each person chose after ``decision``, in order (not those the policy chose)."""
    humans = events[0].data.get("humans", ())
    found: dict[str, list[str]] = {role: [] for role in humans}
    for event in events[decision.seq + 1 :]:
        if event.round == decision.round and event.role != decision.role:
            continue  # a simultaneous round: the others' choices this round stand (see before)
        chose = event.kind == "move" or (event.kind == "offer" and "by" in event.data)  # answers too
        if chose and event.role in found and event.data.get("by") != "policy":
            found[event.role].append(event.data["move"])
    return found


def outcomes(
    case: Case, base: Session, role: str, move: str, seeds: Sequence[int], kept: Mapping[str, list[str]]
) -> list[Outcome]:
    """The scores of ``role`` after ``move``, one rollout per seed, the players' own later moves
    played where still open (``kept``), the counterpart policy choosing everything else."""
    out: list[Outcome] = []
    # ``move`` is open now (the caller took it from the options), so it is played first; no event
    # is built in a rollout.
    plan = {**kept, role: [move, *kept.get(role, ())]}
    for seed in seeds:
        rollout = base.fork(seed=seed, policy="counterpart")
        rollout.play_out(plan)
        scored = totals(case, rollout.tally(), role)
        out.append((scored.overall, *scored.dimensions))
    return out
