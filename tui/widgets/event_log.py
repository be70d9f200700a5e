"""The scrollable log of what happened, read from the session's event log.

Events before the player's last move are shown under "Earlier"; what happened since (their move,
its effects, the counterparts' replies and moves, injects, phase changes) is marked as new and
scrolled into view.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.case.model import Case
from game.debriefing.report import FULL, describe
from game.play.events import Event
from tui.text import visible

STYLE_BY_KIND = {
    "phase": "bold $primary",
    "round": "bold",
    "inject": "bold $warning",
    "move": "bold",
    "reply": "italic",
    "private": "italic $text-muted",
    "ending": "bold $accent",
    "offer": "bold",  # format 2: offers and answers, timers and deadlines
    "timer": "bold $warning",
    "deadline": "bold $warning",
    "breach": "bold $error",
}


REFLOW = frozenset({"phase", "inject", "move", "ending"})
"""Kinds whose lines after the first are author prose, broken where the author broke them."""


def reflow(lines: list[str]) -> list[str]:
    """Join prose lines that share an indent into paragraphs, so they wrap to the screen."""
    out: list[str] = []
    prefix = ""
    for line in lines:
        stripped = line.lstrip(" >")
        indent = line[: len(line) - len(stripped)]
        if not stripped:
            prefix = ""
            continue
        if out and indent == prefix:
            out[-1] += " " + stripped.strip()
        else:
            out.append(line.rstrip())
            prefix = indent
    return out


def unchanged_flags(events: Sequence[Event]) -> frozenset[int]:
    """Positions of flag effects that left the flag as it was (set when set, cleared when clear).

    The engine logs every flag effect; the screen does not report a change that did not happen.
    """
    flags: dict[str, bool] = {}
    out: set[int] = set()
    for index, event in enumerate(events):
        if event.kind == "effect" and str(event.data["slot"]).startswith("flags."):
            slot, value = event.data["slot"], bool(event.data["value"])
            if flags.get(slot, False) == value:
                out.add(index)
            flags[slot] = value
    return frozenset(out)


def event_lines(case: Case, event: Event, compact: bool = False, viewer: str | None = FULL) -> list[Content]:
    """The styled lines a person reads for one event (plain case text, styles added here).

    ``viewer``: whose view the event is read in (see :func:`game.debriefing.report.describe`).

    ``compact`` is the log beside the other panes: a move's doctrine note is left to the
    full-screen log and the debrief, a meter's change to the meters pane (which marks it ▲▼),
    and a phase's or an inject's text to the narrative pane, so that what the move did and the
    replies fit. The full-screen log shows everything.
    """
    if compact and event.kind == "effect" and not str(event.data["slot"]).startswith("flags."):
        return []
    lines = list(describe(case, event, viewer))
    if not lines:
        return []
    if compact and event.kind in ("phase", "inject"):
        lines = lines[:1]
    if event.kind in REFLOW:
        lines = lines[:1] + reflow(lines[1:])
    if compact and event.kind == "move":
        lines = lines[:1]
    if event.kind == "phase" and event.data.get("reason") == "timeout":
        lines.insert(1, "   (the previous phase ran out of time)")
    out = []
    for index, line in enumerate(lines):
        text = visible(line)
        style = STYLE_BY_KIND.get(event.kind, "") if index == 0 else ""
        if event.data.get("quiet"):  # a quiet inject (format 2) is not a breaking event
            style = ""
        if event.kind == "move" and index > 0:
            style = "$text-muted"
        out.append(Content.styled(text, style) if style else Content(text))
    return out


def log_content(
    case: Case,
    events: Sequence[Event],
    compact: bool = False,
    skip: frozenset[int] = frozenset(),
    start: int = 0,
    viewer: str | None = FULL,
) -> Content:
    """All the lines of ``events`` as one block of content (as ``viewer`` reads them).

    ``skip`` holds positions (counted from ``start``) of events not to show.
    """
    lines = [
        line
        for index, event in enumerate(events, start)
        if index not in skip
        for line in event_lines(case, event, compact, viewer)
    ]
    return Content("\n").join(lines) if lines else Content("")


class EventLog(VerticalScroll, can_focus=True):
    """Earlier events, then the new ones since ``since``, scrolled to show the new ones."""

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.compact = False
        """Whether moves' doctrine notes are cut to a line (beside other panes) or shown whole."""
        self._shown: tuple[Case, Sequence[Event], int, str, str | None] | None = None

    def compose(self) -> ComposeResult:
        """Two blocks: earlier, and new."""
        yield Static("", id="log-earlier")
        yield Static("", id="log-new")

    def show(
        self, case: Case, events: Sequence[Event], since: int, title: str = "New", viewer: str | None = FULL
    ) -> None:
        """Show ``events``, marking those from position ``since`` on as new under ``title``.

        ``viewer``: the role whose view ``events`` is (its own private parts only), or the default,
        the full record.
        """
        self._shown = (case, events, since, title, viewer)
        compact = self.compact
        skip = unchanged_flags(events)
        earlier = self.query_one("#log-earlier", Static)
        new = self.query_one("#log-new", Static)
        earlier.update(log_content(case, events[:since], compact, skip, 0, viewer))
        earlier.display = since > 0
        heading = Content.styled(f"▼ {visible(title)}", "bold $accent")
        new.update(
            Content("\n").join([heading, log_content(case, events[since:], compact, skip, since, viewer)])
        )
        self.call_after_refresh(self._reveal_new)

    def set_compact(self, compact: bool) -> None:
        """Cut the doctrine notes short, or show them whole; the log is drawn again."""
        if compact != self.compact:
            self.compact = compact
            if self._shown is not None:
                self.show(*self._shown)

    def _reveal_new(self) -> None:
        # after a refresh: by then the screen may have been left and the log taken down (a random-key
        # test in CI found the block gone), so nothing is left to scroll to
        for new in self.query("#log-new"):
            self.scroll_to_widget(new, top=True, animate=False)
