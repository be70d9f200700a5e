"""The console's desk over the store's tables (game.instructor.desk): rows, actions as inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from game.errors import MoveError
from game.instructor.desk import WAITING_LONG, Listed, StoreDesk, summarize
from game.play.facilitator import FacilitatorError
from game.play.session import Session
from game.storage import Store
from tests.engine_helpers import sample
from tests.storage_helpers import kind_of


def _table(store: Store) -> tuple[str, tuple[str, ...]]:
    case, text, humans = kind_of("sequential")
    info = store.host(case, seed=3, roles=humans, case_text=text, name="Table A")
    for role in humans:
        store.join(info.code, role, f"P-{role}")
    return info.code, humans


def test_a_facilitator_action_is_an_input_every_process_replays(tmp_path: Path) -> None:
    console, seat = Store.open(tmp_path), Store.open(tmp_path)
    try:
        code, humans = _table(console)
        desk = StoreDesk(console, case_id=kind_of("sequential")[0].id)
        [listed] = desk.tables()
        assert listed.code == code and listed.name == "Table A"
        assert listed.seats == {r: f"P-{r}" for r in humans}
        desk.act(code, {"action": "pause"})
        session = seat.table_session(code)
        assert session.paused
        role = session.waiting_for[0]
        move = next(o.move.id for o in session.options(role) if o.open)
        with pytest.raises(MoveError, match="paused by the facilitator"):
            seat.add_input(code, "move", {"role": role, "move": move}, by=f"P-{role}")
        with pytest.raises(FacilitatorError, match="already paused"):
            desk.act(code, {"action": "pause"})
        desk.act(code, {"action": "resume"})
        seat.add_input(code, "move", {"role": role, "move": move}, by=f"P-{role}")
        [item] = [i for i in seat.inputs(code) if i.kind == "facilitator"][:1]
        assert item.by == "facilitator" and dict(item.payload) == {"action": "pause"}
        # the stored log is the replayed one, facilitator events included
        saved = console.load(console.table(code).session_id).events
        assert [e.kind for e in saved].count("facilitator") == 2
        assert [e.to_dict() for e in saved] == [e.to_dict() for e in console.table_session(code).log]
        # once over, the table leaves the overview of open tables but stays open in the console
        while not (session := seat.table_session(code)).over:
            role = session.waiting_for[0]
            seat.add_input(code, "move", {"role": role, "policy": True}, by=f"P-{role}")
        assert desk.tables() == []
        finished = desk.get(code)
        assert finished is not None and finished.session.over
        assert desk.get("NOPE22") is None
    finally:
        console.close()
        seat.close()


def test_the_overview_row_says_phase_waiting_and_alerts() -> None:
    session = Session(sample(), seed=3, humans=["velmar", "kest"])
    now = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    quiet = (now - timedelta(seconds=WAITING_LONG + 60)).isoformat()
    row = summarize(Listed("AAA111", "Table 1", session, quiet, {"velmar": "Ana"}), lambda: now)
    assert row.phase == session.case.phases[session.phase].title and row.round == 1
    assert row.choosing == ("Republic of Velmar",)
    assert row.alerts == ("waiting 4 min",)
    assert row.seats == "Ana (Republic of Velmar), Kestmark: —"
    session.facilitate({"action": "seat", "seat": "kest", "to": "policy"})
    row = summarize(Listed("AAA111", "Table 1", session, quiet, {"velmar": "Ana"}), lambda: now)
    assert row.seats == "Ana (Republic of Velmar), Kestmark: —, policy plays"
    session.facilitate({"action": "seat", "seat": "kest", "to": "person"})
    empty = summarize(Listed("AAA111", "Table 1", session, "", {"kest": "Bo"}, has_seats=True), lambda: now)
    assert empty.alerts == ("empty seat: Republic of Velmar",)  # nobody took the seat it waits for
    session.facilitate({"action": "hold", "inject": "intercept"})
    session.facilitate({"action": "pause"})
    row = summarize(Listed("AAA111", "Table 1", session, quiet), lambda: now)
    assert row.alerts == ("paused",)  # a paused table is not "waiting"
    session.facilitate({"action": "resume"})
    while session.round < 2:
        session.play_policy(session.waiting_for[0])
    row = summarize(Listed("AAA111", "Table 1", session), lambda: now)
    assert any(a.startswith("held past its time: ") for a in row.alerts)


def test_a_crossed_red_line_is_an_alert() -> None:
    session = Session(sample(), seed=3, humans=["velmar"])
    session.play("velmar", "cancel_lease")
    row = summarize(Listed("AAA111", "Table 1", session))
    assert "red line crossed by Republic of Velmar (R1)" in row.alerts
