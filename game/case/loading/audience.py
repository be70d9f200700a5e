"""Reading who sees what: audiences, per-role parts of narrative and a meter's bands.

Each function reads one checked value (see :mod:`game.case.loading.checked`) and reports what is
wrong at its line and column.  What conditions written for a role may read is checked once the
whole case is built, in :mod:`game.case.loading.reads`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from game.case.audience import ACTOR, EVERYONE, OWNER, PUBLIC, ROLES, Audience, Band
from game.case.loading.checked import Items, Table
from game.case.loading.namespaces import Declared, check_refs
from game.case.loading.report import Report
from game.case.names import pair_key
from game.case.yamlsafe import Node
from game.errors import did_you_mean


def read_audience(
    entry: Table, declared: Declared, report: Report, what: str, *, actor: bool = True, owner: bool = False
) -> Audience | None:
    """The ``audience`` of ``entry`` (``PUBLIC`` when not written), or None after reporting why not.

    ``actor``: whether 'actor' means something here (not for injects, which nobody plays);
    ``owner``: whether 'owner' does (meters held per role or per pair only).
    """
    value = entry.get("audience")
    if value is None:
        return None if "audience" in entry.keys else PUBLIC
    node = entry.value_node("audience")
    if isinstance(value, Items):
        roles, complete = check_refs(value, declared.roles, report, f"the audience of {what}")
        return Audience(ROLES, roles) if complete else None
    word = str(value)
    if word == EVERYONE:
        return PUBLIC
    if word == ACTOR:
        if actor:
            return Audience(ACTOR)
        report.error(node, f"'actor' has no meaning for {what}: nobody plays it", _NAME_ROLES, "audience")
        return None
    if word == OWNER:
        if owner:
            return Audience(OWNER)
        why = "a global meter belongs to nobody" if what.startswith("meter") else "only a meter has an owner"
        report.error(node, f"'owner' has no meaning for {what}: {why}", _NAME_ROLES, "audience")
        return None
    roles = _roles_of(word, declared)
    if roles is None:
        if not declared.roles.broken:
            words = [EVERYONE, *([ACTOR] if actor else []), *([OWNER] if owner else [])]
            choices = [*words, *declared.roles.ids, *declared.table.pairs]
            report.error(
                node,
                f"unknown audience '{word}' for {what}",
                did_you_mean(word, choices)
                or "write " + ", ".join(f"'{w}'" for w in words) + ", a role or a pair",
                "unknown-ref",
            )
        return None
    return Audience(ROLES, roles)


_NAME_ROLES = "name the roles who see it, e.g. 'audience: [kest, velmar]'"


def _roles_of(key: str, declared: Declared) -> tuple[str, ...] | None:
    """The roles a role id or a pair key names, or None."""
    if key in declared.roles:
        return (key,)
    first, sep, second = key.partition("_")
    if sep and first != second and first in declared.roles and second in declared.roles:
        return tuple(pair_key(first, second).split("_"))
    return None


def read_private_text(
    entry: Table, declared: Declared, report: Report, what: str
) -> Mapping[str, str] | None:
    """``private_text``: role id or pair key → text, with pair keys in canonical order."""
    table = entry.get("private_text")
    if not isinstance(table, Table):
        return None if "private_text" in entry.keys else MappingProxyType({})
    out: dict[str, str] = {}
    ok = not table.broken
    for key, node in table.keys.items():
        roles = _roles_of(key, declared)
        if roles is None:
            ok = False
            if not declared.roles.broken:
                report.error(
                    node,
                    f"'{key}' in the private text of {what} is neither a role nor a pair of roles",
                    did_you_mean(key, [*declared.roles.ids, *declared.table.pairs])
                    or "use a role id, or two joined with '_'",
                    "unknown-ref",
                )
            continue
        if key in table.values:
            out["_".join(roles)] = table.values[key]
    return MappingProxyType(out) if ok else None


def read_bands(
    entry: Table, meter_id: str, audience: Audience | None, report: Report
) -> tuple[Band, ...] | None:
    """A meter's ``bands``, lowest first, checked against its bounds and its audience."""
    items = entry.get("bands")
    if not isinstance(items, Items):
        return None
    if not items:
        return ()
    node: Node = entry.nodes["bands"]  # type: ignore[assignment]
    if entry.get("visible") is False:
        report.error(
            node,
            f"meter '{meter_id}' is hidden ('visible: false'): nobody sees it, not even as a band",
            "remove 'visible: false' or the bands",
            "bands",
        )
        return None
    if audience is not None and audience.public:
        report.error(
            node,
            f"meter '{meter_id}' has bands, but everyone sees its number",
            "bands are what the roles outside its audience see: add 'audience: owner', "
            "or name the roles who see the number",
            "bands",
        )
        return None
    low, high = entry.get("min"), entry.get("max")
    out: list[Band] = []
    previous = None if low is None else low - 1
    for index, (band, band_node) in enumerate(items):
        label, up_to = band.get("label"), band.get("up_to")
        last = index == len(items) - 1
        if up_to is None and not last:
            report.error(
                band_node,
                f"band '{label}' needs 'up_to'",
                "only the last band may leave it out",
                "missing-key",
            )
            return None
        if up_to is None:
            up_to = high if high is not None else 0
        where = band.value_node("up_to")
        if previous is not None and up_to <= previous:
            report.error(
                where,
                f"band '{label}' ends at {up_to}, not above the band before it",
                "list bands from the lowest up",
                "bands",
            )
            return None
        if high is not None and (up_to > high or (last and up_to < high)):
            report.error(
                where,
                f"the last band must reach the meter's max {high}"
                if last and up_to < high
                else f"band '{label}' ends at {up_to}, above the meter's max {high}",
                "the last band may leave 'up_to' out",
                "bands",
            )
            return None
        previous = up_to
        out.append(Band(label, up_to))
    return tuple(out)
