"""The app and the session store: opening it, starting saved games, resuming, replaying, branching.

:class:`SessionsFlow` is mixed into the app above :class:`tui.flow.CaseFlow`. The store is opened
once, right after the library is drawn (or at once when the app starts on a saved session); a
damaged database that was moved aside is reported to the user, and a store that cannot be opened
at all leaves the app playing in memory and saying so. Every game is a
:class:`tui.saving.Saver`; resuming asks first when the case file changed (never replaying
silently on a different case).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.errors import ParleyError, StorageError
from tui.flow import CaseFlow
from tui.messages import (
    AbandonSession,
    BranchFrom,
    ExportReport,
    OpenDebrief,
    OpenReplay,
    OpenResumeList,
    OpenSessions,
    ResumeSession,
)
from tui.saving import Saver

if TYPE_CHECKING:
    from game.storage import Autosave, SessionInfo, Store
    from tui.hotseat import HotSeat, Plan
    from tui.screens.sessions import CaseChoice, ResumeAnswer


class SessionsFlow(CaseFlow):
    """The app's handlers for saved games."""

    home: str | Path | None = None
    """Where the store lives (None: ``$PARLEY_HOME`` or the user data directory)."""

    def __init__(self) -> None:
        super().__init__()
        self._store: Store | None = None
        self._store_problem: str | None = None  # told once; the store is tried again when needed
        self._damaged_told: set[int] = set()  # damaged sessions already told about

    # ------------------------------------------------------------------ the store

    def open_store(self) -> Store:
        """The store, opened on first use; raises :class:`StorageError` when it cannot be opened."""
        if self._store is None:
            from game.storage import Store

            store = Store.open(self.home)
            self._store = store
            self._store_problem = None
            if store.recovery is not None:
                self.notify(
                    store.recovery.message().capitalize() + ".",
                    title="The saved games could not be read",
                    severity="warning",
                    timeout=30,
                    markup=False,
                )
            if store.read_only is not None:
                self.notify(
                    f"Saving is off: {store.read_only}. Saved games can be replayed and reported; "
                    "new moves are kept in memory only.",
                    title="The saved games are read-only",
                    severity="warning",
                    timeout=30,
                    markup=False,
                )
        return self._store

    def close_store(self) -> None:
        """Close the database (the app is leaving)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def _still_played(self, store: Store, session_id: int, what: str) -> bool:
        """True, after saying why, when ``session_id`` is a table still in play (``parley host``),
        or a game another process is playing now (:mod:`game.storage.holds`): its replay or report
        would show every seat's private moves and the debrief's notes to whoever opens it, while
        its players are still at it."""
        from game.storage import Status

        try:
            code = store.table_of(session_id)
            playing = code is not None and store.info(session_id).status is Status.PLAYING
        except StorageError:
            return False  # the replay or report says what is wrong with it
        if playing:
            self.notify(
                f"Session {session_id} is played at table {code} right now, and its {what} would show "
                f"every seat's private moves. The facilitator follows it with `parley console {code}`; "
                "it can be replayed and reported once it is over.",
                title="Not while the table is in play",
                severity="warning",
                timeout=15,
                markup=False,
            )
            return True
        from game.storage.holds import held_elsewhere

        if held_elsewhere(store.path, session_id):  # a game on another screen (`parley serve`)
            self.notify(
                f"Session {session_id} is being played in another window right now, and its {what} "
                "would show what its players keep from each other. It can be replayed and reported "
                "once it is over, or once that window is closed.",
                title="Not while it is played",
                severity="warning",
                timeout=15,
                markup=False,
            )
            return True
        return False

    def _store_or_tell(self) -> Store | None:
        """The store, or None after telling the user (once) why games cannot be saved."""
        try:
            return self.open_store()
        except StorageError as err:
            if self._store_problem != str(err):
                self._store_problem = str(err)
                self.notify(
                    f"Games cannot be saved: {err}. You can still play; Parley tries again at each move.",
                    title="Saving is off",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            return None

    def unfinished_sessions(self) -> list[SessionInfo]:
        """Saved games that can be resumed, most recent first (none when the store cannot be opened);
        a game another process is playing now is not offered (:mod:`game.storage.holds`)."""
        store = self._store_or_tell()
        if store is None:
            return []
        from game.storage.holds import held_elsewhere

        try:
            found = [s for s in store.unfinished() if not held_elsewhere(store.path, s.id)]
            for session_id, what in sorted(store.damaged.items()):  # each told once
                if session_id not in self._damaged_told:
                    self._damaged_told.add(session_id)
                    self.notify(
                        f"Session {session_id} is damaged ({what}); it was skipped.",
                        severity="warning",
                        markup=False,
                    )
            return found
        except StorageError as err:
            self.notify(f"Could not list the saved games: {err}", severity="error", markup=False)
            return []

    # ------------------------------------------------------------------ new games

    def start_table(self, plan: Plan) -> HotSeat:
        """A new game of ``plan``, saved as it is played."""
        from tui.hotseat import new_session

        saver = Saver.start(new_session(plan), self.open_store, case_path=str(plan.case.path))
        if saver.problem and saver.problem != self._store_problem:  # not told already
            self.notify(
                f"This game cannot be saved: {saver.problem}. Play on: Parley tries again at each move.",
                title="Not saved",
                severity="error",
                timeout=15,
                markup=False,
            )
        from tui.hotseat import HotSeat

        return HotSeat(plan, saver)

    def discard_table(self, table: HotSeat) -> None:
        """Abandon the saved copy of a game nobody moved in (it stays listed, never resumed)."""
        saver = table.saver
        if saver.id is None or self._store is None:
            return
        with contextlib.suppress(StorageError):  # else it stays unfinished, offered to resume
            self._store.abandon(saver.id)
        self.refresh_library()

    def _go_on(self, make: Callable[[], Autosave], done: str) -> None:
        """Continue the stored game ``make`` returns: hand-off (in hot-seat) or play, where it stopped.

        ``done`` is what to tell the user then; ``{id}`` in it is the game's session id.
        """
        try:
            autosave = make()
        except (StorageError, ParleyError) as err:
            self.notify(str(err), title="Cannot continue", severity="error", timeout=15, markup=False)
            return
        from tui.hotseat import HotSeat

        self.table = HotSeat.resumed(Saver.resumed(autosave, self.open_store))
        self.notify(done.format(id=autosave.id), timeout=4, markup=False)
        self.advance()

    # ------------------------------------------------------------------ resuming

    def on_open_resume_list(self, message: OpenResumeList) -> None:
        """The library asked for the list of saved games."""
        self.show_resume_list()

    def show_resume_list(self) -> None:
        """Offer the unfinished games (or say there are none)."""
        from tui.screens.sessions import ResumeScreen

        if self.leaving:
            return
        sessions = self.unfinished_sessions()
        if not sessions:
            self.notify("There is no unfinished game to resume.", timeout=5)
            return
        self.push_screen(ResumeScreen(sessions), self._resume_answer)

    def _resume_answer(self, answer: ResumeAnswer | None) -> None:
        from tui.screens.sessions import ConfirmAbandonScreen

        if answer is None:
            return
        if answer.action == "resume":
            self.resume_session(answer.session_id)
            return
        info = next((s for s in self.unfinished_sessions() if s.id == answer.session_id), None)
        if info is None:
            return

        def confirmed(abandon: bool | None) -> None:
            """Abandon if confirmed, then show the list again."""
            if abandon:
                self.abandon_session(answer.session_id)
            if self.unfinished_sessions():
                self.show_resume_list()

        self.push_screen(ConfirmAbandonScreen(info), confirmed)

    def resume_session(self, session_id: int) -> None:
        """Resume a saved game where it stopped, asking first if its case file is not the same."""
        from game.storage import Autosave, CaseState, check_resume
        from tui.screens.sessions import CaseChangedScreen

        store = self._store_or_tell()
        if store is None or self.leaving:
            return
        try:
            check = check_resume(store, session_id)
        except StorageError as err:
            self.notify(str(err), title="Cannot resume", severity="error", timeout=15, markup=False)
            return
        done = f"Session {session_id} resumed where it stopped (round {check.saved.info.round})."
        if check.state is CaseState.SAME:
            self._go_on(lambda: Autosave.resume(store, session_id, check.current), done)
            return

        def answer(choice: CaseChoice | None) -> None:
            """Go on on the stored case, abandon, or do nothing."""
            if choice == "stored":
                self._go_on(lambda: Autosave.resume(store, session_id), done + " On the stored case.")
            elif choice == "abandon":
                self.abandon_session(session_id)

        self.push_screen(CaseChangedScreen(session_id, check), answer)

    def abandon_session(self, session_id: int) -> None:
        """Mark a saved game abandoned (kept and listed, never resumed) and refresh the library;
        not a game another process is playing now (its player would lose every move after)."""
        from game.storage.holds import held_elsewhere

        store = self._store_or_tell()
        if store is None:
            return
        if held_elsewhere(store.path, session_id):
            self.notify(
                f"Session {session_id} is being played in another window right now: it is abandoned "
                "there, or once that window is closed.",
                title="Cannot abandon",
                severity="error",
                markup=False,
            )
            return
        try:
            store.abandon(session_id)
        except StorageError as err:
            self.notify(str(err), title="Cannot abandon", severity="error", markup=False)
            return
        self.notify(f"Session {session_id} abandoned. `parley sessions` still lists it.", markup=False)
        self.refresh_library()

    def refresh_library(self) -> None:
        """Bring the library's list of saved games up to date."""
        from tui.screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.refresh_sessions()

    # ------------------------------------------------------------------ replaying

    def on_open_replay(self, message: OpenReplay) -> None:
        """Step through a stored session."""
        self.open_replay(message.session_id)

    def open_replay(self, session_id: int) -> None:
        """Show the replay of stored session ``session_id`` (or say why it cannot be shown)."""
        from game.storage import open_replay
        from tui.screens.replay import ReplayScreen

        store = self._store_or_tell()
        if store is None or self.leaving or self._still_played(store, session_id, "replay"):
            return
        try:
            cursor = open_replay(store, session_id)
        except (StorageError, ParleyError) as err:
            self.notify(str(err), title="Cannot replay", severity="error", timeout=15, markup=False)
            return
        self.table = None
        self.replace_screen(ReplayScreen(cursor, session_id))
        self.check_size()

    def on_branch_from(self, message: BranchFrom) -> None:
        """Start a new saved game from a frame of the replay on screen."""
        from game.storage import Autosave
        from tui.screens.replay import ReplayScreen

        screen = self.screen
        store = self._store_or_tell()
        if store is None or not isinstance(screen, ReplayScreen):
            return
        source = screen.session_id
        cursor = screen.cursor
        self._go_on(
            lambda: Autosave.branch(store, source, cursor, message.index),
            f"New game saved as session {{id}}, branched from session {source} at move {message.index}.",
        )

    # ------------------------------------------------------------------ the sessions screen

    def all_sessions(self) -> list[SessionInfo]:
        """Every saved game (none when the store cannot be opened)."""
        store = self._store_or_tell()
        if store is None:
            return []
        try:
            return store.sessions()
        except StorageError as err:
            self.notify(f"Could not list the saved games: {err}", severity="error", markup=False)
            return []

    def on_open_sessions(self, message: OpenSessions) -> None:
        """Show every saved game."""
        self.show_sessions()

    def show_sessions(self) -> None:
        """The sessions screen, over the library (or in place of the screen on show)."""
        from tui.screens.sessions import SessionsScreen

        if self.leaving:
            return
        screen = self.screen
        if isinstance(screen, SessionsScreen):
            screen.show(self.all_sessions())
            return
        if self.table is not None and not self.table.session.over:
            self.notify("Finish or leave this game first: the saved games open from the library.", timeout=5)
            return
        self.table = None
        self.replace_screen(SessionsScreen(self.all_sessions()))
        self.check_size()

    def _refresh_sessions_screen(self) -> None:
        from tui.screens.sessions import SessionsScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionsScreen):
                screen.show(self.all_sessions())

    def on_resume_session(self, message: ResumeSession) -> None:
        """The sessions screen asked to resume a game."""
        self.resume_session(message.session_id)

    def on_abandon_session(self, message: AbandonSession) -> None:
        """Ask, then abandon; the sessions screen is brought up to date."""
        from tui.screens.sessions import ConfirmAbandonScreen

        info = next((s for s in self.unfinished_sessions() if s.id == message.session_id), None)
        if info is None:
            return

        def confirmed(abandon: bool | None) -> None:
            """Abandon if confirmed."""
            if abandon:
                self.abandon_session(message.session_id)
                self._refresh_sessions_screen()

        self.push_screen(ConfirmAbandonScreen(info), confirmed)

    def on_open_debrief(self, message: OpenDebrief) -> None:
        """Show a finished game's debrief again, from the store."""
        from game.play.session import Session
        from game.storage import Autosave
        from tui.hotseat import HotSeat
        from tui.screens.debrief import DebriefScreen

        store = self._store_or_tell()
        if store is None or self.leaving:
            return
        try:
            saved = store.load(message.session_id)
            session = Session.replay(saved.stored_case(), saved.events)
        except (StorageError, ParleyError, ValueError) as err:
            self.notify(str(err), title="Cannot open the debrief", severity="error", timeout=15, markup=False)
            return
        autosave = Autosave(store, message.session_id, session, len(saved.events))
        autosave.debrief = saved.debrief
        self.table = HotSeat.resumed(Saver.resumed(autosave, self.open_store))
        self.replace_screen(DebriefScreen(self.table))
        self.check_size()

    def on_export_report(self, message: ExportReport) -> None:
        """Write a stored game's report, Markdown and HTML, and say where."""
        from tui.reports import export_session

        store = self._store_or_tell()
        if store is None or self._still_played(store, message.session_id, "report"):
            return
        try:
            paths = export_session(store, message.session_id)
        except (StorageError, ParleyError, OSError) as err:
            self.notify(
                str(err), title="Cannot export the report", severity="error", timeout=15, markup=False
            )
            return
        shown_on = getattr(self.screen, "exported", None)
        if callable(shown_on):
            shown_on(paths)  # the screen shows the file names whole, where they cannot be cut
        self.notify(
            f"Session {message.session_id}: Markdown and HTML, in the reports folder.",
            title="Report exported",
            timeout=6,
            markup=False,
        )
