"""Whether a quote is in the doctrine text it names, word for word, without shipping the texts.

The three doctrine texts (:data:`game.debriefing.doctrine.SOURCES`) are not part of Parley; their
fingerprints are (:mod:`game.debriefing.doctrineprints`): for each text, a checksum of every run of
:data:`RUN` consecutive words.  A quote is found in a text when every run of :data:`RUN` of its
words is (words compared case-folded, with typographic quotes and dashes made plain and other
punctuation ignored).  A quote of fewer words is not judged.

The fingerprints are made from the texts by this module::

    python -m game.debriefing.quotes ../shared/seeds > game/debriefing/doctrineprints.py

and ``tests/test_doctrine_quotes.py`` makes them again from the texts, when they are beside the
repository, and compares.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import sys
import zlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from game.debriefing.doctrine import SOURCES

RUN = 3
"""The words in each checked run: three is short enough for the briefest quote worth citing."""

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_PLAIN = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded, in order."""
    return _WORD.findall(text.translate(_PLAIN).casefold())


def runs(text: str) -> set[int]:
    """The checksum of every run of :data:`RUN` consecutive words of ``text``."""
    found = words(text)
    return {zlib.crc32(" ".join(found[i : i + RUN]).encode()) for i in range(len(found) - RUN + 1)}


def fingerprint(text: str) -> str:
    """``text``'s runs as sorted 32-bit numbers, packed and base64-encoded (one line)."""
    ordered = sorted(runs(text))
    return base64.b64encode(struct.pack(f">{len(ordered)}I", *ordered)).decode("ascii")


@cache
def _known(source: str) -> frozenset[int] | None:
    from game.debriefing.doctrineprints import PRINTS

    packed = PRINTS.get(source)
    if packed is None:
        return None
    raw = base64.b64decode(packed)
    return frozenset(struct.unpack(f">{len(raw) // 4}I", raw))


_ELISION = re.compile(r"\[?(?:\u2026|\.\.\.)\]?")


def verbatim(quote: str, source: str) -> bool | None:
    """Whether ``quote`` is in the doctrine text titled ``source``, word for word (each stretch
    between elisions, "…" or "...", on its own); None when ``source`` is not one of the doctrine
    texts or no stretch of the quote has :data:`RUN` words."""
    known = _known(source)
    stretches = [part for part in _ELISION.split(quote) if len(words(part)) >= RUN]
    if known is None or not stretches:
        return None
    return all(runs(part) <= known for part in stretches)


def module(texts: dict[str, str]) -> str:
    """The source of :mod:`game.debriefing.doctrineprints` for ``texts`` (title -> text)."""
    lines = [
        '"""Fingerprints of the doctrine texts, made by ``python -m game.debriefing.quotes SEEDS``: see',
        ':mod:`game.debriefing.quotes`.  Not the texts: a checksum of every run of three words."""',
        "",
        "PRINTS = {",
    ]
    for title in SOURCES:
        packed = fingerprint(texts[title])
        lines.append(f"    {json.dumps(title)}: (")
        lines += [f'        "{packed[i : i + 96]}"' for i in range(0, len(packed), 96)]
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the fingerprints module for the doctrine texts in the folder ``argv[0]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m game.debriefing.quotes SEEDS_FOLDER", file=sys.stderr)
        return 2
    folder = Path(args[0])
    texts = {title: (folder / name).read_text(encoding="utf-8") for title, name in SOURCES.items()}
    print(module(texts), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
