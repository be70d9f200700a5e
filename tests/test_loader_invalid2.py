"""Format version 2: one broken case file per new kind of error, each giving exactly one diagnostic in place.

Every file in ``tests/cases/invalid2/`` is ``tests/cases/minimal2.yaml`` (a valid format-2 case
using proposals, a timer, chosen pairs, an effect group and history functions) with one error
added and a comment line on top saying which.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.case.loader import check_case, load_case
from game.errors import CaseError

CASES = Path(__file__).parent / "cases"
INVALID = CASES / "invalid2"

# file stem, line, column, code, fragment of the message, fragment of the hint
# fmt: off
EXPECTED: list[tuple[str, int, int, str, str, str]] = [
    ("v2-key-in-v1", 65, 5, "schema-version",
     "'appears_when' is new in format version 2; this file says schema_version 1", "schema_version: 2"),
    # ------------------------------------------------------------ history in conditions
    ("unknown-function", 91, 17, "condition",
     "unknown function 'plaid'", "played(…), rounds_since(…), count(…)"),
    ("before-not-played", 110, 35, "condition",
     "'before' compares two moves: write 'played(x) before played(y)'", "played(…) on both sides"),
    ("history-unknown-move", 91, 24, "condition", "unknown move 'propse'", "did you mean 'propose'?"),
    ("red-line-in-broken-dimension", 116, 42, "condition",
     "unknown move 'propse'", "did you mean 'propose'?"),
    ("count-arity", 91, 13, "condition", "count(…) takes 1 or 2 arguments, not 3", "count(inquiry, self)"),
    ("count-self-in-exit", 76, 30, "condition", "'self' has no meaning in a phase exit", "name the role"),
    ("accepted-unknown-term", 76, 35, "condition",
     "unknown term 'inspection' of proposal 'standstill'", "did you mean 'inspect'?"),
    # ------------------------------------------------------------------ proposals
    ("counter-reserved", 63, 7, "reserved-name",
     "a counter cannot be called 'accept': 'standstill.accept' is already the move", "rename the counter"),
    ("counter-unknown-term", 65, 15, "unknown-ref", "unknown term 'inspection'", "did you mean 'inspect'?"),
    ("empty-offer", 53, 7, "empty-offer",
     "every term of proposal 'standstill' is optional, so its first offer is empty", "leave 'optional' off"),
    ("unknown-proposal", 96, 15, "unknown-ref", "unknown proposal 'standstil'", "did you mean 'standstill'?"),
    ("reservation-bad-name", 23, 18, "condition", "unknown name 'escalaton'", "did you mean 'escalation'?"),
    ("answer-on-menu", 73, 28, "unknown-ref",
     "unknown move 'standstill.accept'", "the answers to 'standstill' join the menu by themselves"),
    ("red-line-unknown-answer", 22, 17, "unknown-ref",
     "'acept' is not an answer to proposal 'standstill'", "did you mean 'accept'?"),
    # ------------------------------------------------------------- timers and moves
    ("unknown-timer", 101, 14, "unknown-ref", "unknown timer 'ultimatun'", "did you mean 'ultimatum'?"),
    ("requirement-without-reason", 102, 9, "missing-key",
     "requirement 1 of 'requires' is missing the required key 'reason'", "add 'reason:'"),
    # --------------------------------------------------------------- chosen pairs
    ("pairs-not-pair-meter", 30, 5, "pairs",
     "'pairs' is only for per-pair meters, and 'escalation' is not one", "scope: pair"),
    ("pairs-unknown-role", 33, 13, "pairs",
     "unknown role 'kets' in pair 'velmar_kets' of meter 'trust'", "did you mean 'kest'?"),
    ("pair-not-kept", 80, 21, "condition",
     "meter 'trust' is not kept for the pair kest–lund", "add the pair to its 'pairs'"),
    # ------------------------------------------------------------ effects and endings
    ("effect-if-not-condition", 91, 13, "type",
     "'if' must be a condition, such as 'not played(verify)'", "after 'if:'"),
    ("effect-group-text", 90, 21, "type",
     "'escalation' takes a whole number or true/false, not text", "only 'if' takes a condition"),
    ("variant-bad-condition", 84, 15, "condition",
     "'ending.' can only be read in the rubric", "not ended yet"),
]
# fmt: on


def test_the_base_of_every_broken_file_is_valid() -> None:
    assert check_case(CASES / "minimal2.yaml") == ()
    case = load_case(CASES / "minimal2.yaml")
    assert case.schema_version == 2
    assert list(case.proposals) == ["standstill"] and list(case.timers) == ["ultimatum"]


def test_every_broken_file_is_in_the_table() -> None:
    on_disk = sorted(path.stem for path in INVALID.glob("*.yaml"))
    assert on_disk == sorted(stem for stem, *_ in EXPECTED)


@pytest.mark.parametrize(
    ("stem", "line", "column", "code", "message", "hint"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_one_diagnostic_in_place(
    stem: str, line: int, column: int, code: str, message: str, hint: str
) -> None:
    path = str(INVALID / f"{stem}.yaml")
    found = check_case(path)
    assert len(found) == 1, "\n".join(d.format(with_code=True) for d in found)
    only = found[0]
    assert (only.path, only.line, only.column, only.code) == (path, line, column, code), only.format(
        with_code=True
    )
    assert message in only.message
    assert hint in only.hint
    with pytest.raises(CaseError) as raised:
        load_case(path)
    assert f"{path}:{line}:{column}:" in str(raised.value)


def test_effect_groups_in_a_version_1_file_are_refused(tmp_path: Path) -> None:
    text = (CASES / "minimal.yaml").read_text(encoding="utf-8")
    broken = text.replace("    effects:\n      escalation: -1\n", "    effects:\n      - escalation: -1\n")
    assert broken != text
    path = tmp_path / "groups.yaml"
    path.write_text(broken, encoding="utf-8")
    found = check_case(path)
    assert [(d.code, d.line) for d in found] == [("schema-version", 53)]
    assert "a list of effect groups is new in format version 2" in found[0].message
