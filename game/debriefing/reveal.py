"""The reveal: after the ending, what each side knew and did, round by round, side by side.

Read from the full log and the case.  For each round and each role it lists what the role did
(its moves, the private ones marked) and what it knew that not everyone knew: other roles' private
moves it saw, private replies and injects, its parts of the narrative, and the numbers of the
meters only some roles see (at the end of the first round, then whenever they changed).  A case
without private information has nothing to reveal (:func:`reveal` gives no rounds).

>>> for line in reveal_lines(case, reveal(case, session.log), 80): print(line)
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import zip_longest

from game.case.audience import part_roles, slot_owners
from game.case.model import Case
from game.debriefing.bargains import bargain_lines
from game.debriefing.labels import slot_label
from game.play.events import Event
from game.play.replay import meter_series
from game.play.rules import rules_for


@dataclass(frozen=True, slots=True)
class Cell:
    """One role in one round: what it did, and what it knew that not everyone knew."""

    did: tuple[str, ...]
    knew: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RevealRound:
    """One round of the reveal: a cell per role, in the case's order."""

    round: int
    cells: Mapping[str, Cell]


def reveal(case: Case, events: Sequence[Event]) -> tuple[RevealRound, ...]:
    """What each side knew and did, round by round (empty for a case with nothing private)."""
    if not rules_for(case).private:
        return ()
    roles = tuple(case.roles)
    did: dict[int, dict[str, list[str]]] = {}
    knew: dict[int, dict[str, list[str]]] = {}

    def add(table: dict[int, dict[str, list[str]]], rnd: int, role: str, text: str) -> None:
        table.setdefault(rnd, {r: [] for r in roles})[role].append(text)

    def name(role: str) -> str:
        return case.roles[role].name

    for event in events:
        rnd, data, seen = event.round, event.data, event.audience
        if event.kind == "move":
            move = case.moves[data["move"]]
            if seen is None:
                add(did, rnd, event.role, move.label)
                continue
            others = [name(r) for r in sorted(seen) if r != event.role]
            add(
                did,
                rnd,
                event.role,
                f"{move.label} (private{', with ' + ', '.join(others) if others else ''})",
            )
            for role in sorted(seen - {event.role}):
                add(knew, rnd, role, f"{name(event.role)}, privately: {move.label}")
        elif event.kind == "pass":
            add(did, rnd, event.role, "(no move open)")
        elif event.kind == "reply" and seen is not None:
            reply = case.moves[data["move"]].replies[data["index"]]
            for role in sorted(seen):
                add(knew, rnd, role, f"{name(event.role)} replied: {reply.text.strip()}")
        elif event.kind == "inject":
            inject = case.injects[data["inject"]]
            if seen is not None:
                for role in sorted(seen):
                    add(knew, rnd, role, f"Breaking: {inject.title}")
            for key, text in inject.private_text.items():
                for role in part_roles(key):
                    if seen is None or role in seen:
                        add(knew, rnd, role, " ".join(text.split()))
        elif event.kind in ("offer", "timer") and seen is not None:  # format 2, private
            for line in bargain_lines(case, event):
                for role in sorted(seen):
                    add(knew, rnd, role, " ".join(line.split()))
                break  # the headline is enough side by side
        elif event.kind == "phase":
            for key, text in case.phases[data["phase"]].private_text.items():
                for role in part_roles(key):
                    add(knew, rnd, role, " ".join(text.split()))
    series = meter_series(case, events)
    last = max((e.round for e in events), default=0)
    for meter in case.meters.values():
        if meter.audience.public or not meter.visible:
            continue
        for slot in meter.initial:
            for role in sorted(meter.audience.who(owners=slot_owners(slot, roles)) or ()):
                values = series[slot]
                for rnd in range(1, min(last, len(values) - 1) + 1):
                    if rnd == 1 or values[rnd] != values[rnd - 1]:  # the start, then each change
                        label = meter.label if slot == f"{meter.id}.{role}" else slot_label(case, slot)
                        add(knew, rnd, role, f"{label}: {values[rnd]}")
    out = []
    for rnd in sorted(set(did) | set(knew)):
        cells = {
            role: Cell(tuple(did.get(rnd, {}).get(role, ())), tuple(knew.get(rnd, {}).get(role, ())))
            for role in roles
        }
        out.append(RevealRound(rnd, cells))
    return tuple(out)


def reveal_lines(case: Case, rounds: Sequence[RevealRound], width: int) -> list[str]:
    """The reveal as plain text, one column per role side by side, ``width`` columns wide."""
    if not rounds:
        return []
    roles = list(case.roles)
    gap = " │ "
    column = max(12, (width - len(gap) * (len(roles) - 1)) // len(roles))
    out = [
        _row([case.roles[r].name for r in roles], column, gap),
        "─" * min(width, column * len(roles) + 3 * (len(roles) - 1)),
    ]
    for rnd in rounds:
        out.append(f"Round {rnd.round}")
        blocks = [_cell_lines(rnd.cells[r], column) for r in roles]
        for parts in zip_longest(*blocks, fillvalue=""):
            out.append(_row(list(parts), column, gap).rstrip())
    return out


def _cell_lines(cell: Cell, width: int) -> list[str]:
    lines: list[str] = []
    for text in cell.did:
        lines += textwrap.wrap(f"did: {text}", width, subsequent_indent="  ", break_on_hyphens=False) or [""]
    for text in cell.knew:
        lines += textwrap.wrap(f"knew: {text}", width, subsequent_indent="  ", break_on_hyphens=False) or [""]
    return lines or ["—"]


def _row(parts: list[str], width: int, gap: str) -> str:
    return gap.join(part[:width].ljust(width) for part in parts)


def reveal_markdown(case: Case, rounds: Sequence[RevealRound]) -> list[str]:
    """The reveal as a Markdown table: a row per round, a column per role."""
    if not rounds:
        return []
    roles = list(case.roles)
    out = [
        "| Round | " + " | ".join(_md(case.roles[r].name) for r in roles) + " |",
        "|---:|" + "---|" * len(roles),
    ]
    for rnd in rounds:
        cells = []
        for role in roles:
            cell = rnd.cells[role]
            items = [f"did: {_md(t)}" for t in cell.did] + [f"knew: {_md(t)}" for t in cell.knew]
            cells.append("<br>".join(items) or "—")
        out.append(f"| {rnd.round} | " + " | ".join(cells) + " |")
    return out


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
