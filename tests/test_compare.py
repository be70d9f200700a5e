"""``parley compare``: finished tables of one case side by side."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.debriefing.compare import Table, compare, markdown
from game.debriefing.comparehtml import html
from game.debriefing.scoring import debrief
from game.play.script import drive, parse_moves
from game.play.session import Session
from game.storage import Autosave
from tests.engine_helpers import sample
from tests.storage_helpers import open_store

DOCTRINE = "velmar: listen\nvelmar: file_with_court\nvelmar: open_backchannel\n"
REACTIVE = "velmar: mirror_exercise\nvelmar: mirror_exercise\n"
LISTEN_THEN_COURT = "velmar: listen\nvelmar: mirror_exercise\n"


def _tables(tmp_path: Path, scripts: list[tuple[str, int]], name: str = "Ana") -> list[Table]:
    """Each (moves, seed) played as Velmar and saved; the finished tables as ``parley compare`` reads them."""
    case = sample()
    tables = []
    with open_store(tmp_path) as store:
        for text, seed in scripts:
            session = Session(case, seed=seed, humans=["velmar"], names={"velmar": name})
            drive(session, parse_moves(text, "t.moves"))
            saved = store.load(Autosave.start(store, session).id)  # saves a whole session, finished
            tables.append(Table(saved.info, case, saved.events, saved.debrief or debrief(case, saved.events)))
    return tables


def test_the_tree_shows_where_the_players_decisions_parted(tmp_path: Path) -> None:
    tables = _tables(tmp_path, [(DOCTRINE, 7), (REACTIVE, 7), (LISTEN_THEN_COURT, 7)])
    comparison = compare(sample(), tables)
    first = comparison.divergence
    assert first is not None and first.round == 1
    listen = next(b for b in first.branches if b.choice is not None and b.choice.move == "listen")
    assert len(listen.tables) == 2  # the doctrine table and the one that listened first
    assert listen.then is not None and listen.then.round >= 2  # they part again later
    assert len(first.branches) == 2
    assert sum(len(b.tables) for b in first.branches) == 3
    text = markdown(comparison)
    assert "Round 1: the tables part" in text
    assert text.count("| Session ") >= 6  # results and scores rows


def test_scores_rows_and_meter_lines_come_from_each_tables_record(tmp_path: Path) -> None:
    tables = _tables(tmp_path, [(DOCTRINE, 7), (REACTIVE, 3)])
    comparison = compare(sample(), tables)
    assert [s.overall for s in comparison.tables] == [t.debrief.overall for t in tables]
    for row in comparison.rows:
        table = next(t for t in tables if t.name == row.table)
        player = next(p for p in table.debrief.players if p.role == row.role)
        by_id = {d.id: d.score for d in player.dimensions}
        assert row.scores == tuple(by_id.get(dim_id) for dim_id, _ in comparison.dimensions)
    escalation = next(m for m in comparison.meters if m.slot.startswith("escalation"))
    assert len(escalation.lines) == 2
    for (name, values), table in zip(escalation.lines, tables, strict=True):
        assert name == table.name
        assert len(values) == table.debrief.rounds + 1  # the start, then each round


def test_identical_decisions_and_counterpart_only_tables_say_so(tmp_path: Path) -> None:
    same = compare(sample(), _tables(tmp_path / "a", [(DOCTRINE, 7), (DOCTRINE, 7)]))
    assert same.divergence is None and same.decided
    assert "Every table made the same decisions." in markdown(same)
    case = sample()
    bare = []
    with open_store(tmp_path / "b") as store:
        for seed in (1, 2):
            session = Session(case, seed=seed)
            while not session.over:
                session.play_policy(session.waiting_for[0])
            saved = store.load(Autosave.start(store, session).id)
            bare.append(Table(saved.info, case, saved.events, debrief(case, saved.events)))
    nobody = compare(case, bare)
    assert not nobody.decided
    assert "no players' decisions to compare" in markdown(nobody)


def test_the_html_page_is_self_contained_and_escapes_case_text(tmp_path: Path) -> None:
    page = html(compare(sample(), _tables(tmp_path, [(DOCTRINE, 7), (REACTIVE, 7)])))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert page.count("<polyline") >= 2  # every meter chart has a line per table
    assert "stroke-dasharray" in page  # lines differ on a black-and-white printout too


def _parley(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLEY_HOME": str(home)},
        timeout=120,
    )


def test_the_command_compares_saved_tables_and_refuses_clearly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for name, text in (("a.moves", DOCTRINE), ("b.moves", REACTIVE)):
        (tmp_path / name).write_text(text)
    lonely = _parley(home, "compare", "harbour-standoff")
    assert lonely.returncode == 1 and "at least two finished tables" in lonely.stderr
    for name in ("a.moves", "b.moves"):
        moves = str(tmp_path / name)
        done = _parley(home, "run", "harbour-standoff", "--seed", "7", "--moves", moves, "--save")
        assert done.returncode == 0, done.stderr
    shown = _parley(home, "compare", "harbour-standoff")
    assert shown.returncode == 0, shown.stderr
    assert "Round 1: the tables part" in shown.stdout
    out = tmp_path / "compare.html"
    written = _parley(home, "compare", "harbour-standoff", "--format", "html", "-o", str(out))
    assert written.returncode == 0 and out.read_text().startswith("<!DOCTYPE html>")
    later = _parley(home, "compare", "harbour-standoff", "--since", "2999-01-01")
    assert later.returncode == 1 and "found no finished session" in later.stderr
    # the case file, as every other command takes it, names the same tables
    by_path = _parley(home, "compare", str(Path(__file__).parents[1] / "cases" / "harbour-standoff.yaml"))
    assert by_path.returncode == 0, by_path.stderr
    assert by_path.stdout == shown.stdout


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01"])
def test_a_bad_date_is_a_message(tmp_path: Path, since: str) -> None:
    done = _parley(tmp_path, "compare", "harbour-standoff", "--since", since)
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr


def test_a_players_name_never_reaches_the_terminal_or_the_page_raw(tmp_path: Path) -> None:
    hostile = "Ana\x1b]0;pwned\x07\x1b[2J"
    comparison = compare(sample(), _tables(tmp_path, [(DOCTRINE, 7), (REACTIVE, 7)], name=hostile))
    for text in (markdown(comparison), html(comparison)):
        assert "\x1b" not in text and "\x07" not in text
        assert "Ana\\u001b]0;pwned" in text


SALTMERE = Path(__file__).parent / "cases" / "format2" / "saltmere.yaml"
SOUNDINGS = "aldra: listen\nborvik: listen\ntessel: convene\naldra: notify_drills\nborvik: notify_drills\n"
SOUNDINGS += "tessel: table_package\n"


def test_answers_to_offers_are_decisions_where_tables_part(tmp_path: Path) -> None:
    """Two tables play alike until Aldra answers the package: one accepts, the other drops the
    inspectors. The tables part there, at Aldra's answer, not at a later move (answers were left
    out, so the tree named Tessel's move of the same round as where they parted)."""
    from game.case.loader import load_case

    case = load_case(SALTMERE)
    tables = []
    with open_store(tmp_path) as store:
        for answer in ("first_package.accept", "first_package.drop_inspection"):
            session = Session(case, seed=3, humans=["aldra", "borvik", "tessel"])
            text = SOUNDINGS + f"aldra: {answer}\nborvik: first_package.accept\ntessel: shuttle\n"
            drive(session, parse_moves(text, "t.moves"))
            saved = store.load(Autosave.start(store, session).id)
            tables.append(Table(saved.info, case, saved.events, saved.debrief or debrief(case, saved.events)))
    first = compare(case, tables).divergence
    assert first is not None and first.round == 3
    assert {b.choice.move for b in first.branches if b.choice} == {
        "first_package.accept",
        "first_package.drop_inspection",
    }
    text = markdown(compare(case, tables))
    assert "Republic of Aldra: Accept: Saltmere first package (round 3)" in text
    assert "Republic of Aldra: Counter: Drop the inspectors (round 3)" in text
