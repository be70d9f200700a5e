"""Building what format version 2 adds for bargaining: proposals (terms, counters) and timers."""

from __future__ import annotations

from types import MappingProxyType

from game.case.loading.checked import Table
from game.case.loading.expressions import Compiler
from game.case.loading.namespaces import Declared, Namespace, check_refs
from game.case.loading.report import Report
from game.case.model import Counter, Needs, Proposal, Term, Timer
from game.case.names import Context

ANSWERS = ("accept", "reject")
"""The answers every addressed role has; a counter cannot take their names."""


def build_proposals(
    section: object, declared: Declared, compiler: Compiler, report: Report
) -> dict[str, Proposal]:
    """Every proposal, its terms compiled (effects name roles: there is no acting role)."""
    out: dict[str, Proposal] = {}
    if not isinstance(section, Table):
        return out
    for proposal_id, entry in section.values.items():
        to, to_ok = check_refs(
            entry.get("to"), declared.roles, report, f"the roles of proposal '{proposal_id}'"
        )
        terms = _terms(entry.get("terms"), compiler)
        space = Namespace("term", terms if terms is not None else (), terms is None)
        counters = _counters(proposal_id, entry.get("counters"), space, report)
        if terms is not None and terms and all(term.optional for term in terms.values()):
            report.error(
                entry.value_node("terms"),
                f"every term of proposal '{proposal_id}' is optional, so its first offer is empty",
                "leave 'optional' off at least one term",
                "empty-offer",
            )
            continue
        if entry.broken or not to_ok or terms is None or counters is None:
            continue
        expires = entry.get("expires")
        out[proposal_id] = Proposal(
            id=proposal_id,
            label=entry.get("label"),
            text=entry.get("text"),
            to=to,
            needs=Needs(entry.get("needs")),
            expires=expires,
            terms=MappingProxyType(terms),
            counters=MappingProxyType(counters),
            pos=section.key_pos(proposal_id),
        )
    return out


def _terms(table: object, compiler: Compiler) -> dict[str, Term] | None:
    if not isinstance(table, Table):
        return None
    out: dict[str, Term] = {}
    for term_id, entry in table.values.items():
        effects = compiler.effects(entry.get("effects"), Context.INJECT)
        if entry.broken:
            continue
        out[term_id] = Term(
            term_id, entry.get("label"), effects, entry.get("optional"), table.key_pos(term_id)
        )
    return None if table.broken or len(out) < len(table.keys) else out


def _counters(proposal_id: str, table: object, terms: Namespace, report: Report) -> dict[str, Counter] | None:
    if not isinstance(table, Table):
        return None
    out: dict[str, Counter] = {}
    ok = not table.broken
    for counter_id, key in table.keys.items():
        if counter_id in ANSWERS:
            ok = False
            report.error(
                key,
                f"a counter cannot be called '{counter_id}': '{proposal_id}.{counter_id}' is already "
                "the move that answers the proposal",
                "rename the counter",
                "reserved-name",
            )
            continue
        entry = table.values.get(counter_id)
        if not isinstance(entry, Table):
            ok = False
            continue
        where = f"counter '{counter_id}' of proposal '{proposal_id}'"
        drop, drop_ok = check_refs(entry.get("drop"), terms, report, where)
        add, add_ok = check_refs(entry.get("add"), terms, report, where)
        if entry.broken or not (drop_ok and add_ok):
            ok = False
            continue
        out[counter_id] = Counter(counter_id, entry.get("label"), drop, add, table.key_pos(counter_id))
    return out if ok else None


def build_timers(section: object, declared: Declared, compiler: Compiler, report: Report) -> dict[str, Timer]:
    """Every timer; its effects (when it runs out) name roles."""
    out: dict[str, Timer] = {}
    if not isinstance(section, Table):
        return out
    for timer_id, entry in section.values.items():
        effects = compiler.effects(entry.get("effects"), Context.INJECT)
        shown, shown_ok = check_refs(
            entry.get("visible_to"), declared.roles, report, f"the roles timer '{timer_id}' is shown to"
        )
        if entry.broken or not shown_ok:
            continue
        out[timer_id] = Timer(
            id=timer_id,
            label=entry.get("label"),
            rounds=entry.get("rounds"),
            text=entry.get("text"),
            effects=effects,
            visible_to=shown,
            pos=section.key_pos(timer_id),
        )
    return out
