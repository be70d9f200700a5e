"""Tables across terminals: hosting, seats, ordered inputs replayed by every process, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from game.errors import MoveError, StorageError
from game.play.session import Session
from game.storage import Autosave, SeatTaken, Status, Store
from game.storage import database as database_module
from game.storage import inspection as inspection_module
from game.storage import migrations as migrations_module
from game.storage.migrations import LATEST
from tests.storage_helpers import Chooser, kind_of


def _open_table(store: Store, kind: str = "sequential", seed: int = 3) -> tuple[str, tuple[str, ...]]:
    case, text, humans = kind_of(kind)
    info = store.host(case, seed=seed, roles=humans, case_text=text)
    for role in humans:
        store.join(info.code, role, f"P-{role}")
    return info.code, humans


def _play_all(stores: list[Store], code: str, chooser: Chooser) -> list[tuple[str, str]]:
    """Play the table to its end, each move through the next store in turn (several 'processes')."""
    moves = []
    turn = 0
    while True:
        store = stores[turn % len(stores)]
        session = store.table_session(code)
        if session.over:
            return moves
        role, move = chooser.pick(session)
        store.add_input(code, "move", {"role": role, "move": move}, by=f"P-{role}")
        moves.append((role, move))
        turn += 1


def _reference(kind: str, seed: int, moves: list[tuple[str, str]]) -> Session:
    case, _, humans = kind_of(kind)
    session = Session(case, seed=seed, humans=humans)
    for role, move in moves:
        session.play(role, move)
    return session


@pytest.mark.parametrize("kind", ["sequential", "simultaneous"])
def test_a_table_played_from_three_stores_logs_what_one_process_would(tmp_path: Path, kind: str) -> None:
    stores = [Store.open(tmp_path) for _ in range(3)]
    try:
        code, _ = _open_table(stores[0], kind)
        moves = _play_all(stores, code, Chooser(5))
        reference = _reference(kind, 3, moves)
        assert reference.over
        for store in stores:
            replayed = store.table_session(code).log
            assert [e.to_dict() for e in replayed] == [e.to_dict() for e in reference.log]
        info = stores[1].table(code)
        assert info.status is Status.FINISHED
        saved = stores[2].load(info.session_id)
        assert [e.to_dict() for e in saved.events] == [e.to_dict() for e in reference.log]
        assert saved.debrief is not None and saved.debrief.ending == reference.ending.id  # type: ignore[union-attr]
        assert {p.name for p in saved.debrief.players} <= {f"P-{r}" for r in kind_of(kind)[2]}  # the seats'
        assert [p.name for r in stores[0].finished() for p in r.players] == [
            p.name for p in saved.debrief.players
        ]
        assert stores[0].tables() == []  # finished: no longer open
        assert [t.code for t in stores[0].tables(open_only=False)] == [code]
    finally:
        for store in stores:
            store.close()


def test_a_seat_is_held_by_one_person_and_taken_back_by_the_same_name_and_token(tmp_path: Path) -> None:
    case, text, _ = kind_of("simultaneous")
    with Store.open(tmp_path) as one, Store.open(tmp_path) as two:
        info = one.host(case, seed=1, name="Room A", roles=("velmar", "kest"), case_text=text)
        assert len(info.code) == 6 and info.name == "Room A" and info.open_roles == ("velmar", "kest")
        seated = one.join(info.code, "velmar", "Ana")
        assert not seated.back and len(seated.token) == 9 and seated.token[4] == "-"
        with pytest.raises(SeatTaken, match=r"'velmar' is already taken by Ana .*\(free: kest\)"):
            two.join(info.code.lower(), "velmar", "Bo")
        with pytest.raises(SeatTaken, match=r"held by Ana: taking it back needs its rejoin token"):
            two.join(info.code, "velmar", "Ana")
        with pytest.raises(SeatTaken, match=r"that rejoin token is not this seat's.*parley seat"):
            two.join(info.code, "velmar", "Ana", token="AAAA-AAAA")
        typed = seated.token.lower().replace("-", " ")  # rejoin: any case, any spacing
        again = two.join(f" {info.code.lower()} ", "velmar", "ana", token=typed)
        assert again.back and again.token == seated.token and again.name == "Ana"
        assert [(s.role, s.name) for s in again.info.seats] == [("velmar", "Ana")]
        with pytest.raises(StorageError, match=r"'norland' is not a seat at table .*velmar, kest"):
            two.join(info.code, "norland", "Cy")
        with pytest.raises(StorageError, match="there is no table 'NOPE42'"):
            two.join("nope42", "kest", "Cy")
        with pytest.raises(StorageError, match="needs a name"):
            two.join(info.code, "kest", "  ")
        assert [p.name for p in one.info(info.session_id).players] == ["Ana", "Kestmark"]


def test_two_seats_cannot_both_play_a_turn_and_the_loser_is_told_why(tmp_path: Path) -> None:
    with Store.open(tmp_path) as one, Store.open(tmp_path) as two:
        code, (role,) = _open_table(one, "sequential")
        session = two.table_session(code)
        move = next(o.move.id for o in session.options(role) if o.open)
        one.add_input(code, "move", {"role": role, "move": move}, by=f"P-{role}")
        # ``two`` has not seen that move yet; the database puts its input after it, and the engine
        # refuses it if the move is no longer open, or plays it as the next move: never both at once.
        position_before = two.table_position(code)
        assert position_before == 1
        with pytest.raises(MoveError, match="played by P-velmar"):
            two.add_input(code, "move", {"role": role, "move": move}, by="Someone else")
        with pytest.raises(MoveError, match=r"'kest' is not a seat at table"):
            two.add_input(code, "move", {"role": "kest", "move": move}, by="Someone")
        assert two.table_position(code) == 1  # nothing was stored for the refused inputs


def test_a_secret_choice_cannot_be_made_twice(tmp_path: Path) -> None:
    with Store.open(tmp_path) as one, Store.open(tmp_path) as two:
        code, _ = _open_table(one, "simultaneous")
        session = one.table_session(code)
        move = next(o.move.id for o in session.options("velmar") if o.open)
        one.add_input(code, "move", {"role": "velmar", "move": move}, by="P-velmar")
        with pytest.raises(MoveError, match="'velmar' has already chosen this round"):
            two.add_input(code, "move", {"role": "velmar", "move": move}, by="P-velmar")
        info = two.table(code)
        held = two.load(info.session_id).held
        assert [(h.role, h.move) for h in held] == [("velmar", move)]
        assert two.table_session(code).waiting_for == ("kest",)


def test_a_process_that_starts_late_rebuilds_the_table_where_it_is(tmp_path: Path) -> None:
    with Store.open(tmp_path) as one:
        code, _ = _open_table(one, "simultaneous", seed=9)
        chooser = Chooser(2)
        for _ in range(3):
            session = one.table_session(code)
            if session.over:
                break
            role, move = chooser.pick(session)
            one.add_input(code, "move", {"role": role, "move": move}, by=f"P-{role}")
        expected = [e.to_dict() for e in one.table_session(code).log]
        waiting = one.table_session(code).waiting_for
        other = one.host(kind_of("sequential")[0], seed=1, case_text=kind_of("sequential")[1]).code
        assert one.table_positions() == {code: one.table_position(code), other: 0}
    with Store.open(tmp_path) as late:
        session = late.table_session(code)
        assert [e.to_dict() for e in session.log] == expected
        assert session.waiting_for == waiting


def test_the_policy_can_play_for_a_seat_and_bad_inputs_are_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        code, (role,) = _open_table(store, "sequential")
        item = store.add_input(code, "move", {"role": role, "policy": True}, by="facilitator")
        assert item.position == 1 and item.by == "facilitator"
        with pytest.raises(MoveError, match="needs the id of the move"):
            store.add_input(code, "move", {"role": role}, by=f"P-{role}")
        with pytest.raises(MoveError, match="unknown move 'fly_away'"):
            store.add_input(code, "move", {"role": role, "move": "fly_away"}, by=f"P-{role}")
        with pytest.raises(StorageError, match="unknown kind of input 'chat'"):
            store.add_input(code, "chat", {}, by="x")
        with pytest.raises(StorageError, match="must be a JSON object"):
            store.add_input(code, "move", {"role": role, "move": object()}, by=f"P-{role}")
        assert [i.position for i in store.inputs(code)] == [1]


def test_a_table_is_not_offered_to_resume_at_one_keyboard(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        code, _ = _open_table(store, "sequential")
        info = store.table(code)
        assert store.unfinished() == []
        with pytest.raises(StorageError, match=f"played at table {code}: take your seat with `parley join"):
            store.resume(info.session_id)
        assert store.table_of(info.session_id) == code
        assert [t.code for t in store.tables("harbour-standoff")] == [code]
        assert store.tables("another-case") == []


def test_a_version_2_database_opens_at_the_latest_version_and_keeps_its_sessions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, text, humans = kind_of("simultaneous")
    with monkeypatch.context() as patch:  # a Parley that knows schema 2 only
        patch.setattr(migrations_module, "MIGRATIONS", migrations_module.MIGRATIONS[:2])
        patch.setattr(database_module, "LATEST", 2)
        patch.setattr(inspection_module, "LATEST", 2)
        with Store.open(tmp_path) as old:
            game = Autosave.start(old, Session(case, seed=4, humans=humans), case_text=text)
            chooser = Chooser(4)
            game.play(*chooser.pick(game.session))  # a secret choice held in `pending`
            before = old.load(game.id)
    conn = sqlite3.connect(tmp_path / "parley.db")
    assert conn.execute("PRAGMA user_version").fetchone() == (2,)
    conn.close()
    with Store.open(tmp_path) as new:
        after = new.load(game.id)
        assert after == before
        assert [s.id for s in new.unfinished()] == [game.id]
        resumed = new.resume(game.id)
        assert [e.to_dict() for e in resumed.log] == [e.to_dict() for e in game.session.log]
        assert resumed.waiting_for == game.session.waiting_for
        assert new.tables(open_only=False) == []
    conn = sqlite3.connect(tmp_path / "parley.db")
    assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
    conn.close()


def test_host_prints_the_code_and_join_refuses_a_taken_role_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    assert (
        main(["host", "harbour-standoff", "--seed", "7", "--table", "Room A", "--roles", "velmar,kest"]) == 0
    )
    out = capsys.readouterr().out
    with Store.open(tmp_path) as store:
        (info,) = store.tables()
        assert (info.name, info.seed, info.roles) == ("Room A", 7, ("velmar", "kest"))
        token = store.join(info.code, "velmar", "Ana").token
    assert f"Join code: {info.code}" in out
    assert f"parley join {info.code} --role velmar --name NAME" in out
    assert "Played by their policies: Kingdom of Norland." in out
    assert main(["join", info.code.lower(), "--role", "velmar", "--name", "Bo"]) == 1
    assert "'velmar' is already taken by Ana" in capsys.readouterr().err
    assert main(["join", info.code, "--role", "velmar", "--name", "Ana"]) == 1
    err = capsys.readouterr().err
    assert "needs its rejoin token" in err and "Traceback" not in err
    assert main(["join", info.code, "--role", "velmar", "--name", "Ana", "--token", "ZZZZ-ZZZZ"]) == 1
    assert "not this seat's" in capsys.readouterr().err
    assert token
    assert main(["sessions"]) == 0
    listed = capsys.readouterr().out
    assert info.code in listed and "Ana (velmar); free: kest" in listed
    assert main(["resume", str(info.session_id)]) == 1
    assert f"take your seat with `parley join {info.code}" in capsys.readouterr().err
    assert main(["host", "harbour-standoff", "--roles", "velmar,velmar"]) == 2
    assert "names a role twice" in capsys.readouterr().err
    assert main(["host", "harbour-standoff", "--roles", "nobody"]) == 2
    assert (
        "not a playable role of harbour-standoff; choose from velmar, kest, norland"
        in capsys.readouterr().err
    )


def test_facilitator_inputs_are_replayed_by_every_process_and_a_pause_refuses_moves(tmp_path: Path) -> None:
    with Store.open(tmp_path) as desk, Store.open(tmp_path) as seat:
        code, (role,) = _open_table(desk, "sequential")
        case = desk.table_session(code).case
        inject = next(iter(case.injects))
        desk.add_input(
            code, "facilitator", {"action": "note", "text": "watch the tone", "shown": True}, by="facilitator"
        )
        desk.add_input(code, "facilitator", {"action": "pause", "reason": "a break"}, by="facilitator")
        move = _open_move_of(seat, code, role)
        with pytest.raises(MoveError, match="paused by the facilitator"):
            seat.add_input(code, "move", {"role": role, "move": move}, by=f"P-{role}")
        desk.add_input(code, "facilitator", {"action": "resume"}, by="facilitator")
        desk.add_input(code, "facilitator", {"action": "fire", "inject": inject}, by="facilitator")
        seat.add_input(code, "move", {"role": role, "move": _open_move_of(seat, code, role)}, by=f"P-{role}")
        with pytest.raises(MoveError, match="unknown inject"):
            desk.add_input(code, "facilitator", {"action": "fire", "inject": "no_such"}, by="facilitator")
        assert [i.kind for i in desk.inputs(code)] == ["facilitator"] * 4 + ["move"]
        stored = desk.load(desk.table(code).session_id).events
        assert sum(e.kind == "facilitator" for e in stored) == 4
        expected = [e.to_dict() for e in desk.table_session(code).log]
        assert [e.to_dict() for e in seat.table_session(code).log] == expected
        assert [e.to_dict() for e in stored] == expected
    with Store.open(tmp_path) as late:  # a process that starts now replays the same table
        assert [e.to_dict() for e in late.table_session(code).log] == expected


def _open_move_of(store: Store, code: str, role: str) -> str:
    session = store.table_session(code)
    return next(o.move.id for o in session.options(role) if o.open)


def test_the_ticket_a_player_keeps_reads_as_a_sentence() -> None:
    from cli.commands.join import ticket

    taken = ticket("K7M2QX", "velmar", "Ana", "DVGP-9H3V", back=False)
    assert taken.startswith("Ana, you have taken velmar at table K7M2QX. Your rejoin token: DVGP-9H3V\n")
    again = ticket("K7M2QX", "velmar", "Ana", "DVGP-9H3V", back=True)
    assert again.startswith("Ana, you are back at velmar at table K7M2QX.")
    assert "parley join K7M2QX --role velmar --name 'Ana' --token DVGP-9H3V" in again
