"""Pilot tests of saved games in the app: autosave, quit and resume, a changed case, replay and
branching, a failing store, and the debrief's better moves.

Every app is built through the same factory as the command line, with ``PARLEY_HOME`` in a
temporary folder (see conftest.py); the store is read back with a second connection.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import SAMPLE, SEED, SIZE, make_app, press, screen_text, shown, stack_text, sync, top_text

from game.errors import StorageError
from game.play.session import Session
from game.storage import Autosave, Status, Store
from tui.app import ParleyApp
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import ConfirmQuitScreen
from tui.screens.handoff import HandoffScreen
from tui.screens.library import LibraryScreen
from tui.screens.play import PlayScreen
from tui.screens.replay import ReplayScreen
from tui.screens.sessions import CaseChangedScreen, ResumeScreen
from tui.widgets.moves import MovePicker

# Backchannel, mediator, then the phased review until the case ends: a short road to the debrief.
TO_THE_END = "64" + "2" * 10


async def to_play(pilot: Pilot[int], app: ParleyApp) -> None:
    """From set-up (or a hand-off) through the briefing to the first turn."""
    for _ in range(8):
        if isinstance(app.screen, PlayScreen):
            return
        await press(pilot, "ctrl+s" if app.screen.__class__.__name__ == "SetupScreen" else "enter")
    assert isinstance(app.screen, PlayScreen)


def stored_log(home: Path, session_id: int = 1) -> tuple[object, ...]:
    """The events saved for a session, read with a connection of our own."""
    with Store.open(home) as store:
        return tuple(e.to_dict() for e in store.load(session_id).events)


def open_number(screen: PlayScreen, move_id: str) -> str:
    """The number key of ``move_id`` in the move list on screen."""
    options = screen.query_one(MovePicker).options
    return str(next(i for i, o in enumerate(options, 1) if o.move.id == move_id))


@sync
async def test_every_move_is_in_the_store_before_it_is_shown_and_the_end_with_its_debrief(
    parley_home: Path,
) -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_play(pilot, app)
        assert app.table is not None
        assert app.table.saver.id == 1
        assert "saved · session 1" in screen_text(app)
        for key in TO_THE_END:
            screen = app.screen
            assert isinstance(screen, PlayScreen)
            if screen.finished:
                break
            await press(pilot, key)
            assert stored_log(parley_home) == tuple(e.to_dict() for e in app.table.session.log)
        assert app.table.session.over
        with Store.open(parley_home) as store:
            info = store.info(1)
            assert info.status is Status.FINISHED and info.ending == app.table.session.ending.id  # type: ignore[union-attr]
            assert store.load(1).debrief is not None
        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        assert "Saved as session 1" in shown(app)
        await press(pilot, "ctrl+q")  # the session and its debrief are stored: nothing to lose
    assert app.return_code == 0


@sync
async def test_quit_then_resume_goes_on_at_the_same_round_and_turn_through_the_hand_off(
    parley_home: Path,
) -> None:
    app = make_app(case=str(SAMPLE), seed=SEED, players=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_play(pilot, app)  # Player 1 — Velmar
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await press(pilot, open_number(screen, "listen"), "enter")  # then pass the keyboard
        assert isinstance(app.screen, HandoffScreen) and app.screen.seat.role == "kest"
        await to_play(pilot, app)  # Player 2 — Kestmark
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await press(pilot, open_number(screen, "listen"), "enter")
        await to_play(pilot, app)  # Velmar again, round 2
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await press(pilot, open_number(screen, "open_backchannel"), "enter")
        assert isinstance(app.screen, HandoffScreen)
        table = app.table
        assert table is not None
        where = (table.session.round, table.session.waiting_for, len(table.session.log))
        assert where[1] == ("kest",)
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        text = " ".join(top_text(app).split())
        assert "Your game is saved as session 1" in text and "parley resume 1" in text
        assert "lost" not in text
        await press(pilot, "y")
    assert app.return_code == 0

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "Ctrl+R resumes your saved game (round 2): The Harbour Standoff" in shown(app)
        await press(pilot, "ctrl+r")
        assert isinstance(app.screen, ResumeScreen)
        assert "Session 1 · The Harbour Standoff" in shown(app) and "Player 1, Player 2" in shown(app)
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, HandoffScreen)  # nobody holds the keyboard yet
        assert screen.seat.role == "kest" and "Pass the keyboard to Player 2 — Kestmark" in shown(app)
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, PlayScreen)  # Kestmark has read the briefing already
        assert screen.seat.role == "kest"
        table = app.table
        assert table is not None
        assert (table.session.round, table.session.waiting_for, len(table.session.log)) == where
        assert "round 2 of 3" in screen_text(app) and "Player 2 — Kestmark" in screen_text(app)
        await press(pilot, open_number(screen, "listen"))
        assert len(stored_log(parley_home)) > where[2]  # the resumed game goes on being saved


@sync
async def test_resume_by_id_and_a_changed_case_asks_before_going_on(
    parley_home: Path, tmp_path: Path
) -> None:
    case_file = tmp_path / "standoff.yaml"
    shutil.copy(SAMPLE, case_file)
    with Store.open(parley_home) as store:
        for _ in range(2):  # two saved games of the copy, one move each
            game = Autosave.start(store, Session(_load(case_file), seed=SEED, humans=["velmar"]))
            game.play("velmar", "listen")
    case_file.write_text(case_file.read_text(encoding="utf-8") + "\n# edited after the games began\n")

    app = make_app(resume=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CaseChangedScreen)
        text = shown(app)
        assert "The case file has changed" in text and "has changed since session 1 started" in text
        assert "Continue on the stored version" in text and "Abandon this session" in text
        await press(pilot, "c")
        await to_play(pilot, app)
        table = app.table
        assert table is not None and table.saver.id == 1 and table.session.round == 2
        assert "edited" not in (table.case.path or "")

    app = make_app(resume=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CaseChangedScreen)
        await press(pilot, "a")
        assert isinstance(app.screen, LibraryScreen)
        with Store.open(parley_home) as store:
            assert store.info(2).status is Status.ABANDONED
            assert store.info(1).status is Status.PLAYING


def _load(path: Path):  # type: ignore[no-untyped-def]
    from game.case.loader import load_case

    return load_case(path)


def _finished_game(home: Path) -> int:
    """A finished single-player game in the store; returns its id."""
    with Store.open(home) as store:
        game = Autosave.start(store, Session(_load(SAMPLE), seed=SEED, humans=["velmar"]))
        for move in ("open_backchannel", "invite_mediator", *["phased_lease_review"] * 10):
            if game.session.over:
                break
            game.play("velmar", move)
        assert game.session.over
        return game.id


@sync
async def test_replay_steps_through_a_stored_game_and_branches_a_new_one(parley_home: Path) -> None:
    source = _finished_game(parley_home)
    app = make_app(replay=source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        frames = len(screen.cursor) - 1
        text = shown(app)
        assert f"Replay · session {source} · The Harbour Standoff · the start" in text
        assert "Coercive signal · round 1 of 10 · before the first move" in text
        assert "Escalation ladder" in text
        await press(pilot, "right")
        text = shown(app)
        assert f"move 1 of {frames}" in text
        assert "Republic of Velmar: Open a discreet backchannel" in stack_text(app)
        assert "Effect on the overall score: +5.0" in text
        assert "lowered the temperature" in text  # the debrief's note on this move
        await press(pilot, "end")
        assert f"move {frames} of {frames}" in shown(app)
        assert "at the end" in stack_text(app)
        await press(pilot, "right")  # stays on the last frame
        assert screen.cursor.position == frames
        await press(pilot, "home", "right", "right")
        assert screen.cursor.position == 2
        await press(pilot, "b")
        play = app.screen
        assert isinstance(play, PlayScreen)  # one player, who has moved before: straight into play
        table = app.table
        assert table is not None and table.saver.id == source + 1
        with Store.open(parley_home) as store:
            info = store.info(source + 1)
            assert info.parent_id == source and info.status is Status.PLAYING
        assert "saved · session 2" in screen_text(app)
        before = len(table.session.log)
        await press(pilot, open_number(play, "listen"))
        assert len(stored_log(parley_home, source + 1)) > before


@sync
async def test_the_debrief_works_out_better_moves_without_blocking(parley_home: Path) -> None:
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        await to_play(pilot, app)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await press(pilot, open_number(screen, "cancel_lease"))  # gives in at once: the case ends
        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        assert "What a better move would have done" in stack_text(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = shown(app)
        assert "Working out better moves" not in text
        assert "Round 1: you chose “Cancel the lease”" in text
        assert "would have scored +" in text and "100 paired rollouts" in text


@sync
async def test_better_moves_that_fail_are_reported_and_the_app_goes_on(
    parley_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("rollouts exploded")

    monkeypatch.setattr("tui.screens.debrief.better_moves", broken)
    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        await to_play(pilot, app)
        await press(pilot, open_number(app.screen, "cancel_lease"), "enter")  # type: ignore[arg-type]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Better moves could not be worked out: rollouts exploded" in shown(app)
        assert app.is_running and isinstance(app.screen, DebriefScreen)


@sync
async def test_a_failing_store_keeps_the_game_in_memory_says_so_and_saves_again_later(
    parley_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_append = Store.append

    def full_disk(self: Store, *args: object, **kwargs: object) -> int:
        raise StorageError("database or disk is full")

    app = make_app(case=str(SAMPLE), seed=SEED)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await to_play(pilot, app)
        table = app.table
        assert table is not None
        monkeypatch.setattr(Store, "append", full_disk)
        await press(pilot, open_number(app.screen, "listen"))  # type: ignore[arg-type]
        await pilot.pause(0.1)
        assert isinstance(app.screen, PlayScreen) and table.session.round == 2  # the move was played
        text = shown(app)
        assert "This move could not be saved" in text and "database or disk is full" in text
        assert "⚠ not saved" in text
        await press(pilot, "ctrl+q")
        message = " ".join(top_text(app).split())
        assert "This game is NOT saved (database or disk is full)" in message and "loses it" in message
        await press(pilot, "n")
        monkeypatch.setattr(Store, "append", real_append)
        await press(pilot, open_number(app.screen, "listen"))  # type: ignore[arg-type]
        await pilot.pause(0.1)
        assert stored_log(parley_home) == tuple(e.to_dict() for e in table.session.log)
        assert "Saved again" in shown(app) and "saved · session 1" in shown(app)


@sync
async def test_a_damaged_database_is_moved_aside_and_the_user_told(parley_home: Path) -> None:
    parley_home.mkdir(parents=True)
    (parley_home / "parley.db").write_bytes(b"this is not a database" * 100)
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        text = shown(app)
        assert "The saved games could not be read" in text and "moved to" in text
    assert list(parley_home.glob("parley.db.corrupt-*"))
