"""Teaching notes as a facilitator reads them: Markdown or a standalone HTML page.

Built from a case's ``teaching:`` section (:class:`game.case.model.Teaching`):
objectives with the rubric dimensions that measure them and the doctrine
passages they teach, expected play, common errors, a plan for a 45-minute
class and questions for the debrief.  Case text is escaped in HTML and never
read as markup.
"""

from __future__ import annotations

import html

from game.case.model import Case, Teaching

SOURCE_TITLES = {
    "coercion": "Adaptive negotiation under coercion",
    "arms": "Arms-reduction coalitions",
    "small-state": "Microlateralism and small-state leadership",
}


class NoNotes(ValueError):
    """The case has no ``teaching:`` section."""


def teaching_of(case: Case) -> Teaching:
    """The case's teaching notes; raises :class:`NoNotes` when it has none."""
    if case.teaching is None:
        raise NoNotes(f"{case.id} has no teaching notes (add a 'teaching:' section; see parley guide format)")
    return case.teaching


def dimension_titles(case: Case) -> dict[str, str]:
    """Every dimension id the case scores (case rubric and each role's own rubric), with its title."""
    titles = {d.id: d.title for d in case.rubric.values()}
    for role in case.roles.values():
        for dim in role.rubric.values():
            titles.setdefault(dim.id, dim.title)
    return titles


def markdown(case: Case) -> str:
    """The teaching notes as Markdown."""
    notes = teaching_of(case)
    titles = dimension_titles(case)
    out = [f"# Teaching notes: {case.title}", ""]
    out += [
        f"*{case.difficulty.value}, about {case.duration_minutes} minutes of play; "
        f"roles: {', '.join(case.roles[r].name for r in case.playable_roles)}.*",
        "",
    ]
    out += ["## Learning objectives", ""]
    for number, objective in enumerate(notes.objectives, 1):
        measured = ", ".join(titles.get(d, d) for d in objective.dimensions)
        out.append(f"{number}. {objective.text}")
        out.append(f"   - Measured by: {measured}")
        for passage in objective.doctrine:
            out.append(
                f"   - Doctrine: “{passage.quote}” — *{SOURCE_TITLES.get(passage.source, passage.source)}*"
            )
    out += ["", "## Expected play", "", notes.expected_play.strip(), ""]
    if notes.common_errors:
        out += ["## Common errors", ""]
        out += [f"- **{error}** {why}" for error, why in notes.common_errors]
        out.append("")
    if notes.timing:
        total = sum(minutes for minutes, _ in notes.timing)
        out += [f"## Timing ({total} minutes)", "", "| minutes | activity |", "|---:|---|"]
        out += [f"| {minutes} | {activity} |" for minutes, activity in notes.timing]
        out.append("")
    if notes.discussion:
        out += ["## Discussion questions", ""]
        out += [f"{number}. {question}" for number, question in enumerate(notes.discussion, 1)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def html_page(case: Case) -> str:
    """The teaching notes as a standalone HTML page."""
    notes = teaching_of(case)
    e = html.escape
    titles = dimension_titles(case)
    body = [f"<h1>Teaching notes: {e(case.title)}</h1>"]
    body.append(
        f"<p><em>{e(case.difficulty.value)}, about {case.duration_minutes} minutes of play; roles: "
        f"{e(', '.join(case.roles[r].name for r in case.playable_roles))}.</em></p>"
    )
    body.append("<h2>Learning objectives</h2><ol>")
    for objective in notes.objectives:
        measured = e(", ".join(titles.get(d, d) for d in objective.dimensions))
        quotes = "".join(
            f"<li>Doctrine: <q>{e(p.quote)}</q> — <cite>{e(SOURCE_TITLES.get(p.source, p.source))}</cite>"
            "</li>"
            for p in objective.doctrine
        )
        body.append(f"<li>{e(objective.text)}<ul><li>Measured by: {measured}</li>{quotes}</ul></li>")
    body.append("</ol>")
    body.append(f"<h2>Expected play</h2><p>{e(notes.expected_play.strip())}</p>")
    if notes.common_errors:
        items = "".join(f"<li><strong>{e(err)}</strong> {e(why)}</li>" for err, why in notes.common_errors)
        body.append(f"<h2>Common errors</h2><ul>{items}</ul>")
    if notes.timing:
        total = sum(minutes for minutes, _ in notes.timing)
        rows = "".join(f"<tr><td>{m}</td><td>{e(a)}</td></tr>" for m, a in notes.timing)
        body.append(
            f"<h2>Timing ({total} minutes)</h2>"
            f"<table><tr><th>minutes</th><th>activity</th></tr>{rows}</table>"
        )
    if notes.discussion:
        items = "".join(f"<li>{e(q)}</li>" for q in notes.discussion)
        body.append(f"<h2>Discussion questions</h2><ol>{items}</ol>")
    style = (
        "body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45}"
        "td,th{padding:.2em .6em;border-bottom:1px solid #ccc;text-align:left}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Teaching notes: {e(case.title)}</title><style>{style}</style></head>\n"
        f"<body>\n{chr(10).join(body)}\n</body></html>\n"
    )
