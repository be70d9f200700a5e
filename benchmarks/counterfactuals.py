"""How the counterfactual debrief behaves on many sessions: suggestions shown, their gains, harm.

    python benchmarks/counterfactuals.py [--seeds N] [--rollouts N] [--case ID]

For each built-in case and its trainee's role (the role of its first expected path; every
playable role with ``--all-roles``), plays ``--seeds`` sessions along two
strategies and runs :func:`game.debriefing.counterfactual.better_moves` on each:

* ``doctrine``: at each turn the open move the rubric rewards most (tag/move rules), ties drawn;
* ``reactive``: a move tagged reactive concession, retaliation, leak or escalatory when one is
  open, else a uniform draw.

Prints ``name: value`` lines per case and strategy: decisions examined, suggestions shown, their
mean and smallest gain, the smallest lower confidence bound, and how many shown suggestions are
vetoed moves (must be 0).  ``…_unscreened_harmful_best`` counts the decisions (of the first
``--unscreened`` seeds) where, with no screening, the best-scoring alternative is a vetoed move
that would pass the gain test: the suggestions the screening keeps from the trainee.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.case.library import builtin_files
from game.case.loader import load_case
from game.case.model import Case, Move, RuleKind
from game.debriefing.counterfactual import better_moves
from game.debriefing.screening import veto
from game.play.session import Session

BAD = ("reactive_concession", "retaliation", "leak", "escalatory")


def reward(case: Case, role: str, move: Move) -> int:
    """Points the rubric's tag/move rules give ``role`` for ``move``."""
    total = 0
    for dim in case.rubric.values():
        for rule in dim.rules:
            if rule.roles and role not in rule.roles:
                continue
            if (rule.kind is RuleKind.MOVE and rule.target == move.id) or (
                rule.kind is RuleKind.TAG and rule.target in move.tags
            ):
                total += rule.points
    return total


def trainee(path: Path, case: Case) -> str:
    """The role the case's first expected path plays (its trainee), else the first playable role."""
    paths = path.with_name(path.name.replace(".yaml", ".paths.yaml"))
    if paths.exists():
        data = yaml.safe_load(paths.read_text(encoding="utf-8")) or {}
        for entry in data.get("paths", []):
            if entry.get("players"):
                return str(entry["players"][0])
    return case.playable_roles[0]


def play(case: Case, role: str, seed: int, strategy: str) -> Session:
    session = Session(case, seed=seed, humans=[role])
    rng = random.Random(f"{strategy}:{seed}")
    while not session.over:
        moves = [o.move for o in session.options(role) if o.open]
        if strategy == "doctrine":
            best = max(reward(case, role, m) for m in moves)
            picks = [m for m in moves if reward(case, role, m) == best]
        else:
            picks = [m for m in moves if set(m.tags) & set(BAD)] or moves
        session.play(role, rng.choice(picks).id)
    return session


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--rollouts", type=int, default=100)
    parser.add_argument("--case", default=None)
    parser.add_argument(
        "--all-roles", action="store_true", help="every playable role, not only the trainee's"
    )
    parser.add_argument("--unscreened", type=int, default=10, help="seeds also run with no screening")
    args = parser.parse_args()
    for path in builtin_files():
        case = load_case(path)
        if args.case and case.id != args.case:
            continue
        roles = case.playable_roles if args.all_roles else (trainee(path, case),)
        for role, strategy in [(r, s) for r in roles for s in ("doctrine", "reactive")]:
            examined = shown = harmful_shown = unscreened = 0
            gains: list[float] = []
            lows: list[float] = []
            for seed in range(args.seeds):
                session = play(case, role, seed, strategy)
                found = better_moves(case, session.log, role, rollouts=args.rollouts, seed=seed)
                for s in found:
                    examined += 1
                    if s.best is not None:
                        shown += 1
                        gains.append(s.best.gain)
                        lows.append(s.best.low)
                        if veto(case, role, case.moves[s.best.move]):
                            harmful_shown += 1
                if seed < args.unscreened:
                    raw = better_moves(case, session.log, role, rollouts=args.rollouts, seed=seed, vetoes=())
                    for s in raw:
                        top = s.alternatives[0] if s.alternatives else None
                        if top is not None and top.clear and veto(case, role, case.moves[top.move]):
                            unscreened += 1
            key = f"{case.id}_{role}_{strategy}"
            print(f"{key}_sessions: {args.seeds}")
            print(f"{key}_decisions_examined: {examined}")
            print(f"{key}_suggestions_shown: {shown}")
            if gains:
                print(f"{key}_gain_mean: {statistics.mean(gains):.1f}")
                print(f"{key}_gain_min: {min(gains):.1f}")
                print(f"{key}_ci_low_min: {min(lows):.1f}")
            print(f"{key}_vetoed_moves_shown: {harmful_shown}")
            print(f"{key}_unscreened_harmful_best: {unscreened}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
