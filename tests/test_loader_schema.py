"""The JSON Schema for editors: generated from game/case/schema.py, committed, and in step with the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from game.case.schema import (
    CASE,
    COUNTER,
    DIMENSION,
    ENDING,
    INJECT,
    METER,
    MOVE,
    PHASE,
    PROPOSAL,
    REQUIREMENT,
    ROLE,
    ROUNDS,
    TERM,
    TIMER,
    VARIANT,
    Record,
    json_schema,
    json_schema_text,
)

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "cases" / "parley-case.schema.json"
SAMPLE = ROOT / "cases" / "harbour-standoff.yaml"
CASES = Path(__file__).parent / "cases"
INVALID = CASES / "invalid"

# Files whose one problem is about shape, so the JSON Schema must refuse them too.  (Not yes-as-bool,
# sexagesimal or hex-number: PyYAML reads those as YAML 1.1 booleans and numbers before the schema sees them.)
SHAPE_ERRORS = [
    "unknown-key",
    "missing-key",
    "wrong-type",
    "roles-not-mapping",
    "bad-id",
    "bad-case-id",
    "bad-enum",
    "schema-version",
    "too-few-roles",
    "limit-zero",
    "weight-zero",
    "chance-out-of-range",
    "max-rounds-without-timeout",
    "timeout-without-max-rounds",
    "when-without-locked-reason",
    "inject-without-trigger",
    "rule-two-kinds",
    "rule-no-kind",
    "max-times-on-if",
    "quoted-number",
]


def validator() -> jsonschema.Draft202012Validator:
    """A validator for the committed JSON Schema."""
    return jsonschema.Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))


def test_committed_schema_is_generated_from_game_schema() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == json_schema_text(), (
        "cases/parley-case.schema.json is stale; regenerate it with: python -c 'from game.case.schema import "
        'json_schema_text as t; open("cases/parley-case.schema.json", "w").write(t())\''
    )
    assert json.loads(json_schema_text()) == json_schema()


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_record_refuses_unknown_keys_and_describes_its_keys() -> None:
    schema = json_schema()
    records = [schema, *(d for d in schema["$defs"].values() if d.get("type") == "object")]
    # 13 for play and scoring; format 2 added requirement, variant, term, counter, proposal, timer;
    # private information a band; 5 for the teaching notes; checked red lines a red line and a citation
    assert len(records) == 27
    for record in records:
        assert record["additionalProperties"] is False
        assert all(prop.get("description") for prop in record["properties"].values())


VALID = [
    *sorted((ROOT / "cases").glob("*[!s].yaml")),  # every built-in case (not the .paths.yaml files)
    CASES / "minimal.yaml",
    CASES / "minimal2.yaml",
    CASES / "format2" / "quarantine.yaml",
    ROOT / "docs" / "examples" / "first-case.yaml",
    ROOT / "docs" / "examples" / "fisheries.yaml",
]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_cases_pass_the_json_schema(path: Path) -> None:
    errors = [e.message for e in validator().iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert errors == []


@pytest.mark.parametrize("stem", SHAPE_ERRORS)
def test_json_schema_refuses_what_the_loader_refuses(stem: str) -> None:
    data = yaml.safe_load((INVALID / f"{stem}.yaml").read_text(encoding="utf-8"))
    assert list(validator().iter_errors(data)), f"the JSON Schema accepts {stem}.yaml"


def _documented_keys() -> dict[str, set[str]]:
    """The keys in each table of docs/format.md, by section heading."""
    sections: dict[str, set[str]] = {}
    heading = ""
    for line in (ROOT / "docs" / "format.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        match = re.match(r"\| `([a-z_]+)` \|", line)
        if match:
            sections.setdefault(heading, set()).add(match.group(1))
    return sections


@pytest.mark.parametrize(
    ("heading", "record"),
    [
        ("Top level", CASE),
        ("Rounds", ROUNDS),
        ("Roles", ROLE),
        ("Meters", METER),
        ("Phases", PHASE),
        ("Endings", ENDING),
        ("Moves", MOVE),
        ("Injects", INJECT),
        ("Proposals", PROPOSAL),
        ("Terms", TERM),
        ("Counters", COUNTER),
        ("Timers", TIMER),
        ("Requirements", REQUIREMENT),
        ("Ending variants", VARIANT),
    ],
)
def test_schema_has_the_keys_the_reference_documents(heading: str, record: Record) -> None:
    assert _documented_keys()[heading] == {field.name for field in record.fields}


def test_rubric_keys_match_the_reference() -> None:
    assert {f.name for f in DIMENSION.fields} == {"title", "weight", "start", "rules", "cite"}
    rule: Any = DIMENSION.by_name["rules"].type.item
    assert {f.name for f in rule.fields} == {
        "tag",
        "move",
        "if",
        "points",
        "note",
        "max_times",
        "roles",
        "cite",
    }


def test_parley_schema_describes_version_2(capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["properties"]["schema_version"]["enum"] == [1, 2]
    assert "version 2" in printed["description"]
    for key in ("proposals", "timers"):
        assert key in printed["properties"]
    move = printed["$defs"]["move"]["properties"]
    assert {"appears_when", "requires", "proposes", "starts", "stops"} <= set(move)
    assert "quiet" in printed["$defs"]["inject"]["properties"]
    assert "pairs" in printed["$defs"]["meter"]["properties"]
    assert "variants" in printed["$defs"]["ending"]["properties"]
