"""``parley graph CASE``: the phase graph as Mermaid or Graphviz text."""

from __future__ import annotations

import argparse

from game.case.library import open_case
from game.instructor.diagram import FORMATS, render_graph


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``graph`` command."""
    parser = commands.add_parser(
        "graph",
        help="print the phase graph as a Mermaid or Graphviz diagram",
        description="Print the phase graph of a case, drawn from the state machine the engine runs: "
        "phases, exits with their conditions as written (numbered in the order they are tried), "
        "timeouts, the round-limit ending and the endings. Paste Mermaid into Markdown; render DOT "
        "with 'dot -Tsvg'.",
    )
    parser.add_argument("case", metavar="CASE", help="a built-in case id or a path to a case file")
    parser.add_argument(
        "--format", choices=FORMATS, default="mermaid", help="output format (default mermaid)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the diagram."""
    print(render_graph(open_case(args.case), args.format), end="")
    return 0
