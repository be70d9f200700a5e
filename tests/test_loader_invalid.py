"""One broken case file per kind of error: each gives exactly one diagnostic, in the right place.

Every file in ``tests/cases/invalid/`` is ``tests/cases/minimal.yaml`` (which
loads cleanly) with one error added and a comment line on top saying which.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.case.loader import check_case, load_case, load_case_text
from game.case.yamlsafe import MAX_BYTES
from game.errors import CaseError, Diagnostic

CASES = Path(__file__).parent / "cases"
INVALID = CASES / "invalid"

# file stem, line, column, code, fragment of the message, fragment of the hint ("" means no hint)
# fmt: off
EXPECTED: list[tuple[str, int, int, str, str, str]] = [
    # ------------------------------------------------------------- reading the file
    ("yaml-syntax", 4, 19, "yaml-syntax", "mapping values are not allowed", "in quotes"),
    ("tab-indent", 26, 1, "yaml-syntax", "cannot start any token", "spaces, not tabs"),
    ("duplicate-key", 29, 5, "duplicate-key",
     "duplicate key 'max'; it is already set at line 27", "keep only the last"),
    ("anchor", 26, 12, "anchor", "anchors ('&ladder') are not allowed", "remove '&ladder'"),
    ("alias", 21, 18, "alias",
     "aliases ('*state') are not allowed in a case (the anchor '&state' is at line 17)",
     "write the value out in full"),
    ("merge-key", 30, 5, "merge-key", "merge keys ('<<') are not allowed", "every key out in full"),
    ("python-tag", 4, 8, "tag", "'!!python/object/apply:os.system' are not allowed", "remove the tag"),
    ("str-tag", 4, 8, "tag", "'!!str' are not allowed", "remove the tag"),
    ("multiple-documents", 62, 1, "multiple-documents", "one YAML document", "'---'"),
    ("top-level-list", 2, 1, "top-level", "must be a mapping of keys, not a list", "schema_version: 2"),
    ("empty", 1, 1, "empty", "the file is empty", "schema_version: 2"),
    ("binary", 1, 1, "binary", "binary file, not YAML text (it contains NUL bytes)", "UTF-8"),
    ("not-utf8", 1, 1, "binary", "not UTF-8 text", "UTF-8"),
    ("control-character", 4, 19, "control-character", "control character U+0007", "plain UTF-8 text"),
    ("escaped-control-character", 4, 8, "control-character",
     'the text "The Harbour \\x1b]0;pwned\\x07 Standoff" contains the control character U+001B',
     "double-quoted escapes such as \\e"),
    ("text-too-long", 8, 11, "too-long",
     "this text is 28,064 characters long; a text in a case may be at most 20,000", "shorten it"),
    ("too-deep", 4, 39, "too-deep", "nested more than 32 levels", "a few levels"),
    # ------------------------------------------------------------ shape and types
    ("unknown-key", 27, 5, "unknown-key", "unknown key 'descripton' in meter 'escalation'",
     "did you mean 'description'?"),
    ("missing-key", 20, 5, "missing-key",
     "role 'kest' is missing the required key 'briefing'", "add 'briefing:'"),
    ("missing-keys", 26, 5, "missing-key",
     "meter 'escalation' is missing the required keys 'max' and 'initial'", "'parley guide format'"),
    ("wrong-type", 11, 10, "type", "'limit' must be a whole number, not 'ten'", ""),
    ("roles-not-mapping", 14, 8, "type", "'roles' must be a mapping, not a list", ""),
    ("yes-as-bool", 22, 15, "type",
     "'playable' must be true or false, not 'yes'", "YAML 1.1 reads yes/no/on/off"),
    ("sexagesimal", 7, 19, "type", "'duration_minutes' must be a whole number, not '1:30'", "base-60"),
    ("hex-number", 27, 10, "type", "'max' must be a whole number, not '0x0A'", "plain decimal"),
    ("quoted-number", 11, 10, "type", "not the quoted text \"10\"", "remove the quotes"),
    ("huge-number", 27, 10, "range", "is too large", "at most 15 digits"),
    ("no-value", 4, 7, "type", "'title' has no value", "remove the key"),
    ("bad-id", 56, 3, "bad-id",
     "'Trust-Listening' is not a valid dimension id", "lowercase letters, digits and '_'"),
    ("bad-case-id", 3, 5, "bad-id", "'Harbour Standoff' is not a valid case id", "'-'"),
    ("bad-enum", 6, 13, "enum", "'intermediat' is not one of introductory, intermediate, advanced",
     "did you mean 'intermediate'?"),
    ("schema-version", 2, 17, "schema-version",
     "unsupported schema_version 3; this Parley reads versions 1 to 2",
     "newer Parley"),
    ("too-few-roles", 15, 3, "too-few", "'roles' needs at least 2 entries", ""),
    ("limit-zero", 11, 10, "range", "'limit' must be at least 1 and at most 1000, not '0'", ""),
    ("limit-too-large", 11, 10, "range",
     "'limit' must be at least 1 and at most 1000, not '999999999999999'", ""),
    ("weight-zero", 58, 13, "range", "'weight' must be more than 0, not '0'", ""),
    ("chance-out-of-range", 67, 13, "range", "'chance' must be more than 0 and at most 1, not '1.5'", ""),
    ("max-rounds-without-timeout", 34, 5, "missing-key", "'max_rounds' is set but 'on_timeout' is missing",
     "add 'on_timeout'"),
    ("timeout-without-max-rounds", 34, 5, "missing-key", "'on_timeout' is set but 'max_rounds' is missing",
     "add 'max_rounds'"),
    ("when-without-locked-reason", 51, 5, "missing-key", "'when' is set but 'locked_reason' is missing",
     "add 'locked_reason'"),
    ("inject-without-trigger", 65, 5, "one-of",
     "inject 'leak' needs at least one of 'round', 'phase', 'when' or 'chance'", ""),
    ("rule-two-kinds", 60, 9, "one-of", "has both 'tag' and 'move'", "split it into two rules"),
    ("rule-no-kind", 59, 9, "one-of", "needs one of 'tag', 'move' or 'if'", ""),
    ("max-times-on-if", 60, 9, "conflict", "'max_times' cannot be used together with 'if'", "remove one"),
    # ----------------------------------------------------------------- references
    ("dangling-exit", 38, 13, "unknown-ref",
     "unknown phase or ending 'stalemat'", "did you mean 'stalemate'?"),
    ("dangling-on-limit", 12, 13, "unknown-ref", "unknown ending 'signal'", "'signal' is a phase"),
    ("dangling-on-timeout", 35, 17, "unknown-ref",
     "unknown phase or ending 'backchannel'", "declared: signal"),
    ("dangling-order", 11, 19, "unknown-ref", "unknown role 'kset'", "did you mean 'kest'?"),
    ("round-order-duplicate", 11, 25, "duplicate", "'velmar' is listed twice in rounds.order", "remove one"),
    ("round-order-missing", 11, 10, "round-order",
     "rounds.order leaves out 'kest'", "every role exactly once"),
    ("dangling-move-role", 50, 27, "unknown-ref", "unknown role 'norland'", "declared: velmar, kest"),
    ("duplicate-in-list", 50, 27, "duplicate",
     "'velmar' is listed twice in the roles of 'listen'", "remove one"),
    ("dangling-reply-role", 55, 15, "unknown-ref", "unknown role 'norland'", "declared: velmar, kest"),
    ("dangling-policy-move", 24, 15, "unknown-ref", "unknown move 'lisen'", "did you mean 'listen'?"),
    ("policy-move-wrong-role", 20, 15, "wrong-role",
     "the policy of 'velmar' prefers move 'naval_exercise', but the move's roles do not include 'velmar'",
     "add 'velmar' to the roles of 'naval_exercise'"),
    ("phase-move-wrong-role", 35, 24, "wrong-role",
     "phase 'signal' offers move 'naval_exercise' to 'velmar', but the move's roles do not include it",
     "add 'velmar' to the roles of 'naval_exercise'"),
    ("dangling-phase-move", 35, 24, "unknown-ref", "unknown move 'lisen'", "did you mean 'listen'?"),
    ("dangling-phase-role", 37, 7, "unknown-ref", "unknown role 'norland'", "declared: velmar, kest"),
    ("dangling-inject-phase", 67, 12, "unknown-ref", "unknown phase 'backchannel'", "declared: signal"),
    ("dangling-rubric-tag", 59, 14, "unknown-ref", "unknown tag 'inquiri'", "did you mean 'inquiry'?"),
    ("dangling-rubric-move", 59, 15, "unknown-ref", "unknown move 'lisen'", "did you mean 'listen'?"),
    ("dangling-rule-role", 62, 17, "unknown-ref", "unknown role 'velmr'", "did you mean 'velmar'?"),
    ("dangling-move-tag", 51, 12, "unknown-ref", "unknown tag 'inquiri'", "did you mean 'inquiry'?"),
    ("dangling-effect-target", 53, 7, "unknown-ref",
     "unknown meter 'escalaton'", "did you mean 'escalation'?"),
    ("dangling-effect-flag", 56, 13, "unknown-ref", "unknown flag 'leek'", "did you mean 'leak'?"),
    ("dangling-initial-key", 35, 7, "unknown-ref",
     "unknown role 'velmr' in the initial values of per-role meter",
     "did you mean 'velmar'?"),
    # ---------------------------------------------------------- meters and effects
    ("initial-missing-slot", 34, 7, "missing-key", "meter 'support' has no initial value for kest",
     "add 'default: <number>'"),
    ("initial-duplicate-pair", 35, 7, "duplicate-key", "'velmar_kest' and 'kest_velmar' name the same pair",
     "keep only one"),
    ("initial-global-mapping", 29, 7, "type",
     "'escalation' is a global meter; its initial value is one whole number",
     "scope: role"),
    ("initial-out-of-bounds", 28, 14, "bounds",
     "the initial value 11 of 'escalation' is outside the meter's bounds 0..10",
     "min or max"),
    ("meter-min-max", 28, 10, "bounds", "meter 'escalation' has max 10, which is not above its min 10",
     "make max greater than min"),
    ("effect-bool-for-meter", 53, 19, "type", "'escalation' is a meter; change it by a whole number",
     "only flags are set to true or false"),
    ("effect-int-for-flag", 56, 19, "type",
     "'flags.leak' is a flag; set it to true or false", "'flags.leak: true'"),
    ("yes-in-effect", 56, 19, "type", "'flags.leak' must be a whole number or true/false, not 'yes'",
     "YAML 1.1 reads yes/no/on/off"),
    ("effect-self-in-inject", 74, 15, "effect-target", "'self' has no meaning in an inject", "name the role"),
    ("pair-self", 58, 13, "effect-target", "'self' cannot stand for a role in a per-pair meter",
     "name both roles of the pair"),
    ("effect-duplicate-pair", 59, 7, "duplicate-key",
     "'trust.velmar_kest' changes the same meter as 'trust.kest_velmar' (line 58)", "merge the two"),
    # ------------------------------------------------------ names and their clashes
    ("reserved-name", 29, 3, "reserved-name",
     "'round' is a reserved name and cannot be a meter id", "reserved:"),
    ("reserved-role", 19, 3, "reserved-name",
     "'self' is a reserved name and cannot be a role id", "reserved:"),
    ("phase-ending-clash", 46, 3, "name-clash",
     "'signal' is both a phase (line 31) and an ending", "one namespace"),
    ("move-tag-clash", 48, 3, "name-clash", "move 'pause' has the same id as a built-in doctrine tag",
     "'mine.pause'"),
    ("move-declared-tag-clash", 51, 3, "name-clash",
     "move 'shuttle' has the same id as a tag declared under 'tags'", "'mine.shuttle'"),
    ("meter-flag-clash", 31, 3, "name-clash",
     "'escalation' is both a meter (line 25) and a flag", "rename one"),
    ("builtin-tag-redeclared", 31, 3, "name-clash", "'inquiry' is already a built-in doctrine tag",
     "remove it from 'tags'"),
    ("no-playable-role", 15, 3, "no-playable-role", "no role is playable", "at least one role"),
    # ----------------------------------------------------------------- conditions
    ("bad-condition-syntax", 39, 31, "condition", "unexpected '&&'", "write 'and'"),
    ("unknown-name-in-condition", 39, 15, "condition",
     "unknown name 'escalaton'", "did you mean 'escalation'?"),
    ("quoted-condition", 39, 42, "condition", "unknown move 'lisen'", "did you mean 'listen'?"),
    ("block-condition", 60, 31, "condition", "unknown name 'trsut'", "use a declared meter"),
    ("condition-type", 42, 15, "condition",
     "'+' needs a number, but 'flags.leak' is true/false", "compare flags"),
    ("condition-self-in-exit", 44, 23, "condition", "'self' has no meaning in a phase exit", "name the role"),
    ("ending-outside-rubric", 51, 15, "condition",
     "'ending.' can only be read in the rubric", "not ended yet"),
    ("empty-condition", 39, 16, "condition", "the condition is empty", "escalation >= 5"),
    ("deep-condition", 39, 15, "condition", "nested too deeply", "split it"),
    ("long-condition", 39, 15, "condition", "nested too deeply", "split it"),
    # ------------------------------------------------------------- red lines, role rubrics, citations
    ("red-line-bad-condition", 21, 15, "condition", "unknown name 'escalaton'", "did you mean 'escalation'?"),
    ("red-line-dangling-move", 21, 17, "unknown-ref", "unknown move 'lisen'", "did you mean 'listen'?"),
    ("red-line-move-wrong-role", 21, 17, "wrong-role",
     "red line 1 of 'velmar' is breached by move 'drill', which 'velmar' cannot play", "include 'velmar'"),
    ("red-line-positive-points", 23, 17, "range", "'points' must be at most -1, not '10'", ""),
    ("red-line-unknown-dimension", 22, 20, "unknown-ref",
     "costs points in 'red_lines', which is not a dimension of the rubric that scores 'velmar'",
     "declared: trust_listening"),
    ("red-line-without-trigger", 20, 9, "one-of", "needs at least one of 'moves' or 'when'", ""),
    ("rubrics-unknown-role", 64, 3, "unknown-ref", "unknown role 'norland'", "declared: velmar, kest"),
    ("cite-without-source", 63, 13, "missing-key",
     "citation 1 of 'cite' is missing the required key 'source'", "add 'source:'"),
    # ------------------------------------------------------------ private information
    ("audience-unknown", 52, 15, "unknown-ref", "unknown audience 'velmr' for move 'listen'",
     "did you mean 'velmar'?"),
    ("audience-actor-inject", 68, 15, "audience", "'actor' has no meaning for inject 'leak'",
     "name the roles who see it"),
    ("audience-owner-global", 29, 15, "audience",
     "'owner' has no meaning for meter 'escalation': a global meter belongs to nobody", "name the roles"),
    ("audience-hidden-meter", 30, 15, "conflict", "meter 'escalation' is hidden ('visible: false')",
     "remove 'visible: false' or 'audience'"),
    ("bands-public", 30, 7, "bands", "meter 'escalation' has bands, but everyone sees its number",
     "add 'audience: owner'"),
    ("bands-order", 32, 29, "bands", "band 'low' ends at 3, not above the band before it",
     "from the lowest up"),
    ("private-text-unknown", 35, 7, "unknown-ref",
     "'kestt' in the private text of phase 'signal' is neither a role nor a pair", "did you mean 'kest'?"),
    ("private-read", 58, 11, "private-read",
     "the 'when' of move 'listen' (for 'velmar') reads 'resolve.kest', "
     "but 'velmar' does not see 'resolve.kest'",
     "reads only what that role sees"),
    ("private-reply", 54, 15, "private-read",
     "'kest' replies to move 'listen', but does not see it played by 'velmar'", "answers only what it saw"),
]
# fmt: on


def _only(diagnostics: tuple[Diagnostic, ...]) -> Diagnostic:
    assert len(diagnostics) == 1, "\n".join(d.format(with_code=True) for d in diagnostics)
    return diagnostics[0]


def test_the_base_of_every_broken_file_is_valid() -> None:
    assert check_case(CASES / "minimal.yaml") == ()
    load_case(CASES / "minimal.yaml")


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
    found = _only(check_case(path))
    where = (found.path, found.line, found.column, found.code)
    assert where == (path, line, column, code), found.format(with_code=True)
    assert message in found.message
    if hint:
        assert hint in found.hint
    else:
        assert found.hint == ""
    with pytest.raises(CaseError) as raised:
        load_case(path)
    assert raised.value.diagnostics == (found,)
    assert f"{path}:{line}:{column}:" in str(raised.value)


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"title: " + b"x" * MAX_BYTES + b"\n")
    found = _only(check_case(path))
    assert (found.path, found.line, found.column, found.code) == (str(path), 1, 1, "too-large")
    assert "at most 2 MiB" in found.message


def test_too_large_text_is_refused() -> None:
    found = _only(_diagnostics_of_text("title: " + "x" * MAX_BYTES))
    assert (found.line, found.column, found.code) == (1, 1, "too-large")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    found = _only(check_case(path))
    assert (found.path, found.line, found.column, found.code) == (str(path), 1, 1, "unreadable")
    assert "no such file" in found.message


def test_directory(tmp_path: Path) -> None:
    found = _only(check_case(tmp_path))
    assert (found.line, found.column, found.code) == (1, 1, "unreadable")
    assert "directory" in found.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("schema_version: 1\n")
    path.chmod(0)
    try:
        found = _only(check_case(path))
    finally:
        path.chmod(0o600)
    assert (found.code, found.line, found.column) == ("unreadable", 1, 1)
    assert "permission denied" in found.message


def _diagnostics_of_text(text: str) -> tuple[Diagnostic, ...]:
    with pytest.raises(CaseError) as raised:
        load_case_text(text, "text.yaml")
    return raised.value.diagnostics
