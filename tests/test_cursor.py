"""Stepping through a played session, and branching a new session off it."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.debriefing.scoring import debrief
from game.play.cursor import ReplayCursor
from game.play.session import ReplayError, Session
from game.storage import Autosave, Status, open_replay
from tests.engine_helpers import sample, simultaneous
from tests.storage_helpers import Chooser, dicts, full_run, open_store, play


def _cursor(seed: int = 7, humans: tuple[str, ...] = ("velmar",)) -> tuple[ReplayCursor, Session]:
    session, _ = full_run(sample(), seed, humans)
    return ReplayCursor(sample(), session.log, debrief(sample(), session.log)), session


def test_one_frame_per_move_plus_the_start() -> None:
    cursor, session = _cursor()
    moves = [e for e in session.log if e.kind == "move"]
    assert len(cursor) == len(moves) + 1
    assert cursor.frame.index == 0 and cursor.frame.move is None
    assert [cursor.at(i).move for i in range(1, len(cursor))] == moves
    assert sum(len(cursor.at(i).events) for i in range(len(cursor))) == len(session.log)
    assert cursor.at(-1).snapshot.over and cursor.at(-1).snapshot.ending == session.ending.id


def test_navigation_stays_in_range() -> None:
    cursor, _ = _cursor()
    assert cursor.previous().index == 0
    assert cursor.next().index == 1
    assert cursor.goto(10_000).index == len(cursor) - 1
    assert cursor.next().index == len(cursor) - 1
    assert cursor.goto(-2).index == len(cursor) - 2
    with pytest.raises(IndexError):
        cursor.at(len(cursor))


def test_each_frame_shows_the_state_the_live_session_had() -> None:
    session = Session(sample(), seed=7, humans=["velmar"])
    chooser = Chooser(7)
    snapshots = {}
    while not session.over:
        snapshots[len(session.log)] = session.snapshot()
        session.play(*chooser.pick(session))
    cursor = ReplayCursor(sample(), session.log)
    for index in range(len(cursor)):
        frame = cursor.at(index)
        if frame.end in snapshots:  # a point where the live session waited for the human
            live = snapshots[frame.end]
            assert frame.snapshot.meters == live.meters
            assert (frame.snapshot.phase, frame.snapshot.round) == (live.phase, live.round)
            assert frame.snapshot.flags == live.flags


def test_frames_carry_changes_lines_and_the_debriefs_notes() -> None:
    cursor, _session = _cursor()
    result = cursor.debrief
    assert result is not None
    noted = {hit.seq for dim in result.players[0].dimensions for hit in dim.hits if hit.seq is not None}
    for index in range(1, len(cursor)):
        frame = cursor.at(index)
        assert frame.lines and frame.lines[0].endswith(sample().moves[frame.move.data["move"]].label)
        assert bool(frame.impact) == (frame.move.seq in noted)
        if frame.move.seq in noted and index < len(cursor) - 1:
            assert frame.notes
        for slot, change in frame.changes.items():
            before = cursor.at(index - 1).snapshot.meters
            after = frame.snapshot.meters
            value = {r.slot: r.value for r in after}[slot] - {r.slot: r.value for r in before}[slot]
            assert value == change
    assert any(note.startswith("at the end") for note in cursor.at(-1).notes)


def test_branching_starts_from_the_frame_with_the_human_to_choose() -> None:
    cursor, session = _cursor()
    human = next(i for i in range(2, len(cursor)) if cursor.at(i).move.role == "velmar")
    frame = cursor.at(human - 1)  # just before velmar's second move
    assert frame.branchable
    branch = cursor.branch(human - 1)
    assert dicts(branch.log) == dicts(session.log[: frame.end])
    assert branch.waiting_for == ("velmar",)
    other = next(
        o.move.id
        for o in branch.options("velmar")
        if o.open and o.move.id != cursor.at(human).move.data["move"]
    )
    branch.play("velmar", other)  # a different choice from here on
    assert dicts(branch.log[: frame.end]) == dicts(session.log[: frame.end])


def test_no_branch_where_nobody_is_left_to_choose() -> None:
    cursor, _ = _cursor(humans=())
    assert not any(cursor.at(i).branchable for i in range(len(cursor)))
    assert "policy" in cursor.why_not(0)
    with pytest.raises(ReplayError, match="cannot branch"):
        cursor.branch(0)
    cursor, _ = _cursor()
    assert not cursor.at(-1).branchable


def test_simultaneous_rounds_branch_only_at_round_starts() -> None:
    case = simultaneous()
    session, _ = full_run(case, 5, ["velmar", "kest"])
    cursor = ReplayCursor(case, session.log)
    for index in range(len(cursor) - 1):
        frame = cursor.at(index)
        next_move = cursor.at(index + 1).move
        at_start = index == 0 or frame.move.round != next_move.round
        if frame.branchable:
            assert at_start
            branched = cursor.branch(index)
            assert dicts(branched.log[: frame.end]) == dicts(session.log[: frame.end])
            assert not branched.over
        elif at_start:
            assert "no player" in cursor.why_not(index)


def test_a_stored_session_replays_and_branches_into_a_new_saved_session(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = Session(sample(), seed=7, humans=["velmar"])
        game = Autosave.start(store, session)
        play(session, Chooser(7), game=game)
        cursor = open_replay(store, game.id)
        assert cursor.debrief == game.debrief
        branch = Autosave.branch(store, game.id, cursor, 3)
        info = store.info(branch.id)
        assert info.status is Status.PLAYING
        assert (info.parent_id, info.parent_seq) == (game.id, cursor.at(3).end)
        assert info.case_path == str(sample().path)
        assert store.info(branch.id).events == len(branch.session.log)
