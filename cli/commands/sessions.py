"""``parley sessions``: the saved sessions, unfinished and finished."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from cli.output import dumps
from cli.storage import open_store, storage_errors
from game.storage import SessionInfo, Status


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``sessions`` command."""
    parser = commands.add_parser(
        "sessions",
        help="list saved sessions: unfinished (to resume) and finished",
        description="List the sessions saved in $PARLEY_HOME (or the user data directory): unfinished "
        "ones, which `parley resume ID` continues, then finished and abandoned ones, which "
        "`parley report ID` and `parley replay ID` open.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per session, newest first")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the sessions."""
    with open_store() as store, storage_errors():
        unfinished = store.unfinished()
        others = [s for s in store.sessions() if s.status is not Status.PLAYING]
        tables = store.tables()
        path = store.path
    if args.json:
        for info in [*unfinished, *others]:
            print(dumps(as_json(info)))
        return 0
    if not unfinished and not others and not tables:
        print(f"No saved sessions in {path}.")
        return 0
    sections = [
        ("Unfinished (continue with `parley resume ID`):", unfinished, False, "last saved"),
        (
            "Finished (see `parley report ID` or `parley replay ID`):",
            [s for s in others if s.status is Status.FINISHED],
            True,
            "finished",
        ),
        ("Abandoned:", [s for s in others if s.status is Status.ABANDONED], False, "abandoned"),
    ]
    shown = 0
    if tables:
        print("Tables in play (take a seat with `parley join CODE --role ROLE --name NAME`):")
        print(f"  {'code':<8}{'table':<14}{'case':<28}{'moves':>5}  seats")
        for t in tables:
            seats = (
                ", ".join(
                    f"{seat.name} ({seat.role}{', policy plays it' if seat.role in t.handed else ''})"
                    for seat in t.seats
                )
                or "nobody yet"
            )
            open_roles = [f"{r} (policy plays it)" if r in t.handed else r for r in t.open_roles]
            free = f"; free: {', '.join(open_roles)}" if open_roles else ""
            print(f"  {t.code:<8}{t.name[:13]:<14}{t.case_id[:27]:<28}{t.inputs:>5}  {seats}{free}")
        shown += 1
    for title, rows, done, when in sections:
        if rows:
            print(("\n" if shown else "") + title)
            _table(rows, done, when)
            shown += 1
    return 0


def as_json(info: SessionInfo) -> dict[str, object]:
    """A session as listed by ``--json``."""
    return {
        "id": info.id,
        "status": info.status.value,
        "case": info.case_id,
        "title": info.case_title,
        "seed": info.seed,
        "policy": info.policy,
        "players": [{"role": p.role, "name": p.name} for p in info.players],
        "started_at": info.started_at,
        "updated_at": info.updated_at,
        "ended_at": info.ended_at,
        "round": info.round,
        "moves": info.moves,
        "ending": info.ending,
        "outcome": info.outcome,
        "overall": info.overall,
        "branched_from": info.parent_id,
    }


def players_text(info: SessionInfo) -> str:
    """ "Ana (Republic of Velmar), Kestmark" or "(all by policy)"."""
    if not info.players:
        return "(all by policy)"
    return ", ".join(p.name for p in info.players)


def _table(rows: Sequence[SessionInfo], done: bool, when: str) -> None:
    """One line per session; ``done`` shows outcome and score instead of round and moves."""
    width = max(4, *(len(s.case_id) for s in rows))
    first, second = ("outcome", "score") if done else ("round", "moves")
    print(f"  {'ID':>4}  {'case':<{width}}  {first:>10}  {second:>5}  {when:<16}  players")
    for s in rows:
        if done:
            a, b = s.outcome or "-", "-" if s.overall is None else str(s.overall)
            moment = s.ended_at or s.updated_at
        else:
            a, b = str(s.round), str(s.moves)
            moment = s.updated_at if s.status is Status.PLAYING else (s.ended_at or s.updated_at)
        branch = f"  (branch of {s.parent_id})" if s.parent_id is not None else ""
        print(
            f"  {s.id:>4}  {s.case_id:<{width}}  {a:>10}  {b:>5}  {_short(moment):<16}  "
            f"{players_text(s)}{branch}"
        )


def _short(stamp: str) -> str:
    """ "2026-11-22T03:15:00Z" → "2026-11-22 03:15" (UTC)."""
    return stamp[:16].replace("T", " ")
