"""Scripted play: a list of ``role: move`` choices, with the policy filling in.

Used by ``parley run --moves FILE``, by expected-path tests and by benchmarks.
A moves file has one ``role: move`` per line; blank lines and ``#`` comments
are ignored.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from game.case.yamlsafe import MAX_BYTES
from game.errors import CaseError, Diagnostic, MoveError
from game.play.session import Session

_LINE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*:\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)\s*(?:#.*)?$")


@dataclass(frozen=True, slots=True)
class Scripted:
    """One scripted choice and where it was written."""

    role: str
    move: str
    path: str = "<script>"
    line: int = 0
    column: int = 0


class ScriptError(MoveError):
    """A scripted move was refused; the message names where it was written."""


def parse_moves(text: str, path: str) -> list[Scripted]:
    """Parse a moves file; raises :class:`CaseError` listing every bad line."""
    out: list[Scripted] = []
    problems: list[Diagnostic] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(raw)
        if match is None:
            column = len(raw) - len(raw.lstrip()) + 1
            problems.append(
                Diagnostic(
                    path, number, column, f"cannot read {stripped!r}", "write one 'role: move' per line"
                )
            )
            continue
        out.append(Scripted(match.group(1), match.group(2), path, number, match.start(2) + 1))
    if problems:
        raise CaseError(problems)
    return out


def read_moves(path: Path) -> list[Scripted]:
    """Read and parse a moves file; an unreadable or too large (> 2 MiB) file is a :class:`CaseError`."""
    try:
        with open(path, "rb") as handle:  # a pipe works too (--moves <(…)); /dev/zero stops at the cap
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise CaseError(
                [
                    Diagnostic(
                        str(path),
                        1,
                        1,
                        f"the moves file is larger than {MAX_BYTES // 1024 // 1024} MiB, the most read",
                        "a moves file holds one 'role: move' a line; check that this is the right file",
                        "too-large",
                    )
                ]
            )
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise CaseError([Diagnostic(str(path), 1, 1, f"cannot read the moves file: {reason}")]) from None
    return parse_moves(text, str(path))


def scripted_roles(script: Sequence[Scripted]) -> list[str]:
    """The roles a script plays, in order of first appearance."""
    return list(dict.fromkeys(s.role for s in script))


def drive(session: Session, script: Sequence[Scripted]) -> list[Scripted]:
    """Play ``script`` into ``session`` until it is over; return the moves never played.

    Each human role takes its scripted moves in order; once a role's script
    runs out, the session's policy chooses for it.  Moves left when the case
    ends are returned, so callers can say so.  Raises :class:`ScriptError`
    naming the script line of a refused move.
    """
    queues: dict[str, deque[Scripted]] = {}
    for item in script:
        queues.setdefault(item.role, deque()).append(item)
    for role, queue in queues.items():
        if role not in session.humans:
            first = queue[0]
            raise ScriptError(
                f"{first.path}:{first.line}:1: role {role!r} is not played from the script "
                f"(humans: {', '.join(session.humans) or 'none'})"
            )
    while not session.over:
        for role in session.waiting_for:
            queue = queues.get(role)
            if queue:
                item = queue.popleft()
                try:
                    session.play(role, item.move)
                except MoveError as err:
                    open_ids = [o.move.id for o in session.options(role) if o.open]
                    phase = session.case.phases[session.phase].title
                    open_now = ", ".join(open_ids) or "nothing"
                    raise ScriptError(
                        f"{item.path}:{item.line}:{item.column}: {err} "
                        f"(round {session.round}, {phase}; open to {role} now: {open_now})"
                    ) from None
            else:
                session.play_policy(role)
            break
    return sorted((item for queue in queues.values() for item in queue), key=lambda s: s.line)
