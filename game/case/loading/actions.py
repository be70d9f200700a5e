"""Building what happens in play: moves and their replies, roles and their policies, injects."""

from __future__ import annotations

from collections.abc import Mapping

from game.case.loading.audience import read_audience, read_private_text
from game.case.loading.checked import Items, Table
from game.case.loading.expressions import Compiler
from game.case.loading.namespaces import Declared, check_kind, check_refs
from game.case.loading.report import Report, pos
from game.case.model import Condition, Inject, Move, Preference, Reply, Requirement, Role
from game.case.names import Context
from game.case.yamlsafe import Node

MoveRoles = Mapping[str, tuple[frozenset[str], bool]]
"""Each move's roles, and whether that list could be read in full."""


def _when(entry: Table, key: str, compiler: Compiler, context: Context) -> tuple[Condition | None, bool]:
    """The condition under ``key`` (or ``None`` if not written), and whether it is usable."""
    text = entry.get(key)
    if text is None:
        return None, key not in entry.keys
    condition = compiler.condition(text, entry.value_node(key), context)
    return condition, condition is not None


def build_moves(
    section: object, declared: Declared, compiler: Compiler, report: Report
) -> tuple[dict[str, Move], dict[str, tuple[frozenset[str], bool]]]:
    """Every move, and each move's roles for the checks of phases and policies."""
    out: dict[str, Move] = {}
    roles_of: dict[str, tuple[frozenset[str], bool]] = {}
    if not isinstance(section, Table):
        return out, roles_of
    for move_id, entry in section.values.items():
        roles, roles_complete = check_refs(
            entry.get("roles"), declared.roles, report, f"the roles of '{move_id}'"
        )
        roles_of[move_id] = (frozenset(roles), roles_complete)
        when, when_ok = _when(entry, "when", compiler, Context.MOVE)
        effects = compiler.effects(entry.get("effects"), Context.MOVE)
        tags, tags_complete = check_refs(entry.get("tags"), declared.tags, report, f"the tags of '{move_id}'")
        replies = _replies(entry.get("replies"), declared, compiler, report)
        appears, appears_ok = _when(entry, "appears_when", compiler, Context.MOVE)
        requires = _requirements(entry.get("requires"), compiler)
        proposes = entry.get("proposes")
        if proposes is not None and not declared.proposals.check(
            proposes, entry.value_node("proposes"), report
        ):
            continue
        starts, starts_ok = _timers(entry, "starts", declared, report, f"the timers '{move_id}' starts")
        stops, stops_ok = _timers(entry, "stops", declared, report, f"the timers '{move_id}' stops")
        v2_ok = appears_ok and requires is not None and starts_ok and stops_ok
        audience = read_audience(entry, declared, report, f"move '{move_id}'")
        if entry.broken or not (roles_complete and when_ok and tags_complete and v2_ok) or replies is None:
            continue
        if audience is None:
            continue
        out[move_id] = Move(
            id=move_id,
            label=entry.get("label"),
            description=entry.get("description"),
            roles=roles,
            when=when,
            locked_reason=entry.get("locked_reason", ""),
            effects=effects,
            tags=tags,
            feedback=entry.get("feedback"),
            replies=replies,
            pos=section.key_pos(move_id),
            appears_when=appears,
            requires=requires or (),
            proposes=proposes,
            starts=starts,
            stops=stops,
            audience=audience,
        )
    return out, roles_of


def _requirements(items: object, compiler: Compiler) -> tuple[Requirement, ...] | None:
    """A move's ``requires`` list (format 2), or ``None`` if any part is wrong (already reported)."""
    if items is None:
        return ()
    if not isinstance(items, Items):
        return None
    out: list[Requirement] = []
    complete = not items.broken
    for entry, node in items:
        when, when_ok = _when(entry, "when", compiler, Context.MOVE)
        if entry.broken or when is None or not when_ok:
            complete = False
            continue
        out.append(Requirement(when, entry.get("reason"), pos(node)))
    return tuple(out) if complete else None


def _replies(
    items: object, declared: Declared, compiler: Compiler, report: Report
) -> tuple[Reply, ...] | None:
    if not isinstance(items, Items):
        return None
    out: list[Reply] = []
    complete = not items.broken
    for entry, node in items:
        role = entry.get("role")
        if role is not None and not declared.roles.check(role, entry.value_node("role"), report):
            complete = False
        when, when_ok = _when(entry, "when", compiler, Context.REPLY)
        effects = compiler.effects(entry.get("effects"), Context.REPLY)
        audience = read_audience(entry, declared, report, "a reply") if "audience" in entry.keys else None
        if entry.broken or not when_ok or role is None or ("audience" in entry.keys and audience is None):
            complete = False
            continue
        out.append(Reply(role, entry.get("text"), when, effects, pos(node), audience))
    return tuple(out) if complete else None


def build_roles(
    section: object, declared: Declared, move_roles: MoveRoles, compiler: Compiler, report: Report
) -> dict[str, Role]:
    """Every role with its policy; at least one must be playable."""
    out: dict[str, Role] = {}
    if not isinstance(section, Table):
        return out
    playable: list[bool | None] = []
    for role_id, entry in section.values.items():
        playable.append(entry.get("playable"))
        policy = _policy(role_id, entry.get("policy"), declared, move_roles, compiler, report)
        reservation, reservation_ok = _when(entry, "reservation", compiler, Context.POLICY)
        if entry.broken or policy is None or not reservation_ok:
            continue
        out[role_id] = Role(
            id=role_id,
            name=entry.get("name"),
            description=entry.get("description"),
            briefing=entry.get("briefing"),
            interests=tuple(entry.get("interests").values),
            red_lines=tuple(
                line if isinstance(line, str) else " ".join(str(line.get("text", "")).split())
                for line in entry.get("red_lines").values
            ),
            batna=entry.get("batna"),
            playable=entry.get("playable"),
            policy=policy,
            pos=section.key_pos(role_id),
            reservation=reservation,
        )
    known = len(playable) == len(section.keys) and None not in playable
    if known and playable and not any(playable):
        report.error(
            section.pos,
            "no role is playable: every role has 'playable: false'",
            "let a human take at least one role",
            "no-playable-role",
        )
    return out


def _policy(
    role_id: str,
    items: object,
    declared: Declared,
    move_roles: MoveRoles,
    compiler: Compiler,
    report: Report,
) -> tuple[Preference, ...] | None:
    if not isinstance(items, Items):
        return None
    out: list[Preference] = []
    complete = not items.broken
    for entry, node in items:
        move = entry.get("move")
        if move is not None and not _usable(
            role_id, move, entry.value_node("move"), declared, move_roles, report
        ):
            complete = False
        when, when_ok = _when(entry, "when", compiler, Context.POLICY)
        if entry.broken or not when_ok or move is None:
            complete = False
            continue
        out.append(Preference(move, float(entry.get("weight")), when, pos(node)))
    return tuple(out) if complete else None


def _usable(
    role_id: str, move: str, node: Node, declared: Declared, move_roles: MoveRoles, report: Report
) -> bool:
    if not declared.moves.check(move, node, report):
        return False
    allowed, complete = move_roles.get(move, (frozenset(), False))
    if complete and role_id not in allowed:
        report.error(
            node,
            f"the policy of '{role_id}' prefers move '{move}', "
            f"but the move's roles do not include '{role_id}'",
            f"add '{role_id}' to the roles of '{move}', or remove it from the policy",
            "wrong-role",
        )
        return False
    return True


def build_injects(
    section: object, declared: Declared, compiler: Compiler, report: Report
) -> dict[str, Inject]:
    """Every inject; effects must name roles, since there is no acting role."""
    out: dict[str, Inject] = {}
    if not isinstance(section, Table):
        return out
    for inject_id, entry in section.values.items():
        phase = entry.get("phase")
        phase_ok = phase is None or check_kind(
            phase, entry.value_node("phase"), declared.phases, declared.endings, report
        )
        when, when_ok = _when(entry, "when", compiler, Context.INJECT)
        effects = compiler.effects(entry.get("effects"), Context.INJECT)
        chance = entry.get("chance")
        starts, starts_ok = _timers(entry, "starts", declared, report, f"the timers '{inject_id}' starts")
        stops, stops_ok = _timers(entry, "stops", declared, report, f"the timers '{inject_id}' stops")
        audience = read_audience(entry, declared, report, f"inject '{inject_id}'", actor=False)
        private_text = read_private_text(entry, declared, report, f"inject '{inject_id}'")
        if (
            entry.broken
            or not (phase_ok and when_ok and starts_ok and stops_ok)
            or audience is None
            or private_text is None
        ):
            continue
        out[inject_id] = Inject(
            id=inject_id,
            title=entry.get("title"),
            text=entry.get("text"),
            round=entry.get("round"),
            phase=phase,
            when=when,
            chance=float(chance) if chance is not None else None,
            repeat=entry.get("repeat"),
            effects=effects,
            pos=section.key_pos(inject_id),
            quiet=entry.get("quiet"),
            starts=starts,
            stops=stops,
            audience=audience,
            private_text=private_text,
        )
    return out


def _timers(
    entry: Table, key: str, declared: Declared, report: Report, where: str
) -> tuple[tuple[str, ...], bool]:
    """The timer ids under ``key`` (format 2; absent: none), and whether every one is declared."""
    if entry.get(key) is None:
        return (), key not in entry.keys
    return check_refs(entry.get(key), declared.timers, report, where)
