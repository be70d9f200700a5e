"""The Parley app: app-wide keys, themes, quitting, help, the palette and the terminal-size guard.

:func:`build_app` is the one factory, used by :func:`run_app` (the command line) and the tests.
Which screen follows which is :mod:`tui.flow`'s business; saved games (the store, resuming,
replaying, branching) are :mod:`tui.resuming`'s.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from game.case.catalog import Listed, catalog
from game.case.library import open_case
from tui.messages import LibraryReady
from tui.preferences import load_preferences, remember
from tui.resuming import SessionsFlow
from tui.screens.base import STYLES, ParleyScreen
from tui.screens.dialogs import (
    MIN_HEIGHT,
    MIN_WIDTH,
    ConfirmQuitScreen,
    QuitWarning,
    TooSmallScreen,
    quit_in_play,
)
from tui.screens.library import LibraryLoader, LibraryScreen
from tui.themes import THEMES, TITLES, VARIABLE_DEFAULTS, next_theme

if TYPE_CHECKING:  # the session graph is imported when a game starts, not at start-up
    from game.case.model import Case


class ParleyApp(SessionsFlow):
    """The trainee's terminal app."""

    TITLE = "Parley"
    # The library's styles load at start-up; every other screen brings its own file when first shown.
    CSS_PATH = [STYLES / "base.tcss", STYLES / "library.tcss"]
    BINDINGS = [
        Binding(
            "ctrl+q", "request_quit", "Quit", tooltip="Quit Parley (asks first during a case)", priority=True
        ),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            key_display="?",
            tooltip="List every key of this screen",
            priority=True,
        ),
        Binding(
            "ctrl+t",
            "next_theme",
            "Theme",
            show=False,
            tooltip="Switch theme: dark, light, high contrast",
            priority=True,
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            tooltip="Open the command palette",
            priority=True,
        ),
    ]

    def __init__(
        self,
        *,
        case: Case | None = None,
        seed: int | None = None,
        players: int | None = None,
        load_library: LibraryLoader,
        resume: int | None = None,
        replay: int | None = None,
        choose_resume: bool = False,
        home: str | Path | None = None,
        join: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__()
        self.start_join = join
        self.start_case = case
        self.start_seed = seed
        self.start_players = players
        self.load_library = load_library
        self.start_resume = resume
        self.start_replay = replay
        self.start_choose_resume = choose_resume
        self.home = home
        self.table = None
        for theme in THEMES:
            self.register_theme(theme)
        remembered = load_preferences().theme
        names = [theme.name for theme in THEMES]
        # Set before the first styling pass, so styles are computed once.
        self.theme = remembered if remembered in names else names[0]

    def on_mount(self) -> None:
        """The library, and on top of it set-up for a given case, a resumed game, a replay, or the list
        of saved games to resume."""
        self.push_screen(LibraryScreen(self.load_library, self.unfinished_sessions))
        if self.start_case is not None:
            self.push_screen(self.setup_screen(self.start_case, self.start_seed, self.start_players))
        elif self.start_resume is not None:
            self.call_after_refresh(self.resume_session, self.start_resume)
        elif self.start_replay is not None:
            self.call_after_refresh(self.open_replay, self.start_replay)
        elif self.start_choose_resume:
            self.call_after_refresh(self.show_resume_list)
        elif self.start_join is not None:
            self.call_after_refresh(self.join_table, *self.start_join)
        self.call_after_refresh(self.check_size)

    def join_table(self, code: str, role: str, name: str, token: str = "") -> None:
        """Sit at table ``code`` as ``name`` playing ``role`` (the seat was taken by ``parley join``,
        which gave the rejoin ``token``)."""
        from game.errors import StorageError
        from tui.tables import TableSeat

        try:
            self.table = TableSeat.join(self.open_store(), code, role, name, token)
        except StorageError as err:
            self.notify(f"Table {code} cannot be opened: {err}", severity="error", timeout=30, markup=False)
            return
        self.advance()

    def on_library_ready(self, message: LibraryReady) -> None:
        """The library is on screen: now open the store and show the saved games waiting."""
        self.refresh_library()

    def on_unmount(self) -> None:
        """Close the database."""
        self.close_store()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Fallbacks for Parley's own theme variables."""
        return dict(VARIABLE_DEFAULTS)

    # ------------------------------------------------------------------ app-wide actions

    def _quit_warning(self) -> QuitWarning | None:
        """What to say before quitting now (saved or lost), or None when nothing needs saying."""
        screen = next((s for s in reversed(self.screen_stack) if isinstance(s, ParleyScreen)), None)
        if screen is None:
            return None
        table = self.table
        own = getattr(table, "quit_warning", None)  # a seat at a table: nothing is lost
        if screen.IN_PLAY and own is not None and not table.session.over:
            return own()  # type: ignore[no-any-return]
        if screen.IN_PLAY and table is not None and not table.session.over:
            if not table.saver.saved:
                table.saver.retry()  # say the truth as it is now: the store may be back
            return quit_in_play(table.saver)
        return screen.quit_warning()

    def action_request_quit(self) -> None:
        """Quit, asking first when something would be lost."""
        if self.leaving or isinstance(self.screen, ConfirmQuitScreen):
            return
        warning = self._quit_warning()
        if warning is None:
            self.exit(0)
            return

        def answer(quit_app: bool | None) -> None:
            """Quit if the person said so."""
            if quit_app:
                self.exit(0)

        self.clear_notifications()  # nothing may cover what the question says
        self.push_screen(ConfirmQuitScreen(warning.message, warning.stay, loss=warning.loss), answer)

    def action_help_quit(self) -> None:
        """Ctrl+C, which quits most terminal programs: say which key quits Parley (Textual's own
        answer names the key bound to ``quit``, and Parley's Ctrl+Q asks first instead)."""
        self.notify(
            "Press Ctrl+Q to quit Parley (during a case it asks first).", title="Do you want to quit?"
        )

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from tui.screens.help import HelpScreen, key_rows

        if self.leaving:
            return
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        screen = self.screen
        title = type(screen).__name__.removesuffix("Screen").lower() or "screen"
        self.push_screen(HelpScreen(title, key_rows(self, screen)))

    def action_next_theme(self) -> None:
        """Cycle dark → light → high contrast."""
        self.set_theme(next_theme(self.theme))

    def set_theme(self, name: str) -> None:
        """Switch theme, say which one is on, and remember it for the next start."""
        self.theme = name
        remember(theme=name)
        self.notify(f"Theme: {TITLES.get(name, name)}", timeout=2)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: this screen's actions, help, themes and quit."""
        if isinstance(screen, ParleyScreen):
            for title, help_text, callback in screen.commands():
                yield SystemCommand(title, help_text, callback)
        yield SystemCommand(
            "Saved games (sessions)",
            "Resume a game, reopen a debrief, replay, export a report",
            self.show_sessions,
        )
        yield SystemCommand("Keys: help for this screen", "List every key of this screen", self.action_help)
        for theme in THEMES:
            yield SystemCommand(
                f"Theme: {TITLES[theme.name]}", "Switch the colour theme", partial(self.set_theme, theme.name)
            )
        yield SystemCommand(
            "Quit Parley", "Leave the app (asks first if a case is in progress)", self.action_request_quit
        )

    # ------------------------------------------------------------------ terminal size

    def check_size(self) -> None:
        """Push or pop the too-small notice to match the terminal's size (screens call this when
        they are resized).

        A dialog opened over the notice (help, quit) stays usable: the notice is not pushed again
        above it.
        """
        if self.leaving:
            return
        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        stack = self.screen_stack
        on_top = isinstance(stack[-1], TooSmallScreen)
        under_dialog = (
            len(stack) > 1 and isinstance(stack[-1], ModalScreen) and isinstance(stack[-2], TooSmallScreen)
        )
        if small and not (on_top or under_dialog):
            self.push_screen(TooSmallScreen())
        elif not small and on_top:
            self.pop_screen()


def default_library(cases_dir: Path | None) -> LibraryLoader:
    """The library loader: built-in cases, plus those in ``cases_dir``."""

    def load() -> Sequence[Listed]:
        """List every case now (the library screen calls this when it opens): unchanged cases
        that validated before come from the library cache, anything else is checked in full."""
        return catalog(cases_dir)

    return load


def build_app(
    *,
    case: Case | str | None = None,
    seed: int | None = None,
    players: int | None = None,
    cases_dir: str | Path | None = None,
    load_library: Callable[[], Sequence[Listed]] | None = None,
    resume: int | None = None,
    replay: int | None = None,
    choose_resume: bool = False,
    home: str | Path | None = None,
    join: tuple[str, ...] | None = None,
) -> ParleyApp:
    """Build the app; ``case`` (a case, id or path) opens set-up for it straight away.

    ``resume`` continues a saved game, ``replay`` steps through a stored session, and
    ``choose_resume`` offers the list of unfinished games, each over the library. Games are saved
    in ``home`` (default ``$PARLEY_HOME``, else the user data directory). Raises
    :class:`game.errors.CaseError` when ``case`` cannot be loaded.
    """
    folder = Path(cases_dir) if cases_dir is not None else None
    if load_library is None:  # the real library: remember the folder, or use the one remembered
        if folder is not None:
            remember(case_folder=str(folder.resolve()))
        else:
            folder = load_preferences().remembered_folder()
    loaded = open_case(case) if isinstance(case, str) else case
    return ParleyApp(
        case=loaded,
        seed=seed,
        players=players,
        load_library=load_library or default_library(folder),
        resume=resume,
        replay=replay,
        choose_resume=choose_resume,
        home=home,
        join=join,
    )


def run_app(
    case: str | None = None,
    seed: int | None = None,
    players: int | None = None,
    cases_dir: str | None = None,
    resume: int | None = None,
    replay: int | None = None,
    choose_resume: bool = False,
    join: tuple[str, ...] | None = None,
) -> int:
    """Run the app in this terminal and return the exit status (what ``parley`` calls).

    ``resume=ID`` continues saved game ID (``parley resume ID``); ``choose_resume`` offers the list
    of unfinished games (``parley resume``); ``replay=ID`` steps through stored session ID
    (``parley replay ID``); ``join=(CODE, ROLE, NAME[, TOKEN])`` sits at a table (``parley join``).
    """
    from tui.hotseat import MAX_PLAYERS

    if players is not None and not 1 <= players <= MAX_PLAYERS:
        print(f"parley: --players must be from 1 to {MAX_PLAYERS}, not {players}", file=sys.stderr)
        return 2
    if seed is not None and seed < 0:
        print(f"parley: --seed must be 0 or more, not {seed}", file=sys.stderr)
        return 2
    if cases_dir is not None and not Path(cases_dir).is_dir():
        print(f"parley: --cases {cases_dir}: no such folder", file=sys.stderr)
        return 2
    app = build_app(  # CaseError: the command line reports it
        case=case,
        seed=seed,
        players=players,
        cases_dir=cases_dir,
        resume=resume,
        replay=replay,
        choose_resume=choose_resume,
        join=join,
    )
    result = app.run()
    return app.return_code or (result if isinstance(result, int) else 0)
