"""The codes ``parley lint`` reports, their severity and what each means.

Codes are stable: tools and CI scripts may match on them.  Errors are things
an author wrote that can never happen in play (dead content); warnings are
things that work but are probably not what was meant.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.case.model import Case, Pos
from game.errors import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Code:
    """One kind of finding."""

    code: str
    severity: Severity
    summary: str


ERROR = Severity.ERROR
WARNING = Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("unreachable-phase", ERROR, "no sequence of transitions from the start reaches the phase"),
        Code("unreachable-ending", ERROR, "no sequence of transitions reaches the ending"),
        Code("move-never-listed", ERROR, "the move is on no phase's menu, so nobody can play it"),
        Code("move-never-open", ERROR, "the move is listed, but only where it can never be open"),
        Code("inject-never-fires", ERROR, "the inject's triggers can never all hold"),
        Code("condition-never-true", ERROR, "a condition can never be true, given what it reads can be"),
        Code("dead-end", WARNING, "a phase no transition can leave: only the round limit ends it"),
        Code("exit-never-taken", WARNING, "an exit that can hold, but an earlier exit always comes first"),
        Code("timeout-never-reached", WARNING, "the phase always ends before its timeout comes"),
        Code("condition-always-true", WARNING, "a condition that can never be false: it adds nothing"),
        Code("move-role-never-listed", WARNING, "a role the move names is never offered it by any phase"),
        Code("preference-never-applies", WARNING, "a policy preference for a move never open to its role"),
        Code("meter-never-read", WARNING, "no condition or rubric rule reads the meter"),
        Code("meter-never-written", WARNING, "no effect changes the meter: it stays at its initial value"),
        Code("flag-never-set", WARNING, "no effect sets the flag: it is always false"),
        Code("flag-never-read", WARNING, "no condition or rubric rule reads the flag"),
        Code("dimension-unaffected", WARNING, "no move can change the rubric dimension's score"),
        Code(
            "too-many-moves",
            WARNING,
            "a phase lists more than 9 moves for a role: past the ninth, one key no longer plays a move",
        ),
        Code("red-line-cheap", WARNING, "crossing the red line costs under 15 points of the overall score"),
        Code("red-line-mild", WARNING, "the red line's dimension stays above 50 after a breach"),
        Code("proposal-never-tabled", WARNING, "no move that can be played tables the proposal (format 2)"),
        Code("timer-never-started", WARNING, "no move or inject that can happen starts the timer (format 2)"),
        Code(
            "counter-adds-tabled-term",
            WARNING,
            "a counter adds a term the first offer already has and no counter drops (format 2)",
        ),
        Code(
            "quote-not-in-source",
            WARNING,
            "a citation quotes words that are not in the doctrine text it names",
        ),
        Code(
            "outcome-only-by-timeout",
            WARNING,
            "a rubric rule scores an ending or phase only a timeout or the round limit reaches",
        ),
    )
}


INVALID_CASE = Code(
    "invalid-case", ERROR, "the file is not a valid case: the message is what parley validate says"
)
"""The code ``parley lint`` gives a problem that stops a file loading (it is not linted then)."""


def finding(case: Case, code: str, pos: Pos, message: str, hint: str = "") -> Diagnostic:
    """A diagnostic of ``code`` at ``pos`` in ``case``'s file, with the code's severity."""
    line, column = (pos.line, pos.column) if pos.line else (1, 1)
    return Diagnostic(case.path, line, column, message, hint, code, CODES[code].severity)
