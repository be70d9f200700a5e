"""The debrief as one self-contained HTML file: scores, decisions, better moves, meters, transcript.

It renders the report model (:mod:`game.debriefing.reportmodel`); only the transcript is laid
out from the log.  :mod:`game.debriefing.aar` reuses its page frame for the after-action report.

The page needs nothing else: the stylesheet is inline, the meter charts are
inline SVG, there are no scripts, fonts or images to fetch.  It reads well on
screen and on paper (``@media print``: black on white, no page break inside a
table or a chart).  Every string taken from the case or the log is
HTML-escaped, so markup written in a case is shown as text, never run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from html import escape
from typing import Any

from game.case.audience import part_roles, parts_for
from game.case.model import Case
from game.debriefing.bargains import bargain_lines, ending_text
from game.debriefing.counterfactual import criteria
from game.debriefing.report import BETTER_MOVES, better_paragraphs, slot_label, table_line
from game.debriefing.reportmodel import BetterMoves, MeterRow, PlayerView, Report, Revealed
from game.debriefing.views import role_events
from game.play.events import Event
from game.textsafe import visible

STYLE = """
:root { --ink: #1d2330; --muted: #5b6475; --line: #d8dce3; --accent: #2f5d8a; --bar: #3f7cbf;
  --paper: #ffffff; --tint: #f3f5f8; --warn: #9a3b12; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--tint); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; background: var(--paper); }
h1 { font-size: 1.9rem; margin: 0.2rem 0 0.5rem; line-height: 1.2; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.3rem;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.4rem; }
p { margin: 0.3rem 0 0.6rem; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; color: var(--muted);
  margin: 0; }
.summary { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1.2rem; margin: 1rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.overall { font-size: 1.2rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem;
  border-bottom: 1px solid var(--line); }
th { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: block; height: 0.45rem; margin-top: 0.25rem; border-radius: 0.2rem; background: var(--line);
  min-width: 4rem; }
.bar > span { display: block; height: 100%; border-radius: 0.2rem; background: var(--bar); }
ol.decisions li, ul.better li { margin-bottom: 0.4rem; }
.impact { font-weight: 600; font-variant-numeric: tabular-nums; }
.notes { color: var(--muted); font-size: 0.92rem; }
svg.spark { display: block; }
svg.spark polyline { fill: none; stroke: var(--accent); stroke-width: 2; }
svg.spark circle { fill: var(--accent); }
svg.spark line { stroke: var(--line); stroke-width: 1; }
.transcript .round { font-weight: 700; margin-top: 1rem; color: var(--muted); }
.transcript .move { margin: 0.6rem 0 0.1rem; }
.transcript .feedback { margin: 0 0 0.2rem 1.2rem; color: var(--muted); font-style: italic; }
.transcript .reply { margin: 0.1rem 0 0.1rem 1.2rem; }
.transcript ul.effects { margin: 0.1rem 0 0.3rem 1.2rem; padding-left: 1rem; font-size: 0.92rem; }
.transcript .inject { border-left: 4px solid var(--warn); padding: 0.3rem 0.8rem; margin: 0.6rem 0;
  background: #fbf1ec; }
.transcript .inject strong { color: var(--warn); }
.transcript .ending { border: 2px solid var(--accent); padding: 0.4rem 0.9rem; margin: 1rem 0; }
.transcript .pass { color: var(--muted); }
footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  table, .player, .inject, .ending, svg, tr { break-inside: avoid; }
  .bar, .bar > span, .transcript .inject { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def html(report: Report, case: Case, events: Sequence[Event]) -> str:
    """The report as one HTML document: the debrief from ``report``, the transcript from ``events``
    (the full log, or, for a player's report, that player's view of it)."""
    viewer = report.viewer
    shown = events if viewer is None else role_events(events, viewer)
    facts = [
        ("Outcome", report.outcome),
        *((line.partition(": ")[0], line.partition(": ")[2]) for line in report.why),
        *(("Ran out of time", line) for line in report.deadlines),
        ("Rounds", str(report.rounds)),
        ("Case", f"{report.case_id} (seed {report.seed})"),
        *report.facts,
    ]
    parts = [
        *page_head(f"Debrief: {report.title}"),
        "<header>",
        '<p class="kicker">Parley debrief</p>',
        f"<h1>{_e(report.title)}</h1>",
        *([f'<p class="kicker">As {_e(report.viewer_name)} saw it</p>'] if viewer else []),
        f'<p class="summary">{_e(_flow(report.summary))}</p>',
        f'<p class="overall">Overall score: {report.overall}/100</p>',
        '<dl class="facts">',
        *(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in facts),
        "</dl>",
        "</header>",
    ]
    for player in report.players:
        parts.extend(_player(player))
    if report.offers:  # format 2: who offered what, what was countered, accepted, turned down
        parts += [
            '<section class="offers">',
            "<h2>Offers</h2>",
            "<ul>",
            *(f"<li>{_e(o)}</li>" for o in report.offers),
        ]
        parts += ["</ul>", "</section>"]
    if report.facilitator:
        parts += [
            '<section class="offers">',
            "<h2>The facilitator's actions</h2>",
            "<ul>",
            *(f"<li>{_e(line)}</li>" for line in report.facilitator),
            "</ul>",
            "</section>",
        ]
    parts.extend(_meters(report.meters))
    if report.revealed:
        parts.extend(_reveal(report.revealed))
    parts += ['<section class="transcript">', "<h2>Transcript</h2>", *_transcript(case, shown, viewer)]
    parts.append("</section>")
    parts += page_foot()
    return visible("\n".join(parts))  # control characters written out


def page_head(title: str, extra_style: str = "") -> list[str]:
    """The start of a self-contained Parley page, up to ``<main>`` (the reports share one style)."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{STYLE}{extra_style}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]


def page_foot(source: str = "the session's own record") -> list[str]:
    """The end of a page begun by :func:`page_head`, saying what it was made from."""
    return [
        f"<footer>Made by Parley from {source}.</footer>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]


def _player(player: PlayerView) -> Iterator[str]:
    yield '<section class="player">'
    yield f"<h2>{_e(player.who)}: {player.overall}/100</h2>"
    yield f'<p class="notes">{_e(table_line(player))}</p>'
    yield '<table class="scores">'
    yield '<thead><tr><th>Dimension</th><th class="num">Score</th><th>Why</th></tr></thead>'
    yield "<tbody>"
    for dim in player.dimensions:
        width = max(0, min(100, int(dim.score)))
        yield (
            f"<tr><td>{_e(dim.title)}"
            f'<span class="bar" role="img" aria-label="{width} out of 100">'
            f'<span style="width: {width}%"></span></span></td>'
            f'<td class="num">{int(dim.score)}</td><td>{_e(dim.explanation)}</td></tr>'
        )
    yield "</tbody>"
    yield "</table>"
    if player.decisions:
        yield "<h3>Decisions that mattered most</h3>"
        yield '<ol class="decisions">'
        for d in player.decisions:
            yield (
                f"<li>Round {int(d.round)}, <em>{_e(d.label)}</em>: "
                f'<span class="impact">{d.impact:+.1f}</span> overall'
                f'<br><span class="notes">{_e("; ".join(d.notes))}</span></li>'
            )
        yield "</ol>"
    if player.better.shown:
        yield from _better(player.better)
    yield "</section>"


def _better(better: BetterMoves) -> Iterator[str]:
    yield f"<h3>{_e(BETTER_MOVES)}</h3>"
    yield f'<p class="notes">{_e(criteria())}</p>'
    yield '<ul class="better">'
    if better.items:
        for item in better.items:
            mark = '<span class="impact">▲</span> ' if item.verdict == "better" else ""
            yield f"<li>{mark}{_e(item.text)}</li>"
    else:
        yield from (f"<li>{_e(text)}</li>" for text in better_paragraphs(better))
    yield "</ul>"


def _reveal(revealed: Revealed) -> Iterator[str]:
    """What each side knew and did, round by round (for a case with private information)."""
    yield '<section class="reveal">'
    yield "<h2>What each side knew</h2>"
    yield "<table>"
    yield "<thead><tr><th>Round</th>" + "".join(f"<th>{_e(name)}</th>" for name in revealed.roles)
    yield "</tr></thead><tbody>"
    for row in revealed.rows:
        cells = []
        for did, knew in row.cells:
            items = [f"<strong>did:</strong> {_e(t)}" for t in did]
            items += [f"knew: {_e(t)}" for t in knew]
            cells.append("<td>" + "<br>".join(items) + "</td>")
        yield f'<tr><td class="num">{row.round}</td>{"".join(cells)}</tr>'
    yield "</tbody></table></section>"


def _meters(rows: Sequence[MeterRow]) -> Iterator[str]:
    if not rows:
        return
    count = len(rows[0].values)
    yield '<section class="meters">'
    yield "<h2>Meters by round</h2>"
    yield "<table>"
    heads = "".join(f'<th class="num">{"start" if i == 0 else f"R{i}"}</th>' for i in range(count))
    yield f"<thead><tr><th>Meter</th><th>Over time</th>{heads}</tr></thead>"
    yield "<tbody>"
    for row in rows:
        if any(isinstance(v, str) for v in row.values):  # a band, not a number
            cells = "".join(f'<td class="num">{_e(v)}</td>' for v in row.values)
            yield f"<tr><td>{_e(row.label)}</td><td></td>{cells}</tr>"
            continue
        cells = "".join(f'<td class="num">{int(v)}</td>' for v in row.values)
        chart = _sparkline(row.values, row.minimum, row.maximum)  # type: ignore[arg-type]
        yield f"<tr><td>{_e(row.label)}</td><td>{chart}</td>{cells}</tr>"
    yield "</tbody>"
    yield "</table>"
    yield "</section>"


def _sparkline(values: Sequence[int], low: int, high: int, width: int = 160, height: int = 36) -> str:
    """An inline SVG line of ``values`` between the meter's bounds."""
    span = (high - low) or 1
    pad = 4
    step = (width - 2 * pad) / max(1, len(values) - 1)
    points = [
        (pad + i * step, pad + (height - 2 * pad) * (1 - (v - low) / span)) for i, v in enumerate(values)
    ]
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last_x, last_y = points[-1]
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="from {int(values[0])} to {int(values[-1])} (range {low} to {high})">'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}"/>'
        f'<polyline points="{coords}"/><circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5"/></svg>'
    )


def _parts(case: Case, parts: Mapping[str, str], viewer: str | None) -> Iterator[str]:
    """Per-role parts of a narrative: the viewer's own, or every one with whom it is for."""
    for key, text in parts_for(parts, viewer):
        who = " and ".join(case.roles[r].name for r in part_roles(key))
        yield f'<p class="feedback">Only {_e(who)} read: {_e(_flow(text))}</p>'


def _transcript(case: Case, events: Sequence[Event], viewer: str | None = None) -> Iterator[str]:
    effects: list[str] = []
    for event in events:
        if event.kind != "effect" and effects:
            yield '<ul class="effects">' + "".join(effects) + "</ul>"
            effects = []
        data = event.data
        kind = event.kind
        if kind == "phase":
            phase = case.phases[data["phase"]]
            yield f"<h3>{_e(phase.title)}</h3>"
            yield from _paragraphs(phase.text)
            yield from _parts(case, phase.private_text, viewer)
        elif kind == "round":
            yield f'<p class="round">Round {int(event.round)}</p>'
        elif kind == "inject" and data.get("quiet"):
            yield f'<p class="pass">{_e(case.injects[data["inject"]].title)}.</p>'
        elif kind == "inject":
            inject = case.injects[data["inject"]]
            yield f'<div class="inject"><strong>Breaking: {_e(inject.title)}</strong>'
            yield from _paragraphs(inject.text)
            yield from _parts(case, inject.private_text, viewer)
            yield "</div>"
        elif kind == "move":
            move = case.moves[data["move"]]
            yield f'<p class="move"><strong>{_e(case.roles[event.role].name)}</strong>: {_e(move.label)}</p>'
            if move.feedback:
                yield f'<p class="feedback">{_e(_flow(move.feedback))}</p>'
        elif kind == "private":
            yield f'<p class="pass">{_e(case.roles[event.role].name)} made a private move.</p>'
        elif kind == "pass":
            yield f'<p class="pass">{_e(case.roles[event.role].name)} has no move open and waits.</p>'
        elif kind == "reply":
            reply = case.moves[data["move"]].replies[data["index"]]
            name = _e(case.roles[event.role].name)
            yield f'<p class="reply"><strong>{name}</strong> replies: {_e(_flow(reply.text))}</p>'
        elif kind == "effect":
            effects.extend(_effect(case, data))
        elif kind == "ending":
            ending = case.endings[data["ending"]]
            title, text = ending_text(case, data)
            yield '<div class="ending">'
            yield f"<h3>Ending: {_e(title)} ({_e(ending.outcome.value)})</h3>"
            yield from _paragraphs(text)
            yield "</div>"
        elif kind in ("offer", "timer", "deadline"):
            for line in bargain_lines(case, event):
                yield f'<p class="move">{_e(line.strip())}</p>'
    if effects:
        yield '<ul class="effects">' + "".join(effects) + "</ul>"


def _effect(case: Case, data: Mapping[str, Any]) -> Iterator[str]:
    slot = data["slot"]
    label = _e(slot_label(case, slot))
    if slot.startswith("flags."):
        yield f"<li>{label}</li>" if data["value"] else f"<li>no longer: {label}</li>"
    elif data["change"]:
        value, change = int(data["value"]), int(data["change"])
        yield f"<li>{label}: {value - change} → {value} ({change:+d})</li>"


def _paragraphs(text: str) -> Iterator[str]:
    for block in text.strip().split("\n\n"):
        if block.strip():
            yield f"<p>{_e(_flow(block))}</p>"


def _flow(text: str) -> str:
    """Wrapped lines of prose joined into one line."""
    return " ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def _e(text: object) -> str:
    return escape(str(text), quote=True)
