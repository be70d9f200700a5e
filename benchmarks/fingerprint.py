"""Fingerprints of many playthroughs, to prove a speed change changed nothing.

Prints one ``name: sha256`` line per case and policy: the hash of every event of 300 seeded
playthroughs (seq, round, kind, role, data), of each final tally (meters, flags, counters, phases,
ending), of who caused what (contributions, exits, breaches, moves) and of ``totals_for`` for every
playable role; and one line per built-in case and policy for ``analyze`` (300 runs, one process).

    python benchmarks/fingerprint.py [--seeds N] > after.txt
    git worktree add /tmp/before HEAD && (cd /tmp/before && python benchmarks/fingerprint.py) > before.txt
    diff before.txt after.txt; git worktree remove /tmp/before

The cases: every built-in case, the synthetic 20 × 5 case of ``benchmarks/engine.py``, and the test
cases with private information, locked moves, format 2 offers, agreements and timers.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import MOVES, PHASES, synthetic_case

from game.case.library import builtin_files
from game.case.loader import load_case, load_case_text
from game.case.model import Case
from game.debriefing.scoring import totals_for
from game.instructor.analysis import analyze
from game.play.session import Session

ROOT = Path(__file__).resolve().parent.parent
TEST_CASES = (
    "private.yaml",
    "locked.yaml",
    "minimal2.yaml",
    "format2/answers.yaml",
    "format2/agreements.yaml",
    "format2/quarantine.yaml",
    "format2/saltmere.yaml",
)


def fingerprint(case: Case, policy: str, seeds: int) -> str:
    """The hash of ``seeds`` playthroughs of ``case`` with ``policy``."""
    digest = hashlib.sha256()
    for seed in range(seeds):
        session = Session(case, seed=seed, policy=policy)
        board = session.tally()
        ledger = board.ledger
        digest.update(repr([(e.seq, e.round, e.kind, e.role, e.data) for e in session.log]).encode())
        tally = (
            sorted(board.meters.items()),
            sorted(board.flags.items()),
            sorted(board.played.items()),
            sorted(board.tagged.items()),
            sorted((role, sorted(counts.items())) for role, counts in board.mine.items()),
            sorted(board.fired.items()),
            sorted(board.visited),
            board.round,
            board.phase_round,
            board.ending,
            board.outcome,
        )
        digest.update(repr(tally).encode())
        causes = (
            sorted((key, sorted(per.items())) for key, per in ledger.contrib.items()),
            [(x.seq, x.state, x.reason, x.cause) for x in ledger.exits],
            ledger.breaches,
            ledger.moves,
        )
        digest.update(repr(causes).encode())
        digest.update(repr(totals_for(case, board, case.playable_roles)).encode())
    return digest.hexdigest()


def main() -> None:
    """Print the fingerprints."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=300, help="playthroughs per case and policy")
    args = parser.parse_args()
    cases = [(path.stem, load_case(path)) for path in builtin_files()]
    cases.append(("synthetic", load_case_text(synthetic_case(PHASES, MOVES), "synthetic.yaml")))
    tests = ROOT / "tests" / "cases"
    cases += [(name, load_case(tests / name)) for name in TEST_CASES if (tests / name).exists()]
    for name, case in cases:
        for policy in ("random", "counterpart"):
            print(f"{name}_{policy}: {fingerprint(case, policy, args.seeds)}")
    for path in builtin_files():
        for policy in ("random", "counterpart"):
            report = repr(analyze(path, runs=args.seeds, policy=policy, jobs=1))
            print(f"analyze_{path.stem}_{policy}: {hashlib.sha256(report.encode()).hexdigest()}")


if __name__ == "__main__":
    main()
