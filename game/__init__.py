"""Parley's engine: cases, sessions, scoring. It never imports textual or rich.

The public surface::

    from game import load_case, Session, debrief

    case = load_case("cases/harbour-standoff.yaml")       # or raises CaseError
    session = Session(case, seed=7, humans=["velmar"])
    session.play("velmar", "listen")
    ...
    result = debrief(case, session.log)
    view = session.view("velmar")                          # the log and meters as Velmar knows them

Packages, one stage of the data path each:

* ``game.case``: reading and checking a case (loader, strict YAML, schema, the model,
  the condition language);
* ``game.play``: playing it (the phase machine, rounds, the session and its event log,
  counterpart policies, replay);
* ``game.debriefing``: debriefing it (scoring, counterfactuals, reports, doctrine);
* ``game.instructor``: the instructor's tools (lint, analysis, expected paths, diagrams);
* ``game.storage``: saved sessions, the archive and results.

``game.errors`` (the error hierarchy) and ``game.home`` (where files live) serve them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Public names and the module each lives in. They are imported on first use, so
# ``import game.case.library`` (the case library screen) does not pay for the state
# machine, sessions and scoring until a case is played.
_EXPORTS = {
    "Case": "game.case.model",
    "CaseError": "game.errors",
    "Debrief": "game.debriefing.scoring",
    "Diagnostic": "game.errors",
    "Event": "game.play.events",
    "MoveError": "game.errors",
    "Option": "game.play.session",
    "ParleyError": "game.errors",
    "Session": "game.play.session",
    "Snapshot": "game.play.session",
    "View": "game.play.view",
    "check_case": "game.case.loader",
    "debrief": "game.debriefing.scoring",
    "load_case": "game.case.loader",
    "load_case_text": "game.case.loader",
}

__all__ = [
    "Case",
    "CaseError",
    "Debrief",
    "Diagnostic",
    "Event",
    "MoveError",
    "Option",
    "ParleyError",
    "Session",
    "Snapshot",
    "View",
    "check_case",
    "debrief",
    "load_case",
    "load_case_text",
]

if TYPE_CHECKING:
    from game.case.loader import check_case, load_case, load_case_text
    from game.case.model import Case
    from game.debriefing.scoring import Debrief, debrief
    from game.errors import CaseError, Diagnostic, MoveError, ParleyError
    from game.play.events import Event
    from game.play.session import Option, Session, Snapshot
    from game.play.view import View


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'game' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
