"""Saved games: the sessions screen, and dialogs (games to resume, a case file that changed, abandoning).

:class:`SessionsScreen` lists every saved game, unfinished ones first; from it a game is resumed,
a finished game's debrief reopened, any game replayed, and a report exported. Each screen and
dialog only asks; the app (:class:`tui.resuming.SessionsFlow`) does what the answer says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.storage import CaseState, ResumeCheck, SessionInfo, Status
from tui.messages import AbandonSession, ExportReport, OpenDebrief, OpenLibrary, OpenReplay, ResumeSession
from tui.saving import local_time, session_facts
from tui.screens.base import STYLES, ParleyScreen
from tui.text import visible
from tui.widgets.lists import SafeOptionList

ResumeAction = Literal["resume", "abandon"]


@dataclass(frozen=True, slots=True)
class ResumeAnswer:
    """What was chosen in the list of saved games."""

    action: ResumeAction
    session_id: int


def session_prompt(info: SessionInfo) -> Content:
    """A saved game in the list: "Session 3 · The Harbour Standoff", then its progress."""
    return Content.assemble(
        (f"Session {info.id} · ", "bold"),
        (visible(info.case_title), "bold"),
        ("\n  " + visible(session_facts(info)), "$text-muted"),
    )


class ResumeScreen(ModalScreen[ResumeAnswer | None]):
    """The unfinished games, the most recently saved first: Enter resumes, ``a`` abandons."""

    CSS_PATH = [STYLES / "dialogs.tcss", STYLES / "sessions.tcss"]

    BINDINGS = [
        Binding("enter", "answer('resume')", "Resume", priority=True),
        Binding("a", "answer('abandon')", "Abandon"),
        Binding("escape", "close", "Back"),
    ]
    AUTO_FOCUS = "#resume-list"

    def __init__(self, sessions: Sequence[SessionInfo]) -> None:
        super().__init__()
        self.sessions = list(sessions)

    def compose(self) -> ComposeResult:
        """Title, the list, and the keys."""
        count = len(self.sessions)
        with Vertical(id="resume-box", classes="dialog-box"):
            yield Static(
                Content.styled(f"Resume a saved game ({count} unfinished)", "bold"), id="resume-title"
            )
            yield SafeOptionList(
                *(Option(session_prompt(s), id=str(s.id)) for s in self.sessions), id="resume-list"
            )
            yield Static(
                "Enter resumes the highlighted game where it stopped · a abandons it · Escape goes back",
                id="resume-keys",
                classes="hint",
            )

    def on_mount(self) -> None:
        """Highlight the most recent game."""
        if self.sessions:
            self.query_one("#resume-list", OptionList).highlighted = 0

    def _highlighted(self) -> SessionInfo | None:
        index = self.query_one("#resume-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.sessions):
            return None
        return self.sessions[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (or Enter) on a game resumes it."""
        event.stop()
        self.action_answer("resume")

    def action_answer(self, action: ResumeAction) -> None:
        """Resume or abandon the highlighted game."""
        info = self._highlighted()
        if info is not None:
            self.dismiss(ResumeAnswer(action, info.id))

    def action_close(self) -> None:
        """Back, choosing nothing."""
        self.dismiss(None)


CaseChoice = Literal["stored", "abandon"]

_TITLES = {
    CaseState.CHANGED: "The case file has changed",
    CaseState.MISSING: "The case file is missing",
    CaseState.BROKEN: "The case file no longer loads",
}


class CaseChangedScreen(ModalScreen[CaseChoice | None]):
    """The case a saved game was played on is not the file there now: go on on the stored copy, or abandon.

    A game is never replayed against a different case without asking.
    """

    CSS_PATH = [STYLES / "dialogs.tcss", STYLES / "sessions.tcss"]

    BINDINGS = [
        Binding("c", "answer('stored')", "Continue on the stored version"),
        Binding("a", "answer('abandon')", "Abandon"),
        Binding("escape", "answer(None)", "Not now"),
        Binding("up", "app.focus_previous", "Previous button", show=False),
        Binding("down", "app.focus_next", "Next button", show=False),
    ]
    AUTO_FOCUS = "#stored"

    def __init__(self, session_id: int, check: ResumeCheck) -> None:
        super().__init__()
        self.session_id = session_id
        self.check = check

    def compose(self) -> ComposeResult:
        """What changed, what each answer does, and three buttons."""
        check = self.check
        title = _TITLES.get(check.state, "The case file has changed")
        what = check.message[:1].upper() + check.message[1:] if check.message else title
        with Vertical(id="changed-box", classes="dialog-box"):
            yield Static(Content.styled(title, "bold"), id="changed-title")
            yield Static(Content(visible(what + ".")), id="changed-what")
            yield Static(
                Content(
                    f"Session {self.session_id} ({visible(check.saved.info.case_title)}) was played on the "
                    "version of the case saved with it. Continue on that stored version, exactly as it "
                    "was played, or abandon the session: it stays listed in `parley sessions`, but cannot "
                    "be resumed."
                ),
                id="changed-text",
            )
            with Vertical(id="changed-buttons"):
                yield Button("Continue on the stored version (c)", variant="primary", id="stored")
                yield Button("Abandon this session (a)", variant="error", id="abandon")
                yield Button("Not now (Escape)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer by button."""
        event.stop()
        answers: dict[str | None, CaseChoice | None] = {"stored": "stored", "abandon": "abandon"}
        self.dismiss(answers.get(event.button.id))

    def action_answer(self, choice: CaseChoice | None) -> None:
        """Answer by key."""
        self.dismiss(choice)


class ConfirmAbandonScreen(ModalScreen[bool]):
    """ "Abandon session 3?" — the safe answer has the focus. Dismisses with True to abandon."""

    CSS_PATH = [STYLES / "dialogs.tcss", STYLES / "sessions.tcss"]

    BINDINGS = [
        Binding("y", "answer(True)", "Abandon"),
        Binding("n,escape", "answer(False)", "Keep it"),
        Binding("left,right", "app.focus_next", "Switch button", show=False),
    ]
    AUTO_FOCUS = "#keep"

    def __init__(self, info: SessionInfo) -> None:
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(id="abandon-box", classes="dialog-box"):
            yield Static(Content.styled(f"Abandon session {self.info.id}?", "bold"))
            yield Static(
                Content.assemble(
                    (visible(self.info.case_title), "bold"),
                    " · ",
                    visible(session_facts(self.info)),
                    "\n\nAn abandoned session cannot be resumed. It is not deleted: `parley sessions` "
                    f"still lists it and `parley report {self.info.id}` still prints it.",
                ),
                id="abandon-text",
            )
            with Horizontal(id="abandon-buttons"):
                yield Button("Abandon (y)", variant="error", id="abandon")
                yield Button("Keep it (n)", variant="primary", id="keep")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Abandon or keep."""
        event.stop()
        self.dismiss(event.button.id == "abandon")

    def action_answer(self, abandon: bool) -> None:
        """Answer by key."""
        self.dismiss(abandon)


GROUPS = (
    (Status.PLAYING, "Unfinished · Enter resumes"),
    (Status.FINISHED, "Finished · Enter reopens the debrief"),
    (Status.ABANDONED, "Abandoned · kept, never resumed"),
)


def archive_prompt(info: SessionInfo) -> Content:
    """A game in the sessions list: id, case, and its progress or result on a second line."""
    if info.status is Status.FINISHED:
        score = f" · score {info.overall}" if info.overall is not None else ""
        outcome = f"{info.outcome}{score}" if info.outcome else "finished"
        facts = f"{outcome} · round {info.round} · ended {local_time(info.ended_at or info.updated_at)}"
    else:
        facts = session_facts(info)
    return Content.assemble(
        (f"{info.id:>3} ", "bold"),
        (visible(info.case_title), "bold"),
        ("\n    " + visible(facts), "$text-muted"),
    )


class SessionsScreen(ParleyScreen):
    """Every saved game: resume, reopen a debrief, replay, export a report, abandon."""

    CSS_PATH = [STYLES / "sessions.tcss"]

    BINDINGS = [
        Binding("enter", "open", "Open", priority=True, tooltip="Resume it, or reopen its debrief"),
        Binding("r", "replay", "Replay", tooltip="Step through the game move by move"),
        Binding(
            "x", "export", "Export", tooltip="Write its report, Markdown and HTML, to the reports folder"
        ),
        Binding("a", "abandon", "Abandon", tooltip="Give up an unfinished game (it stays listed)"),
        Binding("escape", "back", "Back", tooltip="Back to the case library"),
        Binding("q", "app.request_quit", "Quit", show=False, tooltip="Quit Parley"),
    ]
    KEYS_HELP = (("↑ ↓ PgUp PgDn", "choose a saved game"),)
    AUTO_FOCUS = "#archive-list"

    def __init__(self, sessions: Sequence[SessionInfo]) -> None:
        super().__init__()
        self.sessions = list(sessions)
        self._rows: list[SessionInfo | None] = []  # None: a group heading

    def compose(self) -> ComposeResult:
        """Status, the list of games and the details of the highlighted one."""
        yield Static("", id="status")
        with Horizontal(id="archive-body"):
            yield SafeOptionList(id="archive-list")
            with VerticalScroll(id="archive-details-pane"):
                yield Static("", id="archive-details")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the list."""
        self.show(self.sessions)

    def show(self, sessions: Sequence[SessionInfo]) -> None:
        """List ``sessions`` grouped by status, most recent first within each group."""
        self.sessions = list(sessions)
        counts = {status: sum(1 for s in self.sessions if s.status is status) for status, _ in GROUPS}
        self.query_one("#status", Static).update(
            Content(
                f"Parley · saved games · {counts[Status.PLAYING]} unfinished · "
                f"{counts[Status.FINISHED]} finished · {counts[Status.ABANDONED]} abandoned"
            )
        )
        options: list[Option] = []
        self._rows = []
        for status, title in GROUPS:
            group = [s for s in self.sessions if s.status is status]
            if not group:
                continue
            options.append(Option(Content.styled(title, "bold $primary"), disabled=True))
            self._rows.append(None)
            for info in sorted(group, key=lambda s: s.updated_at, reverse=True):
                options.append(Option(archive_prompt(info), id=str(info.id)))
                self._rows.append(info)
        listing = self.query_one("#archive-list", OptionList)
        listing.set_options(options)
        first = next((i for i, row in enumerate(self._rows) if row is not None), None)
        listing.highlighted = first
        self._show_details()
        self.refresh_bindings()

    def current(self) -> SessionInfo | None:
        """The highlighted game."""
        index = self.query_one("#archive-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    def _show_details(self) -> None:
        info = self.current()
        details = self.query_one("#archive-details", Static)
        if info is None:
            details.update(Content("No saved game yet. Games are saved move by move as they are played."))
            return
        players = ", ".join(p.name for p in info.players) or "every role played by the computer"
        lines: list[tuple[str, str]] = [
            ("Case", info.case_title),
            ("Status", info.status.value),
            ("Players", players),
            ("Seed", str(info.seed)),
            ("Round reached", str(info.round)),
            ("Moves", str(info.moves)),
            ("Started", local_time(info.started_at)),
            ("Last saved", local_time(info.updated_at)),
        ]
        if info.outcome:
            lines.append(("Outcome", info.outcome))
        if info.overall is not None:
            lines.append(("Table score", f"{info.overall}/100"))
        if info.parent_id is not None:
            lines.append(("Branched from", f"session {info.parent_id}"))
        what = {
            Status.PLAYING: "Enter resumes it where it stopped · r replays it · x exports the report so far",
            Status.FINISHED: "Enter reopens the debrief · r replays it · x exports the report",
            Status.ABANDONED: "r replays it · x exports the report of the play so far",
        }[info.status]
        details.update(
            Content.assemble(
                (f"Session {info.id}\n", "bold $primary"),
                *(part for label, value in lines for part in ((f"{label}: ", "bold"), visible(value) + "\n")),
                ("\n" + what, "$text-muted"),
            )
        )

    def exported(self, paths: Sequence[Path]) -> None:
        """Say where the exported report files are (the app calls this after ``x``)."""
        details = self.query_one("#archive-details", Static)
        details.update(
            Content.assemble(
                details.content if isinstance(details.content, Content) else "",
                ("\n\nExported:", "bold $accent"),
                *(("\n" + visible(p.name)) for p in paths),
                ("\nin " + visible(str(paths[0].parent)), "$text-muted"),
            )
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted game's details."""
        event.stop()
        self._show_details()
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click on a game opens it."""
        event.stop()
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the actions that make sense for the highlighted game."""
        info = self.current() if self.is_mounted else None
        if action in ("open", "replay", "export"):
            if info is None:
                return False
            if action == "open":
                return info.status is not Status.ABANDONED
            return True
        if action == "abandon":
            return info is not None and info.status is Status.PLAYING
        return True

    def action_open(self) -> None:
        """Resume an unfinished game; reopen a finished game's debrief."""
        info = self.current()
        if info is None:
            return
        if info.status is Status.PLAYING:
            self.post_message(ResumeSession(info.id))
        elif info.status is Status.FINISHED:
            self.post_message(OpenDebrief(info.id))

    def action_replay(self) -> None:
        """Step through the highlighted game."""
        info = self.current()
        if info is not None:
            self.post_message(OpenReplay(info.id))

    def action_export(self) -> None:
        """Write the highlighted game's report."""
        info = self.current()
        if info is not None:
            self.post_message(ExportReport(info.id))

    def action_abandon(self) -> None:
        """Abandon the highlighted unfinished game (the app asks first)."""
        info = self.current()
        if info is not None and info.status is Status.PLAYING:
            self.post_message(AbandonSession(info.id))

    def action_back(self) -> None:
        """Back to the case library."""
        self.post_message(OpenLibrary())

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """The highlighted game's actions."""
        info = self.current()
        if info is None:
            return
        if info.status is Status.PLAYING:
            yield (f"Resume session {info.id}", "Carry on where it stopped", self.action_open)
        if info.status is Status.FINISHED:
            yield (f"Reopen the debrief of session {info.id}", "Scores and better moves", self.action_open)
        yield (f"Replay session {info.id}", "Step through it move by move", self.action_replay)
        yield (
            f"Export the report of session {info.id}",
            "Markdown and HTML, to the reports folder",
            self.action_export,
        )
