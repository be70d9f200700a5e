"""Plain-text views of a session, read from its log: the transcript a person
reads, and the debrief as a Markdown report to keep.

Meter slots are named by :func:`game.debriefing.labels.slot_label` (also importable from here).
These return strings; they print nothing and know nothing of terminals.
Case text is copied as written (a Markdown reader may format it; nothing here
is interpreted as markup by Parley itself).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from game.case.audience import part_roles, parts_for
from game.case.model import MAX_ROUNDS, Case
from game.debriefing.bargains import bargain_lines, deadlines, ending_text, offer_history, told_title
from game.debriefing.labels import slot_label
from game.debriefing.reveal import reveal, reveal_markdown
from game.debriefing.scoring import Debrief
from game.debriefing.views import role_events, series_for
from game.play.events import Event
from game.play.replay import meter_series
from game.textsafe import visible

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
    elif kind == "ending":
        ending = case.endings[data["ending"]]
        title, text = ending_text(case, data)
        yield f"== Ending: {title} ({ending.outcome.value}) =="
        if data.get("reason") == "bound":
            yield f"   (stopped after {MAX_ROUNDS} rounds, the most a Parley session may last)"
        yield from _indent(text)
    elif kind in ("offer", "timer", "deadline"):
        yield from bargain_lines(case, event)


def _private(case: Case, event: Event, viewer: str | None) -> str:
    """ " [private: Kestmark, Velmar]" after an event some roles did not see ("" for a public one)."""
    seen = event.data.get("audience")
    if seen is None or viewer is None:
        return ""
    names = ["you" if r == viewer else case.roles[r].name for r in seen if r in case.roles]
    return " [private: " + ", ".join(names) + "]"


def _parts(case: Case, parts: Mapping[str, str], viewer: str | None) -> Iterator[str]:
    """The per-role parts of a narrative ``viewer`` reads, each introduced by whom it is for."""
    if viewer is None:
        return
    for key, text in parts_for(parts, None if viewer == FULL else viewer):
        roles = part_roles(key)
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


def debrief_lines(case: Case, result: Debrief, events: Sequence[Event] = ()) -> list[str]:
    """The debrief as plain text lines (with the offer history when ``events`` are given and had offers)."""
    lines = ["", "DEBRIEF", f"Outcome: {_ending_title(case, result, events)}"]
    lines += deadlines(case, events)  # format 2: why play moved on, when a phase ran out of rounds
    lines.append(f"Overall score: {result.overall}/100")
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


def own_debrief(result: Debrief, role: str) -> Debrief:
    """The part of a debrief one player may read before the reveal: their own score and decisions
    (the table score becomes theirs; nobody else's is shown)."""
    players = tuple(p for p in result.players if p.role == role)
    return replace(
        result,
        overall=players[0].overall if players else result.overall,
        players=players,
        key_decisions=tuple(d for d in result.key_decisions if d.role == role),
    )


def markdown(case: Case, events: Sequence[Event], result: Debrief, viewer: str | None = None) -> str:
    """A self-contained Markdown report: outcome, scores, decisions, meters, transcript.

    ``viewer`` None: the full report (every player, every meter, the transcript with every private
    event marked, and, for a case with private information, what each side knew); a role id: the
    report as that player saw the game (:mod:`game.debriefing.views`): its own score, the meters
    as it saw them and its view of the log.
    """
    start = next((e for e in events if e.kind == "start"), None)
    seed = start.data.get("seed") if start else "?"
    if viewer is not None:
        result = own_debrief(result, viewer)
    heading = f"# Debrief: {case.title}"
    if viewer is not None:
        heading += f" — as {case.roles[viewer].name} saw it"
    out = [
        heading,
        "",
        f"- Outcome: **{_ending_title(case, result, events)}** after {result.rounds} rounds",
        *[f"- {line}" for line in deadlines(case, events)],
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
    series = series_for(case, events, viewer)
    rounds = len(next(iter(meter_series(case, events).values()), []))
    out.append("| Meter | " + " | ".join(["start", *[f"R{i}" for i in range(1, rounds)]]) + " |")
    out.append("|---|" + "---:|" * rounds)
    for slot, values in series.items():
        if case.meters[slot.partition(".")[0]].visible:
            out.append(f"| {slot_label(case, slot)} | " + " | ".join(str(v) for v in values) + " |")
    if viewer is None:
        known = reveal_markdown(case, reveal(case, events))
        if known:
            out += ["", "## What each side knew", "", *known]
        lines = transcript(case, events)
    else:
        lines = transcript(case, role_events(events, viewer), viewer=viewer)
    out += ["", "## Transcript", "", "```text", *lines, "```", ""]
    return visible("\n".join(out))  # control characters written out


def _who(case: Case, role: str, name: str) -> str:
    """ "Player 2 — Kestmark", or just the role's name when the player has none of their own."""
    role_name = case.roles[role].name
    return role_name if name == role_name else f"{name} — {role_name}"


def _ending_title(case: Case, result: Debrief, events: Sequence[Event] = ()) -> str:
    if result.ending is None:
        return "not finished"
    ending = case.endings[result.ending]
    told = told_title(case, events)  # format 2: an ending variant's own title
    if told is not None and told != ending.title:
        return f"{told} ({ending.outcome.value})"
    return f"{ending.title} ({ending.outcome.value})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _indent(text: str, prefix: str = "   ") -> Iterator[str]:
    for line in text.strip().splitlines():
        yield f"{prefix}{line}" if line.strip() else ""
