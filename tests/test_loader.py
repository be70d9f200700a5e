"""Loading valid cases, and how problems are collected and reported."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from game.case.loader import check_case, check_case_text, load_case, load_case_text
from game.case.model import Case, Effect, Outcome, RuleKind, Scope
from game.errors import CaseError, Diagnostic
from game.play.board import Board

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "cases" / "harbour-standoff.yaml"
MINIMAL = Path(__file__).parent / "cases" / "minimal.yaml"


def plain(value: Any) -> Any:
    """A comparable picture of a loaded model, leaving out compiled condition functions."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [field.name for field in dataclasses.fields(value)]
        return (
            type(value).__name__,
            *((name, plain(getattr(value, name))) for name in fields if not callable(getattr(value, name))),
        )
    if isinstance(value, Mapping):
        return tuple((key, plain(item)) for key, item in value.items())
    if isinstance(value, tuple | list):
        return tuple(plain(item) for item in value)
    if isinstance(value, Enum):
        return value.value
    return value


def errors_of(text: str) -> tuple[Diagnostic, ...]:
    """The diagnostics of case text, which must not load."""
    with pytest.raises(CaseError) as raised:
        load_case_text(text, "case.yaml")
    assert raised.value.diagnostics == check_case_text(text, "case.yaml")
    return raised.value.diagnostics


def minimal() -> str:
    """The text of the smallest valid case."""
    return MINIMAL.read_text(encoding="utf-8")


# ------------------------------------------------------------------ the sample


def test_sample_loads_without_diagnostics() -> None:
    assert check_case(SAMPLE) == ()
    case = load_case(SAMPLE)
    assert case.id == "harbour-standoff"
    assert case.schema_version == 1
    assert case.start == "signal"
    assert case.playable_roles == ("velmar", "kest", "norland")
    assert case.rounds.order == ("velmar", "kest", "norland")
    assert case.rounds.on_limit == "stalemate"
    assert case.endings["agreement"].outcome is Outcome.AGREEMENT
    assert case.flags["leak"].description == "The backchannel has leaked to the press."
    assert set(case.tags) == {"consequences", "ultimatum", "partisan"}


def test_path_and_source_hash() -> None:
    given = str(SAMPLE)
    case = load_case(given)
    assert case.path == given
    assert case.source_hash == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


def test_every_slot_of_a_meter_starts_somewhere() -> None:
    meters = load_case(SAMPLE).meters
    assert dict(meters["escalation"].initial) == {"escalation": 4}
    assert meters["support"].scope is Scope.ROLE
    assert dict(meters["support"].initial) == {"support.velmar": 6, "support.kest": 6, "support.norland": 6}
    assert dict(meters["trust"].initial) == {
        "trust.kest_velmar": 3,
        "trust.norland_velmar": 6,
        "trust.kest_norland": 5,
    }
    assert (meters["trust"].minimum, meters["trust"].maximum, meters["trust"].visible) == (0, 10, True)


def test_effects_as_written_with_pairs_in_canonical_order() -> None:
    case = load_case(SAMPLE)
    mirror = case.moves["mirror_exercise"]
    assert [(e.target, e.delta, e.flag) for e in mirror.effects] == [
        ("escalation", 2, None),
        ("support.self", 1, None),
        ("trust.kest_velmar", -2, None),
    ]
    court = case.moves["file_with_court"]
    assert court.effects[-1] == Effect("flags.court_filed", 0, True, court.effects[-1].pos)
    pair_meter = "  trust:\n    label: Trust\n    scope: pair\n    max: 10\n"
    pair_meter += "    initial:\n      velmar_kest: 2\n"
    text = minimal().replace("    initial: 4\n", "    initial: 4\n" + pair_meter, 1)
    text = text.replace("      escalation: -1\n", "      escalation: -1\n      trust.velmar_kest: +1\n")
    case = load_case_text(text, "pairs.yaml")
    assert dict(case.meters["trust"].initial) == {"trust.kest_velmar": 2}
    assert [e.target for e in case.moves["listen"].effects] == ["escalation", "trust.kest_velmar"]


def test_rules_policies_and_injects() -> None:
    case = load_case(SAMPLE)
    rules = case.rubric["escalation_control"].rules
    assert (rules[0].kind, rules[0].target, rules[0].when) == (RuleKind.TAG, "retaliation", None)
    assert rules[2].kind is RuleKind.IF and rules[2].target == "escalation <= 3 and not outcome.capitulation"
    assert case.rubric["red_lines"].rules[1].max_times == 2
    assert case.rubric["escalation_control"].weight == 2.0
    policy = case.roles["velmar"].policy
    assert [(p.move, p.weight) for p in policy][:2] == [("listen", 3.0), ("open_backchannel", 4.0)]
    leak = case.injects["leak"]
    assert (leak.phase, leak.chance, leak.repeat) == ("backchannel", 0.3, False)
    assert leak.round is None and leak.when is None
    assert case.moves["open_backchannel"].locked_reason.startswith("Too hot")
    assert case.moves["listen"].locked_reason == ""


def test_conditions_are_compiled_and_read_a_board() -> None:
    case = load_case(SAMPLE)
    board = Board(
        meters={slot: value for m in case.meters.values() for slot, value in m.initial.items()},
        flags=dict.fromkeys(case.flags, False),
        self_role="velmar",
    )
    court = case.moves["file_with_court"].when
    assert court is not None and court.test(board) is True
    board.flags["court_filed"] = True
    assert court.test(board) is False
    exit_ = case.phases["mediation"].exits[2]
    assert exit_.to == "agreement" and exit_.when.test(board) is False
    board.played.update(phased_lease_review=1, accept_phased_review=1)
    board.meters["trust.kest_velmar"] = 5
    assert exit_.when.test(board) is True
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    written = f"        when: {exit_.when.source}"
    assert (exit_.when.pos.line, exit_.when.pos.column) == (lines.index(written) + 1, 15)


def test_the_model_is_read_only() -> None:
    case = load_case(SAMPLE)
    with pytest.raises(TypeError):
        case.roles["spy"] = case.roles["kest"]  # type: ignore[index]
    with pytest.raises(TypeError):
        case.meters["trust"].initial["trust.kest_velmar"] = 9  # type: ignore[index]
    with pytest.raises(TypeError):
        case.phases["signal"].moves["velmar"] = ()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.title = "changed"  # type: ignore[misc]
    assert isinstance(case.moves["listen"].roles, tuple)
    assert isinstance(case.roles["velmar"].interests, tuple)


# --------------------------------------------------------------- determinism


def test_loading_twice_gives_equal_results() -> None:
    first, second = load_case(SAMPLE), load_case(SAMPLE)
    assert plain(first) == plain(second)
    from_bytes = load_case_text(SAMPLE.read_bytes(), str(SAMPLE))
    from_text = load_case_text(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))
    assert plain(from_bytes) == plain(from_text) == plain(first)
    assert check_case(SAMPLE) == check_case(SAMPLE)


def test_loading_does_not_mutate_its_input() -> None:
    raw = SAMPLE.read_bytes()
    text = raw.decode("utf-8")
    raw_copy, text_copy = bytes(bytearray(raw)), "".join(text)
    before = SAMPLE.stat().st_mtime_ns
    load_case_text(raw, "a.yaml")
    load_case_text(text, "b.yaml")
    load_case(SAMPLE)
    assert raw == raw_copy and text == text_copy
    assert SAMPLE.read_bytes() == raw and SAMPLE.stat().st_mtime_ns == before


# ----------------------------------------------------------------- reporting


def test_several_errors_are_all_reported_in_order() -> None:
    text = (
        minimal()
        .replace("duration_minutes: 15", "duration_minutes: soon")
        .replace("  limit: 10", "  limit: 0")
        .replace("      - to: stalemate", "      - to: nowhere")
        .replace("        when: escalation >= 9", "        when: escalation >= 9 && true")
        .replace("    roles: [velmar, kest]", "    roles: [velmar, kest, norland]")
        .replace("        points: 10", "        points: ten")
    )
    found = errors_of(text)
    assert [(d.line, d.code) for d in found] == [
        (7, "type"),
        (11, "range"),
        (38, "unknown-ref"),
        (39, "condition"),
        (50, "unknown-ref"),
        (60, "type"),
    ]
    assert found == tuple(sorted(found, key=lambda d: (d.line, d.column)))
    assert all(d.path == "case.yaml" for d in found)


def test_misspelt_key_gets_did_you_mean() -> None:
    found = errors_of(minimal().replace("summary:", "sumary:"))
    unknown = [d for d in found if d.code == "unknown-key"]
    assert len(unknown) == 1
    assert unknown[0].message == "unknown key 'sumary' in the case"
    assert unknown[0].hint == "did you mean 'summary'?"
    assert (unknown[0].line, unknown[0].column) == (5, 1)


def test_a_broken_section_is_reported_once() -> None:
    found = errors_of(
        minimal().replace(
            "endings:\n  stalemate:\n    title: Stalemate\n    outcome: stalemate\n    text: Talks stall.\n",
            "endings: [stalemate]\n",
        )
    )
    assert [(d.code, d.message) for d in found] == [("type", "'endings' must be a mapping, not a list")]


def test_merge_key_is_reported_without_the_keys_it_would_have_brought() -> None:
    found = errors_of((Path(__file__).parent / "cases" / "invalid" / "merge-key.yaml").read_text())
    assert [d.code for d in found] == ["merge-key"]


def test_unsupported_version_is_the_only_problem_reported() -> None:
    found = errors_of("schema_version: 3\nlevels: {}\nmissions: []\n")
    assert [(d.code, d.line, d.column) for d in found] == [("schema-version", 1, 17)]


def test_missing_keys_of_one_mapping_are_one_diagnostic() -> None:
    found = errors_of("schema_version: 1\n")
    assert len(found) == 1 and found[0].code == "missing-key"
    assert "'id', 'title'" in found[0].message and "and 'rubric'" in found[0].message


# ---------------------------------------------------------- strict YAML, safely


def test_python_tags_are_never_constructed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "ran.txt"
    text = minimal().replace(
        "title: The Harbour Standoff",
        f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
        f'summary2: !!python/object/new:builtins.open ["{marker}", "w"]\n'
        "summary3: !!python/name:os.system",
    )
    found = errors_of(text)
    assert [d.code for d in found if d.code == "tag"] == ["tag", "tag", "tag"]
    assert not marker.exists()
    assert list(tmp_path.iterdir()) == []


def test_yaml_1_1_words_are_text_where_text_is_expected() -> None:
    text = (
        minimal()
        .replace("title: The Harbour Standoff", "title: NO")
        .replace("    name: Kestmark", "    name: yes")
        .replace("    label: Escalation ladder", "    label: 1:30")
        .replace("    text: Talks stall.", "    text: 0x1F")
    )
    case = load_case_text(text, "words.yaml")
    assert case.title == "NO"
    assert case.roles["kest"].name == "yes"
    assert case.meters["escalation"].label == "1:30"
    assert case.endings["stalemate"].text == "0x1F"


def test_byte_order_mark_and_windows_line_endings() -> None:
    text = "\ufeff" + minimal().replace("\n", "\r\n")
    assert load_case_text(text.encode("utf-8"), "crlf.yaml").id == "harbour-standoff"
    found = errors_of(text.replace("when: escalation >= 9", "when: escalation >= 9 and escalaton"))
    assert [(d.line, d.column, d.code) for d in found] == [(39, 35, "condition")]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe\x00a",
        b"{",
        b"- - -",
        b"? ? ?",
        b"a: b: c",
        "x: \u2028y".encode(),
        b"'",
        b"%YAML 9.9\n---\na: 1",
    ],
)
def test_garbage_gives_diagnostics_not_tracebacks(data: bytes) -> None:
    found = check_case_text(data, "junk.yaml")
    assert found, "garbage must not load"
    assert all(d.path == "junk.yaml" and d.line >= 1 and d.column >= 1 for d in found)


def test_check_case_returns_a_tuple_for_a_valid_case() -> None:
    assert check_case(MINIMAL) == ()
    assert isinstance(load_case(MINIMAL), Case)


def test_control_characters_from_the_file_are_escaped_in_messages() -> None:
    found = errors_of(minimal().replace("  velmar:\n", '  "vel\\e[2Jmar":\n', 1))
    assert found[0].code == "control-character"  # refused at once, even written as an escape
    assert "\x1b" not in found[0].message and "vel\\x1b[2Jmar" in found[0].message
    assert all("\x1b" not in d.format() for d in found)
