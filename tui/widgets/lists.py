"""An option list that survives Page Up/Down before its lines are laid out.

Textual 8.2's ``OptionList._move_page`` looks up the highlighted option's line in a table that is
only filled when the list is rendered; Page Up/Down pressed right after ``set_options`` (before
the next refresh) raises ``KeyError`` and closes the app. Here the page keys fall back to the first
or last option until the table exists.
"""

from __future__ import annotations

from textual.widgets import OptionList


class SafeOptionList(OptionList):
    """:class:`~textual.widgets.OptionList` with page keys that never crash."""

    def action_page_up(self) -> None:
        """One page up (the first option while the list is not laid out yet)."""
        try:
            super().action_page_up()
        except KeyError:
            self.action_first()

    def action_page_down(self) -> None:
        """One page down (the last option while the list is not laid out yet)."""
        try:
            super().action_page_down()
        except KeyError:
            self.action_last()
