"""Plain-text views of a session, read from its log: the transcript a person
reads, and the debrief as a Markdown report to keep.

Meter slots are named by :func:`game.debriefing.labels.slot_label` (also importable from here).
These return strings; they print nothing and know nothing of terminals.
Case text is copied as written (a Markdown reader may format it; nothing here
is interpreted as markup by Parley itself).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence

from game.case.model import Case
from game.debriefing.bargains import bargain_lines, ending_text, offer_history
from game.debriefing.labels import slot_label
from game.debriefing.scoring import Debrief
from game.play.events import Event
from game.play.redlines import red_line
from game.play.replay import meter_series


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
    elif kind == "breach":
        line = red_line(case, event.role, data["line"])
        text = line.text if line else f"red line {data['line'] + 1}"
        yield f"   !! RED LINE CROSSED by {case.roles[event.role].name}: {text}"
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


def debrief_lines(case: Case, result: Debrief, events: Sequence[Event] = ()) -> list[str]:
    """The debrief as plain text lines (with the offer history when ``events`` are given and had offers)."""
    lines = ["", "DEBRIEF", f"Outcome: {_ending_title(case, result)}", f"Overall score: {result.overall}/100"]
    offers = offer_history(case, events)
    if offers:
        lines += ["", "Offers:", *[f"  {line}" for line in offers]]
    for player in result.players:
        lines += ["", f"{_who(case, player.role, player.name)}: {player.overall}/100"]
        for dim in player.dimensions:
            lines.append(f"  {dim.title:<40} {dim.score:>3}/100")
            lines.append(f"      {dim.explanation}")
        if player.decisions:
            lines.append("  Decisions that mattered most:")
            for d in player.decisions:
                lines.append(f"    R{d.round} {d.label}: {d.impact:+.1f} overall")
                lines.append(f"      {'; '.join(d.notes)}")
    return lines


def markdown(case: Case, events: Sequence[Event], result: Debrief) -> str:
    """A self-contained Markdown report: outcome, scores, decisions, meters, transcript."""
    start = next((e for e in events if e.kind == "start"), None)
    seed = start.data.get("seed") if start else "?"
    out = [
        f"# Debrief: {case.title}",
        "",
        f"- Outcome: **{_ending_title(case, result)}** after {result.rounds} rounds",
        f"- Overall score: **{result.overall}/100**",
        f"- Case `{case.id}`, seed {seed}",
        "",
    ]
    for player in result.players:
        out += [f"## {_who(case, player.role, player.name)}: {player.overall}/100", ""]
        out += ["| Dimension | Score | Why |", "|---|---:|---|"]
        for dim in player.dimensions:
            out.append(f"| {dim.title} | {dim.score} | {_cell(dim.explanation)} |")
        out.append("")
        if player.decisions:
            out += ["Decisions that mattered most:", ""]
            for d in player.decisions:
                out.append(f"- Round {d.round}, *{d.label}*: {d.impact:+.1f} overall — {'; '.join(d.notes)}")
            out.append("")
    offers = offer_history(case, events)
    if offers:
        out += ["## Offers", "", *[f"- {line}" for line in offers], ""]
    out += ["## Meters by round", ""]
    series = meter_series(case, events)
    rounds = len(next(iter(series.values()), []))
    out.append("| Meter | " + " | ".join(["start", *[f"R{i}" for i in range(1, rounds)]]) + " |")
    out.append("|---|" + "---:|" * rounds)
    for slot, values in series.items():
        if case.meters[slot.partition(".")[0]].visible:
            out.append(f"| {slot_label(case, slot)} | " + " | ".join(str(v) for v in values) + " |")
    out += ["", "## Transcript", "", "```text", *transcript(case, events), "```", ""]
    return "\n".join(out)


def _who(case: Case, role: str, name: str) -> str:
    """ "Player 2 — Kestmark", or just the role's name when the player has none of their own."""
    role_name = case.roles[role].name
    return role_name if name == role_name else f"{name} — {role_name}"


def _ending_title(case: Case, result: Debrief) -> str:
    if result.ending is None:
        return "not finished"
    ending = case.endings[result.ending]
    return f"{ending.title} ({ending.outcome.value})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _indent(text: str, prefix: str = "   ") -> Iterator[str]:
    for line in text.strip().splitlines():
        yield f"{prefix}{line}" if line.strip() else ""
