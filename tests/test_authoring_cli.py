"""Authoring from an installed Parley: validate by id, `parley new`, `parley guide`, lint and graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli.main import main
from game.case.library import builtin_dir
from game.case.loader import check_case, load_case_text
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
    assert "talks --> stalemate : round limit (6)" in drawn
    dot = render_graph(load_case_text(_with_one_round_phase(6), "wrap.yaml"), "dot")
    assert '"wrap" -> "stalemate" [label="round limit' not in dot


def test_graph_keeps_the_round_limit_of_a_one_round_phase_entered_in_the_last_round() -> None:
    # 'talks' times out at the end of round 3, the last: 'wrap' is entered and the limit ends it at once
    drawn = render_graph(load_case_text(_with_one_round_phase(3), "wrap.yaml"))
    assert "wrap --> stalemate : round limit (3)" in drawn
