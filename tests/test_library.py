"""The built-in library: found from anywhere, each case valid, named by its id."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.case.library import builtin_dir, builtin_files, library, open_case, paths_file_for, resolve
from game.errors import CaseError

SCHEMA_LINE = "# yaml-language-server: $schema=./parley-case.schema.json"


def test_builtin_cases_are_found_from_another_directory(tmp_path: Path) -> None:
    here = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert builtin_dir().is_dir()
        assert open_case("harbour-standoff").id == "harbour-standoff"
    finally:
        os.chdir(here)


def test_every_builtin_case_loads_is_named_by_its_id_and_carries_the_schema_line() -> None:
    files = builtin_files()
    assert len(files) >= 4
    for path in files:
        assert not path.name.endswith(".paths.yaml")
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    entries = library()
    assert all(e.case is not None and not e.problems for e in entries)
    assert all(e.case is not None and e.case.id == e.path.stem for e in entries)


def test_every_builtin_case_has_expected_paths() -> None:
    for path in builtin_files():
        assert paths_file_for(path).is_file(), path


def test_library_lists_broken_cases_with_their_problems(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    (tmp_path / "bad.paths.yaml").write_text("paths: []\n", encoding="utf-8")
    extra = [e for e in library(tmp_path) if e.path.parent == tmp_path]
    assert [e.path.name for e in extra] == ["bad.yaml"]
    assert extra[0].case is None and extra[0].problems[0].code == "yaml-syntax"


def test_resolve_paths_and_ids() -> None:
    assert resolve("cases/x.yaml") == Path("cases/x.yaml")
    with pytest.raises(CaseError, match="did you mean 'harbour-standoff'"):
        resolve("harbor-standoff")
