"""Building the teaching notes, and checking that their objectives point at real rubric dimensions."""

from __future__ import annotations

from game.case.loading.checked import Items, Table
from game.case.loading.namespaces import Namespace, check_refs
from game.case.loading.report import Report, pos
from game.case.model import Objective, Passage, Teaching


def build_teaching(
    section: object, rubric: object, report: Report, rubrics: object = None
) -> Teaching | None:
    """The teaching notes, or ``None`` when the case has none (or they have problems, reported).

    An objective's dimensions may be those of the case's ``rubric`` or of a
    role's own rubric (``rubrics:``, mapping each role to its dimensions).
    """
    if not isinstance(section, Table):
        return None
    ids = list(rubric.keys) if isinstance(rubric, Table) else []
    if isinstance(rubrics, Table):
        for own in rubrics.values.values():
            if isinstance(own, Table):
                ids += [d for d in own.keys if d not in ids]
    dimensions = Namespace("rubric dimension", ids, not isinstance(rubric, Table))
    objectives: list[Objective] = []
    complete = not section.broken
    items = section.get("objectives")
    if isinstance(items, Items):
        complete = complete and not items.broken
        for entry, node in items:
            ids, ok = check_refs(entry.get("dimensions"), dimensions, report, "the objective's dimensions")
            passages = entry.get("doctrine")
            if entry.broken or not ok or not isinstance(passages, Items) or passages.broken:
                complete = False
                continue
            doctrine = tuple(Passage(p.get("source"), p.get("quote"), pos(n)) for p, n in passages)
            objectives.append(Objective(entry.get("text"), ids, doctrine, pos(node)))
    else:
        complete = False
    if not complete:
        return None
    return Teaching(
        objectives=tuple(objectives),
        expected_play=section.get("expected_play"),
        common_errors=tuple((e.get("error"), e.get("why")) for e, _ in section.get("common_errors", ())),
        timing=tuple((t.get("minutes"), t.get("activity")) for t, _ in section.get("timing", ())),
        discussion=tuple(q for q, _ in section.get("discussion", ())),
    )
