"""``parley results``: scores of finished sessions, on screen or as CSV for a spreadsheet."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from cli.files import write_whole
from cli.storage import open_store, storage_errors
from game.storage import Result

FIXED_COLUMNS = (
    "session",
    "case",
    "case_title",
    "seed",
    "policy",
    "started_at",
    "ended_at",
    "rounds",
    "ending",
    "outcome",
    "table_overall",
    "role",
    "player",
    "player_overall",
)
DIMENSION_PREFIX = "score_"  # the column of each rubric dimension: score_<dimension id>


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``results`` command."""
    parser = commands.add_parser(
        "results",
        help="scores of finished sessions (CSV for a spreadsheet)",
        description="Finished sessions with their players, outcome, overall score and the score of each "
        "rubric dimension: one line per player. --csv writes the same as CSV, with a score_<dimension> "
        "column per rubric dimension.",
    )
    parser.add_argument("--case", metavar="ID", help="only sessions of this case")
    parser.add_argument("--csv", metavar="FILE", help="write CSV to FILE ('-' for standard output)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print or export the results."""
    with open_store() as store, storage_errors():
        results = store.finished(args.case)
    if args.csv:
        text = to_csv(results)
        if args.csv == "-":
            sys.stdout.write(text)
        else:
            write_whole(Path(args.csv), text)
            print(f"parley: wrote {len(results)} sessions to {args.csv}", file=sys.stderr)
        return 0
    if not results:
        which = f" of case {args.case}" if args.case else ""
        print(f"No finished sessions{which}.")
        return 0
    by_case: dict[str, list[Result]] = {}
    for result in results:
        by_case.setdefault(result.session.case_id, []).append(result)
    for number, (case_id, group) in enumerate(by_case.items()):
        if number:
            print()
        _print_case(case_id, group)
    return 0


def dimension_ids(results: Sequence[Result]) -> list[str]:
    """Every rubric dimension in the results, in order of first appearance."""
    seen: dict[str, None] = {}
    for result in results:
        for player in result.players:
            for dim in player.dimensions:
                seen.setdefault(dim.id, None)
    return list(seen)


def to_csv(results: Sequence[Result]) -> str:
    """One row per player of each finished session; a score column per rubric dimension."""
    dims = dimension_ids(results)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FIXED_COLUMNS, *(f"{DIMENSION_PREFIX}{d}" for d in dims)])
    for result in results:
        s = result.session
        for player in result.players:
            scores = {d.id: d.score for d in player.dimensions}
            writer.writerow(
                [
                    s.id,
                    s.case_id,
                    s.case_title,
                    s.seed,
                    s.policy,
                    s.started_at,
                    s.ended_at or "",
                    s.round,
                    s.ending or "",
                    s.outcome or "",
                    "" if s.overall is None else s.overall,
                    player.role,
                    player.name,
                    player.overall,
                    *(scores.get(d, "") for d in dims),
                ]
            )
    return out.getvalue()


def _print_case(case_id: str, group: Sequence[Result]) -> None:
    titles: dict[str, str] = {}
    for result in group:
        for player in result.players:
            for dim in player.dimensions:
                titles.setdefault(dim.id, dim.title)
    count = len(group)
    print(f"{group[0].session.case_title} ({case_id}): {count} finished session{'s' if count != 1 else ''}")
    keys = [f"D{i}" for i in range(1, len(titles) + 1)]
    name_width = max(6, *(len(p.name) for r in group for p in r.players))
    outcome_width = max(7, *(len(r.session.outcome or "-") for r in group))
    head = "  ".join(f"{k:>3}" for k in keys)
    player, outcome = "player", "outcome"
    print(f"  {'ID':>4}  {'finished':<16}  {player:<{name_width}}  {outcome:<{outcome_width}}", end="")
    print(f"  overall  {head}")
    for result in group:
        s = result.session
        when = (s.ended_at or "")[:16].replace("T", " ")
        for player in result.players:
            scores = {d.id: d.score for d in player.dimensions}
            cells = "  ".join(f"{scores.get(d, ''):>3}" for d in titles)
            print(
                f"  {s.id:>4}  {when:<16}  {player.name:<{name_width}}  {s.outcome or '-':<{outcome_width}}"
                f"  {player.overall:>7}  {cells}"
            )
    print("  " + "; ".join(f"{k} {title}" for k, title in zip(keys, titles.values(), strict=True)))
