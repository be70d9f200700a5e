"""Finding cases: the built-in library shipped in the ``cases`` package, and
paths or ids given on the command line.

Built-in cases are ``cases/<id>.yaml``; a file ending ``.paths.yaml`` beside a
case holds its expected paths and is not a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from game.errors import CaseError, Diagnostic, did_you_mean

if TYPE_CHECKING:
    from game.case.model import Case

# The loader is imported inside the functions that load, so that listing the
# library from its cache (game.case.catalog) does not pay for it.

PATHS_SUFFIX = ".paths.yaml"


def builtin_dir() -> Path:
    """The folder holding the built-in cases, in any kind of install."""
    return Path(str(resources.files("cases")))


def case_files(folder: Path) -> list[Path]:
    """The case files in ``folder``, sorted by name."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.endswith(PATHS_SUFFIX))


def builtin_files() -> list[Path]:
    """The built-in case files."""
    return case_files(builtin_dir())


@dataclass(frozen=True, slots=True)
class Entry:
    """A case in a library listing: loaded, or the problems that stop it loading."""

    path: Path
    case: Case | None
    problems: tuple[Diagnostic, ...]


def library(extra: Path | None = None) -> list[Entry]:
    """Every built-in case, and every case in ``extra`` if given."""
    files = builtin_files() + (case_files(extra) if extra is not None else [])
    from game.case.loader import load_case

    entries = []
    for path in files:
        try:
            entries.append(Entry(path, load_case(path), ()))
        except CaseError as err:
            entries.append(Entry(path, None, err.diagnostics))
    return entries


def resolve(ref: str) -> Path:
    """A case reference as a path: an existing file, or a built-in case id.

    Raises :class:`CaseError` naming the reference when it is neither.
    """
    path = Path(ref)
    if path.is_file() or path.suffix in (".yaml", ".yml") or "/" in ref:
        return path
    candidate = builtin_dir() / f"{ref}.yaml"
    if candidate.is_file():
        return candidate
    ids = [p.stem for p in builtin_files()]
    hint = did_you_mean(ref, ids) or f"built-in cases: {', '.join(ids)}"
    raise CaseError(
        [Diagnostic(ref, 1, 1, f"no case file or built-in case called '{ref}'", hint, "unknown-case")]
    )


def open_case(ref: str) -> Case:
    """Load a case by path or built-in id; raises :class:`CaseError`."""
    from game.case.loader import load_case

    return load_case(resolve(ref))


def paths_file_for(case_path: Path) -> Path:
    """Where a case's expected paths live: ``<case>.paths.yaml`` beside it."""
    name = case_path.name
    stem = name[: -len(case_path.suffix)] if case_path.suffix else name
    return case_path.with_name(stem + PATHS_SUFFIX)


__all__ = [
    "Entry",
    "builtin_dir",
    "builtin_files",
    "case_files",
    "library",
    "open_case",
    "paths_file_for",
    "resolve",
]
