"""Format version 2 on the play screen: answering an offer from the menu; a quiet inject has no banner."""

from __future__ import annotations

from pathlib import Path

from tui_support import SIZE, make_app, press, shown, stack_text, sync

from tui.screens.play import PlayScreen

QUARANTINE = Path(__file__).resolve().parents[1] / "cases" / "format2" / "quarantine.yaml"


async def _to_play(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "ctrl+s")
    for _ in range(6):
        if isinstance(app.screen, PlayScreen):
            return
        await press(pilot, "enter")
    assert isinstance(app.screen, PlayScreen)


@sync
async def test_an_offer_is_answered_from_the_menu_and_the_clock_inject_is_quiet() -> None:
    app = make_app(case=str(QUARANTINE), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _to_play(pilot, app)
        assert "BREAKING" not in shown(app)  # the quiet clock inject of round 1 has no banner
        assert "Withdraw the ultimatum" not in shown(app)  # hidden until an ultimatum runs
        await press(pilot, "1")  # Table the ceasefire package; Sudmark (the computer) counters
        text = stack_text(app)  # in the move list (five rows show at 80×24; the rest scroll)
        assert "Accept: Ceasefire package" in text and "Reject: Ceasefire package" in text
        await press(pilot, "6")  # Accept: the fifth listed move is Wait, answers follow
        assert "Nordland accepts the Ceasefire package" in stack_text(app)
        assert "The Ceasefire package is agreed" in stack_text(app)
        assert "BREAKING: Another day gone" not in stack_text(app)


LOCKED = Path(__file__).resolve().parents[1] / "cases" / "locked.yaml"


@sync
async def test_the_locked_list_names_the_part_of_a_compound_condition_that_fails() -> None:
    app = make_app(case=str(LOCKED), seed=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _to_play(pilot, app)
        text = shown(app)
        assert "Hold fire — locked: needs: Kestmark has pledged not to invade" in text
        assert "Open talks — locked: needs Trust ≥ 4 (now 2)" in text
        assert "Simple — locked: Only with deep trust." in text  # one clause: the author's words


@sync
async def test_the_highlighted_answer_describes_the_terms_on_the_table_now() -> None:
    """Sudmark counters the ceasefire package with inspectors: the highlighted Accept says what is
    on the table now, inspectors included, not the proposal's first text."""
    app = make_app(case=str(QUARANTINE), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _to_play(pilot, app)
        await press(pilot, "1")  # Table the ceasefire package; Sudmark (the computer) counters
        for _ in range(6):  # down to the sixth listed move, "Accept: Ceasefire package"
            await press(pilot, "down")
        text = stack_text(app)
        assert "6. Accept the offer as it stands: Freeze both fleets; UN inspectors on the" in text
