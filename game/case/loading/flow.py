"""Building the flow of a case: rounds, phases with their exits, and endings."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from game.case.loading.audience import read_private_text
from game.case.loading.checked import Items, Table
from game.case.loading.expressions import Compiler
from game.case.loading.namespaces import Declared, check_kind, check_refs
from game.case.loading.report import Report, pos
from game.case.model import Ending, Exit, Outcome, Phase, RoundMode, Rounds, Variant
from game.case.names import Context


def build_rounds(entry: object, declared: Declared, report: Report) -> Rounds | None:
    """The ``rounds`` section; ``order`` defaults to the roles as declared."""
    if not isinstance(entry, Table):
        return None
    roles = declared.roles
    order_items = entry.get("order")
    if order_items is None:
        order = tuple(roles.ids)
    else:
        order, complete = check_refs(order_items, roles, report, "rounds.order")
        missing = [role for role in roles.ids if role not in order]
        if missing and complete and not roles.broken:
            report.error(
                entry.value_node("order"),
                "rounds.order leaves out " + ", ".join(f"'{role}'" for role in missing),
                "list every role exactly once",
                "round-order",
            )
    on_limit = entry.get("on_limit")
    if on_limit is not None:
        check_kind(on_limit, entry.value_node("on_limit"), declared.endings, declared.phases, report)
    if entry.broken or on_limit is None:
        return None
    return Rounds(RoundMode(entry.get("mode")), order, entry.get("limit"), on_limit)


def build_phases(
    section: object,
    declared: Declared,
    move_roles: Mapping[str, tuple[frozenset[str], bool]],
    compiler: Compiler,
    report: Report,
) -> dict[str, Phase]:
    """Every phase, with its moves per role checked against each move's roles."""
    out: dict[str, Phase] = {}
    if not isinstance(section, Table):
        return out
    for phase_id, entry in section.values.items():
        moves = _phase_moves(phase_id, entry.get("moves"), declared, move_roles, report)
        on_timeout = entry.get("on_timeout")
        if on_timeout is not None:
            declared.states.check(on_timeout, entry.value_node("on_timeout"), report)
        exits = _exits(entry.get("exits"), declared, compiler, report)
        private_text = read_private_text(entry, declared, report, f"phase '{phase_id}'")
        if entry.broken or moves is None or exits is None or private_text is None:
            continue
        out[phase_id] = Phase(
            id=phase_id,
            title=entry.get("title"),
            text=entry.get("text"),
            moves=MappingProxyType(moves),
            max_rounds=entry.get("max_rounds"),
            on_timeout=on_timeout,
            exits=exits,
            pos=section.key_pos(phase_id),
            private_text=private_text,
        )
    return out


def _phase_moves(
    phase_id: str,
    table: object,
    declared: Declared,
    move_roles: Mapping[str, tuple[frozenset[str], bool]],
    report: Report,
) -> dict[str, tuple[str, ...]] | None:
    if not isinstance(table, Table):
        return None
    out: dict[str, tuple[str, ...]] = {}
    for role, key in table.keys.items():
        known_role = declared.roles.check(role, key, report)
        items = table.values.get(role)
        where = f"the moves of '{role}' in phase '{phase_id}'"
        moves, _ = check_refs(items, declared.moves, report, where, lambda m: _answer_hint(m, declared))
        if not known_role or not isinstance(items, Items):
            continue
        for move, node in items:
            allowed, complete = move_roles.get(move, (frozenset(), False))
            if complete and role not in allowed:
                report.error(
                    node,
                    f"phase '{phase_id}' offers move '{move}' to '{role}', "
                    "but the move's roles do not include it",
                    f"add '{role}' to the roles of '{move}', or remove it here",
                    "wrong-role",
                )
        out[role] = moves
    return None if table.broken else out


def _exits(items: object, declared: Declared, compiler: Compiler, report: Report) -> tuple[Exit, ...] | None:
    if not isinstance(items, Items):
        return None
    out: list[Exit] = []
    complete = not items.broken
    for entry, node in items:
        target = entry.get("to")
        if target is not None and not declared.states.check(target, entry.value_node("to"), report):
            complete = False
        text = entry.get("when")
        when = compiler.condition(text, entry.value_node("when"), Context.EXIT) if text is not None else None
        if when is None or target is None:
            complete = False
            continue
        out.append(Exit(target, when, pos(node)))
    return tuple(out) if complete else None


def build_endings(section: object, compiler: Compiler) -> dict[str, Ending]:
    """Every ending, with its variants (format 2)."""
    out: dict[str, Ending] = {}
    if not isinstance(section, Table):
        return out
    for ending_id, entry in section.values.items():
        variants = _variants(entry.get("variants"), compiler)
        if entry.broken or variants is None:
            continue
        out[ending_id] = Ending(
            id=ending_id,
            title=entry.get("title"),
            outcome=Outcome(entry.get("outcome")),
            text=entry.get("text"),
            pos=section.key_pos(ending_id),
            variants=variants,
        )
    return out


def _variants(items: object, compiler: Compiler) -> tuple[Variant, ...] | None:
    if items is None:  # not written (format 2 key): no variants
        return ()
    if not isinstance(items, Items):
        return None
    out: list[Variant] = []
    complete = not items.broken
    for entry, node in items:
        text = entry.get("when")
        when = compiler.condition(text, entry.value_node("when"), Context.EXIT) if text is not None else None
        if when is None or entry.broken:
            complete = False
            continue
        out.append(Variant(when, entry.get("title"), entry.get("text"), pos(node)))
    return tuple(out) if complete else None


def _answer_hint(move: str, declared: Declared) -> str:
    """For ``standstill.accept`` in a phase's menu (format 2): answers are not listed there."""
    proposal, dot, _ = move.partition(".")
    if not dot or proposal not in declared.proposals:
        return ""
    return (
        f"the answers to '{proposal}' join the menu by themselves while its offer awaits the role; "
        f"list a move that proposes '{proposal}' instead"
    )
