"""``parley guide [TOPIC]``: print the authoring guide, the format reference or an example.

The documents are the files of the ``docs`` package (``docs/*.md`` and
``docs/examples/*.yaml``), shipped in the wheel and read through
:mod:`importlib.resources`, so the guide is there wherever Parley is installed.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from cli.output import Failure
from game.errors import did_you_mean

# Short names people type, for the documents whose file names are longer.
ALIASES = {"guide": "authoring", "tools": "instructor-tools", "reference": "format"}


@dataclass(frozen=True, slots=True)
class Topic:
    """One document: its topic name, what it is, and the file it is read from."""

    name: str
    summary: str
    file: Traversable


def _summary(file: Traversable) -> str:
    text = file.read_text(encoding="utf-8")
    if file.name.endswith(".paths.yaml"):
        return f"the expected paths of the example {file.name.removesuffix('.paths.yaml')}"
    if file.name.endswith(".yaml"):
        title = re.search(r"^title: *(.+)$", text, flags=re.MULTILINE)
        return f"an example case: {title.group(1).strip() if title else file.name}"
    heading = re.search(r"^# +(.+)$", text, flags=re.MULTILINE)
    return heading.group(1).strip() if heading else file.name


def topics() -> list[Topic]:
    """Every document, the Markdown ones first, then the examples, each sorted by name."""
    root = resources.files("docs")
    docs = sorted((f for f in root.iterdir() if f.name.endswith(".md")), key=lambda f: f.name)
    examples = [f for f in root.joinpath("examples").iterdir() if f.name.endswith(".yaml")]
    found = [Topic(f.name.removesuffix(".md").removesuffix(".yaml"), _summary(f), f) for f in docs]
    named = [Topic(f.name.removesuffix(".yaml"), _summary(f), f) for f in examples]
    return found + sorted(named, key=lambda t: t.name)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``guide`` command."""
    parser = commands.add_parser(
        "guide",
        help="print the authoring guide, the format reference or an example case",
        description="Print one of Parley's documents as Markdown (or an example case as YAML): "
        "'parley guide authoring' is the guide from an empty file to a tested case, 'parley guide "
        "format' the field-by-field reference. With no TOPIC, lists the topics. An example can be "
        "saved and edited: parley guide first-case > my-case.yaml",
    )
    parser.add_argument("topic", nargs="?", metavar="TOPIC", help="what to print (none: list the topics)")
    parser.set_defaults(handler=handle)


def _listing(found: list[Topic]) -> str:
    width = max(len(t.name) for t in found)
    lines = [f"  {t.name:<{width}}  {t.summary}" for t in found]
    return "\n".join(["topics (parley guide TOPIC):", *lines])


def handle(args: argparse.Namespace) -> int:
    """Print the topic, or the list of topics."""
    found = topics()
    if args.topic is None:
        print(_listing(found))
        return 0
    wanted = ALIASES.get(args.topic, args.topic).removesuffix(".md")
    for topic in found:
        if topic.name == wanted or topic.file.name == args.topic:
            sys.stdout.write(topic.file.read_text(encoding="utf-8"))
            return 0
    hint = did_you_mean(args.topic, [t.name for t in found] + list(ALIASES))
    print(_listing(found), file=sys.stderr)
    raise Failure(f"no guide topic '{args.topic}'" + (f" ({hint})" if hint else ""))
