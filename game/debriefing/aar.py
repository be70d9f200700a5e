"""The after-action report (``parley report ID --format aar`` and ``aar-html``), from the report model.

Laid out as exercise programmes write an after-action report and improvement plan (HSEEP AAR/IP):

1. *Exercise overview*: the case, the scenario, the players, the outcome.
2. *Analysis of objectives*: per player, per rubric dimension (:mod:`game.debriefing.objectives`):
   the rating, what was expected, what was observed (with rounds), the cause, strengths to
   sustain, areas for improvement, references.
3. *Improvement plan*: one row per area for improvement, with the corrective action the
   counterfactual found (a clearly better move at a given round) when there is one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape

from game.debriefing.objectives import RATINGS, Objective
from game.debriefing.report import BETTER_MOVES, better_paragraphs
from game.debriefing.reportmodel import PlayerView, Report
from game.textsafe import visible


def aar_markdown(report: Report) -> str:
    """The after-action report as Markdown."""
    out = [f"# After-action report: {report.title}", "", "## 1. Exercise overview", ""]
    out += [f"- {label}: {value}" for label, value in _overview(report)]
    out += ["", f"Scenario: {_flow(report.summary)}", ""]
    if report.offers:
        out += ["Offers:", "", *[f"- {line}" for line in report.offers], ""]
    if report.facilitator:
        out += ["The facilitator's actions:", "", *[f"- {line}" for line in report.facilitator], ""]
    out += ["## 2. Analysis of objectives", "", f"Ratings: {_scale()}.", ""]
    for player in report.players:
        out += [f"### {player.who}: {player.overall}/100", ""]
        for item in player.objectives:
            out += [f"#### {item.title}: {item.score}/100 — {item.rating} ({item.rating_text})", ""]
            for label, lines in _blocks(item):
                if len(lines) == 1:
                    out.append(f"- **{label}:** {lines[0]}")
                else:
                    out.append(f"- **{label}:**")
                    out += [f"  - {line}" for line in lines]
            out.append("")
        if player.better.shown:
            out += [f"#### {BETTER_MOVES}", ""]
            out += [f"- {text}" for text in better_paragraphs(player.better)]
            out.append("")
    out += ["## 3. Improvement plan", ""]
    out += ["| Player | Objective | Area for improvement | Corrective action |", "|---|---|---|---|"]
    for player, item, area, action in _plan(report.players):
        out.append(f"| {_cell(player)} | {_cell(item)} | {_cell(area)} | {_cell(action)} |")
    out.append("")
    return visible("\n".join(out))  # control characters written out


def aar_html(report: Report) -> str:
    """The after-action report as one self-contained HTML page (the debrief report's style)."""
    from game.debriefing.htmlreport import page_foot, page_head  # one stylesheet for both pages

    e = _e
    parts = [
        *page_head(f"After-action report: {report.title}"),
        "<header>",
        '<p class="kicker">Parley after-action report</p>',
        f"<h1>{e(report.title)}</h1>",
        "</header>",
        "<h2>1. Exercise overview</h2>",
        '<dl class="facts">',
        *(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in _overview(report)),
        "</dl>",
        f"<p>{e(_flow(report.summary))}</p>",
        *(
            ["<h3>Offers</h3>", "<ul>", *(f"<li>{e(o)}</li>" for o in report.offers), "</ul>"]
            if report.offers
            else []
        ),
        *(
            [
                "<h3>The facilitator's actions</h3>",
                "<ul>",
                *(f"<li>{e(o)}</li>" for o in report.facilitator),
                "</ul>",
            ]
            if report.facilitator
            else []
        ),
        "<h2>2. Analysis of objectives</h2>",
        f'<p class="notes">Ratings: {e(_scale())}.</p>',
    ]
    for player in report.players:
        parts.extend(_player_html(player))
    parts += ["<h2>3. Improvement plan</h2>", "<table>"]
    parts.append(
        "<thead><tr><th>Player</th><th>Objective</th><th>Area for improvement</th>"
        "<th>Corrective action</th></tr></thead>"
    )
    parts.append("<tbody>")
    for row in _plan(report.players):
        parts.append("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>")
    parts += ["</tbody>", "</table>"]
    parts += page_foot()
    return visible("\n".join(parts))  # control characters written out


def _player_html(player: PlayerView) -> Iterator[str]:
    yield '<section class="player">'
    yield f"<h3>{_e(player.who)}: {player.overall}/100</h3>"
    for item in player.objectives:
        yield f"<h4>{_e(item.title)}: {item.score}/100 — {_e(item.rating)} ({_e(item.rating_text)})</h4>"
        yield '<dl class="facts">'
        for label, lines in _blocks(item):
            if len(lines) == 1:
                yield f"<dt>{_e(label)}</dt><dd>{_e(lines[0])}</dd>"
            else:
                items = "".join(f"<li>{_e(line)}</li>" for line in lines)
                yield f"<dt>{_e(label)}</dt><dd><ul>{items}</ul></dd>"
        yield "</dl>"
    if player.better.shown:
        yield f"<h4>{_e(BETTER_MOVES)}</h4>"
        yield '<ul class="better">'
        yield from (f"<li>{_e(text)}</li>" for text in better_paragraphs(player.better))
        yield "</ul>"
    yield "</section>"


def _overview(report: Report) -> list[tuple[str, str]]:
    players = ", ".join(p.who for p in report.players) or "nobody"
    known = {label for label, _ in report.facts}
    return [
        ("Case", f"{report.title} ({report.case_id}, seed {report.seed})"),
        *([] if "Players" in known else [("Players", players)]),
        ("Outcome", f"{report.outcome} after {report.rounds} rounds"),
        ("Overall score", f"{report.overall}/100"),
        *report.facts,
    ]


def _blocks(item: Objective) -> list[tuple[str, list[str]]]:
    """The labelled parts of one objective, in the AAR's order; empty parts left out."""
    blocks = [
        ("Expected", list(item.expected) or ["nothing in particular: the rubric gives no points here"]),
        ("Observed", [f"score {item.start} → {item.score}", *item.observed]),
        ("Cause", [item.cause]),
        ("Sustain", list(item.sustain)),
        ("Improve", [f"{i.area} — {i.action}" for i in item.improve]),
        ("References", list(item.references)),
    ]
    return [(label, lines) for label, lines in blocks if lines]


def _plan(players: Sequence[PlayerView]) -> list[tuple[str, str, str, str]]:
    """(player, objective, area for improvement, corrective action) rows."""
    return [
        (player.who, item.title, _capital(i.area), _capital(i.action))
        for player in players
        for item in player.objectives
        for i in item.improve
    ]


def _scale() -> str:
    return ", ".join(f"{letter} {words.lower()} ({floor}+)" for floor, letter, words in RATINGS)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _flow(text: str) -> str:
    return " ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _e(text: object) -> str:
    return escape(str(text), quote=True)
