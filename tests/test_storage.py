"""The session store: saving moves, finishing, listing, loading, resuming, and refusing bad writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from game.case.loader import load_case
from game.debriefing.scoring import debrief
from game.errors import MoveError, StorageError
from game.play.events import Event
from game.play.session import Session
from game.storage import (
    Autosave,
    CaseChanged,
    CaseState,
    Status,
    Store,
    check_resume,
    data_home,
    database_path,
    debrief_from_dict,
    debrief_to_dict,
)
from game.storage.migrations import LATEST
from tests.engine_helpers import sample, simultaneous, variant
from tests.storage_helpers import (
    SAMPLE_TEXT,
    SIMULTANEOUS_TEXT,
    Chooser,
    dicts,
    full_run,
    open_store,
    play,
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path) as opened:
        yield opened


def stored_count(store: Store, session_id: int) -> int:
    return store.info(session_id).events


# ------------------------------------------------------------------------- where the data lives


def test_parley_home_overrides_the_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path / "classroom"))
    assert data_home() == tmp_path / "classroom"
    assert database_path() == tmp_path / "classroom" / "parley.db"
    with Store.open() as store:
        assert store.path == tmp_path / "classroom" / "parley.db"
        assert store.recovery is None
    monkeypatch.setenv("PARLEY_HOME", "")
    assert data_home().name == "parley"  # the platform's user data directory


def test_database_settings(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    finally:
        conn.close()


# ------------------------------------------------------------------------- saving a session


def test_every_move_is_saved_before_it_is_returned(store: Store) -> None:
    session = Session(sample(), seed=7, humans=["velmar"])
    game = Autosave.start(store, session)
    assert stored_count(store, game.id) == len(session.log)
    chooser = Chooser(7)
    while not session.over:
        role, move = chooser.pick(session)
        events = game.play(role, move)
        assert events and stored_count(store, game.id) == len(session.log)
        assert game.unsaved == 0
    saved = store.load(game.id)
    assert dicts(saved.events) == dicts(session.log)
    assert saved.info.status is Status.FINISHED
    assert saved.debrief == debrief(sample(), session.log) == game.debrief
    assert saved.info.outcome == session.ending.outcome.value
    assert saved.case_text == SAMPLE_TEXT


def test_a_refused_move_saves_nothing(store: Store) -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    game = Autosave.start(store, session)
    before = stored_count(store, game.id)
    with pytest.raises(MoveError):
        game.play("velmar", "naval_exercise")
    assert stored_count(store, game.id) == before


def test_a_session_nobody_plays_is_finished_at_once(store: Store) -> None:
    game = Autosave.start(store, Session(sample(), seed=3))
    info = store.info(game.id)
    assert info.status is Status.FINISHED and info.players == ()
    assert [len(r.players) for r in store.finished()] == [len(sample().playable_roles)]


def test_player_names_are_kept(store: Store) -> None:
    session = Session(sample(), seed=2, humans=["velmar", "kest"], names={"velmar": "Ana"})
    game = Autosave.start(store, session)
    seats = store.info(game.id).players
    assert [(s.role, s.name) for s in seats] == [("velmar", "Ana"), ("kest", "Kestmark")]


def test_listing_unfinished_and_finished(store: Store) -> None:
    done = Autosave.start(store, Session(sample(), seed=3, humans=["velmar"]))
    play(done.session, Chooser(3), game=done)
    waiting = Autosave.start(store, Session(sample(), seed=4, humans=["velmar"]))
    play(waiting.session, Chooser(4), 2, game=waiting)
    other = Autosave.start(store, Session(sample(), seed=5, humans=["velmar"]))
    store.abandon(other.id)
    assert [s.id for s in store.unfinished()] == [waiting.id]
    assert store.unfinished()[0].moves >= 2
    results = store.finished()
    assert [r.session.id for r in results] == [done.id]
    player = results[0].players[0]
    assert player.role == "velmar"
    assert [d.id for d in player.dimensions] == list(sample().rubric)  # rubric order
    assert player.overall == done.debrief.player("velmar").overall
    assert store.finished(case_id="no-such-case") == []
    assert {s.status for s in store.sessions()} == {Status.FINISHED, Status.PLAYING, Status.ABANDONED}


def test_debrief_round_trips_through_json(store: Store) -> None:
    session, _ = full_run(sample(), 7, ["velmar"])
    result = debrief(sample(), session.log)
    assert debrief_from_dict(debrief_to_dict(result)) == result
    with pytest.raises(ValueError, match="format"):
        debrief_from_dict({"format": 99})


# ------------------------------------------------------------------------- refusing bad writes


def test_append_refuses_a_gap_and_accepts_a_repeat(store: Store) -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    session_id = store.start(session)
    start = len(session.log)
    new = session.play("velmar", "listen")
    with pytest.raises(StorageError, match="does not follow"):
        store.append(session_id, new[1:])
    assert store.append(session_id, new) == len(session.log)
    assert store.append(session_id, new) == len(session.log)  # saving twice is harmless
    forged = [Event(start, new[0].round, "move", "velmar", {"move": "cancel_lease", "by": "human"})]
    with pytest.raises(StorageError, match="differ"):
        store.append(session_id, forged)


def test_finished_and_abandoned_sessions_take_no_more_moves(store: Store) -> None:
    session, _ = full_run(sample(), 7, ["velmar"])
    game = Autosave.start(store, session)
    with pytest.raises(StorageError, match="finished"):
        store.append(game.id, session.log)
    live = Session(sample(), seed=1, humans=["velmar"])
    session_id = store.start(live)
    store.abandon(session_id)
    with pytest.raises(StorageError, match="abandoned"):
        store.append(session_id, live.play("velmar", "listen"))
    with pytest.raises(StorageError, match="no session 999"):
        store.load(999)


def test_finish_needs_an_ending(store: Store) -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    session_id = store.start(session)
    with pytest.raises(StorageError, match="not reached an ending"):
        store.finish(session_id, debrief(sample(), session.log))
    assert store.info(session_id).status is Status.PLAYING


def test_start_keeps_the_case_text_only_if_it_matches(store: Store) -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    with pytest.raises(StorageError, match="changed since it was loaded"):
        store.start(session, case_text=SAMPLE_TEXT + b"\n# edited\n")
    edited = variant(title=("title: The Harbour Standoff", "title: The Harbour Standoff, edited"))
    with pytest.raises(StorageError, match="cannot read the case file"):
        store.start(Session(edited, seed=1, humans=["velmar"]))  # "variant.yaml" is not on disk


# ------------------------------------------------------------------------- resuming


def test_resume_continues_exactly_where_it_stopped(store: Store) -> None:
    session = Session(sample(), seed=11, humans=["velmar"])
    game = Autosave.start(store, session)
    chooser = Chooser(11)
    play(session, chooser, 3, game=game)
    resumed = Autosave.resume(store, game.id, sample())
    assert dicts(resumed.session.log) == dicts(session.log)
    assert resumed.session.snapshot() == session.snapshot()
    play(resumed.session, chooser, game=resumed)  # the same chooser: the same game to the end
    reference, _ = full_run(sample(), 11, ["velmar"])
    assert dicts(store.load(game.id).events) == dicts(reference.log)
    assert store.info(game.id).status is Status.FINISHED


def test_resume_refuses_a_changed_case_and_can_use_the_stored_copy(store: Store) -> None:
    session = Session(sample(), seed=11, humans=["velmar"])
    game = Autosave.start(store, session)
    play(session, Chooser(11), 2, game=game)
    edited = variant(title=("title: The Harbour Standoff", "title: The Harbour Standoff, edited"))
    with pytest.raises(CaseChanged) as caught:
        store.resume(game.id, edited)
    assert caught.value.session_id == game.id
    assert "continue on the version stored" in str(caught.value)
    resumed = store.resume(game.id)  # the copy stored with the session
    assert resumed.case.title == "The Harbour Standoff"
    assert dicts(resumed.log) == dicts(session.log)


def test_finished_sessions_cannot_be_resumed(store: Store) -> None:
    session, _ = full_run(sample(), 7, ["velmar"])
    game = Autosave.start(store, session)
    with pytest.raises(StorageError, match="parley replay"):
        store.resume(game.id)


def test_check_resume_compares_the_case_file(store: Store, tmp_path: Path) -> None:
    text = SAMPLE_TEXT.replace(b"id: harbour-standoff", b"id: harbour-copy")  # not a built-in id
    case_file = tmp_path / "harbour.yaml"
    case_file.write_bytes(text)
    session = Session(load_case(case_file), seed=1, humans=["velmar"])
    game = Autosave.start(store, session)
    check = check_resume(store, game.id)
    assert check.state is CaseState.SAME and not check.choice_needed and check.current is not None
    case_file.write_bytes(text.replace(b"title: The Harbour Standoff", b"title: Edited"))
    check = check_resume(store, game.id)
    assert check.state is CaseState.CHANGED and check.choice_needed and "has changed" in check.message
    case_file.write_bytes(b"id: [broken")
    assert check_resume(store, game.id).state is CaseState.BROKEN
    case_file.unlink()
    check = check_resume(store, game.id)
    assert check.state is CaseState.MISSING and check.current is None
    assert Autosave.resume(store, game.id).session.case.title == "The Harbour Standoff"


def test_a_built_in_case_is_found_by_id_when_its_path_is_gone(store: Store) -> None:
    session = Session(sample(), seed=1, humans=["velmar"])
    session_id = store.start(session)
    store._db.conn.execute("UPDATE sessions SET case_path = '/nowhere/harbour-standoff.yaml'")
    check = check_resume(store, session_id)
    assert check.state is CaseState.SAME and check.current is not None


def test_secret_choices_survive_a_quit_mid_round(store: Store) -> None:
    session = Session(simultaneous(), seed=5, humans=["velmar", "kest"])
    game = Autosave.start(store, session, case_text=SIMULTANEOUS_TEXT)
    chooser = Chooser(5)
    play(session, chooser, 3, game=game)  # round 1 resolved, velmar chose in secret for round 2
    assert session.has_chosen("velmar") and store.load(game.id).held
    resumed = store.resume(game.id)
    assert resumed.has_chosen("velmar")
    assert resumed.waiting_for == session.waiting_for
    role, move = chooser.pick(session)
    events = session.play(role, move)
    assert dicts(resumed.play(role, move)) == dicts(events)


def test_a_secret_policy_choice_is_made_again_the_same_way(store: Store) -> None:
    session = Session(simultaneous(), seed=9, humans=["velmar", "kest"])
    game = Autosave.start(store, session, case_text=SIMULTANEOUS_TEXT)
    game.play_policy("velmar")
    assert store.load(game.id).held[0].by == "policy"
    resumed = store.resume(game.id)
    events = session.play_policy("kest")
    assert dicts(resumed.play_policy("kest")) == dicts(events)


def test_two_stores_in_one_process_see_each_other(tmp_path: Path) -> None:
    with open_store(tmp_path) as first, open_store(tmp_path) as second:
        game = Autosave.start(first, Session(sample(), seed=1, humans=["velmar"]))
        assert second.info(game.id).status is Status.PLAYING
