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


def event_lines(case: Case, event: Event, viewer: str | None = FULL) -> list[Content]:
    """The styled lines a person reads for one event (plain case text, styles added here).

    ``viewer``: whose view the event is read in (see :func:`game.debriefing.report.describe`).
    """
    lines = list(describe(case, event, viewer))
    if not lines:
        return []
    if event.kind in REFLOW:
        lines = lines[:1] + reflow(lines[1:])
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


def log_content(case: Case, events: Sequence[Event], viewer: str | None = FULL) -> Content:
    """All the lines of ``events`` as one block of content (as ``viewer`` reads them)."""
    lines = [line for event in events for line in event_lines(case, event, viewer)]
    return Content("\n").join(lines) if lines else Content("")


class EventLog(VerticalScroll, can_focus=True):
    """Earlier events, then the new ones since ``since``, scrolled to show the new ones."""

    ALLOW_MAXIMIZE = True

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
        earlier = self.query_one("#log-earlier", Static)
        new = self.query_one("#log-new", Static)
        earlier.update(log_content(case, events[:since], viewer))
        earlier.display = since > 0
        heading = Content.styled(f"▼ {visible(title)}", "bold $accent")
        new.update(Content("\n").join([heading, log_content(case, events[since:], viewer)]))
        self.call_after_refresh(self._reveal_new)

    def _reveal_new(self) -> None:
        new = self.query_one("#log-new", Static)
        self.scroll_to_widget(new, top=True, animate=False)
