"""``parley report ID``: the full debrief of a saved session, with its transcript, or its
after-action report.  Every format renders the same report model
(:mod:`game.debriefing.reportmodel`), better moves included."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.commands.run import MAX_ROLLOUTS
from cli.files import write_whole
from cli.output import Failure, plain
from cli.storage import open_store, storage_errors
from game.case.model import Case
from game.debriefing.aar import aar_html, aar_markdown
from game.debriefing.counterfactual import ROLLOUTS
from game.debriefing.htmlreport import html
from game.debriefing.report import markdown, own_debrief
from game.debriefing.reportmodel import Report, build_report, to_dict, work_out
from game.debriefing.scoring import Debrief
from game.debriefing.views import role_events
from game.storage import Saved, SessionInfo, debrief_to_dict, open_saved

FORMATS = ("md", "html", "json", "aar", "aar-html")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``report`` command."""
    parser = commands.add_parser(
        "report",
        help="the full debrief of a saved session (Markdown, HTML, JSON or an after-action report)",
        description="Print or write the debrief of a saved session with its transcript, read from the "
        "store, with what a better move would have done at the decisions that mattered. HTML is one "
        "self-contained file that prints well. aar (Markdown) and aar-html give an after-action report: "
        "per rubric dimension, what was expected, what was observed, the cause, what to sustain or "
        "improve, and an improvement plan. An unfinished session gets a provisional debrief of the "
        "play so far.",
    )
    parser.add_argument("id", type=int, metavar="ID", help="the session's id (see `parley sessions`)")
    parser.add_argument(
        "--format", choices=FORMATS, default="md", help="md (default), html, json, aar or aar-html"
    )
    parser.add_argument(
        "--rollouts",
        type=int,
        default=ROLLOUTS,
        metavar="N",
        help=f"rollouts per candidate move for the better moves (default {ROLLOUTS})",
    )
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
    if not 2 <= args.rollouts <= MAX_ROLLOUTS:
        raise Failure(f"--rollouts must be from 2 to {MAX_ROLLOUTS} (a confidence interval needs two)")
    try:
        text = render(saved, case, result, args.format, args.view, args.rollouts)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as err:
        raise Failure(f"session {args.id} is damaged (its stored debrief cannot be shown: {err!r})") from None
    if args.output:
        write_whole(Path(args.output), text)
        print(f"parley: wrote the report of session {args.id} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def render(
    saved: Saved, case: Case, result: Debrief, fmt: str, view: str | None = None, rollouts: int = ROLLOUTS
) -> str:
    """The report of ``saved`` in format ``fmt`` (one of :data:`FORMATS`), full or as ``view`` saw it."""
    own = result if view is None else own_debrief(result, view)
    better = work_out(case, saved.events, own, rollouts)
    report = build_report(case, saved.events, result, better, details(saved.info, case, view), view)
    if fmt == "html":
        return html(report, case, saved.events)
    if fmt == "aar":
        return aar_markdown(report)
    if fmt == "aar-html":
        return aar_html(report)
    if fmt == "json":
        data = document(saved, case, result, report)
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return markdown(report)


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


def document(saved: Saved, case: Case, result: Debrief, report: Report) -> dict[str, Any]:
    """The report as JSON-ready data: session, debrief, the report model (better moves and after-action
    view included), meters by round, transcript and the event log; for a player's report
    (``report.viewer``), its own score, the meters it saw and its view of the log."""
    info = saved.info
    view = report.viewer
    data: dict[str, Any] = {
        "session": plain(info),
        "case": {"id": case.id, "title": case.title, "hash": info.case_hash},
        "debrief": debrief_to_dict(result if view is None else own_debrief(result, view, case, saved.events)),
        "report": to_dict(report),
        "meters": {row.slot: list(row.values) for row in report.meters},
        "transcript": list(report.transcript),
    }
    if view is None:
        data["events"] = [event.to_dict() for event in saved.events]
    else:
        data["view"] = view
        data["events"] = [event.to_dict() for event in role_events(saved.events, view)]
    return data
