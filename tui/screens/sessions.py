"""Dialogs about saved games: the list of games to resume, a case file that changed, abandoning.

Each dialog only asks; the app (:class:`tui.resuming.SessionsFlow`) does what the answer says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from game.storage import CaseState, ResumeCheck, SessionInfo
from tui.saving import session_facts
from tui.screens.base import STYLES
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
