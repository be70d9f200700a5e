"""The ids a case declares: checking references to them, reserved names and clashes.

Ids are collected from the keys of each section, even where the entry itself
has problems, so a reference to a declared but broken entry is not reported
again.  A section that is missing or not a mapping is ``broken``: references
into it are not reported at all, since the section's own error explains them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from game.case.loading.checked import Items, Table
from game.case.loading.report import Report
from game.case.model import Pos, Scope
from game.case.names import RESERVED, NameTable, pair_key
from game.case.yamlsafe import Node
from game.debriefing.doctrine import TAGS
from game.errors import did_you_mean

SECTIONS = (
    "roles",
    "meters",
    "flags",
    "tags",
    "phases",
    "endings",
    "moves",
    "injects",
    "proposals",
    "timers",
)
_WHAT = {
    "roles": "role",
    "meters": "meter",
    "flags": "flag",
    "tags": "tag",
    "phases": "phase",
    "endings": "ending",
    "moves": "move",
    "injects": "inject",
    "proposals": "proposal",
    "timers": "timer",
}
ROLE_RESERVED = frozenset({"default"})  # a key of a meter's 'initial' mapping


class Namespace:
    """The ids of one kind, and whether the section declaring them could be read."""

    __slots__ = ("broken", "ids", "what")

    def __init__(self, what: str, ids: Iterable[str], broken: bool) -> None:
        self.what = what
        self.ids = dict.fromkeys(ids)
        self.broken = broken

    def __contains__(self, name: object) -> bool:
        return name in self.ids

    def check(self, name: str, where: Node | Pos, report: Report, hint: str = "") -> bool:
        """True if ``name`` is declared; otherwise report it (unless the section is broken)."""
        if name in self.ids:
            return True
        if not self.broken:
            report.error(
                where,
                f"unknown {self.what} '{name}'",
                did_you_mean(name, self.ids) or hint or self._declared(),
                "unknown-ref",
            )
        return False

    def _declared(self) -> str:
        if not self.ids:
            return ""
        shown = ", ".join(list(self.ids)[:8])
        more = ", …" if len(self.ids) > 8 else ""
        return f"declared: {shown}{more}"


def check_refs(
    items: object, space: Namespace, report: Report, where: str, hint: Callable[[str], str] | None = None
) -> tuple[tuple[str, ...], bool]:
    """The declared ids of a list of references, and whether every item was good.

    Unknown ids and ids listed twice are reported; ``where`` names the list; ``hint`` says what
    to do about an unknown id when no declared id is close to it.
    """
    if not isinstance(items, Items):
        return (), False
    out: list[str] = []
    complete = not items.broken
    for name, node in items:
        if not space.check(name, node, report, hint(name) if hint else ""):
            complete = False
        elif name in out:
            report.error(node, f"'{name}' is listed twice in {where}", "remove one of them", "duplicate")
        else:
            out.append(name)
    return tuple(out), complete


def check_kind(name: str, where: Node | Pos, wanted: Namespace, other: Namespace, report: Report) -> bool:
    """Like :meth:`Namespace.check`, saying so when ``name`` is of the ``other`` kind."""
    if name in other and name not in wanted.ids:
        if not wanted.broken:
            article = "an" if wanted.what[0] in "aeiou" else "a"
            report.error(
                where,
                f"unknown {wanted.what} '{name}'",
                f"'{name}' is a {other.what}; this must be {article} {wanted.what}",
                "unknown-ref",
            )
        return False
    return wanted.check(name, where, report)


@dataclass(slots=True)
class Declared:
    """Every namespace of a case, and the table that resolves names in conditions."""

    roles: Namespace
    meters: Namespace
    flags: Namespace
    tags: Namespace
    phases: Namespace
    endings: Namespace
    moves: Namespace
    injects: Namespace
    proposals: Namespace
    timers: Namespace
    states: Namespace  # phases and endings
    scopes: dict[str, Scope]
    uncertain: frozenset[str]  # meters whose scope could not be read
    table: NameTable


def declare(top: Table, report: Report) -> Declared:
    """Collect the ids of every section, report reserved names and clashes."""
    spaces: dict[str, Namespace] = {}
    for section in SECTIONS:
        value = top.get(section)
        broken = not isinstance(value, Table)
        ids = value.keys if isinstance(value, Table) else {}
        spaces[section] = Namespace(_WHAT[section], ids, broken)
    custom = spaces["tags"]
    spaces["tags"] = Namespace("tag", [*TAGS, *custom.ids], custom.broken)
    scopes, uncertain = _scopes(top.get("meters"))
    _reserved(top, report)
    _clashes(top, report)
    states = Namespace(
        "phase or ending",
        [*spaces["phases"].ids, *spaces["endings"].ids],
        spaces["phases"].broken or spaces["endings"].broken,
    )
    table = NameTable(
        roles=spaces["roles"].ids,
        meters=scopes,
        flags=spaces["flags"].ids,
        moves=spaces["moves"].ids,
        tags=spaces["tags"].ids,
        injects=spaces["injects"].ids,
        phases=spaces["phases"].ids,
        endings=spaces["endings"].ids,
        timers=spaces["timers"].ids,
        proposals=_terms(top.get("proposals")),
        limit=_limit(top.get("rounds")),
        chosen_pairs=_chosen_pairs(top.get("meters"), spaces["roles"]),
    )
    return Declared(states=states, scopes=scopes, uncertain=uncertain, table=table, **spaces)


def _scopes(meters: object) -> tuple[dict[str, Scope], frozenset[str]]:
    scopes: dict[str, Scope] = {}
    uncertain: set[str] = set()
    if not isinstance(meters, Table):
        return scopes, frozenset()
    for meter in meters.keys:
        entry = meters.values.get(meter)
        scope = entry.get("scope") if isinstance(entry, Table) else None
        if scope is None:
            uncertain.add(meter)
            scopes[meter] = Scope.GLOBAL
        else:
            scopes[meter] = Scope(scope)
    return scopes, frozenset(uncertain)


def _terms(proposals: object) -> dict[str, tuple[str, ...]]:
    """Each proposal's term ids, as far as they can be read."""
    if not isinstance(proposals, Table):
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for proposal in proposals.keys:
        entry = proposals.values.get(proposal)
        terms = entry.get("terms") if isinstance(entry, Table) else None
        out[proposal] = tuple(terms.keys) if isinstance(terms, Table) else ()
    return out


def _limit(rounds: object) -> int:
    limit = rounds.get("limit") if isinstance(rounds, Table) else None
    return limit if isinstance(limit, int) else 0


def _chosen_pairs(meters: object, roles: Namespace) -> dict[str, tuple[str, ...]]:
    """The pair keys of per-pair meters that list their pairs (format 2), canonical and in order."""
    if not isinstance(meters, Table):
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for meter, entry in meters.values.items():
        pairs = entry.get("pairs") if isinstance(entry, Table) else None
        if not isinstance(pairs, Items):
            continue
        keys: list[str] = []
        for text in pairs.values:
            a, _, b = text.partition("_")
            if a not in roles or b not in roles or a == b:
                break  # reported with the meter; until it is fixed, every pair may be named
            if pair_key(a, b) not in keys:
                keys.append(pair_key(a, b))
        else:
            if not pairs.broken:
                out[meter] = tuple(keys)
    return out


def _keys(top: Table, section: str) -> dict[str, Node]:
    value = top.get(section)
    return dict(value.keys) if isinstance(value, Table) else {}


def _reserved(top: Table, report: Report) -> None:
    words = ", ".join(sorted(RESERVED))
    for section in SECTIONS:
        what = _WHAT[section]
        for name, key in _keys(top, section).items():
            if name in RESERVED:
                report.error(
                    key,
                    f"'{name}' is a reserved name and cannot be a {what} id",
                    f"rename it; reserved: {words}",
                    "reserved-name",
                )
            elif section == "roles" and name in ROLE_RESERVED:
                report.error(
                    key,
                    f"'{name}' cannot be a role id: it is the fallback key of a meter's 'initial'",
                    "rename the role",
                    "reserved-name",
                )


def _clashes(top: Table, report: Report) -> None:
    phases = _keys(top, "phases")
    for name, key in _keys(top, "endings").items():
        if name in phases:
            report.error(
                key,
                f"'{name}' is both a phase (line {phases[name].line}) and an ending",
                "phases and endings share one namespace; rename one of them",
                "name-clash",
            )
    declared_tags = _keys(top, "tags")
    for name, key in declared_tags.items():
        if name in TAGS:
            report.error(
                key,
                f"'{name}' is already a built-in doctrine tag",
                "remove it from 'tags'; built-in tags need no declaration",
                "name-clash",
            )
    for name, key in _keys(top, "moves").items():
        if name in TAGS or name in declared_tags:
            kind = "a built-in doctrine tag" if name in TAGS else "a tag declared under 'tags'"
            report.error(
                key,
                f"move '{name}' has the same id as {kind}",
                f"moves and tags share one namespace ('mine.{name}' reads either); rename the move",
                "name-clash",
            )
    meters = _keys(top, "meters")
    for name, key in _keys(top, "flags").items():
        if name in meters:
            report.error(
                key,
                f"'{name}' is both a meter (line {meters[name].line}) and a flag",
                "rename one of them",
                "name-clash",
            )
