"""Tables compared as one self-contained HTML page, for the projector.

Like the debrief page (:mod:`game.debriefing.htmlreport`, whose stylesheet it shares), it
needs nothing else: inline CSS, inline SVG charts, no scripts.  Each meter gets one chart
with a line per table; lines differ in colour and in dash pattern, so they stay apart on a
black-and-white printout.  Every string from a case or a log is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from game.debriefing.compare import Comparison, Divergence, MeterLines, same_decisions
from game.debriefing.htmlreport import page_foot, page_head
from game.textsafe import visible

COLOURS = ("#2f5d8a", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#17202a", "#16a085", "#7f8c8d")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 6")

EXTRA_STYLE = """
svg.lines { display: block; margin: 0.3rem 0 1.2rem; }
svg.lines polyline { fill: none; stroke-width: 2.2; }
svg.lines line.axis { stroke: var(--line); stroke-width: 1; }
svg.lines text { font-size: 11px; fill: var(--muted); }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem; }
ul.legend svg { vertical-align: middle; margin-right: 0.3rem; }
ul.tree { margin: 0.2rem 0; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def html(comparison: Comparison) -> str:
    """The whole page."""
    names = [s.table for s in comparison.tables]
    same = [f"<p>{_e(same_decisions(comparison))}</p>"]
    tree = _tree(comparison.divergence) if comparison.divergence else same
    parts = [
        *page_head(f"Tables compared: {comparison.case_title}", EXTRA_STYLE),
        '<p class="kicker">Parley: tables compared</p>',
        f"<h1>{_e(comparison.case_title)}</h1>",
        f'<p class="summary">{len(names)} finished tables of {_e(comparison.case_id)}.</p>',
        *_results(comparison),
        *_scores(comparison),
        "<h2>Where their decisions first diverged</h2>",
        *tree,
        "<h2>Meters by round</h2>",
        *_legend(names),
        *(chart for meter in comparison.meters for chart in _chart(meter, names)),
        *page_foot("the sessions' own records"),
    ]
    return visible("\n".join(parts))  # control characters written out


def _results(comparison: Comparison) -> Iterator[str]:
    yield "<h2>Results</h2>"
    yield "<table>"
    yield (
        "<thead><tr><th>Table</th><th class='num'>Seed</th><th class='num'>Rounds</th><th>Ending</th>"
        "<th>Outcome</th><th class='num'>Overall</th></tr></thead><tbody>"
    )
    for s in comparison.tables:
        yield (
            f"<tr><td>{_e(s.table)}</td><td class='num'>{s.seed}</td><td class='num'>{s.rounds}</td>"
            f"<td>{_e(s.ending)}</td><td>{_e(s.outcome)}</td><td class='num'>{s.overall}</td></tr>"
        )
    yield "</tbody></table>"


def _scores(comparison: Comparison) -> Iterator[str]:
    yield "<h2>Scores by player and dimension</h2>"
    yield "<table>"
    heads = "".join(f"<th class='num'>{_e(title)}</th>" for _, title in comparison.dimensions)
    yield f"<thead><tr><th>Table</th><th>Player</th><th class='num'>Overall</th>{heads}</tr></thead><tbody>"
    for row in comparison.rows:
        cells = "".join(f"<td class='num'>{'–' if v is None else v}</td>" for v in row.scores)
        yield (
            f"<tr><td>{_e(row.table)}</td><td>{_e(row.player)} ({_e(row.role)})</td>"
            f"<td class='num'>{row.overall}</td>{cells}</tr>"
        )
    yield "</tbody></table>"


def _tree(divergence: Divergence) -> Iterator[str]:
    yield '<ul class="tree">'
    yield f"<li>Round {divergence.round}: the tables part<ul>"
    for branch in divergence.branches:
        yield f"<li><strong>{_e(branch.label)}</strong>: {_e(', '.join(branch.tables))}"
        if branch.then is not None:
            yield from _tree(branch.then)
        yield "</li>"
    yield "</ul></li></ul>"


def _swatch(index: int) -> str:
    colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
    return (
        f'<svg width="28" height="10" aria-hidden="true"><line x1="0" y1="5" x2="28" y2="5" '
        f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/></svg>'
    )


def _legend(names: list[str]) -> Iterator[str]:
    yield '<ul class="legend">'
    for i, name in enumerate(names):
        yield f"<li>{_swatch(i)}{_e(name)}</li>"
    yield "</ul>"


def _chart(meter: MeterLines, names: list[str], width: int = 640, height: int = 150) -> Iterator[str]:
    """One meter: a line per table, rounds across, the meter's range up."""
    left, right, top, bottom = 34, 10, 8, 22
    span = (meter.high - meter.low) or 1
    longest = max(len(values) for _, values in meter.lines)
    step = (width - left - right) / max(1, longest - 1)

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - (value - meter.low) / span)

    yield f"<h3>{_e(meter.label)}</h3>"
    yield (
        f'<svg class="lines" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(meter.label)} by round at each table">'
    )
    base = height - bottom
    yield f'<line class="axis" x1="{left}" y1="{base}" x2="{width - right}" y2="{base}"/>'
    yield f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}"/>'
    yield f'<text x="{left - 4}" y="{y(meter.high) + 4:.1f}" text-anchor="end">{meter.high}</text>'
    yield f'<text x="{left - 4}" y="{y(meter.low):.1f}" text-anchor="end">{meter.low}</text>'
    for i in range(longest):
        label = "start" if i == 0 else f"R{i}"
        if i == 0 or i == longest - 1 or longest <= 12 or i % 2 == 0:
            yield f'<text x="{left + i * step:.1f}" y="{height - 6}" text-anchor="middle">{label}</text>'
    for name, values in meter.lines:
        index = names.index(name)
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        points = " ".join(f"{left + i * step:.1f},{y(v):.1f}" for i, v in enumerate(values))
        summary = f"{name}: from {int(values[0])} to {int(values[-1])}"
        yield (
            f'<polyline points="{points}" stroke="{colour}" stroke-dasharray="{dash}">'
            f"<title>{_e(summary)}</title></polyline>"
        )
    yield "</svg>"
