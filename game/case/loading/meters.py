"""Building meters (with a starting value for every slot), flags and custom tags."""

from __future__ import annotations

from types import MappingProxyType

from game.case.loading.audience import read_audience, read_bands
from game.case.loading.checked import Items, Table
from game.case.loading.namespaces import Declared
from game.case.loading.report import Report
from game.case.model import Flag, Meter, Scope
from game.case.names import pair_key
from game.errors import did_you_mean


def build_meters(section: object, declared: Declared, report: Report) -> dict[str, Meter]:
    """Every meter of the ``meters`` section; slots are expanded and all start somewhere."""
    out: dict[str, Meter] = {}
    if not isinstance(section, Table):
        return out
    for meter_id, entry in section.values.items():
        meter = _meter(meter_id, entry, section, declared, report)
        if meter is not None:
            out[meter_id] = meter
    return out


def _meter(meter_id: str, entry: Table, section: Table, declared: Declared, report: Report) -> Meter | None:
    minimum = entry.get("min")
    maximum = entry.get("max")
    bounded = minimum is not None and maximum is not None
    if bounded and minimum >= maximum:
        report.error(
            entry.value_node("max"),
            f"meter '{meter_id}' has max {maximum}, which is not above its min {minimum}",
            "make max greater than min",
            "bounds",
        )
        bounded = False
    scope = entry.get("scope")
    pairs = _pairs(meter_id, entry, declared, report)
    initial = _initial(
        meter_id, entry, declared, report, minimum if bounded else None, maximum if bounded else None
    )
    owned = scope not in (None, Scope.GLOBAL.value)
    audience = read_audience(entry, declared, report, f"meter '{meter_id}'", actor=False, owner=owned)
    if audience is not None and not audience.public and entry.get("visible") is False:
        report.error(
            entry.value_node("audience"),
            f"meter '{meter_id}' is hidden ('visible: false'), so nobody sees it: an audience means nothing",
            "remove 'visible: false' or 'audience'",
            "conflict",
        )
        audience = None
    bands = read_bands(entry, meter_id, audience, report)
    if scope is None or initial is None or entry.broken or pairs is None or audience is None or bands is None:
        return None
    return Meter(
        id=meter_id,
        label=entry.get("label"),
        scope=Scope(scope),
        minimum=minimum,
        maximum=maximum,
        initial=MappingProxyType(initial),
        visible=entry.get("visible"),
        description=entry.get("description"),
        pos=section.key_pos(meter_id),
        pairs=MappingProxyType(pairs),
        audience=audience,
        bands=bands,
    )


def _pairs(
    meter_id: str, entry: Table, declared: Declared, report: Report
) -> dict[str, tuple[str, str]] | None:
    """A per-pair meter's chosen pairs (format 2): slot -> the two roles in the order written."""
    items = entry.get("pairs")
    if items is None:
        return {}
    if not isinstance(items, Items):
        return None
    if entry.get("scope") != Scope.PAIR.value:
        report.error(
            entry.key_pos("pairs"),
            f"'pairs' is only for per-pair meters, and '{meter_id}' is not one",
            "add 'scope: pair', or remove 'pairs'",
            "pairs",
        )
        return None
    out: dict[str, tuple[str, str]] = {}
    ok = not items.broken
    for text, node in items:
        a, _, b = text.partition("_")
        if a == b or a not in declared.roles or b not in declared.roles:
            ok = False
            if not declared.roles.broken:
                unknown = next((r for r in (a, b) if r not in declared.roles), "")
                message = (
                    f"unknown role '{unknown}' in pair '{text}' of meter '{meter_id}'"
                    if unknown
                    else f"'{text}' pairs a role with itself"
                )
                hint = did_you_mean(unknown, declared.roles.ids) if unknown else "name two different roles"
                report.error(node, message, hint or "join two role ids with '_', e.g. 'kest_velmar'", "pairs")
            continue
        slot = f"{meter_id}.{pair_key(a, b)}"
        if slot in out:
            ok = False
            report.error(
                node, f"the pair {a}–{b} is listed twice in meter '{meter_id}'", "keep one", "duplicate"
            )
            continue
        out[slot] = (a, b)
    return out if ok else None


def _initial(
    meter_id: str,
    entry: Table,
    declared: Declared,
    report: Report,
    minimum: int | None,
    maximum: int | None,
) -> dict[str, int] | None:
    """Map every slot of the meter to its starting value, or report why not."""
    value = entry.get("initial")
    scope_text = entry.get("scope")
    if value is None or scope_text is None:
        return None
    scope = Scope(scope_text)
    if scope is not Scope.GLOBAL and declared.roles.broken:
        return None
    slots = declared.table.slots(meter_id)
    node = entry.value_node("initial")

    def in_bounds(number: int, where: object, slot: str) -> bool:
        if minimum is None or maximum is None or minimum <= number <= maximum:
            return True
        report.error(
            where,  # type: ignore[arg-type]
            f"the initial value {number} of '{slot}' is outside the meter's bounds {minimum}..{maximum}",
            "change the value, or the meter's min or max",
            "bounds",
        )
        return False

    if isinstance(value, int):
        if not in_bounds(value, node, meter_id):
            return None
        return dict.fromkeys(slots, value)
    assert isinstance(value, Table)
    if scope is Scope.GLOBAL:
        report.error(
            node,
            f"'{meter_id}' is a global meter; its initial value is one whole number",
            "write 'initial: <number>', or give the meter 'scope: role' or 'scope: pair'",
            "type",
        )
        return None
    given: dict[str, int] = {}
    written: dict[str, str] = {}
    default: int | None = None
    ok = not value.broken
    for key, key_node in value.keys.items():
        number = value.values.get(key)
        if key == "default":
            slot = "default"
        else:
            slot = _slot_of(meter_id, key, scope, declared)
            if slot is not None and slot not in slots:
                ok = False
                report.error(
                    key_node,
                    f"meter '{meter_id}' is not kept for the pair '{key}'",
                    "list the pair under 'pairs', or remove this value",
                    "unknown-ref",
                )
                continue
            if slot is None:
                ok = False
                report.error(key_node, *_unknown_key(meter_id, key, scope, declared), "unknown-ref")
                continue
            if slot in written:
                ok = False
                report.error(
                    key_node,
                    f"'{key}' and '{written[slot]}' name the same pair",
                    "keep only one of them",
                    "duplicate-key",
                )
                continue
            written[slot] = key
        if number is None:
            continue
        if not in_bounds(number, value.nodes[key], meter_id if slot == "default" else slot):
            ok = False
        elif slot == "default":
            default = number
        else:
            given[slot] = number
    missing = [slot for slot in slots if slot not in given]
    if missing and default is None and ok:
        shown = ", ".join(slot.partition(".")[2] for slot in missing)
        report.error(
            node,
            f"meter '{meter_id}' has no initial value for {shown}",
            "add 'default: <number>' or a value for each",
            "missing-key",
        )
        return None
    if not ok:
        return None
    return {slot: given.get(slot, default) for slot in slots}  # type: ignore[misc]


def _slot_of(meter_id: str, key: str, scope: Scope, declared: Declared) -> str | None:
    if scope is Scope.ROLE:
        return f"{meter_id}.{key}" if key in declared.roles else None
    first, sep, second = key.partition("_")
    if sep and first != second and first in declared.roles and second in declared.roles:
        return f"{meter_id}.{pair_key(first, second)}"
    return None


def _unknown_key(meter_id: str, key: str, scope: Scope, declared: Declared) -> tuple[str, str]:
    if scope is Scope.ROLE:
        choices = ["default", *declared.roles.ids]
        return (
            f"unknown role '{key}' in the initial values of per-role meter '{meter_id}'",
            did_you_mean(key, choices) or "use role ids or 'default'",
        )
    pairs = list(declared.table.pairs)
    example = next(iter(pairs), "a_b")
    return (
        f"'{key}' is not a pair of roles in the initial values of per-pair meter '{meter_id}'",
        did_you_mean(key, ["default", *pairs])
        or f"join two role ids with '_', e.g. '{example}', or use 'default'",
    )


def build_flags(section: object) -> dict[str, Flag]:
    """Every flag of the ``flags`` section."""
    if not isinstance(section, Table):
        return {}
    return {
        flag_id: Flag(flag_id, description, section.key_pos(flag_id))
        for flag_id, description in section.values.items()
    }


def build_tags(section: object) -> dict[str, str]:
    """The case's own tags and their descriptions."""
    if not isinstance(section, Table):
        return {}
    return dict(section.values)
