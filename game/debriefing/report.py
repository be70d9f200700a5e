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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from game.case.audience import part_roles, parts_for
from game.case.model import MAX_ROUNDS, Case
from game.debriefing.bargains import bargain_lines, ending_text
from game.debriefing.counterfactual import criteria
from game.debriefing.facilitation import action_line
from game.debriefing.labels import slot_label
from game.debriefing.scoring import Debrief, PlayerScore
from game.play.events import Event
from game.play.redlines import red_line
from game.textsafe import visible

if TYPE_CHECKING:
    from game.debriefing.reportmodel import BetterMoves, PlayerView, Report

BETTER_MOVES = "What a better move would have done"

FULL = "*"
"""``viewer`` of :func:`describe` for the full record: every private part, each marked with who saw it."""


def describe(case: Case, event: Event, viewer: str | None = FULL) -> Iterator[str]:
    """The lines a person reads for one event (none for bookkeeping events).

    ``viewer``: :data:`FULL` (the instructor's full record: private events are marked with who saw
    them, and every per-role part of narrative is shown with whom it is for), a role id (that
    role's view: its own parts of narrative only) or None (the public: no private part).
    """
    data = event.data
    kind = event.kind
    if kind == "phase":
        phase = case.phases[data["phase"]]
        yield f"== {phase.title} =="
        yield from _indent(phase.text)
        yield from _parts(case, phase.private_text, viewer)
    elif kind == "round":
        yield f"-- Round {event.round} --"
    elif kind == "inject":
        inject = case.injects[data["inject"]]
        if data.get("quiet"):
            yield f"{inject.title}.{_private(case, event, viewer)}"
            return
        yield f"BREAKING: {inject.title}{_private(case, event, viewer)}"
        yield from _indent(inject.text)
        yield from _parts(case, inject.private_text, viewer)
    elif kind == "move":
        move = case.moves[data["move"]]
        yield f"{case.roles[event.role].name}: {move.label}{_private(case, event, viewer)}"
        if move.feedback:
            yield from _indent(move.feedback, "   > ")
    elif kind == "private":
        yield f"{case.roles[event.role].name} made a private move."
    elif kind == "pass":
        yield f"{case.roles[event.role].name} has no move open and waits."
    elif kind == "reply":
        reply = case.moves[data["move"]].replies[data["index"]]
        yield f"   {case.roles[event.role].name} replies: {reply.text.strip()}{_private(case, event, viewer)}"
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
        if data.get("reason") == "bound":
            yield f"   (stopped after {MAX_ROUNDS} rounds, the most a Parley session may last)"
        yield from _indent(text)
    elif kind in ("offer", "timer", "deadline"):
        yield from bargain_lines(case, event)
    elif kind == "facilitator":
        line = action_line(case, event)
        if data.get("action") in ("pause", "resume"):
            yield f"== {line} =="
        else:
            marked = "" if data.get("action") == "note" else _private(case, event, viewer)  # a note says it
            yield f"   [{line}]{marked}"


def _private(case: Case, event: Event, viewer: str | None) -> str:
    """ " [private: Kestmark, Velmar]" after an event some roles did not see ("" for a public one)."""
    seen = event.data.get("audience")
    if seen is None or viewer is None:
        return ""
    if not seen:  # a facilitator's action only the facilitator saw
        return " [facilitator only]"
    names = ["you" if r == viewer else case.roles[r].name for r in seen if r in case.roles]
    return " [private: " + ", ".join(names) + "]"


def _parts(case: Case, parts: Mapping[str, str], viewer: str | None) -> Iterator[str]:
    """The per-role parts of a narrative ``viewer`` reads, each introduced by whom it is for."""
    if viewer is None:
        return
    for key, text in parts_for(parts, None if viewer == FULL else viewer):
        roles = part_roles(key)
        yield ""  # a paragraph of its own, apart from the public text
        if viewer == FULL:
            who = " and ".join(case.roles[r].name for r in roles)
            yield f"   [only {who} read:]"
        else:
            others = [case.roles[r].name for r in roles if r != viewer]
            yield "   [only you and " + " and ".join(others) + " know:]" if others else "   [only you know:]"
        yield from _indent(text)


def transcript(
    case: Case, events: Sequence[Event], width: int | None = None, viewer: str | None = FULL
) -> list[str]:
    """The whole session as readable lines, wrapped to ``width`` columns if given.

    ``events`` and ``viewer``: the full log and :data:`FULL`, or a role's view
    (:mod:`game.play.view`) and that role.
    """
    lines: list[str] = []
    for event in events:
        lines.extend(describe(case, event, viewer))
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


def table_line(player: PlayerView) -> str:
    """The table's result beside the player's own score, so neither is mistaken for the other."""
    return (
        f"The table's result on this rubric: {player.table_overall}/100. Your score counts only "
        "the part of it your own decisions caused."
    )


def text_lines(report: Report, better: bool = True) -> list[str]:
    """The debrief as plain text lines (``parley run``), better moves last when worked out (and
    ``better``; :func:`better_lines` gives them alone)."""
    lines = ["", "DEBRIEF", f"Outcome: {report.outcome}", *report.why, *report.deadlines]
    lines.append(f"Overall score: {report.overall}/100")
    if report.offers:
        lines += ["", "Offers:", *[f"  {line}" for line in report.offers]]
    if report.facilitator:
        lines += ["", "The facilitator's actions:", *[f"  {line}" for line in report.facilitator]]
    for player in report.players:
        lines += ["", f"{player.who}: {player.overall}/100", f"  {table_line(player)}"]
        for dim in player.dimensions:
            lines.append(f"  {dim.title:<40} {dim.score:>3}/100")
            lines.append(f"      {dim.explanation}")
        if player.decisions:
            lines.append("  Decisions that mattered most:")
            for d in player.decisions:
                lines.append(f"    R{d.round} {d.label}: {d.impact:+.1f} overall")
                lines.append(f"      {'; '.join(d.notes)}")
    return lines + better_lines(report) if better else lines


def better_lines(report: Report) -> list[str]:
    """The better-moves sections as plain text lines (none when they were not worked out)."""
    shown = [p for p in report.players if p.better.shown]
    lines: list[str] = []
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


def own_debrief(
    result: Debrief, role: str, case: Case | None = None, events: Sequence[Event] = ()
) -> Debrief:
    """The part of a debrief one player may read before the reveal: their own score and decisions
    (the table score becomes theirs; nobody else's is shown).  With ``case`` and ``events``, what
    moved each dimension names a move the player did not see as "Kestmark's private move", as its
    view of the log does, not by the move's label."""
    players = tuple(p for p in result.players if p.role == role)
    if case is not None and events:
        players = tuple(_unseen_moves_hidden(case, events, p) for p in players)
    return replace(
        result,
        overall=players[0].overall if players else result.overall,
        players=players,
        key_decisions=tuple(d for d in result.key_decisions if d.role == role),
    )


def _unseen_moves_hidden(case: Case, events: Sequence[Event], player: PlayerScore) -> PlayerScore:
    """``player``'s explanations with each move it did not see named only as a private move."""
    from game.debriefing.causes import movers
    from game.play.attribution import attribute_events

    hidden = frozenset(e.seq for e in events if e.kind in ("move", "offer") and not e.seen_by(player.role))
    if not hidden:
        return player
    at = attribute_events(case, events)
    rubric = case.rubric_for(player.role)
    dims = []
    for dim in player.dimensions:
        said = movers(case, rubric[dim.id], at, player.role, hidden) if dim.id in rubric else dim.causes
        if said != dim.causes and dim.causes:
            text = dim.explanation.replace(
                "What moved it: " + "; ".join(dim.causes), "What moved it: " + "; ".join(said), 1
            )
            dim = replace(dim, explanation=text, causes=said)
        dims.append(dim)
    return replace(player, dimensions=tuple(dims))


def markdown(report: Report) -> str:
    """A self-contained Markdown report: outcome, scores, decisions, better moves, meters, transcript.

    A full report (``report.viewer`` None) also has, for a case with private information, what
    each side knew; a player's report (:func:`game.debriefing.reportmodel.build_report` with a
    ``viewer``) is that player's own score, the meters as it saw them and its view of the log.
    """
    heading = f"# Debrief: {report.title}"
    if report.viewer_name:
        heading += f" — as {report.viewer_name} saw it"
    out = [
        heading,
        "",
        f"- Outcome: **{report.outcome}** after {report.rounds} rounds",
        *[f"- {line}" for line in report.why],
        *[f"- {line}" for line in report.deadlines],
        f"- Overall score: **{report.overall}/100**",
        f"- Case `{report.case_id}`, seed {report.seed}",
        "",
    ]
    for player in report.players:
        out += [f"## {player.who}: {player.overall}/100", "", table_line(player), ""]
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
    if report.facilitator:
        out += ["## The facilitator's actions", "", *[f"- {line}" for line in report.facilitator], ""]
    out += ["## Meters by round", ""]
    out.append("| Meter | " + " | ".join(["start", *[f"R{i}" for i in range(1, report.columns)]]) + " |")
    out.append("|---|" + "---:|" * report.columns)
    for row in report.meters:
        out.append(f"| {row.label} | " + " | ".join(str(v) for v in row.values) + " |")
    if report.revealed:
        out += ["", "## What each side knew", ""]
        out.append("| Round | " + " | ".join(_cell(name) for name in report.revealed.roles) + " |")
        out.append("|---:|" + "---|" * len(report.revealed.roles))
        for row in report.revealed.rows:
            cells = []
            for did, knew in row.cells:
                items = [f"did: {_cell(t)}" for t in did] + [f"knew: {_cell(t)}" for t in knew]
                cells.append("<br>".join(items) or "—")
            out.append(f"| {row.round} | " + " | ".join(cells) + " |")
    out += ["", "## Transcript", "", "```text", *report.transcript, "```", ""]
    if report.facts:
        out += ["## Session record", "", *[f"- {label}: {value}" for label, value in report.facts], ""]
    return visible("\n".join(out))  # control characters written out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _indent(text: str, prefix: str = "   ") -> Iterator[str]:
    for line in text.strip().splitlines():
        yield f"{prefix}{line}" if line.strip() else ""
