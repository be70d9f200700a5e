"""Helpers for the terminal-app tests: the fixture library, the app factory and screen text."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections.abc import Callable, Coroutine
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static

from game.case.catalog import CaseInfo, Listed
from game.case.library import builtin_dir
from game.case.loader import load_case
from game.errors import CaseError
from tui.app import ParleyApp, build_app

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "cases"
SAMPLE = builtin_dir() / "harbour-standoff.yaml"
SIMULTANEOUS = FIXTURES / "harbour-simultaneous.yaml"
MARKUP = FIXTURES / "markup-harbour.yaml"
BROKEN = FIXTURES / "broken.yaml"
SIZE = (80, 24)
SEED = 4242


def fixture_library() -> list[Listed]:
    """A fixed library (the sample and three fixtures), so screens do not change when cases are added."""
    entries = []
    for path in (SAMPLE, SIMULTANEOUS, MARKUP, BROKEN):
        try:
            entries.append(Listed(path, CaseInfo.of(load_case(path)), ()))
        except CaseError as err:
            entries.append(Listed(path, None, err.diagnostics))
    return entries


def make_app(**kwargs: object) -> ParleyApp:
    """The app, through the same factory as ``run_app``, on the fixture library."""
    kwargs.setdefault("load_library", fixture_library)
    return build_app(**kwargs)  # type: ignore[arg-type]


def screen_text(app: App[object]) -> str:
    """What the terminal shows now: the rendered lines of the top screen (dialogs included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_text(widget: Widget) -> str:
    """Every piece of text a widget holds, whether or not it is drawn now."""
    parts = [str(widget.border_title or ""), str(widget.border_subtitle or "")]
    if isinstance(widget, Static):
        parts.append(str(widget.content))
    elif isinstance(widget, OptionList):
        parts.extend(str(option.prompt) for option in widget.options)
    elif isinstance(widget, Input):
        parts.append(widget.value)
    elif isinstance(widget, Button):
        parts.append(str(widget.label))
    else:
        # A widget that cannot render on its own holds no text of its own.
        with contextlib.suppress(Exception):
            parts.append(str(widget.render()))
    return "\n".join(p for p in parts if p)


def stack_text(app: App[object]) -> str:
    """The text of every widget on every screen in the stack, plus what is drawn on top."""
    chunks = [screen_text(app)]
    for screen in app.screen_stack:
        chunks.extend(widget_text(w) for w in screen.walk_children(with_self=False))
    return "\n".join(chunks)


def current(app: App[object]) -> Screen[object]:
    """The screen on top."""
    return app.screen


def sync(test: Callable[..., Coroutine[object, object, None]]) -> Callable[..., None]:
    """Run an async test with ``asyncio.run`` (the project has no async pytest plugin)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


_BOX = re.compile(r"[│╭╮╰╯─━╍▔▁▎▊║╔╗╚╝═▇▆▅▄▃▂█]+")


def shown(app: App[object]) -> str:
    """The screen's text with borders removed and lines joined: phrases wrapped over lines still match."""
    return " ".join(_BOX.sub(" ", screen_text(app)).split())


def top_text(app: App[object]) -> str:
    """The text of the widgets of the top screen only (a dialog without what shows behind it)."""
    return "\n".join(widget_text(w) for w in app.screen.walk_children(with_self=False))


async def press(pilot: Pilot[int], *keys: str) -> None:
    """Press keys one at a time, letting the app settle (and redraw) after each."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
