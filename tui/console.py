"""The facilitator's console (``parley console``): its own small app over a :class:`Desk`.

:func:`build_console_app` is the one factory, used by :func:`run_console` (the command line) and
the tests. The screens are in ``tui/screens/console*.py``; the tables, their summaries and the
way actions reach them are :mod:`game.instructor.desk`'s.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from game.case.model import Case
from game.instructor.desk import Desk, GuardedDesk
from tui.preferences import load_preferences
from tui.screens.base import STYLES
from tui.themes import THEMES, VARIABLE_DEFAULTS

REFRESH_SECONDS = 1.0
"""How often the console reads its tables again."""


class ConsoleApp(App[int]):
    """Every table of a case at a glance; one table opened to act on it."""

    TITLE = "Parley console"
    ENABLE_COMMAND_PALETTE = False  # the footer's room is for the facilitator's keys
    CSS_PATH = [STYLES / "base.tcss", STYLES / "console.tcss"]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        desk: Desk,
        *,
        title: str = "",
        open_code: str | None = None,
        refresh: float = REFRESH_SECONDS,
        case: Case | None = None,
    ) -> None:
        super().__init__()
        # the screens call the desk from worker threads: one call at a time, sessions copied out
        self.desk: Desk = desk if isinstance(desk, GuardedDesk) else GuardedDesk(desk)
        self.heading = title
        self.open_code = open_code
        self.case = case
        self.refresh_seconds = refresh
        for theme in THEMES:
            self.register_theme(theme)
        remembered = load_preferences().theme
        names = [theme.name for theme in THEMES]
        self.theme = remembered if remembered in names else names[0]

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Fallbacks for Parley's own theme variables."""
        return dict(VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        """The overview; with one table named, that table straight away."""
        from tui.screens.console import ConsoleScreen

        self.push_screen(
            ConsoleScreen(self.desk, self.heading, self.refresh_seconds, self.open_code, self.case)
        )


def build_console_app(
    desk: Desk,
    *,
    title: str = "",
    open_code: str | None = None,
    refresh: float = REFRESH_SECONDS,
    case: Case | None = None,
) -> ConsoleApp:
    """The console over ``desk``; ``open_code`` opens that table at once; ``case``, the case watched
    (its notes and comparison are at hand even before any table of it is open)."""
    return ConsoleApp(desk, title=title, open_code=open_code, refresh=refresh, case=case)


def run_console(
    desk: Desk, *, title: str = "", open_code: str | None = None, case: Case | None = None
) -> int:
    """Run the console in this terminal; the exit status."""
    app = build_console_app(desk, title=title, open_code=open_code, case=case)
    result = app.run()
    return app.return_code or (result if isinstance(result, int) else 0)
