"""Checked red lines, roles' own rubrics and doctrine citations.

These need the rubric to be built (a red line names the dimension a breach
costs points in), so :func:`attach` runs after the roles and the rubric are
built and returns the roles with ``checked_red_lines`` and ``rubric`` filled in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from game.case.loading.actions import MoveRoles
from game.case.loading.checked import Items, Table
from game.case.loading.expressions import Compiler
from game.case.loading.namespaces import Declared
from game.case.loading.report import Report, pos
from game.case.loading.rubric import build_rubric, citations
from game.case.model import Dimension, RedLine, Role
from game.case.names import Context
from game.errors import did_you_mean


def build_role_rubrics(
    section: object, declared: Declared, compiler: Compiler, report: Report
) -> dict[str, dict[str, Dimension]]:
    """The ``rubrics`` section: each role's own rubric."""
    out: dict[str, dict[str, Dimension]] = {}
    if not isinstance(section, Table):
        return out
    for role_id, dims in section.values.items():
        if not declared.roles.check(role_id, section.key_pos(role_id), report):
            continue
        out[role_id] = build_rubric(dims, declared, compiler, report)
    return out


def attach(
    section: object,
    roles: Mapping[str, Role],
    rubric: Mapping[str, Dimension],
    rubrics: Mapping[str, Mapping[str, Dimension]],
    move_roles: MoveRoles,
    declared: Declared,
    compiler: Compiler,
    report: Report,
    proposals: object = None,
    written: object = None,
) -> dict[str, Role]:
    """``roles`` with their own rubrics and their checked red lines (``proposals``: the
    section, for red lines breached by answering an offer; ``written``: the ``rubric``
    section as written, whose dimensions that did not load were reported already)."""
    out = dict(roles)
    if not isinstance(section, Table):
        return out
    reported = set(written.values) - set(rubric) if isinstance(written, Table) else set()
    for role_id, role in roles.items():
        entry = section.values.get(role_id)
        own = rubrics.get(role_id, {})
        scored_by = own or rubric
        items = entry.get("red_lines") if isinstance(entry, Table) else None
        skip = set() if own else reported
        lines = _red_lines(role_id, items, scored_by, move_roles, declared, compiler, report, proposals, skip)
        out[role_id] = dataclasses.replace(role, checked_red_lines=lines, rubric=MappingProxyType(dict(own)))
    return out


def _red_lines(
    role_id: str,
    items: object,
    rubric: Mapping[str, Dimension],
    move_roles: MoveRoles,
    declared: Declared,
    compiler: Compiler,
    report: Report,
    proposals: object = None,
    reported: set[str] | frozenset[str] = frozenset(),
) -> tuple[RedLine, ...]:
    if not isinstance(items, Items):
        return ()
    out: list[RedLine] = []
    for index, (entry, node) in enumerate(items):
        if not isinstance(entry, Table):
            continue
        moves: list[str] = []
        moves_items = entry.get("moves")
        if isinstance(moves_items, Items):
            for move, move_node in moves_items:
                answer = _answer(move, proposals)
                if answer is True:  # an answer to an offer (format 2): accepting it, say
                    moves.append(move)
                    continue
                if answer:
                    report.error(move_node, answer[0], answer[1], "unknown-ref")
                    continue
                if not declared.moves.check(move, move_node, report):
                    continue
                allowed, complete = move_roles.get(move, (frozenset(), False))
                if complete and role_id not in allowed:
                    report.error(
                        move_node,
                        f"red line {index + 1} of '{role_id}' is breached by move '{move}', "
                        f"which '{role_id}' cannot play",
                        f"list a move whose roles include '{role_id}'",
                        "wrong-role",
                    )
                    continue
                moves.append(move)
        when = None
        if "when" in entry.values:
            when = compiler.condition(entry.values["when"], entry.value_node("when"), Context.MOVE)
            if when is None:
                continue
        dimension = entry.get("dimension")
        if dimension in reported:  # its dimension did not load: that error is the one to fix
            continue
        if dimension is not None and dimension not in rubric:
            report.error(
                entry.value_node("dimension"),
                f"red line {index + 1} of '{role_id}' costs points in '{dimension}', "
                f"which is not a dimension of the rubric that scores '{role_id}'",
                did_you_mean(dimension, rubric) or "declared: " + ", ".join(rubric),
                "unknown-ref",
            )
            continue
        if entry.broken or dimension is None:
            continue
        out.append(
            RedLine(
                index=index,
                text=" ".join(entry.get("text").split()),
                moves=tuple(moves),
                when=when,
                dimension=dimension,
                points=entry.get("points"),
                cite=citations(entry.get("cite")),
                pos=pos(node),
            )
        )
    return tuple(out)


def _answer(move: str, proposals: object) -> bool | tuple[str, str] | None:
    """For ``<proposal>.<accept|reject|counter>``: True, or (what is wrong, what to do); else None."""
    proposal, dot, action = move.partition(".")
    if not dot or not isinstance(proposals, Table) or proposal not in proposals.keys:
        return None
    entry = proposals.values.get(proposal)
    counters = entry.get("counters") if isinstance(entry, Table) else None
    actions = ["accept", "reject", *(counters.keys if isinstance(counters, Table) else ())]
    if action in actions:
        return True
    return (
        f"'{action}' is not an answer to proposal '{proposal}'",
        did_you_mean(action, actions) or "answers: " + ", ".join(f"{proposal}.{a}" for a in actions),
    )
