"""Plain tests of the Textual-free parts of the app: seats, reports, labels and safe text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from tui_support import SAMPLE, SEED, SIMULTANEOUS

from game.case.loader import load_case
from game.debriefing.counterfactual import better_moves
from game.debriefing.scoring import debrief
from tui.hotseat import HotSeat, Plan, Seat, default_seats
from tui.labels import fit, short_role_name, short_slot_label
from tui.reports import report_name, reports_dir, save_report

REPO = Path(__file__).resolve().parents[2]


def test_default_seats_take_playable_roles_in_order_and_clamp() -> None:
    case = load_case(SAMPLE)
    assert default_seats(case, 2) == (Seat("velmar", "Player 1"), Seat("kest", "Player 2"))
    assert len(default_seats(case, 6)) == 3
    assert default_seats(case, 0) == (Seat("velmar", "Player 1"),)


def test_plan_problems_name_what_to_fix() -> None:
    case = load_case(SAMPLE)
    assert Plan(case, 1, default_seats(case, 3)).problems() == []
    twice = Plan(case, 1, (Seat("velmar", "Ann"), Seat("velmar", "Bo")))
    assert any("both chose Republic of Velmar" in p for p in twice.problems())
    assert any("name" in p for p in Plan(case, 1, (Seat("velmar", " "),)).problems())
    assert Plan(case, 1, ()).problems() == ["Choose between 1 and 6 players."]


def test_single_player_never_needs_a_hand_off() -> None:
    case = load_case(SAMPLE)
    table = HotSeat(Plan(case, SEED, default_seats(case, 1)))
    assert table.next_step().kind == "briefing"
    table.mark_briefed(table.seats[0])
    assert table.next_step().kind == "play"
    table.play(table.seats[0], "listen")
    assert table.next_step().kind == "play"


def test_hot_seat_steps_hand_off_then_brief_then_play() -> None:
    case = load_case(SAMPLE)
    table = HotSeat(Plan(case, SEED, default_seats(case, 2)))
    velmar, kest = table.seats
    assert table.next_step().kind == "handoff" and table.next_step().seat == velmar
    table.take_keyboard(velmar)
    assert table.next_step().kind == "briefing"
    table.mark_briefed(velmar)
    assert table.next_step().kind == "play"
    table.play(velmar, "listen")
    step = table.next_step()
    assert step.kind == "handoff" and step.seat == kest
    assert table.untaken_roles() == ("norland",)


def test_simultaneous_choice_is_sealed_and_the_keyboard_released() -> None:
    case = load_case(SIMULTANEOUS)
    table = HotSeat(Plan(case, SEED, default_seats(case, 2)))
    velmar, kest = table.seats
    table.take_keyboard(velmar)
    table.mark_briefed(velmar)
    turn = table.play(velmar, "listen")
    assert turn.sealed and turn.events == ()
    assert table.holder is None
    assert table.next_step() == table.next_step()
    assert table.next_step().kind == "handoff" and table.next_step().seat == kest
    table.take_keyboard(kest)
    table.mark_briefed(kest)
    turn = table.play(kest, "listen")
    assert not turn.sealed and any(e.kind == "move" for e in turn.events)


def test_changes_are_counted_from_the_players_last_move() -> None:
    case = load_case(SAMPLE)
    table = HotSeat(Plan(case, SEED, default_seats(case, 1)))
    seat = table.seats[0]
    table.play(seat, "file_with_court")
    assert table.changes_for("velmar").get("leverage") == 3
    table.play(seat, "listen")
    assert "leverage" not in table.changes_for("velmar") or table.changes_for("velmar")["leverage"] != 3


def test_reports_go_under_parley_home_and_never_overwrite(parley_home: Path) -> None:
    case = load_case(SAMPLE)
    table = HotSeat(Plan(case, SEED, default_seats(case, 1)))
    result = debrief(case, table.session.log)
    assert reports_dir() == parley_home / "reports"
    when = datetime(2025, 1, 2, 3, 4, 5)
    first = save_report(case, table.session.log, result, SEED, when=when)
    second = save_report(case, table.session.log, result, SEED, when=when)
    assert (
        first.name == f"{report_name(case, SEED, when)}.md" == "harbour-standoff-seed4242-20250102-030405.md"
    )
    assert second.name == "harbour-standoff-seed4242-20250102-030405-2.md"
    assert first.read_text(encoding="utf-8").startswith("# Debrief: The Harbour Standoff")


def test_a_saved_report_carries_the_better_moves_the_screen_worked_out(parley_home: Path) -> None:
    case = load_case(SAMPLE)
    table = HotSeat(Plan(case, SEED, default_seats(case, 1)))
    table.play(table.seats[0], "cancel_lease")
    result = debrief(case, table.session.log)
    found = better_moves(case, table.session.log, "velmar", rollouts=4, seed=SEED)
    text = save_report(case, table.session.log, result, SEED, better={"velmar": found}).read_text("utf-8")
    assert "### What a better move would have done" in text
    assert all(s.text in text for s in found) and "over 4 paired rollouts" in text


def test_reports_default_to_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("PARLEY_HOME")
    assert reports_dir() == Path(platformdirs.user_data_dir("parley")) / "reports"


def test_labels_fit_eighty_columns() -> None:
    case = load_case(SAMPLE)
    assert short_role_name(case, "velmar") == "Velmar"
    assert short_role_name(case, "kest") == "Kestmark"
    assert short_slot_label(case, "trust.kest_velmar") == "Trust (Kestmark–Velmar)"
    assert fit("abcdef", 4) == "abc…" and fit("abc", 4) == "abc"


def test_safe_text_shows_markup_and_escapes_as_written() -> None:
    from tui.text import plain, visible

    assert visible("\x1b[31mred\x07") == "\\x1b[31mred\\x07"
    content = plain("[UN] [bold]x[/bold] \x1b[31m")
    assert str(content) == "[UN] [bold]x[/bold] \\x1b[31m"
    assert not content.spans


def test_importing_the_package_and_its_plain_modules_loads_no_textual() -> None:
    code = (
        "import json, sys\n"
        "import tui, tui.hotseat, tui.saving, tui.reports, tui.labels, tui.seeds\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(REPO)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_a_secret_choice_whose_save_failed_is_saved_at_the_retry(
    parley_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.errors import StorageError
    from game.storage import Store
    from tui.hotseat import new_session
    from tui.saving import Saver

    case = load_case(SIMULTANEOUS)
    plan = Plan(case, SEED, default_seats(case, 2))
    with Store.open(parley_home) as store:
        saver = Saver.start(new_session(plan), lambda: store)
        assert saver.saved and saver.status() == "saved · session 1"
        real_hold = Store.hold

        def locked(self: Store, *args: object) -> None:
            raise StorageError("the database is locked")

        monkeypatch.setattr(Store, "hold", locked)
        assert saver.play("velmar", "listen") == ()  # sealed, played in memory
        assert not saver.saved and saver.problem == "the database is locked"
        assert saver.status() == "⚠ not saved"
        monkeypatch.setattr(Store, "hold", real_hold)
        assert saver.retry() and saver.saved
        assert [h.role for h in store.load(1).held] == ["velmar"]
        assert store.resume(1).waiting_for == ("kest",)  # Velmar's secret choice survived
        events = saver.play("kest", "listen")  # the round resolves and is saved whole
        assert events and saver.saved and not store.load(1).held


def test_a_game_kept_in_memory_says_nothing_about_saving() -> None:
    from tui.saving import Saver

    case = load_case(SAMPLE)
    table = HotSeat(Plan(case, SEED, default_seats(case, 1)))
    assert isinstance(table.saver, Saver) and not table.saver.enabled
    assert table.saver.status() == "" and table.saver.id is None
    table.play(table.seats[0], "listen")
    assert table.saver.retry()


def test_the_hot_seat_score_table_lines_up_roles_with_rubrics_of_their_own() -> None:
    """Norland (the mediator) is judged on its own rubric: its column shows "–" on the others' rows."""
    from game.play.session import Session
    from tui.widgets.scores import score_table

    case = load_case(SAMPLE)
    session = Session(case, seed=SEED, humans=["velmar", "kest", "norland"])
    while not session.over:
        session.play_policy(session.waiting_for[0])
    result = debrief(case, session.log)
    own = {p.role: {d.id for d in p.dimensions} for p in result.players}
    assert own["norland"] != own["velmar"]  # the case really gives the mediator its own rubric
    every = set().union(*own.values())
    table = score_table(result, ["Ana", "Ben", "Cy"], 78).plain.splitlines()
    assert len(table) == 1 + len(every) + 1  # the heading, one row per dimension, the overall row
    assert any("–" in line for line in table[1:-1])
    assert table[-1].split()[1:] == [str(p.overall) for p in result.players]


def test_a_player_in_the_debrief_is_named_with_their_role() -> None:
    from tui.screens.debrief import who

    assert who("Ana", "Velmar", "Republic of Velmar") == "Ana (Velmar)"
    assert who("Kingdom of Norland", "Norland", "Kingdom of Norland") == "Norland"  # a seat nobody took
    assert who("Velmar", "Velmar") == "Velmar"
