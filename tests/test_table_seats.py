"""A table's seats in a classroom: handed to the policy and back, released, taken back with a token."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from game.debriefing.counterfactual import better_moves
from game.debriefing.facilitation import BY_THE_POLICY, action_list, handed_moves
from game.debriefing.report import transcript
from game.debriefing.scoring import debrief
from game.errors import MoveError, StorageError
from game.play.events import Event
from game.play.facilitator import FacilitatorError, payload_of
from game.play.session import Session
from game.storage import SeatTaken, Store
from game.storage.autosave import open_saved
from game.storage.replica import FACILITATOR
from tests.storage_helpers import Chooser, kind_of

SEATS = ("velmar", "kest")


def _table(store: Store, kind: str) -> str:
    case, text, _ = kind_of(kind)
    info = store.host(case, seed=5, name="Room B", roles=SEATS, case_text=text)
    store.join(info.code, "velmar", "Ana")  # nobody takes kest
    return info.code


def _hand(store: Store, code: str, role: str, to: str) -> None:
    store.add_input(code, "facilitator", {"action": "seat", "seat": role, "to": to}, by=FACILITATOR)


def _ana_plays(store: Store, code: str, chooser: Chooser) -> None:
    session = store.table_session(code)
    open_moves = [o.move.id for o in session.options("velmar") if o.open]
    keep_going = [m for m in open_moves if m != "cancel_lease"] or open_moves  # not the capitulation
    move = chooser.rng.choice(keep_going)
    store.add_input(code, "move", {"role": "velmar", "move": move}, by="Ana")


@pytest.mark.parametrize("kind", ["sequential", "simultaneous"])
def test_a_seat_nobody_takes_is_handed_to_the_policy_and_the_table_moves_on(
    tmp_path: Path, kind: str
) -> None:
    with Store.open(tmp_path) as desk, Store.open(tmp_path) as seat:
        code = _table(desk, kind)
        chooser = Chooser(2)
        _ana_plays(seat, code, chooser)
        assert seat.table_session(code).waiting_for == ("kest",)  # kest's empty seat holds the table
        _hand(desk, code, "kest", "policy")
        session = seat.table_session(code)
        assert session.auto == {"kest"} and session.waiting_for == ("velmar",)  # moved on at once
        handed = next(e for e in session.log if e.kind == "facilitator")
        assert payload_of(handed) == {"action": "seat", "seat": "kest", "to": "policy"}
        assert "audience" not in handed.data  # everyone sees it
        assert handed.role == "" and handed.seen_by("velmar")
        kest_moves = [e for e in session.log if e.kind == "move" and e.role == "kest"]
        assert kest_moves and all(e.data["by"] == "policy" for e in kest_moves)
        inputs = desk.inputs(code)  # Ana's move, the handing over, then the policy's turn(s) for kest
        assert [(i.kind, i.by) for i in inputs[:2]] == [("move", "Ana"), ("facilitator", FACILITATOR)]
        assert inputs[2:] and all(
            (i.kind, i.by, dict(i.payload)) == ("move", FACILITATOR, {"role": "kest", "policy": True})
            for i in inputs[2:]
        )
        while not seat.table_session(code).over:
            _ana_plays(seat, code, chooser)
        final = seat.table_session(code)
        assert final.over
        # every process, and a replay of the log alone, gives the same log
        assert [e.to_dict() for e in desk.table_session(code).log] == [e.to_dict() for e in final.log]
        assert Session.replay(final.case, final.log).log == final.log
        stored = [Event.from_dict(e.to_dict()) for e in final.log]  # as saved: the data beside the keys
        assert Session.replay(final.case, stored).log == final.log
        saved, _, scored = open_saved(desk, desk.table(code).session_id)  # parley report, replay
        assert saved.events == final.log and scored is not None
        # the debrief says which of kest's decisions the policy made (all of them: handed over in R1)
        kest = next(p for p in scored.players if p.role == "kest")
        assert kest.decisions and all(BY_THE_POLICY in d.notes for d in kest.decisions)
        ana = next(p for p in scored.players if p.role == "velmar")
        assert ana.name == "Ana" and not any(BY_THE_POLICY in d.notes for d in ana.decisions)
        with Store.open(tmp_path) as fresh:
            assert [e.to_dict() for e in fresh.table_session(code).log] == [e.to_dict() for e in final.log]
        # the debrief lists it, as the facilitator's doing
        assert action_list(final.case, final.log) == ["R1 Facilitator handed Kestmark's seat to the policy"]
        assert "   [Facilitator handed Kestmark's seat to the policy]" in transcript(final.case, final.log)


def test_a_seat_is_given_back_to_a_person_and_the_table_waits_for_it_again(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        code = _table(store, "sequential")
        chooser = Chooser(4)
        _hand(store, code, "kest", "policy")
        _ana_plays(store, code, chooser)
        assert store.table_session(code).waiting_for == ("velmar",)
        _hand(store, code, "kest", "person")
        _ana_plays(store, code, chooser)
        session = store.table_session(code)
        assert session.auto == frozenset() and session.waiting_for == ("kest",)
        store.join(code, "kest", "Bo")
        move = next(o.move.id for o in session.options("kest") if o.open)
        store.add_input(code, "move", {"role": "kest", "move": move}, by="Bo")
        log = store.table_session(code).log
        kest = [e for e in log if e.kind == "move" and e.role == "kest"]
        assert kest[-1].data["by"] == "human"
        assert handed_moves(log) == {e.seq for e in kest[:-1]} and len(kest) >= 2  # the policy's, only


def test_a_handed_seat_waits_while_the_table_is_paused(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        code = _table(store, "sequential")
        _ana_plays(store, code, Chooser(1))
        store.add_input(code, "facilitator", {"action": "pause"}, by=FACILITATOR)
        _hand(store, code, "kest", "policy")
        assert store.table_session(code).waiting_for == ("kest",)  # paused: nobody plays
        store.add_input(code, "facilitator", {"action": "resume"}, by=FACILITATOR)
        assert store.table_session(code).waiting_for == ("velmar",)


def test_seat_actions_that_make_no_sense_are_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        code = _table(store, "sequential")
        _hand(store, code, "kest", "policy")
        before = store.table_position(code)
        with pytest.raises(FacilitatorError, match="played by the policy already"):
            _hand(store, code, "kest", "policy")
        with pytest.raises(FacilitatorError, match="played by a person already"):
            _hand(store, code, "velmar", "person")
        with pytest.raises(FacilitatorError, match=r"'norland' is not a seat people play"):
            _hand(store, code, "norland", "policy")
        with pytest.raises(FacilitatorError, match="'to' must be one of policy, person"):
            store.add_input(
                code, "facilitator", {"action": "seat", "seat": "kest", "to": "x"}, by="facilitator"
            )
        assert store.table_position(code) == before


def test_a_lost_token_needs_the_facilitator_to_release_the_seat(tmp_path: Path) -> None:
    case, text, _ = kind_of("sequential")
    with Store.open(tmp_path) as desk, Store.open(tmp_path) as laptop:
        code = desk.host(case, seed=5, roles=SEATS, case_text=text).code
        first = laptop.join(code, "kest", "Bo")
        with pytest.raises(SeatTaken, match="needs its rejoin token"):
            laptop.join(code, "kest", "Bo")
        assert desk.release(code, "kest").name == "Bo"
        with pytest.raises(StorageError, match="there is no seat to release"):
            desk.release(code, "kest")
        with pytest.raises(StorageError, match="'norland' is not a seat"):
            desk.release(code, "norland")
        cy = laptop.join(code, "kest", "Cy")  # anyone may take a released seat, with a new token
        assert not cy.back and cy.token != first.token
        assert [p.name for p in desk.info(desk.table(code).session_id).players][1] == "Cy"
        with pytest.raises(MoveError, match="played by Cy"):
            desk.add_input(code, "move", {"role": "kest", "move": "listen"}, by="Bo")


def test_a_seat_taken_before_tokens_is_taken_back_by_name_once_then_needs_a_token(tmp_path: Path) -> None:
    case, text, _ = kind_of("sequential")
    with Store.open(tmp_path) as store:
        code = store.host(case, seed=5, roles=SEATS, case_text=text).code
        store.join(code, "velmar", "Ana")
    with sqlite3.connect(tmp_path / "parley.db") as conn:  # as a schema-3 store left it
        conn.execute("UPDATE seats SET token = NULL")
    with Store.open(tmp_path) as store:
        back = store.join(code, "velmar", "ana")
        assert back.back and len(back.token) == 9
        with pytest.raises(SeatTaken, match="needs its rejoin token"):
            store.join(code, "velmar", "Ana")
        assert store.join(code, "velmar", "Ana", token=back.token).back


def test_the_store_keeps_only_a_digest_of_each_token(tmp_path: Path) -> None:
    case, text, _ = kind_of("sequential")
    with Store.open(tmp_path) as store:
        code = store.host(case, seed=5, roles=SEATS, case_text=text).code
        token = store.join(code, "velmar", "Ana").token
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("parley.db*") if p.is_file())
    assert token.replace("-", "").encode() not in raw and token.encode() not in raw


def test_parley_seat_hands_releases_and_refuses_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    with Store.open(tmp_path) as store:
        code = _table(store, "sequential")
    assert main(["seat", code, "kest", "policy"]) == 0
    out = capsys.readouterr().out
    assert f"Kestmark's seat at table {code} is played by its policy from now on." in out
    assert main(["sessions"]) == 0
    assert "Ana (velmar); free: kest (policy plays it)" in capsys.readouterr().out
    assert main(["seat", code, "kest", "policy"]) == 1
    err = capsys.readouterr().err
    assert "played by the policy already" in err and "Traceback" not in err
    assert main(["seat", code, "norland", "policy"]) == 2
    assert "'norland' is not a seat" in capsys.readouterr().err
    assert main(["seat", "NOPE42", "kest", "policy"]) == 1
    assert "there is no table 'NOPE42'" in capsys.readouterr().err
    assert main(["seat", code, "velmar", "release"]) == 0
    assert "(held by Ana)" in capsys.readouterr().out
    assert main(["seat", code, "kest", "person"]) == 0
    assert "waits for a person again" in capsys.readouterr().out


def test_a_released_seat_keeps_its_last_players_name_in_the_debrief(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        code = _table(store, "sequential")
        store.release(code, "velmar")  # Ana lost her token and went home
        _hand(store, code, "velmar", "policy")
        _hand(store, code, "kest", "policy")
        assert store.table_session(code).over
        result = store.load(store.table(code).session_id).debrief
        assert result is not None and [p.name for p in result.players] == ["Ana", "Kestmark"]


def test_the_counterfactual_examines_only_the_persons_own_decisions() -> None:
    """Kestmark's person plays the first round, then the facilitator hands the seat to the policy: the
    counterfactual never says "you chose" of a move the policy made for the seat."""
    case, _, _ = kind_of("sequential")
    session = Session(case, seed=5, humans=["velmar", "kest"])
    chooser = Chooser(3)
    while session.round <= 1 and not session.over:
        role = session.waiting_for[0]
        session.play(role, chooser.rng.choice([o.move.id for o in session.options(role) if o.open]))
    session.facilitate({"action": "seat", "seat": "kest", "to": "policy"})
    while not session.over:
        role = session.waiting_for[0]
        if role in session.auto:  # as a table does for a handed seat
            session.play_policy(role)
        else:
            session.play(role, chooser.rng.choice([o.move.id for o in session.options(role) if o.open]))
    handed = handed_moves(session.log)
    decisions = debrief(case, session.log).player("kest").decisions
    assert any(d.seq in handed for d in decisions[:3])  # the policy's moves are among its top decisions
    own = [d.seq for d in decisions if d.seq not in handed]
    examined = better_moves(case, session.log, "kest", rollouts=4, jobs=1)
    assert [s.seq for s in examined] == sorted(own[:3])
