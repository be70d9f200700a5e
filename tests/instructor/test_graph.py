"""``parley graph``: the phase graph drawn from the machine's own transitions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli.main import main
from game.case.loader import load_case
from game.instructor.diagram import render_graph
from game.instructor.phasegraph import phase_graph
from game.play.rules import rules_for
from tests.engine_helpers import sample, variant

EXPECTED = Path(__file__).resolve().parent / "expected" / "harbour-standoff.mmd"


def test_mermaid_of_the_sample_case_matches_the_stored_expectation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["graph", "harbour-standoff"]) == 0
    out = capsys.readouterr().out
    if os.environ.get("PARLEY_REGENERATE"):
        EXPECTED.write_text(out, encoding="utf-8")
    assert out == EXPECTED.read_text(encoding="utf-8")


def test_edges_are_the_machine_transitions() -> None:
    case = sample()
    machine = rules_for(case).machine.machine
    transitions = [
        (source, t.dest)
        for name in ("advance", "expire")
        for source, items in machine.events[name].transitions.items()
        for t in items
    ]
    graph = phase_graph(case)
    assert sorted((e.source, e.dest) for e in graph.edges) == sorted(transitions)
    signal = graph.leaving("signal")
    assert [e.kind for e in signal] == ["exit", "exit", "exit", "timeout", "limit"]
    assert signal[0].condition is not None and signal[0].condition.source == "escalation >= 9"


def test_dot_output_is_escaped() -> None:
    case = variant(t=("title: Coercive signal", 'title: Coercive "signal" \\ now'))
    dot = render_graph(case, "dot")
    assert dot.startswith('digraph "harbour-standoff" {')
    assert '"signal" [label="Coercive \\"signal\\" \\\\ now\\n(signal)"];' in dot
    assert '"signal" -> "backchannel" [label="after 3 rounds here", style=dashed];' in dot
    # the harbour's phases time out by round 9 of 10: no round-limit arrow can ever be taken
    assert '"mediation" -> "stalemate" [label="after 3 rounds here", style=dashed];' in dot
    assert "round limit" not in dot
    longer = render_graph(
        load_case(Path(__file__).resolve().parents[2] / "cases" / "coercion-under-asymmetry.yaml"), "dot"
    )
    assert '"signal" -> "frozen_standoff" [label="round limit (14)", style=dotted];' in longer


def test_mermaid_escapes_what_its_grammar_reads() -> None:
    text = render_graph(sample(), "mermaid")
    assert "signal --> breakdown : (1) escalation #gt;= 9" in text
    assert "<" not in text and ">=" not in text.replace("-->", "")


def test_no_round_limit_arrow_from_a_timed_phase_the_limit_can_never_catch() -> None:
    """Quarantine: talks (3 rounds) then the brink (2 rounds), the limit at 8: both time out by round
    5, so neither can be current when the limit comes and neither gets a 'round limit' arrow; the
    Saltmere soundings (2 rounds) and summit (4) likewise end by round 6 of 7."""
    cases = Path(__file__).resolve().parents[1] / "cases" / "format2"
    for name in ("quarantine.yaml", "saltmere.yaml"):
        drawn = render_graph(load_case(cases / name))
        assert "round limit" not in drawn, name
        assert "after 2 rounds here" in drawn
