"""Building the rubric: dimensions and their rules."""

from __future__ import annotations

from game.case.loading.checked import Items, Table
from game.case.loading.expressions import Compiler
from game.case.loading.namespaces import Declared, check_refs
from game.case.loading.report import Report, pos
from game.case.model import Citation, Dimension, Rule, RuleKind
from game.case.names import Context
from game.case.yamlsafe import Node


def citations(items: object) -> tuple[Citation, ...]:
    """The ``cite`` list of a rule or red line, as :class:`Citation` objects (whitespace normalised)."""
    if not isinstance(items, Items):
        return ()
    return tuple(
        Citation(" ".join(entry.get("quote").split()), " ".join(entry.get("source").split()))
        for entry, _node in items
        if isinstance(entry, Table) and entry.get("quote") and entry.get("source")
    )


def build_rubric(
    section: object, declared: Declared, compiler: Compiler, report: Report
) -> dict[str, Dimension]:
    """Every scoring dimension."""
    out: dict[str, Dimension] = {}
    if not isinstance(section, Table):
        return out
    for dimension_id, entry in section.values.items():
        rules = _rules(dimension_id, entry.get("rules"), declared, compiler, report)
        if entry.broken or rules is None:
            continue
        out[dimension_id] = Dimension(
            id=dimension_id,
            title=entry.get("title"),
            weight=float(entry.get("weight")),
            start=entry.get("start"),
            rules=rules,
            pos=section.key_pos(dimension_id),
            cite=citations(entry.get("cite")),
        )
    return out


def _rules(
    dimension_id: str, items: object, declared: Declared, compiler: Compiler, report: Report
) -> tuple[Rule, ...] | None:
    if not isinstance(items, Items):
        return None
    out: list[Rule] = []
    complete = not items.broken
    for index, (entry, node) in enumerate(items, 1):
        rule = _rule(dimension_id, index, entry, node, declared, compiler, report)
        if rule is None:
            complete = False
        else:
            out.append(rule)
    return tuple(out) if complete else None


def _rule(
    dimension_id: str,
    index: int,
    entry: Table,
    node: Node,
    declared: Declared,
    compiler: Compiler,
    report: Report,
) -> Rule | None:
    where = f"rule {index} of '{dimension_id}'"
    roles, roles_ok = check_refs(entry.get("roles"), declared.roles, report, f"the roles of {where}")
    kind: RuleKind | None = None
    target = ""
    when = None
    ok = roles_ok
    if "tag" in entry.values:
        kind, target = RuleKind.TAG, entry.values["tag"]
        ok = declared.tags.check(target, entry.value_node("tag"), report) and ok
    elif "move" in entry.values:
        kind, target = RuleKind.MOVE, entry.values["move"]
        ok = declared.moves.check(target, entry.value_node("move"), report) and ok
    elif "if" in entry.values:
        kind, target = RuleKind.IF, entry.values["if"]
        when = compiler.condition(target, entry.value_node("if"), Context.RUBRIC)
        ok = when is not None and ok
    if entry.broken or kind is None or not ok:
        return None
    return Rule(
        kind=kind,
        target=target,
        when=when,
        points=entry.get("points"),
        note=entry.get("note"),
        max_times=entry.get("max_times"),
        roles=roles,
        pos=pos(node),
        cite=citations(entry.get("cite")),
    )
