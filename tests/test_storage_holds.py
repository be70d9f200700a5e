"""A saved game one process is playing is not resumed by another at the same time (two terminals,
or two browsers of ``parley serve``, on one store): only the first to move would be saved."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.errors import StorageError
from game.play.session import Session
from game.storage import Autosave, Store
from game.storage.holds import held_elsewhere
from tests.engine_helpers import sample

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="holds are best effort without fcntl")

ROOT = Path(__file__).resolve().parents[1]

PLAYER = textwrap.dedent(
    """
    import sys
    from game.storage import Autosave, Store

    store = Store.open(sys.argv[1])
    game = Autosave.resume(store, int(sys.argv[2]))
    print("playing", flush=True)
    sys.stdin.read()  # plays on until the test closes its input
    """
)


def _unfinished(home: Path) -> int:
    with Store.open(home) as store:
        session = Session(sample(), seed=7, humans=["velmar"])
        session_id = store.start(session)
        store.append(session_id, session.events_since(0))
        return session_id


def test_a_game_another_process_plays_is_neither_offered_nor_resumed(tmp_path: Path) -> None:
    session_id = _unfinished(tmp_path)
    other = subprocess.Popen(
        [sys.executable, "-c", PLAYER, str(tmp_path), str(session_id)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "playing"
        with Store.open(tmp_path) as store:
            assert held_elsewhere(store.path, session_id)
            with pytest.raises(StorageError, match=f"session {session_id} is being played in another window"):
                Autosave.resume(store, session_id)
    finally:
        assert other.stdin is not None
        other.stdin.close()  # the other process quits: the operating system lets go of its hold
        other.wait(30)
    with Store.open(tmp_path) as store:
        assert not held_elsewhere(store.path, session_id)
        game = Autosave.resume(store, session_id)
        assert game.id == session_id and not held_elsewhere(store.path, session_id)  # ours now


def test_the_app_does_not_offer_a_game_another_process_plays(tmp_path: Path) -> None:
    from tui.app import build_app

    session_id = _unfinished(tmp_path)
    other = subprocess.Popen(
        [sys.executable, "-c", PLAYER, str(tmp_path), str(session_id)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "playing"
        app = build_app(home=tmp_path)
        assert app.unfinished_sessions() == []
        app.abandon_session(session_id)  # nor abandoned under its player
        with Store.open(tmp_path) as store:
            assert store.info(session_id).status.value == "playing"
            assert app._still_played(store, session_id, "replay")  # nor replayed nor reported
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(30)
    assert [s.id for s in build_app(home=tmp_path).unfinished_sessions()] == [session_id]


TRY = textwrap.dedent(
    """
    import sys
    from game.errors import StorageError
    from game.storage import Autosave, Store

    with Store.open(sys.argv[1]) as store:
        try:
            Autosave.resume(store, int(sys.argv[2]))
        except StorageError as err:
            print(err)
        else:
            print("resumed")
    """
)


def _try(home: Path, session_id: int) -> str:
    done = subprocess.run(
        [sys.executable, "-c", TRY, str(home), str(session_id)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.strip()


def test_a_game_is_held_while_it_is_played_here_and_let_go_when_it_ends_or_is_dropped(tmp_path: Path) -> None:
    import gc

    session_id = _unfinished(tmp_path)
    with Store.open(tmp_path) as store:
        game = Autosave.resume(store, session_id)
        again = Autosave.resume(store, session_id)  # this process may take it up again
        assert "is being played in another window" in _try(tmp_path, session_id)
        del game
        gc.collect()
        assert "is being played in another window" in _try(tmp_path, session_id)  # `again` still plays
        del again
        gc.collect()
        assert _try(tmp_path, session_id) == "resumed"
        game = Autosave.resume(store, session_id)
        while not game.session.over:
            game.play_policy(game.session.waiting_for[0])
        assert "only unfinished sessions can be resumed" in _try(tmp_path, session_id)  # not held: over
        assert not held_elsewhere(store.path, session_id)
