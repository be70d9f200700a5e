"""The case library: every built-in case and any from ``--cases DIR``, filtered by typing.

A case that cannot be loaded is listed with its first problem instead of breaking the list. When
saved games are waiting, a line above the list says so, and Ctrl+R offers them to resume.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.case.catalog import Listed as Entry
from tui.messages import CaseChosen, LibraryReady, OpenResumeList, OpenSessions
from tui.screens.base import ParleyScreen
from tui.text import paragraph, visible
from tui.widgets.lists import SafeOptionList

if TYPE_CHECKING:
    from game.storage import SessionInfo

LibraryLoader = Callable[[], Sequence[Entry]]
SessionsLoader = Callable[[], Sequence["SessionInfo"]]
"""Returns the saved games that can be resumed, most recent first."""


def entry_title(entry: Entry) -> str:
    """The case's title, or its file name for a case that cannot be loaded."""
    return entry.info.title if entry.info is not None else entry.path.name


def entry_prompt(entry: Entry) -> Content:
    """A line in the list: title and a short line of facts, or the file and "cannot be played"."""
    case = entry.info
    if case is None:
        return Content.assemble(
            ("⚠ ", "bold $error"), visible(entry.path.name), ("\n  cannot be played", "italic $error")
        )
    players = len(case.playable_roles)
    facts = f"{case.difficulty} · {case.duration_minutes} min · {players} role{'s' * (players != 1)}"
    return Content.assemble((visible(case.title), "bold"), ("\n  " + facts, "$text-muted"))


def entry_details(entry: Entry) -> Content:
    """The details pane: everything the library knows about the entry."""
    case = entry.info
    if case is None:
        parts: list[str | tuple[str, str]] = [
            (visible(entry.path.name), "bold $error"),
            "\n\nThis case cannot be played. Its first problem:\n\n",
        ]
        if entry.problems:
            first = entry.problems[0]
            hint = f" ({first.hint})" if first.hint else ""
            parts += [
                (f"Line {first.line}, column {first.column}: ", "bold"),
                (visible(first.message + hint), "$error"),
            ]
        else:
            parts.append("unknown problem")
        parts += ["\n\nFile: ", visible(str(entry.path))]
        more = len(entry.problems) - 1
        if more > 0:
            parts.append(f"\n\n…and {more} more: run parley validate on the file to see them all.")
        return Content.assemble(*parts)
    roles = "\n".join(
        f"  • {visible(r.name)}{'' if r.playable else ' (always played by the computer)'}"
        f" — {visible(r.description)}"
        for r in case.roles
    )
    mode = "moves chosen in secret, then revealed" if case.mode == "simultaneous" else "moves in turn"
    return Content.assemble(
        (visible(case.title), "bold $primary"),
        "\n",
        (
            f"{case.difficulty.capitalize()} · about {case.duration_minutes} minutes · "
            f"up to {case.limit} rounds, {mode}",
            "$text-muted",
        ),
        "\n\n",
        visible(paragraph(case.summary)),
        "\n\n",
        ("Roles", "bold"),
        "\n",
        roles,
    )


DIFFICULTY_ORDER = {"introductory": 0, "intermediate": 1, "advanced": 2}


def sort_key(entry: Entry) -> tuple[int, int, str]:
    """Introductory cases first, then by title; cases that cannot be played last."""
    case = entry.info
    if case is None:
        return (1, 0, entry.path.name.lower())
    return (0, DIFFICULTY_ORDER.get(case.difficulty, 9), case.title.lower())


def matches(entry: Entry, query: str) -> bool:
    """Whether every word of ``query`` appears in the entry's title, summary, roles or id."""
    case = entry.info
    if case is None:
        haystack = entry.path.name
    else:
        haystack = " ".join(
            [case.id, case.title, case.summary, case.difficulty, *(r.name for r in case.roles)]
        )
    haystack = haystack.lower()
    return all(word in haystack for word in query.lower().split())


class FilterInput(Input):
    """The filter: it takes every printable key but ``?``, which opens the help as the footer says."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Leave ``?`` to the app's help binding."""
        if character == "?":
            return False
        return super().check_consume_key(key, character)


class LibraryScreen(ParleyScreen):
    """Pick a case: type to filter, arrows to move, Enter to open."""

    BINDINGS = [
        Binding("enter", "open", "Open", priority=True, tooltip="Open the highlighted case"),
        Binding("down", "cursor(1)", "Next case", show=False),
        Binding("up", "cursor(-1)", "Previous case", show=False),
        Binding("escape", "clear", "Clear", tooltip="Clear the filter"),
        Binding("ctrl+r", "resume", "Resume", tooltip="Resume a saved, unfinished game"),
        Binding(
            "ctrl+o",
            "sessions",
            "Saved games",
            tooltip="Every saved game: resume, debriefs, replays, reports",
        ),
    ]
    KEYS_HELP = (
        ("letters", "type to filter the cases"),
        ("↑ ↓", "choose a case"),
        ("Tab / Shift+Tab", "move between the filter and the list"),
    )

    AUTO_FOCUS = "#filter"

    def __init__(self, load: LibraryLoader, load_sessions: SessionsLoader | None = None) -> None:
        super().__init__()
        self._load = load
        self._load_sessions = load_sessions
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []
        self.unfinished: list[SessionInfo] = []

    def compose(self) -> ComposeResult:
        """Status line, saved games waiting, filter, case list and details."""
        yield Static("Parley · case library", id="status", markup=False)
        yield Static("", id="resume-bar")
        yield FilterInput(placeholder="Type to filter cases by title, summary or role", id="filter")
        with Horizontal(id="library-body"):
            yield SafeOptionList(id="cases")
            with VerticalScroll(id="details-pane"):
                yield Static("", id="details")
        yield Footer()

    _shown_before = False

    def on_mount(self) -> None:
        """Load the library and show it."""
        self.entries = sorted(self._load(), key=sort_key)
        self._refilter("")
        self.query_one("#resume-bar").display = False
        # The app then asks for the saved games (refresh_sessions), opening the store once the
        # library is on screen.
        self.call_after_refresh(self.post_message, LibraryReady(len(self.entries)))

    def on_screen_resume(self) -> None:
        """Back on the library (a game ended or was left): the saved games may have changed.

        Not on the first showing: then the app asks once the library is ready (LibraryReady),
        so opening the store never delays the library appearing."""
        super().on_screen_resume()
        if self.is_mounted and self._shown_before:
            self.refresh_sessions()
        self._shown_before = True

    def refresh_sessions(self) -> None:
        """Show how many saved games wait to be resumed (the line is hidden when none do)."""
        self.unfinished = list(self._load_sessions()) if self._load_sessions is not None else []
        bar = self.query_one("#resume-bar", Static)
        count = len(self.unfinished)
        bar.display = count > 0
        if count == 1:
            info = self.unfinished[0]
            bar.update(
                Content.assemble(
                    ("↻ ", "bold"),
                    ("Ctrl+R", "bold $accent"),
                    f" resumes your saved game (round {info.round}): ",
                    (visible(info.case_title), "bold"),
                )
            )
        elif count:
            bar.update(
                Content.assemble(
                    ("↻ ", "bold"),
                    ("Ctrl+R", "bold $accent"),
                    f" resumes one of {count} saved games waiting to be finished.",
                )
            )
        self.refresh_bindings()

    def _show_count(self, query: str) -> None:
        """ "4 cases", or "2 of 4 cases" while a filter is typed."""
        count = len(self.entries)
        cases = f"{count} case{'s' * (count != 1)}"
        if query.strip():
            cases = f"{len(self.shown)} of {cases} match “{query.strip()}”"
        summary = f"Parley · case library · {cases}"
        broken = sum(1 for e in self.entries if e.info is None)
        if broken and not query.strip():
            summary += f" ({broken} cannot be played)"
        self.query_one("#status", Static).update(Content(summary))

    def _refilter(self, query: str) -> None:
        self.shown = [e for e in self.entries if matches(e, query)]
        self._show_count(query)
        cases = self.query_one("#cases", OptionList)
        cases.set_options(Option(entry_prompt(e), id=str(i)) for i, e in enumerate(self.shown))
        cases.highlighted = 0 if self.shown else None
        self._show_details()

    def _current(self) -> Entry | None:
        index = self.query_one("#cases", OptionList).highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def _show_details(self) -> None:
        entry = self._current()
        details = self.query_one("#details", Static)
        if entry is None:
            details.update(Content("No case matches the filter. Press Escape to clear it."))
        else:
            details.update(entry_details(entry))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the person types."""
        self._refilter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter opens the highlighted case."""
        event.stop()
        self.action_open()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted case's details."""
        self._show_details()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click in the list opens the case."""
        event.stop()
        self.action_open()

    def on_key(self, event: events.Key) -> None:
        """Typing anywhere on the screen goes to the filter."""
        filter_input = self.query_one("#filter", Input)
        if event.is_printable and event.character and self.focused is not filter_input:
            filter_input.focus()
            filter_input.insert_text_at_cursor(event.character)
            event.stop()

    def action_cursor(self, step: int) -> None:
        """Move the highlight in the case list."""
        cases = self.query_one("#cases", OptionList)
        if not self.shown:
            return
        current = cases.highlighted if cases.highlighted is not None else 0
        cases.highlighted = max(0, min(len(self.shown) - 1, current + step))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resume only when a saved game is waiting."""
        if action == "resume":
            return bool(self.unfinished)
        return True

    def action_resume(self) -> None:
        """Offer the saved games to resume."""
        self.post_message(OpenResumeList())

    def action_sessions(self) -> None:
        """Every saved game."""
        self.post_message(OpenSessions())

    def action_clear(self) -> None:
        """Clear the filter."""
        self.query_one("#filter", Input).value = ""

    def action_open(self) -> None:
        """Open the highlighted case, or say why it cannot be played."""
        entry = self._current()
        if entry is None:
            self.notify("No case is selected.", severity="warning")
        elif entry.info is None:
            self.notify("This case has problems and cannot be played; see the details.", severity="error")
        else:
            self.post_message(CaseChosen(entry))

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """Open the highlighted case."""
        yield ("Open the highlighted case", "Go to set-up for the case", self.action_open)
        if self.unfinished:
            yield ("Resume a saved game", "Continue an unfinished game where it stopped", self.action_resume)
