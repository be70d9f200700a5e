"""Putting a case together: every check in order, then the immutable :class:`Case`."""

from __future__ import annotations

from types import MappingProxyType

from game.case.loading.actions import build_injects, build_moves, build_roles
from game.case.loading.bargaining import build_proposals, build_timers
from game.case.loading.checked import Table
from game.case.loading.expressions import Compiler
from game.case.loading.flow import build_endings, build_phases, build_rounds
from game.case.loading.meters import build_flags, build_meters, build_tags
from game.case.loading.namespaces import declare
from game.case.loading.reads import Reads, check_reads
from game.case.loading.redlines import attach, build_role_rubrics
from game.case.loading.report import Report
from game.case.loading.rubric import build_rubric
from game.case.loading.scalars import Refused, as_integer
from game.case.loading.shape import Shaper
from game.case.loading.teaching import build_teaching
from game.case.model import OLDEST_VERSION, SCHEMA_VERSION, Case, Difficulty
from game.case.schema import CASE
from game.case.yamlsafe import Document, MappingNode, ScalarNode


def assemble(document: Document) -> tuple[Case | None, Report]:
    """Check a read document and build its case; the case is ``None`` if anything is wrong."""
    report = Report(document.path, list(document.diagnostics))
    root = document.root
    if root is None or _unsupported_version(root, report):
        return None, report
    version = _version(root)
    top = Shaper(report, version).check(root, CASE, "the case")
    assert isinstance(top, Table)
    declared = declare(top, report)
    compiler = Compiler(declared, document, report, version)
    values = top.values
    meters = build_meters(values.get("meters"), declared, report)
    flags = build_flags(values.get("flags"))
    tags = build_tags(values.get("tags"))
    moves, move_roles = build_moves(values.get("moves"), declared, compiler, report)
    roles = build_roles(values.get("roles"), declared, move_roles, compiler, report)
    rounds = build_rounds(values.get("rounds"), declared, report)
    phases = build_phases(values.get("phases"), declared, move_roles, compiler, report)
    endings = build_endings(values.get("endings"), compiler)
    injects = build_injects(values.get("injects"), declared, compiler, report)
    rubric = build_rubric(values.get("rubric"), declared, compiler, report)
    rubrics = build_role_rubrics(values.get("rubrics"), declared, compiler, report)
    roles = attach(
        values.get("roles"),
        roles,
        rubric,
        rubrics,
        move_roles,
        declared,
        compiler,
        report,
        proposals=values.get("proposals"),
        written=values.get("rubric"),
    )
    teaching = build_teaching(values.get("teaching"), values.get("rubric"), report, values.get("rubrics"))
    proposals = build_proposals(values.get("proposals"), declared, compiler, report)
    timers = build_timers(values.get("timers"), declared, compiler, report)
    if not len(report) and not top.broken:
        reads = Reads(tuple(roles), meters, moves, injects, proposals, timers)
        check_reads(top, reads, document, report)
    if len(report) or top.broken or rounds is None:
        return None, report
    case = Case(
        schema_version=values["schema_version"],
        id=values["id"],
        title=values["title"],
        summary=values["summary"],
        difficulty=Difficulty(values["difficulty"]),
        duration_minutes=values["duration_minutes"],
        briefing=values["briefing"],
        rounds=rounds,
        roles=MappingProxyType(roles),
        meters=MappingProxyType(meters),
        flags=MappingProxyType(flags),
        tags=MappingProxyType(tags),
        phases=MappingProxyType(phases),
        endings=MappingProxyType(endings),
        moves=MappingProxyType(moves),
        injects=MappingProxyType(injects),
        rubric=MappingProxyType(rubric),
        path=document.path,
        source_hash=document.digest,
        teaching=teaching,
        proposals=MappingProxyType(proposals),
        timers=MappingProxyType(timers),
    )
    return case, report


def _unsupported_version(root: MappingNode, report: Report) -> bool:
    """Report a version this Parley cannot read; the rest of such a file is not checked."""
    for key, value in root.pairs:
        if key.text == "schema_version" and isinstance(value, ScalarNode):
            try:
                version = as_integer(value)
            except Refused:
                return False  # reported as a wrong type by the full check
            if not OLDEST_VERSION <= version <= SCHEMA_VERSION:
                report.error(
                    value,
                    f"unsupported schema_version {version}; this Parley reads versions "
                    f"{OLDEST_VERSION} to {SCHEMA_VERSION}",
                    f"this file needs a newer Parley, or set schema_version: {SCHEMA_VERSION}",
                    "schema-version",
                )
                return True
    return False


def _version(root: MappingNode) -> int:
    """The file's schema_version, or the newest when it cannot be read (that is reported elsewhere)."""
    for key, value in root.pairs:
        if key.text == "schema_version" and isinstance(value, ScalarNode):
            try:
                return as_integer(value)
            except Refused:
                break
    return SCHEMA_VERSION
