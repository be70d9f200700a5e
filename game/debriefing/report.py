"""Plain-text views of a session: the transcript a person reads (from the log), and the debrief
as text lines and as a Markdown report to keep (from the report model,
:mod:`game.debriefing.reportmodel`).

Meter slots are named by :func:`game.debriefing.labels.slot_label` (also importable from here).
These return strings; they print nothing and know nothing of terminals.
Case text is copied as written (a Markdown reader may format it; nothing here
is interpreted as markup by Parley itself).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from game.case.model import Case
from game.debriefing.bargains import bargain_lines, ending_text
from game.debriefing.counterfactual import criteria
from game.debriefing.labels import slot_label
from game.play.events import Event

if TYPE_CHECKING:
    from game.debriefing.reportmodel import BetterMoves, Report

BETTER_MOVES = "What a better move would have done"


def describe(case: Case, event: Event) -> Iterator[str]:
    """The lines a person reads for one event (none for bookkeeping events)."""
    data = event.data
    kind = event.kind
    if kind == "phase":
        phase = case.phases[data["phase"]]
        yield f"== {phase.title} =="
        yield from _indent(phase.text)
    elif kind == "round":
        yield f"-- Round {event.round} --"
    elif kind == "inject":
        inject = case.injects[data["inject"]]
        if data.get("quiet"):
            yield f"{inject.title}."
            return
        yield f"BREAKING: {inject.title}"
        yield from _indent(inject.text)
    elif kind == "move":
        move = case.moves[data["move"]]
        yield f"{case.roles[event.role].name}: {move.label}"
        if move.feedback:
            yield from _indent(move.feedback, "   > ")
    elif kind == "pass":
        yield f"{case.roles[event.role].name} has no move open and waits."
    elif kind == "reply":
        reply = case.moves[data["move"]].replies[data["index"]]
        yield f"   {case.roles[event.role].name} replies: {reply.text.strip()}"
    elif kind == "effect":
        label = slot_label(case, data["slot"])
        if data["slot"].startswith("flags."):
            yield f"   * {label}" if data["value"] else f"   * no longer: {label}"
        elif data["change"]:
            value = data["value"]
            yield f"   * {label}: {value - data['change']} -> {value} ({data['change']:+d})"
    elif kind == "ending":
        ending = case.endings[data["ending"]]
        title, text = ending_text(case, data)
        yield f"== Ending: {title} ({ending.outcome.value}) =="
        yield from _indent(text)
    elif kind in ("offer", "timer", "deadline"):
        yield from bargain_lines(case, event)


def transcript(case: Case, events: Sequence[Event], width: int | None = None) -> list[str]:
    """The whole session as readable lines, wrapped to ``width`` columns if given."""
    lines: list[str] = []
    for event in events:
        lines.extend(describe(case, event))
    return wrap(lines, width) if width else lines


def wrap(lines: Sequence[str], width: int) -> list[str]:
    """Wrap long lines, continuing each under its own indentation."""
    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
            continue
        body = line.lstrip(" ")
        indent = line[: len(line) - len(body)]
        lead = indent + body[:2] if body[:2] in ("> ", "* ") else indent
        continued = " " * len(lead)
        out.extend(textwrap.wrap(line, width, initial_indent="", subsequent_indent=continued) or [""])
    return out


def text_lines(report: Report) -> list[str]:
    """The debrief as plain text lines (``parley run``), better moves last when worked out."""
    lines = ["", "DEBRIEF", f"Outcome: {report.outcome}", f"Overall score: {report.overall}/100"]
    if report.offers:
        lines += ["", "Offers:", *[f"  {line}" for line in report.offers]]
    for player in report.players:
        lines += ["", f"{player.who}: {player.overall}/100"]
        for dim in player.dimensions:
            lines.append(f"  {dim.title:<40} {dim.score:>3}/100")
            lines.append(f"      {dim.explanation}")
        if player.decisions:
            lines.append("  Decisions that mattered most:")
            for d in player.decisions:
                lines.append(f"    R{d.round} {d.label}: {d.impact:+.1f} overall")
                lines.append(f"      {'; '.join(d.notes)}")
    shown = [p for p in report.players if p.better.shown]
    if shown:
        lines += ["", BETTER_MOVES.upper(), f"({criteria()})"]
        for player in shown:
            lines += ["", f"{player.who}:"]
            lines += [f"  {text}" for text in better_paragraphs(player.better)]
    return lines


def better_paragraphs(better: BetterMoves) -> list[str]:
    """A player's better-moves section as paragraphs, the same on every screen and in every report."""
    if better.state == "failed":
        return [f"Better moves could not be worked out: {better.message}"]
    if not better.items:
        return [better.message]
    return [item.text for item in better.items]


def markdown(report: Report) -> str:
    """A self-contained Markdown report: outcome, scores, decisions, better moves, meters, transcript."""
    out = [
        f"# Debrief: {report.title}",
        "",
        f"- Outcome: **{report.outcome}** after {report.rounds} rounds",
        f"- Overall score: **{report.overall}/100**",
        f"- Case `{report.case_id}`, seed {report.seed}",
        "",
    ]
    for player in report.players:
        out += [f"## {player.who}: {player.overall}/100", ""]
        out += ["| Dimension | Score | Why |", "|---|---:|---|"]
        for dim in player.dimensions:
            out.append(f"| {dim.title} | {dim.score} | {_cell(dim.explanation)} |")
        out.append("")
        if player.decisions:
            out += ["Decisions that mattered most:", ""]
            for d in player.decisions:
                out.append(f"- Round {d.round}, *{d.label}*: {d.impact:+.1f} overall — {'; '.join(d.notes)}")
            out.append("")
        if player.better.shown:
            out += [f"### {BETTER_MOVES}", "", f"_{criteria()}_", ""]
            if player.better.items:
                out += [f"- {'▲ ' if i.verdict == 'better' else ''}{i.text}" for i in player.better.items]
            else:
                out += [f"- {text}" for text in better_paragraphs(player.better)]
            out.append("")
    if report.offers:
        out += ["## Offers", "", *[f"- {line}" for line in report.offers], ""]
    out += ["## Meters by round", ""]
    rounds = len(report.meters[0].values) if report.meters else 1
    out.append("| Meter | " + " | ".join(["start", *[f"R{i}" for i in range(1, rounds)]]) + " |")
    out.append("|---|" + "---:|" * rounds)
    for row in report.meters:
        out.append(f"| {row.label} | " + " | ".join(str(v) for v in row.values) + " |")
    out += ["", "## Transcript", "", "```text", *report.transcript, "```", ""]
    if report.facts:
        out += ["## Session record", "", *[f"- {label}: {value}" for label, value in report.facts], ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _indent(text: str, prefix: str = "   ") -> Iterator[str]:
    for line in text.strip().splitlines():
        yield f"{prefix}{line}" if line.strip() else ""
