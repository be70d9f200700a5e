"""Parley's engine: cases, sessions, scoring. It never imports textual or rich.

The public surface::

    from game import load_case, Session, debrief

    case = load_case("cases/harbour-standoff.yaml")       # or raises CaseError
    session = Session(case, seed=7, humans=["velmar"])
    session.play("velmar", "listen")
    ...
    result = debrief(case, session.log)

Modules, one concept each: ``conditions`` (the condition language), ``names``
(what conditions may read), ``model`` (the immutable case), ``yamlsafe`` and
``loader`` (strict reading and validation), ``schema`` (the format and its
JSON Schema), ``machine`` (the transitions phase graph), ``rules`` (per-case
derived data), ``session`` (the façade), ``events`` (the log), ``policy``
(scripted counterparts), ``replay`` (state from a log), ``scoring`` (the
debrief), ``report`` (transcript and Markdown), ``script`` (scripted play),
``library`` (finding cases).
"""

from game.errors import CaseError, Diagnostic, MoveError, ParleyError
from game.events import Event
from game.loader import check_case, load_case, load_case_text
from game.model import Case
from game.scoring import Debrief, debrief
from game.session import Option, Session, Snapshot

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
    "check_case",
    "debrief",
    "load_case",
    "load_case_text",
]
