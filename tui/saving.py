"""The one place where the app plays moves: every move goes through the store before it is shown.

:class:`Saver` wraps a :class:`game.storage.Autosave`. Its :meth:`Saver.play` and
:meth:`Saver.play_policy` return a move's events only once they are committed to the database.
When saving fails (a full disk, a database locked by another program, a store that could not be
opened), the game is never lost: the move is played in memory, :attr:`Saver.problem` says what
went wrong, and the save is tried again at the next move (or by :meth:`Saver.retry`).

Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from game.errors import StorageError
from game.play.events import Event

if TYPE_CHECKING:  # game.storage is imported when a game is first saved, not when the app starts
    from game.play.session import Session
    from game.storage import Autosave, SessionInfo, Store

StoreSource = Callable[[], "Store"]
"""Returns the app's store, opening it if needed; raises :class:`StorageError` when it cannot."""


@dataclass(frozen=True, slots=True)
class _Held:
    """A secret choice of a simultaneous round, kept here until its round resolves."""

    role: str
    move: str
    by: str


class Saver:
    """A session whose moves are saved as they are played, or kept in memory while saving fails."""

    def __init__(
        self,
        session: Session,
        stores: StoreSource | None = None,
        *,
        autosave: Autosave | None = None,
        case_text: str | bytes | None = None,
        case_path: str | None = None,
    ) -> None:
        self.session = session
        self._stores = stores
        self.autosave = autosave
        self._case_text = case_text
        self._case_path = case_path
        self._held: list[_Held] = []
        self._held_saved = True  # whether every held choice is in the store
        self.problem: str | None = None
        """Why the last save failed; None while everything played is saved."""

    # ------------------------------------------------------------------ making one

    @classmethod
    def start(
        cls,
        session: Session,
        stores: StoreSource | None,
        *,
        case_text: str | bytes | None = None,
        case_path: str | None = None,
    ) -> Saver:
        """Save a new game (``stores=None`` keeps it in memory only); never raises for storage."""
        saver = cls(session, stores, case_text=case_text, case_path=case_path)
        saver.retry()
        return saver

    @classmethod
    def resumed(cls, autosave: Autosave, stores: StoreSource | None = None) -> Saver:
        """Go on with a game resumed or branched from the store."""
        return cls(autosave.session, stores, autosave=autosave)

    # ------------------------------------------------------------------ reading

    @property
    def enabled(self) -> bool:
        """Whether this game is meant to be saved at all (False for a game kept in memory on purpose)."""
        return self._stores is not None

    @property
    def id(self) -> int | None:
        """The stored session's id, once it has been saved."""
        return self.autosave.id if self.autosave is not None else None

    @property
    def saved(self) -> bool:
        """True when everything played so far is in the store."""
        return (
            self.autosave is not None
            and self.problem is None
            and self.autosave.unsaved == 0
            and self._held_saved
            and (not self.session.over or self.autosave.debrief is not None)
        )

    def status(self) -> str:
        """One short line for the screen: "saved · session 3", "not saved", or "" when not saving."""
        if not self.enabled:
            return ""
        if self.saved:
            return f"saved · session {self.id}"
        return "⚠ not saved"

    # ------------------------------------------------------------------ playing

    def play(self, role: str, move_id: str) -> tuple[Event, ...]:
        """Play a human move for ``role``; return its events once saved (or once saving has failed).

        Raises :class:`game.errors.MoveError` for a refused move (nothing is played or saved).
        """
        return self._play(role, move_id, "human")

    def play_policy(self, role: str) -> tuple[Event, ...]:
        """Let the policy choose for human ``role``; as :meth:`play`."""
        return self._play(role, "", "policy")

    def _play(self, role: str, move_id: str, by: str) -> tuple[Event, ...]:
        session = self.session
        start = len(session.log)
        autosave = self.autosave
        if autosave is None or self.problem is not None or not self._held_saved:
            # Not saved yet, or the last save failed: play in memory, then save everything at once.
            events = session.play(role, move_id) if by == "human" else session.play_policy(role)
            self._remember(role, move_id, by, events, stored=False)
            self.retry()
            return events
        try:
            events = autosave.play(role, move_id) if by == "human" else autosave.play_policy(role)
        except StorageError as err:
            events = session.events_since(start)  # the move was played; only saving it failed
            self._remember(role, move_id, by, events, stored=False)
            self.problem = str(err)
            return events
        self._remember(role, move_id, by, events, stored=True)
        return events

    def _remember(self, role: str, move_id: str, by: str, events: tuple[Event, ...], *, stored: bool) -> None:
        """Keep a secret choice until its round resolves (to save it again after a failure).

        ``stored`` says whether the store took the choice; once the round resolves, its events
        carry the choices and nothing is held.
        """
        if events:
            self._held.clear()
            self._held_saved = True
        else:
            self._held.append(_Held(role, move_id, by))
            self._held_saved = self._held_saved and stored

    def retry(self) -> bool:
        """Save whatever the store lacks; True when everything is saved now (or saving is off)."""
        if self._stores is None:
            return True
        from game.storage import Autosave

        try:
            if self.autosave is None:
                self.autosave = Autosave.start(
                    self._stores(), self.session, case_text=self._case_text, case_path=self._case_path
                )
                self._held_saved = not self._held
            else:
                self.autosave.save()
            if not self._held_saved:
                for held in self._held:
                    self.autosave.store.hold(self.autosave.id, held.role, held.move, held.by)
                self._held_saved = True
        except StorageError as err:
            self.problem = str(err)
            return False
        self.problem = None
        return True


def session_facts(info: SessionInfo) -> str:
    """A stored session's progress in one line: "round 3 · 5 moves · Ana, Bo · saved 2026-11-22 04:15"."""
    players = ", ".join(p.name for p in info.players) or "played by the computer"
    moves = f"{info.moves} move{'s' * (info.moves != 1)}"
    branch = f" · branch of session {info.parent_id}" if info.parent_id is not None else ""
    return f"round {info.round} · {moves} · {players}{branch} · saved {local_time(info.updated_at)}"


def local_time(stamp: str) -> str:
    """ "2026-11-22T03:15:00Z" (UTC, as stored) → "2026-11-22 04:15" in this computer's time zone."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"
