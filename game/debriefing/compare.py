"""Tables that played the same case, side by side: the classroom's "same crisis, other results".

>>> comparison = compare(case, [Table(...), Table(...)])
>>> print(markdown(comparison))

A :class:`Table` is one finished session: its stored record, the case as it was stored with
it, its event log and its debrief.  :func:`compare` reads only those, so a comparison is as
reproducible as the sessions it reads.  It gives, for every table, the outcome and scores;
where the tables' own decisions (the human players' moves, never the counterparts') first
parted, as a tree: all tables agree up to a round, then split into groups by what they chose
there, and each group may split again later; and every meter's values by round, per table,
for one chart per meter (:mod:`game.debriefing.comparehtml` draws them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.case.model import Case
from game.debriefing.labels import move_label, slot_label
from game.debriefing.scoring import Debrief
from game.play.events import Event
from game.play.replay import meter_series
from game.storage.records import SessionInfo
from game.textsafe import visible


@dataclass(frozen=True, slots=True)
class Table:
    """One finished session to compare."""

    info: SessionInfo
    case: Case  # the case as stored with the session
    events: tuple[Event, ...]
    debrief: Debrief

    @property
    def name(self) -> str:
        """How the table is named in a comparison: its session number and its players."""
        people = ", ".join(seat.name for seat in self.info.players) or "counterparts only"
        return f"Session {self.info.id} ({people})"


@dataclass(frozen=True, slots=True)
class Decision:
    """A human player's move: the unit tables are compared by."""

    round: int
    role: str
    move: str


@dataclass(frozen=True, slots=True)
class Branch:
    """The tables that made one choice at a divergence, and where they split again after it."""

    choice: Decision | None  # None: these tables had already ended, or made no more decisions
    label: str
    tables: tuple[str, ...]
    then: Divergence | None


@dataclass(frozen=True, slots=True)
class Divergence:
    """The first round at which a group of tables chose differently."""

    round: int
    branches: tuple[Branch, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """One player's scores at one table."""

    table: str
    role: str
    player: str
    overall: int
    scores: tuple[int | None, ...]  # in the order of :attr:`Comparison.dimensions`


@dataclass(frozen=True, slots=True)
class Summary:
    """One table's result."""

    table: str
    seed: int
    rounds: int
    ending: str
    outcome: str
    overall: int
    ended_at: str


@dataclass(frozen=True, slots=True)
class MeterLines:
    """One meter slot's values by round at every table that has it (index 0: the start)."""

    slot: str
    label: str
    low: int
    high: int
    lines: tuple[tuple[str, tuple[int, ...]], ...]  # (table name, values)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything ``parley compare`` shows."""

    case_id: str
    case_title: str
    tables: tuple[Summary, ...]
    dimensions: tuple[tuple[str, str], ...]  # (id, title) in the case's order
    rows: tuple[Row, ...]
    divergence: Divergence | None  # None: every table made the same decisions (or none at all)
    decided: bool  # whether any table had a human decision; counterparts may have played every role
    meters: tuple[MeterLines, ...]


def decisions(events: Sequence[Event]) -> tuple[Decision, ...]:
    """The human players' moves, in the order they were made, answers to offers included (format 2:
    an ``offer`` event with the answer's ``move``, such as ``standstill.accept``)."""
    return tuple(
        Decision(e.round, e.role, str(e.data["move"]))
        for e in events
        if e.kind in ("move", "offer") and e.data.get("by") == "human" and "move" in e.data
    )


def compare(case: Case, tables: Sequence[Table]) -> Comparison:
    """Compare finished ``tables`` of ``case`` (the current case names the meters).

    The dimensions are those the players were scored on, in order of first appearance, so
    roles with rubrics of their own line up beside each other.
    """
    seen: dict[str, str] = {}
    for table in tables:
        for player in table.debrief.players:
            for dim in player.dimensions:
                seen.setdefault(dim.id, dim.title)
    dims = tuple(seen.items())
    order = {dim_id: i for i, (dim_id, _) in enumerate(dims)}
    rows: list[Row] = []
    summaries: list[Summary] = []
    for table in tables:
        result = table.debrief
        ending = table.case.endings.get(result.ending) if result.ending else None
        summaries.append(
            Summary(
                table=table.name,
                seed=table.info.seed,
                rounds=result.rounds,
                ending=ending.title if ending else "not finished",
                outcome=ending.outcome.value if ending else "",
                overall=result.overall,
                ended_at=table.info.ended_at or "",
            )
        )
        for player in result.players:
            scores: list[int | None] = [None] * len(dims)
            for dim in player.dimensions:
                if dim.id in order:
                    scores[order[dim.id]] = dim.score
            rows.append(Row(table.name, player.role, player.name, player.overall, tuple(scores)))
    chosen = {t.name: decisions(t.events) for t in tables}
    labels = {t.name: t.case for t in tables}
    return Comparison(
        case_id=case.id,
        case_title=case.title,
        tables=tuple(summaries),
        dimensions=dims,
        rows=tuple(rows),
        divergence=_diverge(chosen, labels, 0),
        decided=any(chosen.values()),
        meters=_meters(case, tables),
    )


def _diverge(
    chosen: dict[str, tuple[Decision, ...]], cases: dict[str, Case], start: int
) -> Divergence | None:
    """Where the tables in ``chosen`` first part, looking from decision ``start`` on."""
    if len(chosen) < 2:
        return None
    index = start
    while True:
        at = {name: (moves[index] if index < len(moves) else None) for name, moves in chosen.items()}
        if all(choice is None for choice in at.values()):
            return None
        if len(set(at.values())) > 1:
            break
        index += 1
    groups: dict[Decision | None, list[str]] = {}
    for name, choice in at.items():
        groups.setdefault(choice, []).append(name)
    rnd = min(choice.round for choice in at.values() if choice is not None)
    branches = []
    for choice, names in groups.items():
        label = _choice_label(cases[names[0]], choice)
        rest = {name: chosen[name] for name in names}
        branches.append(Branch(choice, label, tuple(names), _diverge(rest, cases, index + 1)))
    return Divergence(rnd, tuple(branches))


def _choice_label(case: Case, choice: Decision | None) -> str:
    if choice is None:
        return "no further decision (the case had ended)"
    role = case.roles[choice.role].name if choice.role in case.roles else choice.role
    move = move_label(case, choice.move)  # an answer to an offer reads "Accept: Standstill"
    return f"{role}: {move} (round {choice.round})"


def _meters(case: Case, tables: Sequence[Table]) -> tuple[MeterLines, ...]:
    per_table = {t.name: meter_series(t.case, t.events) for t in tables}
    out = []
    for slot in meter_series(case, ()):
        meter = case.meters[slot.partition(".")[0]]
        if not meter.visible:
            continue
        lines = tuple((name, tuple(series[slot])) for name, series in per_table.items() if slot in series)
        if lines:
            out.append(MeterLines(slot, slot_label(case, slot), meter.minimum, meter.maximum, lines))
    return tuple(out)


def markdown(comparison: Comparison) -> str:
    """The comparison as Markdown (also readable as plain text)."""
    out = [f"# Tables compared: {_cell(comparison.case_title)}", ""]
    out += [f"{len(comparison.tables)} finished tables of `{comparison.case_id}`.", ""]
    out += ["## Results", "", "| Table | Seed | Rounds | Ending | Outcome | Overall |"]
    out.append("|---|---|---|---|---|---|")
    for s in comparison.tables:
        out.append(
            f"| {_cell(s.table)} | {s.seed} | {s.rounds} | {_cell(s.ending)} | {s.outcome} | {s.overall} |"
        )
    out += ["", "## Scores by player and dimension", ""]
    heads = " | ".join(_cell(title) for _, title in comparison.dimensions)
    out.append(f"| Table | Player | Overall | {heads} |")
    out.append("|---|---|---|" + "---|" * len(comparison.dimensions))
    for row in comparison.rows:
        cells = " | ".join("–" if v is None else str(v) for v in row.scores)
        out.append(f"| {_cell(row.table)} | {_cell(row.player)} ({row.role}) | {row.overall} | {cells} |")
    out += ["", "## Where their decisions first diverged", ""]
    if comparison.divergence is None:
        out.append(same_decisions(comparison))
    else:
        out.extend(_tree(comparison.divergence, 0))
    out += ["", "## Meters by round", ""]
    for meter in comparison.meters:
        out.append(f"**{_cell(meter.label)}** ({meter.low}–{meter.high})")
        out.append("")
        for name, values in meter.lines:
            out.append(f"- {_cell(name)}: " + " → ".join(str(int(v)) for v in values))
        out.append("")
    return visible("\n".join(out).rstrip() + "\n")  # control characters written out


def same_decisions(comparison: Comparison) -> str:
    """What to say when there is no divergence to show."""
    if not comparison.decided:
        return "Counterparts played every role at these tables: there are no players' decisions to compare."
    return "Every table made the same decisions."


def _tree(divergence: Divergence, depth: int) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}- Round {divergence.round}: the tables part"]
    for branch in divergence.branches:
        lines.append(f"{pad}  - {_cell(branch.label)}: {', '.join(_cell(t) for t in branch.tables)}")
        if branch.then is not None:
            lines.extend(_tree(branch.then, depth + 2))
    return lines


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
