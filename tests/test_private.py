"""Private information: who sees what, in the engine, the reports, the command line and the store.

``tests/cases/private.yaml`` holds three secrets, each marked by a word that appears nowhere else:
Alba's private move (SECRET-MOVE), Boren's private inject (SECRET-INJECT, INJECT-PART) and Cadra's
owner-only meter (Gold reserves), plus per-role narrative (ALBA-NARRATIVE, PAIR-NARRATIVE for Boren
and Cadra) and a domestic-support meter the others see only as a band.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from game.case.loader import check_case_text, load_case
from game.case.model import Case
from game.debriefing.aar import aar_markdown
from game.debriefing.htmlreport import html
from game.debriefing.report import markdown, own_debrief, transcript
from game.debriefing.reportmodel import build_report, work_out
from game.debriefing.reveal import reveal, reveal_lines
from game.debriefing.scoring import debrief
from game.play.events import Event, dump_log
from game.play.session import Session
from game.play.view import view_log
from game.storage import Autosave, Store

HERE = Path(__file__).resolve().parent
PRIVATE = HERE / "cases" / "private.yaml"
MINIMAL = HERE / "cases" / "minimal.yaml"  # a format-1 case with nothing private
ROLES = ("alba", "boren", "cadra")

# What only some roles may read: the marker, and the roles that may see it.
SECRETS = {
    "SECRET-MOVE": {"alba"},
    "SECRET-INJECT": {"boren"},
    "INJECT-PART": {"boren"},
    "Gold reserves (Alba)": {"alba"},
    "Gold reserves (Boren)": {"boren"},
    "Gold reserves (Cadra)": {"cadra"},
    "Move gold quietly": {"cadra"},
    "ALBA-NARRATIVE": {"alba"},
    "PAIR-NARRATIVE": {"boren", "cadra"},
}


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(PRIVATE)


def played(case: Case) -> Session:
    """Three humans, each playing its secret every round: the private move, hold, the private hoard."""
    session = Session(case, seed=3, humans=list(ROLES))
    plan = {"alba": "whisper_withdrawal", "boren": "hold", "cadra": "hoard"}
    while not session.over:
        role = session.waiting_for[0]
        session.play(role, plan[role])
    return session


def view_text(case: Case, session: Session, role: str | None) -> str:
    """Everything ``role``'s view holds: the transcript, the meters and the flags."""
    view = session.view(role)
    meters = [f"{r.label} {r.slot} {r.value} {r.band}" for r in view.snapshot.meters]
    slots = [e.data["slot"] for e in view.log if e.kind == "effect"]
    return "\n".join(
        [*transcript(case, view.log, viewer=role), *meters, *slots, str(dict(view.snapshot.flags))]
    )


def assert_no_leak(text: str, role: str | None, *, where: str) -> None:
    for marker, allowed in SECRETS.items():
        if role is None or role not in allowed:
            assert marker not in text, f"{marker!r} leaked into {where} of {role}"


# ------------------------------------------------------------------ the engine


def test_each_role_sees_its_own_secrets_and_no_one_elses(case: Case) -> None:
    session = played(case)
    for role in (*ROLES, None):
        text = view_text(case, session, role)
        assert_no_leak(text, role, where="the view")
        assert "reserves.cadra" not in text or role == "cadra"
    alba, boren, cadra = (view_text(case, session, r) for r in ROLES)
    assert "SECRET-MOVE" in alba and "ALBA-NARRATIVE" in alba
    assert "SECRET-INJECT" in boren and "INJECT-PART" in boren and "PAIR-NARRATIVE" in boren
    assert "Move gold quietly" in cadra and "PAIR-NARRATIVE" in cadra
    assert "Alba made a private move." in boren and "Alba made a private move." in cadra
    assert "Cadra made a private move." in alba


def test_a_meter_shown_as_a_band_never_gives_its_number(case: Case) -> None:
    session = played(case)
    true = {r.slot: r.value for r in session.snapshot().meters}
    boren = {r.slot: r for r in session.view("boren").snapshot.meters}
    assert boren["support.boren"].band == "" and boren["support.boren"].value == true["support.boren"]
    seen = boren["support.alba"]
    assert seen.band in ("low", "steady", "high")
    assert seen.value == {"low": 0, "steady": 4, "high": 7}[seen.band]  # the band's floor, not the number
    assert "reserves.alba" not in boren and "reserves.cadra" not in boren  # owner-only: not even a band


def test_every_event_carries_its_audience_and_the_full_log_keeps_everything(case: Case) -> None:
    session = played(case)
    log = session.log
    private = [e for e in log if e.audience is not None]
    assert {e.kind for e in private} == {"move", "inject", "effect"}
    assert all(e.data["audience"] == sorted(e.data["audience"]) for e in private)
    moves = [e for e in log if e.kind == "move" and e.data["move"] == "whisper_withdrawal"]
    assert moves and all(e.audience == {"alba"} for e in moves)
    # the full log is the one record: it folds, scores and replays as before
    again = Session.replay(case, [Event.from_dict(e.to_dict()) for e in log])
    assert dump_log(again.log) == dump_log(log)
    assert debrief(case, log) == debrief(case, again.log)


def test_flags_in_a_view_follow_only_the_events_the_role_saw(case: Case) -> None:
    session = played(case)
    assert session.snapshot().flags["deal"] is True
    assert session.view("alba").snapshot.flags["deal"] is True
    assert session.view("boren").snapshot.flags["deal"] is False


def test_a_case_without_audiences_logs_and_views_as_before() -> None:
    case = load_case(MINIMAL)
    session = Session(case, seed=5)
    assert not any("audience" in e.data for e in session.log)
    for role in case.roles:
        view = session.view(role)
        assert view.log == session.log and view.snapshot == session.snapshot()
    # an old log (no audience anywhere) is public: every role, and the public, see all of it
    assert view_log(session.log, None) == session.log


def test_an_unknown_role_has_no_view(case: Case) -> None:
    with pytest.raises(ValueError, match="unknown role 'zed'"):
        played(case).view("zed")


# ------------------------------------------------------------------ the reveal and the reports


def test_the_reveal_lists_each_secret_in_its_owners_column(case: Case) -> None:
    session = played(case)
    rounds = reveal(case, session.log)
    first = rounds[0].cells
    assert any("SECRET-MOVE" in t for t in first["alba"].did)
    assert any("SECRET-INJECT" in t for t in first["boren"].knew)
    assert any(t.startswith("Gold reserves: ") for t in first["cadra"].knew)  # its own, by its label
    assert any("Move gold quietly (private)" in t for t in first["cadra"].did)
    assert not any("SECRET" in t for t in (*first["cadra"].did, *first["cadra"].knew))
    text = "\n".join(reveal_lines(case, rounds, 80))
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "SECRET-MOVE" in text and "SECRET-INJECT" in text and "Gold reserves" in text
    minimal = load_case(MINIMAL)
    assert reveal(minimal, Session(minimal).log) == ()


def test_a_role_report_holds_only_what_the_role_saw_and_the_full_one_everything(case: Case) -> None:
    session = played(case)
    result = debrief(case, session.log)
    full = build_report(case, session.log, result)
    full_md = markdown(full)
    full_html = html(full, case, session.log)
    for marker in SECRETS:
        assert marker in full_md, marker
    assert "What each side knew" in full_md and "What each side knew" in full_html
    for role in ROLES:
        better = work_out(case, session.log, own_debrief(result, role), rollouts=3)
        mine = build_report(case, session.log, result, better, viewer=role)
        md = markdown(mine)
        page = html(mine, case, session.log)
        assert_no_leak(md, role, where="the Markdown report")
        assert_no_leak(page, role, where="the HTML report")
        assert_no_leak(aar_markdown(mine), role, where="the after-action report")
        assert "What each side knew" not in md and "What each side knew" not in page
        others = [p.name for p in result.players if p.role != role]
        assert not any(f"## {name}" in md for name in others)  # only the player's own score


# ------------------------------------------------------------------ the store: kill and resume


def test_after_kill_and_resume_from_the_store_each_view_is_the_same(case: Case, tmp_path: Path) -> None:
    session = Session(case, seed=3, humans=list(ROLES))
    with Store.open(tmp_path) as store:
        game = Autosave.start(store, session)
        game.play("alba", "whisper_withdrawal")
        game.play("boren", "hold")
        before = {r: session.view(r) for r in ROLES}
        session_id = game.id
    # the process dies here; a new one opens the store
    with Store.open(tmp_path) as store:
        resumed = Autosave.resume(store, session_id, case).session
        for role in ROLES:
            assert resumed.view(role) == before[role]
            assert_no_leak(view_text(case, resumed, role), role, where="the resumed view")
        saved = store.load(session_id)
        assert [e.to_dict() for e in saved.events] == [e.to_dict() for e in session.log]


def test_report_view_and_run_view_on_the_command_line(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    with Store.open(tmp_path) as store:
        game = Autosave.start(store, Session(case, seed=3, humans=list(ROLES)))
        plan = {"alba": "whisper_withdrawal", "boren": "hold", "cadra": "hoard"}
        while not game.session.over:
            role = game.session.waiting_for[0]
            game.play(role, plan[role])
        session_id = game.id
    for fmt in ("md", "html", "json"):
        assert main(["report", str(session_id), "--format", fmt]) == 0
        full = capsys.readouterr().out
        assert "SECRET-MOVE" in full and "SECRET-INJECT" in full
        for role in ROLES:
            assert main(["report", str(session_id), "--format", fmt, "--view", role]) == 0
            assert_no_leak(capsys.readouterr().out, role, where=f"parley report --format {fmt} --view")
    assert main(["report", str(session_id), "--view", "zed"]) == 1
    assert "'zed' is not a role" in capsys.readouterr().err

    moves = tmp_path / "three.moves"
    moves.write_text("alba: whisper_withdrawal\nboren: hold\ncadra: hoard\n" * 3, encoding="utf-8")
    for role in ROLES:
        assert main(["run", str(PRIVATE), "--moves", str(moves), "--view", role]) == 0
        out = capsys.readouterr().out
        assert_no_leak(out, role, where="parley run --view")
        assert "saw it" in out
        assert main(["run", str(PRIVATE), "--moves", str(moves), "--view", role, "--json"]) == 0
        lines = capsys.readouterr().out.splitlines()
        events = [json.loads(line) for line in lines[:-1]]
        assert all(role in e.get("audience", [role]) for e in events)
        assert json.loads(lines[-1])["view"] == role
        assert [p["role"] for p in json.loads(lines[-1])["debrief"]["players"]] == [role]
    assert main(["run", str(PRIVATE), "--moves", str(moves)]) == 0
    full = capsys.readouterr().out
    assert "SECRET-MOVE" in full and "[private: Alba]" in full


# ------------------------------------------------------------------ the authoring guide's example


def test_the_guides_worked_example_loads_and_its_two_messages_are_the_ones_shown() -> None:
    path = HERE.parent / "docs" / "examples" / "sluice-private.yaml"
    text = path.read_text(encoding="utf-8")
    assert load_case(path).private
    reading = text.replace(
        "when: fired.reservoirs_low >= 1 and escalation < 7", "when: support.brenna <= 4 and escalation < 7"
    )
    (found,) = check_case_text(reading, "sluice-private.yaml")
    assert found.code == "private-read" and found.column == 15
    assert (
        "the policy of 'halvard' reads 'support.brenna', but 'halvard' sees 'support.brenna' only as a band"
        in found.message
    )
    replying = text.replace(
        "    audience: brenna_halvard\n",
        "    audience: brenna_halvard\n"
        "    replies:\n      - role: lioma\n        text: Lioma offers a lodge.\n",
        1,
    )
    (found,) = check_case_text(replying, "sluice-private.yaml")
    assert found.message == "'lioma' replies to move 'quiet_envoy', but does not see it played by 'brenna'"


def test_format_2_names_and_history_read_only_what_the_role_sees() -> None:
    """A timer shown to some roles, and the history of a private move, are refused to the others."""
    text = (HERE / "cases" / "format2" / "quarantine.yaml").read_text(encoding="utf-8")
    assert "      - move: mediate\n" in text and "    starts: [ultimatum]\n" in text
    reading = text.replace(
        "      - move: mediate\n",
        "      - move: mediate\n        when: timer.ultimatum > 0 or count(issue_ultimatum, north) > 0\n",
    ).replace("    starts: [ultimatum]\n", "    starts: [ultimatum]\n    audience: actor\n")
    found = check_case_text(reading, "quarantine.yaml")
    assert [(d.code, d.column) for d in found] == [("private-read", 15), ("private-read", 38)]
    assert "timer 'ultimatum' is not shown to 'broker'" in found[0].message
    assert (
        "reads 'count(issue_ultimatum, north)', but move 'issue_ultimatum' played by 'north'"
        in found[1].message
    )


def test_a_timer_shown_to_some_roles_is_in_their_views_only() -> None:
    case = load_case(HERE / "cases" / "format2" / "quarantine.yaml")
    session = Session(case, seed=1, humans=["north", "south"])
    for _ in range(8):
        if session.over or "north" not in session.waiting_for:
            break
        if any(o.move.id == "issue_ultimatum" and o.open for o in session.options("north")):
            session.play("north", "issue_ultimatum")
            break
        session.play("north", next(o.move.id for o in session.options("north") if o.open))
        if session.waiting_for == ("south",):
            session.play("south", next(o.move.id for o in session.options("south") if o.open))
    assert [t.timer for t in session.snapshot().timers] == ["ultimatum"]
    assert [t.timer for t in session.view("south").snapshot.timers] == ["ultimatum"]
    assert session.view("broker").snapshot.timers == ()
    assert not any(e.kind == "timer" for e in session.view("broker").log)
