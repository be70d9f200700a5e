"""The case library as a list of summaries, fast: a cache of cases already validated.

Listing the library needs only each case's title, summary, roles and sizes,
but validating a case means parsing all of its YAML.  :func:`catalog` keeps the
summary of every case that validated cleanly in ``library-cache.json`` in the
data directory, keyed by the file's path and the SHA-256 of its bytes (and by
a hash of the code that validates cases).  A file whose bytes match is listed
from the cache without being parsed; any other file is loaded and checked in
full, so a changed or broken case is always caught, and a broken case is never
cached.  A missing, unreadable or corrupt cache is simply rebuilt.

The loader is imported only when some file needs checking, so listing an
unchanged library stays cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from game.case.library import builtin_files, case_files
from game.errors import CaseError, Diagnostic
from game.home import data_home

CACHE_NAME = "library-cache.json"


@dataclass(frozen=True, slots=True)
class RoleInfo:
    """What the library shows of a role (public information only)."""

    id: str
    name: str
    description: str
    playable: bool


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """What the library shows of a valid case."""

    id: str
    title: str
    summary: str
    difficulty: str
    duration_minutes: int
    mode: str
    limit: int
    roles: tuple[RoleInfo, ...]
    phases: int
    moves: int
    injects: int
    endings: int

    @classmethod
    def of(cls, case: Any) -> CaseInfo:
        """The summary of a loaded :class:`~game.case.model.Case`."""
        return cls(
            id=case.id,
            title=case.title,
            summary=case.summary,
            difficulty=case.difficulty.value,
            duration_minutes=case.duration_minutes,
            mode=case.rounds.mode.value,
            limit=case.rounds.limit,
            roles=tuple(RoleInfo(r.id, r.name, r.description, r.playable) for r in case.roles.values()),
            phases=len(case.phases),
            moves=len(case.moves),
            injects=len(case.injects),
            endings=len(case.endings),
        )

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CaseInfo:
        """Rebuild from :func:`dataclasses.asdict` output; raises on anything malformed."""
        roles = tuple(RoleInfo(**r) for r in raw["roles"])
        return cls(**{**raw, "roles": roles})

    @property
    def playable_roles(self) -> tuple[RoleInfo, ...]:
        """The roles a human may take."""
        return tuple(r for r in self.roles if r.playable)


@dataclass(frozen=True, slots=True)
class Listed:
    """One file of the library: its summary, or the problems that stop it loading."""

    path: Path
    info: CaseInfo | None
    problems: tuple[Diagnostic, ...]


def _stamp() -> str:
    """What a cached verdict depends on besides the file: the code that validates cases.

    A hash of the loader, the schema and the condition language, so that any change
    to what counts as valid (a new Parley, a patched one) invalidates the cache."""
    here = Path(__file__).parent
    sources = [here / "schema.py", here / "conditions.py", here / "names.py", here / "model.py"]
    sources += sorted((here / "loading").glob("*.py"))
    digest = hashlib.sha256()
    for source in sources:
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(source.name.encode())
    return digest.hexdigest()[:32]


def _read_cache(path: Path, stamp: str) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("stamp") != stamp or not isinstance(raw.get("cases"), dict):
        return {}
    return raw["cases"]


def _write_cache(path: Path, stamp: str, cases: dict[str, Any]) -> None:
    """Write atomically (temporary file, then rename); failing to write is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".library-cache.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"stamp": stamp, "cases": cases}, out, sort_keys=True)
        os.replace(temporary, path)
    except OSError:
        return


def catalog(extra: Path | None = None, home: str | os.PathLike[str] | None = None) -> list[Listed]:
    """Every built-in case, and every case in ``extra``, as summaries."""
    files = builtin_files() + (case_files(extra) if extra is not None else [])
    cache_path = data_home(home) / CACHE_NAME
    stamp = _stamp()
    cached = _read_cache(cache_path, stamp)
    fresh: dict[str, Any] = {}
    out: list[Listed] = []
    for path in files:
        key = str(path.resolve())
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        hit = cached.get(key)
        info: CaseInfo | None = None
        if digest and isinstance(hit, dict) and hit.get("sha256") == digest:
            try:
                info = CaseInfo.from_json(hit["info"])
            except (KeyError, TypeError, ValueError):
                info = None
        if info is None:
            from game.case.loader import load_case  # only when a file must be checked

            try:
                case = load_case(path)
            except CaseError as err:
                out.append(Listed(path, None, err.diagnostics))
                continue
            info = CaseInfo.of(case)
            digest = case.source_hash
        fresh[key] = {"sha256": digest, "info": asdict(info)}
        out.append(Listed(path, info, ()))
    if fresh != cached:
        _write_cache(cache_path, stamp, fresh)
    return out
