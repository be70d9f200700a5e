"""Text from a case or a database, made safe to show: control characters are written out, never sent.

Case text and stored values reach terminals, Markdown, CSV and HTML files.  A
control character in them (ESC, BEL, the C1 controls such as CSI U+009B) could
make a terminal change its title, clear the screen or worse when the output is
printed or ``cat``.  :func:`visible` writes each one as ``\\u001b`` instead;
tab and newline are kept.  The loader already refuses such characters in case
files (see docs/format.md); this is the second line of defence, for text that
came from somewhere else (an older case stored with a session, a damaged
database) and for every output path at once.

In JSON, ``\\u001b`` inside a string means the very same character, so the
escaping keeps JSON output valid and equal in meaning.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every C0 control but tab and newline, DEL, and every C1 control."""


def visible(text: str) -> str:
    """``text`` with each control character but tab and newline written as ``\\uXXXX``."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def first_control(text: str) -> int:
    """The index of the first control character :func:`visible` would escape, or -1."""
    found = CONTROL.search(text)
    return -1 if found is None else found.start()
