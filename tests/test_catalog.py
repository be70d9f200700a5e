"""The library cache: unchanged valid cases are listed without parsing; anything else is checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from game.case.catalog import CACHE_NAME, CaseInfo, catalog
from game.case.library import builtin_dir, open_case


def test_summaries_match_the_cases_and_are_cached(tmp_path: Path) -> None:
    first = catalog(home=tmp_path)
    assert (tmp_path / CACHE_NAME).is_file()
    second = catalog(home=tmp_path)
    assert first == second
    sample = next(e for e in first if e.path.name == "harbour-standoff.yaml")
    assert sample.info == CaseInfo.of(open_case("harbour-standoff"))


def test_a_changed_file_is_checked_again(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    case = extra / "mine.yaml"
    shutil.copy(builtin_dir() / "harbour-standoff.yaml", case)
    listed = [e for e in catalog(extra, home=tmp_path) if e.path == case]
    assert listed[0].info is not None
    case.write_text(case.read_text(encoding="utf-8").replace("max: 10\n", "max: ten\n", 1), encoding="utf-8")
    listed = [e for e in catalog(extra, home=tmp_path) if e.path == case]
    assert listed[0].info is None
    assert listed[0].problems and listed[0].problems[0].code == "type"


def test_a_corrupt_or_stale_cache_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_text("{not json", encoding="utf-8")
    assert all(e.info is not None for e in catalog(home=tmp_path))
    raw = json.loads((tmp_path / CACHE_NAME).read_text(encoding="utf-8"))
    raw["stamp"] = "an older parley"
    for entry in raw["cases"].values():
        entry["info"]["title"] = "stale"
    (tmp_path / CACHE_NAME).write_text(json.dumps(raw), encoding="utf-8")
    assert all(e.info is not None and e.info.title != "stale" for e in catalog(home=tmp_path))


def test_a_tampered_entry_cannot_stand_in_for_a_broken_file(tmp_path: Path) -> None:
    catalog(home=tmp_path)
    raw = json.loads((tmp_path / CACHE_NAME).read_text(encoding="utf-8"))
    for entry in raw["cases"].values():
        entry["info"] = {"garbage": True}
    (tmp_path / CACHE_NAME).write_text(json.dumps(raw), encoding="utf-8")
    assert all(e.info is not None and e.info.roles for e in catalog(home=tmp_path))
