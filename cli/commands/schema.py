"""``parley schema``: print the JSON Schema of the case format."""

from __future__ import annotations

import argparse
import json

from game.case.schema import json_schema


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``schema`` command."""
    parser = commands.add_parser(
        "schema",
        help="print the JSON Schema of the case format",
        description="Print the JSON Schema of case files, for editor autocompletion. "
        "Save it beside your cases and start each case with "
        "'# yaml-language-server: $schema=./parley-case.schema.json'.",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the schema."""
    print(json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False))
    return 0
