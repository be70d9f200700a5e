"""The messages screens and widgets post up to their parents and the app.

Attributes go down (a screen is given the session it shows); messages come up (a screen says what
the person did, and the app decides which screen comes next). Each message is a small dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from game.case.catalog import Listed as Entry
    from game.play.events import Event
    from tui.hotseat import Plan, Seat


@dataclass
class LibraryReady(Message):
    """The case library has loaded and is on screen."""

    count: int


@dataclass
class CaseChosen(Message):
    """A case was picked in the library."""

    entry: Entry


@dataclass
class SetupDone(Message):
    """The set-up screen has a plan: start the session."""

    plan: Plan


@dataclass
class OpenLibrary(Message):
    """Go (back) to the case library."""


@dataclass
class BackToSetup(Message):
    """Escape on a first briefing: back to set-up, if no player has moved yet."""


@dataclass
class KeyboardTaken(Message):
    """The named player confirmed the hand-off and has the keyboard."""

    seat: Seat


@dataclass
class BriefingRead(Message):
    """The player finished reading their briefing."""

    seat: Seat


@dataclass
class TurnOver(Message):
    """The player has seen what their move did; play goes on (or to the debrief)."""


@dataclass
class RoundResolved(Message):
    """The last secret choice of a simultaneous round is in: reveal what happened to everyone."""

    events: tuple[Event, ...]


@dataclass
class MoveChosen(Message):
    """A move was chosen in a move list (by number key, Enter or a click)."""

    move_id: str


@dataclass
class OpenResumeList(Message):
    """Show the saved, unfinished games to resume one."""


@dataclass
class BranchFrom(Message):
    """In a replay: start a new saved game from frame ``index`` of the stored session."""

    index: int


@dataclass
class OpenReplay(Message):
    """Step through stored session ``session_id`` move by move."""

    session_id: int


@dataclass
class OpenSessions(Message):
    """Show every saved game: unfinished, finished and abandoned."""


@dataclass
class OpenDebrief(Message):
    """Show the debrief of finished stored session ``session_id`` again."""

    session_id: int


@dataclass
class ExportReport(Message):
    """Write the report of stored session ``session_id`` (Markdown and HTML) to the reports folder."""

    session_id: int


@dataclass
class ResumeSession(Message):
    """Resume unfinished stored session ``session_id``."""

    session_id: int


@dataclass
class AbandonSession(Message):
    """Ask, then abandon unfinished stored session ``session_id``."""

    session_id: int
