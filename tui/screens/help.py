"""Help (``?``): every key of the screen it was opened from, read from that screen's BINDINGS,
the app's bindings and the keys its widgets handle."""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.screens.base import STYLES, ParleyScreen

KeyRow = tuple[str, str]


def _describe(binding: Binding) -> str:
    text = binding.tooltip or binding.description or binding.action
    return text[0].lower() + text[1:] if text else text


def key_rows(app: App[object], screen: Screen[object]) -> list[KeyRow]:
    """(keys, what they do) for ``screen``: its bindings, then the app's, then its widgets' keys.

    Bindings sharing a description are merged ("1–9"), and disabled actions are left out.
    """
    rows: dict[str, list[str]] = {}
    sources: list[tuple[object, Iterable[Binding]]] = [
        (screen, Binding.make_bindings(type(screen).BINDINGS)),
        (app, Binding.make_bindings(type(app).BINDINGS)),
    ]
    for node, bindings in sources:
        for binding in bindings:
            if binding.system or not binding.description:
                continue
            if hasattr(node, "check_action"):
                action = binding.action.split("(")[0].removeprefix("app.")
                if node.check_action(action, ()) is False:  # type: ignore[attr-defined]
                    continue
            desc = _describe(binding)
            desc = re.sub(r" \d$", " by its number", desc)
            rows.setdefault(desc, []).append(app.get_key_display(binding))
    out = [(_join_keys(keys), desc) for desc, keys in rows.items()]
    if isinstance(screen, ParleyScreen):
        out += list(screen.KEYS_HELP)
    return out


def _join_keys(keys: list[str]) -> str:
    unique = list(dict.fromkeys(keys))
    if len(unique) > 2 and all(k.isdigit() for k in unique):
        return f"{unique[0]}–{unique[-1]}"
    return " / ".join(unique)


class HelpScreen(ModalScreen[None]):
    """A list of keys over the screen it describes; any of Escape, ? or Enter closes it."""

    CSS_PATH = [STYLES / "dialogs.tcss"]

    BINDINGS = [
        Binding("escape", "close", "Close help"),
        Binding("question_mark", "close", "Close help", show=False),
        Binding("enter", "close", "Close help", show=False),
        Binding("q", "close", "Close help", show=False),
    ]

    def __init__(self, title: str, rows: list[KeyRow]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        """The table of keys."""
        width = max((len(k) for k, _ in self.rows), default=4) + 2
        lines = [Content.assemble((keys.ljust(width), "bold $accent"), desc) for keys, desc in self.rows]
        with Vertical(id="help-box"):
            yield Static(Content.styled(f"Keys · {self.title_text}", "bold"), id="help-title")
            with VerticalScroll(id="help-keys"):
                yield Static(Content("\n").join(lines))
            yield Static("Escape, Enter or ? closes this help.", id="help-close")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss()
