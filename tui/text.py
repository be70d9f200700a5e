"""Case text on screen: always plain, never markup, never a terminal escape sequence.

Authors may write ``[UN]``, ``[bold]`` or an escape sequence in a case; Parley shows them as
written. :func:`visible` makes control characters visible (``\\x1b`` is shown as the four
characters ``\\x1b``) and :func:`plain` wraps the result in a :class:`~textual.content.Content`,
which Textual never parses as markup. Every widget that shows case text goes through here.
"""

from __future__ import annotations

import re

from textual.content import Content

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with tabs expanded and other control characters shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.expandtabs(4))


def plain(text: str, style: str = "") -> Content:
    """``text`` as plain content (optionally styled as a whole), safe to show."""
    content = Content(visible(text))
    return content.stylize(style) if style and content else content


def paragraph(text: str) -> str:
    """Author text with its line breaks inside paragraphs joined, so it wraps to the screen."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
