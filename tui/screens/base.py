"""What every Parley screen shares: extra help lines and command-palette entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.screen import Screen

if TYPE_CHECKING:
    from tui.screens.dialogs import QuitWarning

STYLES = Path(__file__).resolve().parent.parent / "styles"
"""The folder of TCSS files; each screen lists the ones it needs in ``CSS_PATH``."""


class ParleyScreen(Screen[None]):
    """A full, opaque screen of the app.

    ``KEYS_HELP`` lists keys handled by widgets rather than by the screen's ``BINDINGS`` (arrows
    in a list, Tab between fields) so the help screen can show them too. ``IN_PLAY`` says whether
    leaving from this screen abandons a case in progress.
    """

    KEYS_HELP: ClassVar[tuple[tuple[str, str], ...]] = (("Tab / Shift+Tab", "move the focus"),)
    IN_PLAY: ClassVar[bool] = False

    def on_resize(self) -> None:
        """Let the app cover the screen if the terminal became too small."""
        self.app.call_later(self.app.check_size)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        """The terminal may have shrunk while a dialog was open."""
        self.app.call_later(self.app.check_size)  # type: ignore[attr-defined]

    def quit_warning(self) -> QuitWarning | None:
        """What quitting from this screen would lose (beyond a case in play), or None."""
        return None

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Command-palette entries for this screen: (title, help, callback)."""
        return ()
