"""Loading case files: the one way from YAML to a validated :class:`~game.case.model.Case`.

* :func:`load_case` reads a file and returns its case, or raises
  :class:`~game.errors.CaseError` carrying every problem in the file, sorted by
  line and column;
* :func:`load_case_text` does the same for text (or bytes) already in memory;
* :func:`check_case` returns the problems without raising, for ``parley validate``.

Reading is strict (see :mod:`game.case.yamlsafe`), the shape of the file is checked
against :mod:`game.case.schema`, and the checks that need the whole case
(references, names in conditions, clashes) are in :mod:`game.case.loading`.
Nothing written in a case is ever run as code.
"""

from __future__ import annotations

import os

from game.case.loading.assemble import assemble
from game.case.model import Case
from game.case.yamlsafe import Document, read_file, read_text
from game.errors import CaseError, Diagnostic, Severity


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read, check and build the case in the file at ``path``; raise :class:`CaseError` if it has problems."""
    return _finish(read_file(path))


def load_case_text(text: str | bytes, path: str) -> Case:
    """Check and build a case from its text; ``path`` names it in diagnostics and in ``Case.path``."""
    return _finish(read_text(text, path))


def check_case(path: str | os.PathLike[str]) -> tuple[Diagnostic, ...]:
    """Every problem in the case file at ``path``, sorted by line and column; never raises for them."""
    _, report = assemble(read_file(path))
    return report.sorted()


def check_case_text(text: str | bytes, path: str) -> tuple[Diagnostic, ...]:
    """Every problem in case text, sorted by line and column; never raises for them."""
    _, report = assemble(read_text(text, path))
    return report.sorted()


def _finish(document: Document) -> Case:
    case, report = assemble(document)
    diagnostics = report.sorted()
    if case is None or any(d.severity is Severity.ERROR for d in diagnostics):
        raise CaseError(diagnostics)
    return case
