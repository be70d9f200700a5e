"""Strict YAML reading: a case file becomes a small tree of nodes with positions.

Parley reads a strict subset of YAML.  The parser's events are turned into
:class:`ScalarNode`, :class:`SequenceNode` and :class:`MappingNode` objects by
hand (:mod:`game.case.loading.yamlevents`), so nothing is ever constructed from a
tag and no implicit resolver decides what a scalar means: a scalar keeps its
raw text and its style, and the field it fills decides its type later.

Refused, each with a :class:`~game.errors.Diagnostic`:

* an unreadable, binary (NUL bytes, not UTF-8) or too large (> 2 MiB) file;
* malformed YAML, with the parser's line and column;
* an empty or comments-only file, several documents, a top level that is not
  a mapping, nesting deeper than :data:`MAX_DEPTH`;
* duplicate keys (the second is reported, with the line of the first);
* anchors, aliases, merge keys (``<<``) and explicit tags
  (``!!python/object/apply:…``), which are never resolved.

A node that cannot be used (an alias, a tagged value) is replaced by a
:class:`RejectedNode`, so later checks skip it instead of reporting it again.
Lines and columns are 1-based.
"""

from __future__ import annotations

import hashlib
import os
import re

from game.case.loading.yamlevents import MAX_DEPTH, build
from game.case.loading.yamlnodes import (
    LINE_BREAK,
    Document,
    MappingNode,
    Node,
    RejectedNode,
    ScalarNode,
    SequenceNode,
)
from game.errors import Diagnostic

MAX_BYTES = 2 * 1024 * 1024
"""The largest case file Parley reads."""

_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def read_file(path: str | os.PathLike[str]) -> Document:
    """Read and parse a case file; problems are in the document's diagnostics."""
    where = os.fspath(path)
    try:
        with open(where, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                return _failed(where, _too_large(where, size))
            data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        return _failed(where, _unreadable(where, "this is a directory, not a case file"))
    except FileNotFoundError:
        return _failed(where, _unreadable(where, "no such file", "check the path"))
    except PermissionError:
        return _failed(where, _unreadable(where, "permission denied: the file cannot be read"))
    except OSError as error:
        return _failed(where, _unreadable(where, f"the file cannot be read: {error.strerror or error}"))
    return read_text(data, where)


def read_text(data: str | bytes, path: str) -> Document:
    """Parse case text (or the bytes of a file) named ``path`` in diagnostics."""
    if isinstance(data, str):
        text = data
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError as error:
            return _failed(path, _binary(path, f"the text is not valid Unicode ({error.reason})"))
    else:
        raw = bytes(data)
        text = ""
    if len(raw) > MAX_BYTES:
        return _failed(path, _too_large(path, len(raw)))
    digest = hashlib.sha256(raw).hexdigest()
    if b"\x00" in raw:
        return _failed(
            path, _binary(path, "this is a binary file, not YAML text (it contains NUL bytes)"), digest
        )
    if not isinstance(data, str):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            message = f"the file is not UTF-8 text (byte {error.start + 1} cannot be decoded)"
            return _failed(path, _binary(path, message), digest)
    if text.startswith("\ufeff"):
        text = text[1:]
    document = Document(path, text, digest, None, [])
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line, column = _line_column(text, bad.start())
        document.diagnostics.append(
            Diagnostic(
                path,
                line,
                column,
                f"the file contains the control character U+{ord(bad.group()):04X}, "
                "which YAML does not allow",
                "remove it; case files are plain UTF-8 text",
                "control-character",
            )
        )
        return document
    build(document)
    return document


def _failed(path: str, diagnostic: Diagnostic, digest: str = "") -> Document:
    return Document(path, "", digest, None, [diagnostic])


def _unreadable(path: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, 1, 1, message, hint, "unreadable")


def _binary(path: str, message: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, message, "save the case as UTF-8 text", "binary")


def _too_large(path: str, size: int) -> Diagnostic:
    return Diagnostic(
        path,
        1,
        1,
        f"the file is {size / 1024 / 1024:.1f} MiB; a file Parley reads (a case, its paths, a strategy, "
        f"moves) may be at most {MAX_BYTES // 1024 // 1024} MiB",
        "is it the file you meant? A case that size wants splitting or shorter texts",
        "too-large",
    )


def _line_column(text: str, index: int) -> tuple[int, int]:
    before = LINE_BREAK.split(text[:index])
    return len(before), len(before[-1]) + 1


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Document",
    "MappingNode",
    "Node",
    "RejectedNode",
    "ScalarNode",
    "SequenceNode",
    "read_file",
    "read_text",
]
