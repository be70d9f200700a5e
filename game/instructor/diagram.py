"""The phase graph as text an instructor can paste into documentation: Mermaid or Graphviz.

Both are drawn from :func:`game.instructor.phasegraph.phase_graph`, that is from the
transitions of the machine the engine runs.  Phases are boxes titled with
their title and id; endings show their outcome and lead to the final marker.
Exit arrows carry the condition as written, numbered in the order the machine
tries them (the first that holds is taken); timeouts read "after N rounds
here"; every phase has an arrow to the round-limit ending, except a phase with
``max_rounds`` that can never be current when the limit comes (a one-round phase,
or one that its timeout always leaves before the last round): that arrow could
never be taken.

Case text is escaped for each format, so a title or condition can never break
the diagram's syntax: Mermaid gets its ``#…;`` character codes, DOT quoted
strings.
"""

from __future__ import annotations

import dataclasses

from game.case.model import Case
from game.instructor.phasegraph import Edge, PhaseGraph, phase_graph

FORMATS = ("mermaid", "dot")

# Words Mermaid's state-diagram grammar reserves; an id equal to one is drawn with a prefix.
_MERMAID_KEYWORDS = frozenset(
    {"state", "note", "direction", "class", "classdef", "end", "as", "left", "right"}
)
_MERMAID_CODES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    ":": "#58;",
    ";": "#59;",
    "%": "#37;",
    "{": "#123;",
    "}": "#125;",
    "\n": " ",
}


def render_graph(case: Case, fmt: str = "mermaid") -> str:
    """The phase graph of ``case`` in ``fmt`` (``"mermaid"`` or ``"dot"``), ending with a newline."""
    graph = _without_idle_limits(case, phase_graph(case))
    if fmt == "mermaid":
        return mermaid(case, graph)
    if fmt == "dot":
        return dot(case, graph)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _without_idle_limits(case: Case, graph: PhaseGraph) -> PhaseGraph:
    """``graph`` without the round-limit edges of timed phases that the limit can never catch.

    A phase with ``max_rounds: 1`` times out at the end of every round played in it, before the
    limit is tried; a longer one entered early enough always times out before the last round.
    Whether the limit edge can be taken is what the lint walk
    (:class:`~game.instructor.lint.reach.Reach`) knows; it over-approximates, so an arrow it
    leaves out can really never be taken.
    """
    timed = {p.id for p in case.phases.values() if p.max_rounds is not None}
    if not any(e.kind == "limit" and e.source in timed for e in graph.edges):
        return graph
    from game.instructor.lint.reach import Reach

    exits = Reach(case).exits

    def idle(edge: Edge) -> bool:
        stats = exits.get((edge.source, edge.order))
        return edge.kind == "limit" and edge.source in timed and (stats is None or not stats.taken)

    return dataclasses.replace(graph, edges=tuple(e for e in graph.edges if not idle(e)))


def _edge_text(edge: Edge, graph: PhaseGraph) -> str:
    text = edge.label(graph.limit)
    return f"({edge.order + 1}) {text}" if edge.kind == "exit" else text


# ---------------------------------------------------------------------- mermaid


def _mermaid_id(state: str) -> str:
    return f"s_{state}" if state.lower() in _MERMAID_KEYWORDS else state


def _mermaid_text(text: str) -> str:
    return "".join(_MERMAID_CODES.get(ch, ch) for ch in " ".join(text.split()))


def mermaid(case: Case, graph: PhaseGraph) -> str:
    """A Mermaid ``stateDiagram-v2``."""
    out = ["stateDiagram-v2"]
    for phase in graph.phases:
        title = _mermaid_text(case.phases[phase].title)
        out.append(f'    state "{title} ({phase})" as {_mermaid_id(phase)}')
    for ending in graph.endings:
        end = case.endings[ending]
        title = _mermaid_text(end.title)
        out.append(f'    state "{title} [{end.outcome.value}]" as {_mermaid_id(ending)}')
    out.append(f"    [*] --> {_mermaid_id(graph.start)}")
    for edge in graph.edges:
        label = _mermaid_text(_edge_text(edge, graph))
        out.append(f"    {_mermaid_id(edge.source)} --> {_mermaid_id(edge.dest)} : {label}")
    for ending in graph.endings:
        out.append(f"    {_mermaid_id(ending)} --> [*]")
    if graph.endings:
        out.append("    classDef ending font-weight:bold,stroke-width:3px")
        out.append(f"    class {','.join(_mermaid_id(e) for e in graph.endings)} ending")
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------------- dot


def _dot_escape(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def _dot_text(text: str) -> str:
    return f'"{_dot_escape(text)}"'


def dot(case: Case, graph: PhaseGraph) -> str:
    """A Graphviz ``digraph``: exits solid, timeouts dashed, the round limit dotted."""
    out = [
        f"digraph {_dot_text(case.id)} {{",
        "    rankdir=LR;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
        '    __start [shape=point, width=0.15, label=""];',
    ]
    for phase in graph.phases:
        label = f'"{_dot_escape(case.phases[phase].title)}\\n({_dot_escape(phase)})"'
        out.append(f"    {_dot_text(phase)} [label={label}];")
    for ending in graph.endings:
        end = case.endings[ending]
        label = _dot_text(f"{end.title} [{end.outcome.value}]")
        out.append(f'    {_dot_text(ending)} [label={label}, shape=doubleoctagon, style=""];')
    out.append(f"    __start -> {_dot_text(graph.start)};")
    styles = {"exit": "", "timeout": ", style=dashed", "limit": ", style=dotted"}
    for edge in graph.edges:
        label = _dot_text(_edge_text(edge, graph))
        out.append(
            f"    {_dot_text(edge.source)} -> {_dot_text(edge.dest)} [label={label}{styles[edge.kind]}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"
