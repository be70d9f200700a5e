"""Report snapshots: the Markdown and HTML reports of a fixed, seeded, stored session.

The session is the doctrine transcript (``tests/transcripts/harbour-doctrine.moves``, seed 7), saved
in a store with a fixed clock; its reports are compared with ``tests/reports/``.  After a deliberate
change to the reports, the engine or the sample case, regenerate with
``PARLEY_REGENERATE=1 python -m pytest tests/test_reports.py`` and read the diff before committing.
"""

from __future__ import annotations

import json
import os
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cli.commands.report import render
from game.case.loader import load_case_text
from game.debriefing.aar import aar_html
from game.debriefing.htmlreport import html
from game.debriefing.reportmodel import build_report, work_out
from game.debriefing.scoring import debrief
from game.play.script import drive, read_moves
from game.play.session import Session
from game.storage import Autosave
from tests.engine_helpers import variant
from tests.storage_helpers import SAMPLE_TEXT, full_run, open_store

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "reports"
MOVES = HERE / "transcripts" / "harbour-doctrine.moves"
VOID = {"meta", "br", "line", "polyline", "circle", "img", "hr", "link", "input"}


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The doctrine session, stored; the case is named by its path in the repository."""
    case = load_case_text(SAMPLE_TEXT, "cases/harbour-standoff.yaml")
    session = Session(case, seed=7, humans=["velmar"], names={"velmar": "Ana"})
    drive(session, read_moves(MOVES))
    with open_store(tmp_path_factory.mktemp("reports")) as store:
        session_id = Autosave.start(store, session, case_text=SAMPLE_TEXT).id
        saved = store.load(session_id)
    assert saved.debrief is not None
    return saved, case


def _compare(name: str, text: str) -> None:
    expected = EXPECTED / name
    if os.environ.get("PARLEY_REGENERATE"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(text, encoding="utf-8", newline="\n")
    assert text.splitlines() == expected.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("md", "harbour-doctrine.md"),
        ("html", "harbour-doctrine.html"),
        ("aar", "harbour-doctrine.aar.md"),
        ("aar-html", "harbour-doctrine.aar.html"),
    ],
)
def test_report_matches_its_snapshot(stored, fmt: str, name: str) -> None:  # type: ignore[no-untyped-def]
    saved, case = stored
    _compare(name, render(saved, case, saved.debrief, fmt))


def test_json_report_holds_the_whole_record(stored) -> None:  # type: ignore[no-untyped-def]
    saved, case = stored
    data = json.loads(render(saved, case, saved.debrief, "json"))
    assert data["session"]["id"] == saved.info.id
    assert data["debrief"]["overall"] == saved.debrief.overall
    assert len(data["events"]) == len(saved.events)
    assert data["transcript"][0] == "== Coercive signal =="
    assert set(data["meters"]) >= {"escalation"}
    (player,) = data["report"]["players"]
    assert player["better"]["state"] == "done" and player["better"]["shown"]
    assert [o["id"] for o in player["objectives"]] == [d["id"] for d in player["dimensions"]]


def test_every_format_carries_the_same_better_moves(stored) -> None:  # type: ignore[no-untyped-def]
    """One model feeds every renderer: each verdict's text appears in every format."""
    saved, case = stored
    data = json.loads(render(saved, case, saved.debrief, "json"))
    texts = [item["text"] for item in data["report"]["players"][0]["better"]["items"]]
    assert texts and all(t.startswith("Round ") for t in texts)
    for fmt in ("md", "aar"):
        document = render(saved, case, saved.debrief, fmt)
        assert "What a better move would have done" in document
        assert all(t in document for t in texts)
    for fmt in ("html", "aar-html"):
        document = render(saved, case, saved.debrief, fmt)
        assert all(escape(t, quote=True) in document for t in texts)


class _Checker(HTMLParser):
    """Checks that every element is closed in order, and collects what an external asset would need."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("src", "href") and value:
                self.external.append(f"{tag} {key}={value}")
        if tag == "script":
            self.problems.append("a <script> element")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _check(document: str) -> _Checker:
    checker = _Checker()
    checker.feed(document)
    checker.close()
    return checker


@pytest.mark.parametrize("fmt", ["html", "aar-html"])
def test_html_is_one_self_contained_well_formed_printable_file(stored, fmt: str) -> None:  # type: ignore[no-untyped-def]
    saved, case = stored
    document = render(saved, case, saved.debrief, fmt)
    checker = _check(document)
    assert checker.problems == [] and checker.stack == []
    assert checker.external == []
    assert "@import" not in document and "url(" not in document
    assert "@media print" in document
    assert document.startswith("<!DOCTYPE html>")


def test_case_text_is_escaped_in_html() -> None:
    hostile = "<script>alert('x')</script> & <b>[UN]</b>"
    case = variant(
        title=("title: The Harbour Standoff", f'title: "{hostile}"'),
        label=("name: Republic of Velmar", 'name: "Velmar <img src=x onerror=alert(1)>"'),
    )
    session, _ = full_run(case, 7, ["velmar"])
    result = debrief(case, session.log)
    report = build_report(
        case, session.log, result, work_out(case, session.log, result, 4), [("Note", "<i>mine</i>")]
    )
    document = html(report, case, session.log)
    assert "<i>" not in aar_html(report) and "&lt;script&gt;" in aar_html(report)
    assert "<script>" not in document and "<img" not in document and "<i>" not in document
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;[UN]&lt;/b&gt;" in document
    assert "Velmar &lt;img src=x onerror=alert(1)&gt;" in document
    checker = _check(document)
    assert checker.problems == [] and checker.external == []
