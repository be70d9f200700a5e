"""``parley report ID``: the full debrief of a saved session, with its transcript."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.files import write_whole
from cli.output import Failure, plain
from cli.storage import open_store, storage_errors
from game.case.model import Case
from game.debriefing.htmlreport import html
from game.debriefing.report import markdown, own_debrief, transcript
from game.debriefing.scoring import Debrief
from game.debriefing.views import role_events, series_for
from game.play.replay import meter_series
from game.storage import Saved, SessionInfo, debrief_to_dict, open_saved

FORMATS = ("md", "html", "json")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``report`` command."""
    parser = commands.add_parser(
        "report",
        help="the full debrief of a saved session (Markdown, HTML or JSON)",
        description="Print or write the debrief of a saved session with its transcript, read from the "
        "store. HTML is one self-contained file that prints well. An unfinished session gets a "
        "provisional debrief of the play so far.",
    )
    parser.add_argument("id", type=int, metavar="ID", help="the session's id (see `parley sessions`)")
    parser.add_argument("--format", choices=FORMATS, default="md", help="md (default), html or json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument(
        "--view",
        metavar="ROLE",
        help="the report as ROLE saw the game: its own score, the meters it saw and its view of the log, "
        "with nothing private to anyone else (to hand to that player); default: the full report",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Render the report and print or write it."""
    with open_store() as store, storage_errors():
        saved, case, result = open_saved(store, args.id)
    if args.view is not None and args.view not in case.roles:
        raise Failure(f"--view: {args.view!r} is not a role of {case.id} ({', '.join(case.roles)})")
    try:
        text = render(saved, case, result, args.format, args.view)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as err:
        raise Failure(f"session {args.id} is damaged (its stored debrief cannot be shown: {err!r})") from None
    if args.output:
        write_whole(Path(args.output), text)
        print(f"parley: wrote the report of session {args.id} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def render(saved: Saved, case: Case, result: Debrief, fmt: str, view: str | None = None) -> str:
    """The report of ``saved`` in format ``fmt`` ("md", "html" or "json"), full or as ``view`` saw it."""
    info = saved.info
    if fmt == "html":
        return html(case, saved.events, result, details=details(info, case, view), viewer=view)
    if fmt == "json":
        data = document(saved, case, result) if view is None else role_document(saved, case, result, view)
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    lines = [markdown(case, saved.events, result, view).rstrip("\n"), "", "## Session record", ""]
    lines += [f"- {label}: {value}" for label, value in details(info, case, view)]
    return "\n".join(lines) + "\n"


def details(info: SessionInfo, case: Case, view: str | None = None) -> list[tuple[str, str]]:
    """The facts about a stored session shown with its report (``view``: whose report it is)."""
    seats = []
    for seat in info.players:
        role_name = case.roles[seat.role].name if seat.role in case.roles else seat.role
        seats.append(role_name if seat.name == role_name else f"{seat.name} ({role_name})")
    players = ", ".join(seats) or "nobody (every role was played by the policy)"
    rows = [
        ("Session", f"{info.id} ({info.status.value})"),
        ("Players", players),
        ("Policy", info.policy),
        ("Started", info.started_at),
    ]
    if info.ended_at:
        rows.append(("Ended", info.ended_at))
    if info.parent_id is not None:
        rows.append(("Branched from", f"session {info.parent_id}, after event {info.parent_seq}"))
    rows.append(("Case file", f"{info.case_path} (sha256 {info.case_hash[:12]}…)"))
    if view is not None:
        full = f"`parley report {info.id}` is the full one"
        rows.append(("Report", f"as {case.roles[view].name} saw the game ({full})"))
    return rows


def document(saved: Saved, case: Case, result: Debrief) -> dict[str, Any]:
    """The report as JSON-ready data: session, debrief, meters by round, transcript and the event log."""
    info = saved.info
    return {
        "session": plain(info),
        "case": {"id": case.id, "title": case.title, "hash": info.case_hash},
        "debrief": debrief_to_dict(result),
        "meters": meter_series(case, saved.events),
        "transcript": transcript(case, saved.events),
        "events": [event.to_dict() for event in saved.events],
    }


def role_document(saved: Saved, case: Case, result: Debrief, view: str) -> dict[str, Any]:
    """:func:`document` as ``view`` saw the game: its own score, its meters, its view of the log."""
    events = role_events(saved.events, view)
    return {
        "session": plain(saved.info),
        "case": {"id": case.id, "title": case.title, "hash": saved.info.case_hash},
        "view": view,
        "debrief": debrief_to_dict(own_debrief(result, view)),
        "meters": series_for(case, saved.events, view),
        "transcript": transcript(case, events, viewer=view),
        "events": [event.to_dict() for event in events],
    }
