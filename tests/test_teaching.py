"""Teaching notes: the format's checks, every built-in case's notes, and ``parley notes``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli.main import main
from game.case.library import builtin_files
from game.case.loader import load_case, load_case_text
from game.errors import CaseError
from game.instructor.notes import html_page, markdown
from tests.engine_helpers import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
SEEDS = next(
    (p for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds") if p.is_dir()),
    None,
)
SOURCE_FILES = {
    "coercion": "adaptive-negotiation-under-coercion.txt",
    "arms": "arms-reduction-coalitions.txt",
    "small-state": "microlateralism-small-state-leadership.txt",
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_every_built_in_case_has_teaching_notes_for_a_45_minute_class(path: Path) -> None:
    case = load_case(path)
    notes = case.teaching
    assert notes is not None
    assert notes.objectives and notes.expected_play and notes.common_errors and notes.discussion
    assert sum(minutes for minutes, _ in notes.timing) == 45
    covered = {d for objective in notes.objectives for d in objective.dimensions}
    # the case rubric's dimensions and those of the roles' own rubrics (a mediator's, say)
    dimensions = set(case.rubric).union(*(case.rubric_for(role) for role in case.roles))
    assert set(case.rubric) <= covered <= dimensions, "every rubric dimension is tied to an objective"


@pytest.mark.skipif(SEEDS is None, reason="the doctrine texts (shared/seeds) are not beside this checkout")
@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.stem)
def test_every_teaching_quote_is_verbatim(path: Path) -> None:
    assert SEEDS is not None
    texts = {k: _flat((SEEDS / f).read_text(encoding="utf-8")) for k, f in SOURCE_FILES.items()}
    notes = load_case(path).teaching
    assert notes is not None
    for objective in notes.objectives:
        for passage in objective.doctrine:
            assert _flat(passage.quote) in texts[passage.source], f"not verbatim: {passage.quote!r}"


def _with_teaching(block: str) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("\nteaching:\n")
    return text[:start] + "\n" + block


GOOD = """teaching:
  objectives:
    - text: Hold the line.
      dimensions: [red_lines]
      doctrine:
        - source: coercion
          quote: resist the instinct to retaliate in kind
  expected_play: Listen first.
"""


def test_a_minimal_teaching_section_loads() -> None:
    case = load_case_text(_with_teaching(GOOD), "x.yaml")
    assert case.teaching is not None
    assert case.teaching.objectives[0].dimensions == ("red_lines",)
    assert case.teaching.timing == () and case.teaching.discussion == ()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[red_lines]", "[red_line]", "unknown rubric dimension 'red_line' (did you mean 'red_lines'?)"),
        ("source: coercion", "source: coercian", "coercian"),
        ("  expected_play: Listen first.\n", "", "expected_play"),
        ("      dimensions: [red_lines]\n", "      dimensions: []\n", "dimensions"),
        ("  objectives:", "  objectivs:", "objectivs"),
    ],
)
def test_teaching_problems_are_reported_with_line_and_column(old: str, new: str, message: str) -> None:
    text = _with_teaching(GOOD.replace(old, new))
    with pytest.raises(CaseError) as info:
        load_case_text(text, "x.yaml")
    first = info.value.diagnostics[0]
    assert message in first.format()
    line = text.count("\n", 0, text.index("teaching:")) + 1
    assert first.line >= line and first.column >= 1


def test_notes_render_in_markdown_and_escaped_html() -> None:
    case = load_case_text(
        _with_teaching(GOOD.replace("Listen first.", "Listen <b>first</b> [UN].")), "x.yaml"
    )
    md = markdown(case)
    assert md.startswith("# Teaching notes: The Harbour Standoff")
    assert "Measured by: Red lines and no reactive concessions" in md
    assert "“resist the instinct to retaliate in kind”" in md
    page = html_page(case)
    assert "Listen &lt;b&gt;first&lt;/b&gt; [UN]." in page and "<b>first</b>" not in page


def test_parley_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notes", "small-state-mediation"]) == 0
    out_text = capsys.readouterr().out
    assert "## Discussion questions\n\n1. What could Orvane do that Meridia" in out_text
    out = tmp_path / "notes.html"
    assert main(["notes", "harbour-standoff", "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bare = tmp_path / "bare.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    bare.write_text(text[: text.index("\nteaching:\n")] + "\n", encoding="utf-8")
    assert main(["notes", str(bare)]) == 1
    assert "has no teaching notes" in capsys.readouterr().err
