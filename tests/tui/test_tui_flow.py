"""Pilot tests: the sample case from the library to the debrief, alone and as a hot-seat table.

Every step asserts what is on screen, through the same factory the command line uses.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from tui_support import SEED, SIMULTANEOUS, SIZE, make_app, press, screen_text, shown, stack_text, sync

from tui.app import ParleyApp
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.handoff import HandoffScreen
from tui.screens.library import LibraryScreen
from tui.screens.play import PlayScreen
from tui.screens.reveal import RevealScreen
from tui.screens.setup import SetupScreen
from tui.widgets.choice import Choice
from tui.widgets.moves import MovePicker

VELMAR_PRIVATE = "You must keep the port open"
KEST_PRIVATE = "You want the rival consortium out of Port Velm"
NORLAND_PRIVATE = "You can convene but not compel"
PRIVATE = {"velmar": VELMAR_PRIVATE, "kest": KEST_PRIVATE, "norland": NORLAND_PRIVATE}
# Move labels only one role's move list shows (never played in these tests, so never in the public log).
ONLY_IN_MOVE_LIST = {
    "velmar": "Cancel the lease",
    "kest": "Extend the naval exercise",
    "norland": "Set a time-bound goal",
}


# A short road to a settlement, so the hot-seat game ends in a few rounds.
PREFERRED = (
    "open_backchannel",
    "phased_lease_review",
    "accept_phased_review",
    "invite_mediator",
    "offer_good_offices",
    "listen",
)


def first_open_number(screen: PlayScreen, avoid: tuple[str, ...] = (), prefer: tuple[str, ...] = ()) -> int:
    """The number of an open move: the first of ``prefer`` that is open, else the first open move
    not in ``avoid`` (else any open move)."""
    options = screen.query_one(MovePicker).options
    numbered = [(i, o) for i, o in enumerate(options, 1) if o.open]
    for move_id in prefer:
        for i, o in numbered:
            if o.move.id == move_id:
                return i
    preferred = [i for i, o in numbered if o.move.id not in avoid]
    return (preferred or [i for i, _ in numbered])[0]


async def open_sample_from_library(pilot: Pilot[int], app: ParleyApp) -> None:
    """Filter the library to the sample case and open it."""
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    await press(pilot, *"standoff")
    assert "The Harbour Standoff" in screen_text(app)
    titles = [e.info.title if e.info else "" for e in screen.shown]
    for _ in range(titles.index("The Harbour Standoff")):
        await press(pilot, "down")
    await press(pilot, "enter")
    assert isinstance(app.screen, SetupScreen)


@sync
async def test_library_lists_cases_and_the_first_error_of_a_broken_one() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "4 cases (1 cannot be played)" in text
        assert "The Harbour Standoff" in text
        assert "introductory · 15 min · 3 roles" in text
        assert "broken.yaml" in text
        await press(pilot, *"broken")
        text = screen_text(app)
        assert "The Harbour Standoff" not in text
        assert "cannot be played" in text
        assert "first" in text and "Line 2, column 1:" in text
        assert "Line 2, column 1: the case is missing the required keys" in stack_text(app)
        await press(pilot, "enter")  # a broken case cannot be opened
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await press(pilot, "escape")
        assert "The Harbour Standoff" in screen_text(app)


@sync
async def test_single_player_from_library_to_debrief(parley_home: Path) -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_sample_from_library(pilot, app)
        text = shown(app)
        assert "Set-up · The Harbour Standoff" in text
        assert str(SEED) in text
        assert "Played by the computer" in text and "Kestmark, Kingdom of Norland" in text

        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BriefingScreen)  # one player: no hand-off
        text = stack_text(app)
        for needle in (
            "The situation",
            "Your role: Republic of Velmar",
            VELMAR_PRIVATE,
            "Your interests",
            "Your red lines",
            "BATNA",
            "regional court",
        ):
            assert needle in text, needle

        await finish_briefing(pilot, app)
        assert isinstance(app.screen, PlayScreen)
        text = screen_text(app)
        assert "Coercive signal · round 1 of 3" in text and "Player 1 — Republic of Velmar" in text
        assert f"seed {SEED}" in text
        assert "Grey hulls on the horizon" in text
        assert "Escalation ladder" in text and "Trust" in text
        assert "1 Ask what the other side fears" in text
        assert "5 File with the regional court" in text
        assert "->" not in stack_text(app)  # no effect is shown before a move is played

        await press(pilot, "5")  # file with the regional court: effects follow, the move locks
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        text = stack_text(app)
        assert "New since your last move" in text
        assert "Republic of Velmar: File with the regional court" in text
        assert "Velmar's alternatives: 3 -> 6 (+3)" not in text  # beside the panes: the meters say it
        assert "▲3" in screen_text(app)
        await press(pilot, "l")  # the full log has every change
        assert "Velmar's alternatives: 3 -> 6 (+3)" in screen_text(app)
        await press(pilot, "escape")
        assert "locked: You have already filed with the court." in text
        await press(pilot, "5")  # locked: refused with the reason, nothing played
        await pilot.pause()
        assert app.table is not None
        moves = [e for e in app.table.session.log if e.kind == "move" and e.role == "velmar"]
        assert len(moves) == 1

        for _ in range(40):
            screen = app.screen
            if not isinstance(screen, PlayScreen) or screen.finished:
                break
            await press(pilot, str(first_open_number(screen, avoid=("cancel_lease", "mirror_exercise"))))
        assert isinstance(app.screen, PlayScreen)
        assert "The case has ended" in screen_text(app)
        await press(pilot, "enter")

        assert isinstance(app.screen, DebriefScreen)
        text = screen_text(app)
        assert "Outcome:" in text
        assert "Overall score" in text
        assert "Escalation control (×2)" in text
        assert "/100" in text
        assert "The decisions that mattered most" in stack_text(app)
        await press(pilot, "right")
        text = screen_text(app)
        assert "S  1  2" in text and "Escalation ladder" in text

        await press(pilot, "s")
        saved = list((parley_home / "reports").glob("harbour-standoff-seed4242-*.md"))
        assert len(saved) == 1
        assert saved[0].read_text(encoding="utf-8").startswith("# Debrief: The Harbour Standoff")
        assert "Report saved as" in screen_text(app)
        assert saved[0].name in stack_text(app) and str(saved[0].parent) in stack_text(app)
        await press(pilot, "s")  # saving again never overwrites
        await pilot.pause()
        assert len(list((parley_home / "reports").glob("*.md"))) == 2

        await press(pilot, "n")  # back to the library for another case
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def finish_briefing(pilot: Pilot[int], app: ParleyApp) -> None:
    """Press Enter through the briefing's pages until play begins."""
    for _ in range(10):
        if not isinstance(app.screen, BriefingScreen):
            return
        await press(pilot, "enter")
    raise AssertionError("the briefing never ended")


async def choose_players(pilot: Pilot[int], app: ParleyApp, count: int) -> None:
    """Set the number of players on the set-up screen by keyboard."""
    players = app.screen.query_one("#players", Choice)
    players.focus()
    for _ in range(count - 1):
        await press(pilot, "right")
    assert players.value == count


@sync
async def test_hot_seat_three_players_hides_private_text_at_every_hand_off() -> None:
    app = make_app(seed=SEED)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_sample_from_library(pilot, app)
        await choose_players(pilot, app, 3)
        text = screen_text(app)
        assert "Every role is played by a person" in text
        assert "Player 3" in text and "Kingdom of Norland" in text
        await press(pilot, "ctrl+s")

        handoffs: list[str] = []
        briefed: set[str] = set()
        for _ in range(200):
            screen = app.screen
            if isinstance(screen, DebriefScreen):
                break
            if isinstance(screen, HandoffScreen):
                role = screen.seat.role
                text = screen_text(app)
                name = app.table.case.roles[role].name  # type: ignore[union-attr]
                assert f"Pass the keyboard to {screen.seat.name} — {name}." in text
                assert "Press Enter when ready" in text
                everything = stack_text(app)
                for other in PRIVATE:
                    assert PRIVATE[other] not in everything, f"{other}'s briefing visible at a hand-off"
                    assert ONLY_IN_MOVE_LIST[other] not in everything, (
                        f"{other}'s moves visible at a hand-off"
                    )
                assert len(app.screen_stack) == 3  # default, library, hand-off: nothing else behind it
                handoffs.append(role)
                await press(pilot, "enter")
            elif isinstance(screen, BriefingScreen):
                role = screen.seat.role
                assert role not in briefed
                briefed.add(role)
                everything = stack_text(app)
                assert PRIVATE[role] in everything
                for other in PRIVATE.keys() - {role}:
                    assert PRIVATE[other] not in everything
                await finish_briefing(pilot, app)
            elif isinstance(screen, PlayScreen):
                role = screen.seat.role
                if screen.finished:
                    assert "Pass the keyboard" in screen_text(app) or "The case has ended" in screen_text(app)
                    await press(pilot, "enter")
                else:
                    assert screen.seat.name in screen_text(app)
                    number = first_open_number(screen, avoid=tuple(_never_played()), prefer=PREFERRED)
                    await press(pilot, str(number))
            else:
                raise AssertionError(f"unexpected screen {screen!r}")
            await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert briefed == {"velmar", "kest", "norland"}
        assert handoffs[:3] == ["velmar", "kest", "norland"]
        assert len(handoffs) >= 6
        text = screen_text(app)
        assert "Table score" in text
        for tab in ("Player 1 (Velmar)", "Player 2 (Kestmark)", "Player 3 (Norland)", "Meters"):
            assert tab in text


def _never_played() -> set[str]:
    return {"cancel_lease", "naval_exercise", "set_deadline", "mirror_exercise"}


@sync
async def test_simultaneous_rounds_collect_secret_moves_then_reveal() -> None:
    app = make_app(case=str(SIMULTANEOUS), seed=SEED, players=2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, HandoffScreen)
        await press(pilot, "enter")  # hand-off
        await finish_briefing(pilot, app)
        screen = app.screen
        assert isinstance(screen, PlayScreen) and screen.seat.role == "velmar"
        assert "secret moves" in screen_text(app)
        await press(pilot, "9")  # no such move: refused with a toast
        await pilot.pause(0.1)
        assert "There is no move 9" in screen_text(app)
        await press(pilot, "5")  # File with the regional court, in secret
        await pilot.pause()
        text = screen_text(app)
        assert "Your choice is sealed: File with the regional court" in text
        assert app.table is not None and not [e for e in app.table.session.log if e.kind == "move"]
        await press(pilot, "enter")
        assert isinstance(app.screen, HandoffScreen)
        everything = stack_text(app)
        assert "File with the regional court" not in everything  # the pending secret move is hidden
        assert "There is no move" not in everything  # no toast from the previous turn follows
        assert VELMAR_PRIVATE not in everything
        await press(pilot, "enter")
        await finish_briefing(pilot, app)
        screen = app.screen
        assert isinstance(screen, PlayScreen) and screen.seat.role == "kest"
        assert "File with the regional court" not in stack_text(app)
        await press(pilot, "2")  # Kestmark's second move
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        text = screen_text(app)
        assert "All choices are in" in text
        assert "Republic of Velmar: File with the regional court" in text
        assert "Kestmark:" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, HandoffScreen)
        assert app.screen.seat.role == "velmar"
