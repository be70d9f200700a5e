"""Authoring from an installed Parley: validate by id, `parley new`, `parley guide`, lint and graph."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from cli.commands.new import SCHEMA_NAME
from cli.main import main
from game.case.library import builtin_dir
from game.case.loader import check_case, load_case, load_case_text
from game.case.schema import json_schema
from game.instructor.diagram import render_graph
from game.instructor.lint import CODES, lint_case
from game.instructor.lint.codes import INVALID_CASE

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# ------------------------------------------------------------------ validate by id


def test_validate_accepts_a_builtin_case_id(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["validate", "harbour-standoff"], capsys)
    assert status == 0
    assert out == f"{builtin_dir() / 'harbour-standoff.yaml'}: ok\n"


def test_validate_reports_an_unknown_id_and_checks_the_rest(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["validate", "harbur-standoff", "small-state-mediation"], capsys)
    assert status == 1
    assert err.splitlines()[0] == (
        "harbur-standoff:1:1: no case file or built-in case called 'harbur-standoff' "
        "(did you mean 'harbour-standoff'?)"
    )
    assert "small-state-mediation.yaml: ok" in out
    assert "1 of 2 files valid" in err


# ------------------------------------------------------------------ lint codes


def _documented_lint_codes() -> set[str]:
    text = (ROOT / "docs" / "instructor-tools.md").read_text(encoding="utf-8")
    table = text.split("### The codes", 1)[1].split("###", 1)[0]
    return set(re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE))


def test_every_lint_code_is_documented() -> None:
    assert _documented_lint_codes() == {*CODES, INVALID_CASE.code}


def test_lint_codes_shown_for_invalid_files_are_documented(capsys: pytest.CaptureFixture[str]) -> None:
    documented = _documented_lint_codes()
    files = sorted((ROOT / "tests" / "cases" / "invalid").glob("*.yaml"))
    assert main(["lint", "-q", *map(str, files)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) >= len(files)
    shown = {re.match(r".*?:\d+:\d+:(?: warning:)? ([a-z-]+):", line).group(1) for line in out}  # type: ignore[union-attr]
    assert shown == {"invalid-case"} <= documented
    # the message is validate's, word for word
    pair_self = ROOT / "tests" / "cases" / "invalid" / "pair-self.yaml"
    (validated,) = check_case(pair_self)
    assert f"{pair_self}:58:13: invalid-case: {validated.message} ({validated.hint})" in out


def test_a_tenth_move_that_can_never_be_open_needs_no_number_key() -> None:
    text = (ROOT / "tests" / "cases" / "lint" / "too-many-moves.yaml").read_text(encoding="utf-8")
    never = text.replace(
        "  wait8:\n    label: Wait and see (8)\n",
        "  wait8:\n    label: Wait and see (8)\n    when: round > 6\n    locked_reason: too late\n",
    )
    assert never != text
    codes = [d.code for d in lint_case(load_case_text(never, "never.yaml"))]
    assert "too-many-moves" not in codes
    assert "move-never-open" in codes


# ------------------------------------------------------------------ graph


def _with_one_round_phase(limit: int) -> str:
    """clean.yaml with a one-round 'wrap' phase after 'talks' (which now times out into it)."""
    text = (ROOT / "tests" / "cases" / "lint" / "clean.yaml").read_text(encoding="utf-8")
    text = text.replace("  limit: 6\n", f"  limit: {limit}\n")
    text = text.replace("    on_timeout: stalemate\n", "    on_timeout: wrap\n", 1)
    wrap = (
        "  wrap:\n    title: Wrap-up\n    text: One last exchange.\n    max_rounds: 1\n"
        "    on_timeout: stalemate\n    moves:\n      alba: [calm]\n      bront: [calm]\n\n"
    )
    return text.replace("\nendings:\n", f"\n{wrap}endings:\n")


def test_graph_leaves_out_a_round_limit_a_one_round_phase_never_meets() -> None:
    drawn = render_graph(load_case_text(_with_one_round_phase(6), "wrap.yaml"))
    assert "wrap --> stalemate : after 1 round here" in drawn
    assert "wrap --> stalemate : round limit" not in drawn
    assert "round limit" not in drawn  # 'talks' always times out into 'wrap' by round 3 of 6, too
    dot = render_graph(load_case_text(_with_one_round_phase(6), "wrap.yaml"), "dot")
    assert '"wrap" -> "stalemate" [label="round limit' not in dot


def test_graph_keeps_the_round_limit_of_a_one_round_phase_entered_in_the_last_round() -> None:
    # 'talks' times out at the end of round 3, the last: 'wrap' is entered and the limit ends it at once
    drawn = render_graph(load_case_text(_with_one_round_phase(3), "wrap.yaml"))
    assert "wrap --> stalemate : round limit (3)" in drawn


# ------------------------------------------------------------------ guide


def test_guide_lists_its_topics(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["guide"], capsys)
    assert status == 0
    names = [line.split()[0] for line in out.splitlines()[1:]]
    assert names[:5] == ["authoring", "facilitator", "format", "instructor-tools", "sessions"]
    assert {"first-case", "first-case.paths", "fisheries", "fisheries.paths"} <= set(names)
    assert {"draft-first-case", "draft-first-case.paths"} <= set(names)  # the worked example's draft
    assert any(line.split()[:3] == ["format", "Case", "format,"] for line in out.splitlines())


@pytest.mark.parametrize(
    ("topic", "file"),
    [
        ("format", "format.md"),
        ("authoring", "authoring.md"),
        ("guide", "authoring.md"),
        ("tools", "instructor-tools.md"),
        ("sessions.md", "sessions.md"),
        ("first-case", "examples/first-case.yaml"),
        ("first-case.paths", "examples/first-case.paths.yaml"),
        ("draft-first-case", "examples/draft/first-case.yaml"),
    ],
)
def test_guide_prints_a_document_as_it_is(topic: str, file: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["guide", topic], capsys)
    assert status == 0
    assert out == (ROOT / "docs" / file).read_text(encoding="utf-8")


def test_guide_unknown_topic_says_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["guide", "formt"], capsys)
    assert status == 1
    assert err.splitlines()[-1] == "parley: no guide topic 'formt' (did you mean 'format'?)"
    assert "topics (parley guide TOPIC):" in err


def _user_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_message_points_at_a_docs_file_a_wheel_install_lacks() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for package in ("game", "cli", "tui")
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, text in _user_strings(path)
        if re.search(r"docs/|\w\.md\b", text)
    ]
    assert found == [], "say 'parley guide TOPIC' instead:\n" + "\n".join(found)


def test_the_missing_keys_hint_names_the_guide() -> None:
    (problem,) = check_case(ROOT / "tests" / "cases" / "invalid" / "missing-keys.yaml")
    assert problem.hint == "'parley guide format' says what each one holds"


# ------------------------------------------------------------------ new


@pytest.mark.parametrize("roles", [2, 3, 4, 5, 6])
def test_new_case_validates_lints_clean_and_passes_its_paths(
    roles: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["new", "my-case", "--roles", str(roles), "--dir", str(tmp_path)], capsys)
    assert status == 0
    case, paths = tmp_path / "my-case.yaml", tmp_path / "my-case.paths.yaml"
    strategies = tmp_path / "my-case.strategies"
    assert out.splitlines()[:4] == [
        f"wrote {case}",
        f"wrote {paths}",
        f"wrote {strategies}/ ({2 * roles} strategies)",
        f"wrote {tmp_path / SCHEMA_NAME}",
    ]
    text = case.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./parley-case.schema.json\n")
    loaded = load_case(case)
    assert len(loaded.roles) == roles
    # teaching notes: objectives scored by the rubric's dimensions, and a 45-minute plan
    assert loaded.teaching is not None and loaded.teaching.expected_play
    assert {d for o in loaded.teaching.objectives for d in o.dimensions} <= set(loaded.rubric)
    assert sum(minutes for minutes, _ in loaded.teaching.timing) == 45
    assert loaded.teaching.common_errors and loaded.teaching.discussion
    files = sorted(strategies.iterdir())
    assert [f.name for f in files] == sorted(
        f"{r}-{s}.yaml" for r in loaded.roles for s in ("doctrine", "reactive")
    )
    assert run(["validate", str(case), str(paths), *map(str, files)], capsys)[0] == 0
    status, out, _ = run(["lint", "--strict", str(case)], capsys)
    assert (status, out) == (0, "0 errors, 0 warnings in 1 case file\n")
    # two fixed paths, then doctrine, reactive and random play for every role over 200 seeds
    status, out, _ = run(["test", str(case)], capsys)
    assert status == 0 and out.endswith(f"{2 + 3 * roles} passed, 0 failed\n"), out
    # the schema written beside it is the one `parley schema` prints, and the case follows it
    schema = json.loads((tmp_path / SCHEMA_NAME).read_text(encoding="utf-8"))
    assert schema == json_schema()
    jsonschema.validate(yaml.safe_load(text), schema)


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = tmp_path / "my-case.paths.yaml"
    paths.write_text("mine\n", encoding="utf-8")
    status, out, err = run(["new", "my-case", "--dir", str(tmp_path)], capsys)
    assert status == 1 and out == ""
    assert err == f"parley: {paths} already exists; nothing was written (choose another ID or --dir)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-case.paths.yaml"]
    assert paths.read_text(encoding="utf-8") == "mine\n"
    paths.unlink()
    assert run(["new", "my-case", "--dir", str(tmp_path)], capsys)[0] == 0
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    status, _, err = run(["new", "my-case", "--dir", str(tmp_path)], capsys)
    assert status == 1 and "my-case.yaml already exists" in err
    assert {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    # a strategies folder of that name is left alone too, and nothing else is written
    for path in (tmp_path / "my-case.yaml", tmp_path / "my-case.paths.yaml"):
        path.unlink()
    status, _, err = run(["new", "my-case", "--dir", str(tmp_path)], capsys)
    assert status == 1 and "my-case.strategies already exists" in err
    assert not (tmp_path / "my-case.yaml").exists()


def test_new_keeps_an_existing_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / SCHEMA_NAME).write_text("{}\n", encoding="utf-8")
    status, out, _ = run(["new", "other", "--dir", str(tmp_path)], capsys)
    assert status == 0 and SCHEMA_NAME not in out
    assert (tmp_path / SCHEMA_NAME).read_text(encoding="utf-8") == "{}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "My Case"], "parley: 'My Case' is not a valid case id: lowercase letters, digits"),
        (["new", "x", "--roles", "1"], "parley: --roles must be 2 to 6, not 1"),
        (["new", "x", "--roles", "7"], "parley: --roles must be 2 to 6, not 7"),
    ],
)
def test_new_refuses_bad_arguments(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run([*args, "--dir", str(tmp_path)], capsys)
    assert status == 1 and err.startswith(message)
    assert list(tmp_path.iterdir()) == []
    status, _, err = run(["new", "x", "--dir", str(tmp_path / "missing")], capsys)
    assert status == 1 and "is not a folder" in err


def test_a_move_hidden_until_it_appears_takes_no_number_key() -> None:
    text = (ROOT / "tests" / "cases" / "lint" / "too-many-moves.yaml").read_text(encoding="utf-8")
    hidden = text.replace("schema_version: 1\n", "schema_version: 2\n").replace(
        "  wait1:\n    label: Wait and see (1)\n",
        "  wait1:\n    label: Wait and see (1)\n    appears_when: tension > 10\n",
    )
    assert hidden.count("appears_when") == 1
    codes = [d.code for d in lint_case(load_case_text(hidden, "hidden.yaml"))]
    assert "too-many-moves" not in codes


def test_guide_prints_one_section(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["guide", "format", "timers"], capsys)
    assert status == 0
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    start = text.index("## Timers\n")
    end = text.index("\n## ", start + 1)
    assert out == text[start:end].rstrip("\n") + "\n"
    # a level-2 section keeps its level-3 subsections, and stops at the next level-2 heading
    status, out, _ = run(["guide", "authoring", "common mistakes"], capsys)
    assert status == 0 and out.startswith("## Common mistakes")
    assert "### YAML itself" in out and "\n## " not in out


def test_guide_prefers_the_heading_that_begins_with_the_words(capsys: pytest.CaptureFixture[str]) -> None:
    """'doctrine' is in "Citing the doctrine" first, but "Doctrine tags" begins with it."""
    status, out, err = run(["guide", "authoring", "doctrine"], capsys)
    assert status == 0 and out.startswith("## Doctrine tags\n")
    assert "also in authoring: " in err and "Citing the doctrine" in err


def test_guide_unknown_section_lists_the_headings(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["guide", "format", "timerz"], capsys)
    assert status == 1
    assert (
        err.splitlines()[-1]
        == "parley: no section of format has 'timerz' in its heading (did you mean 'Timers'?)"
    )
    assert "    Proposals" in err
