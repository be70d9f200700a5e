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
    draft = root.joinpath("examples", "draft")  # the guide's worked example as Steps 1-10 leave it
    if draft.is_dir():
        drafts = [f for f in draft.iterdir() if f.name.endswith(".yaml")]
        named += [Topic("draft-" + f.name.removesuffix(".yaml"), _summary(f) + " (draft)", f) for f in drafts]
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
    parser.add_argument(
        "section",
        nargs="?",
        metavar="SECTION",
        help="only the section of a document whose heading contains this ('parley guide format "
        "proposals'; a heading equal to it or beginning with it first, the others named); an "
        "unknown one lists the headings",
    )
    parser.set_defaults(handler=handle)


def _listing(found: list[Topic]) -> str:
    width = max(len(t.name) for t in found)
    lines = [f"  {t.name:<{width}}  {t.summary}" for t in found]
    return "\n".join(["topics (parley guide TOPIC):", *lines])


def handle(args: argparse.Namespace) -> int:
    """Print the topic (or one section of it), or the list of topics."""
    found = topics()
    if args.topic is None:
        print(_listing(found))
        return 0
    wanted = ALIASES.get(args.topic, args.topic).removesuffix(".md")
    for topic in found:
        if topic.name == wanted or topic.file.name == args.topic:
            text = topic.file.read_text(encoding="utf-8")
            sys.stdout.write(text if args.section is None else _section(topic, text, args.section))
            return 0
    hint = did_you_mean(args.topic, [t.name for t in found] + list(ALIASES))
    print(_listing(found), file=sys.stderr)
    raise Failure(f"no guide topic '{args.topic}'" + (f" ({hint})" if hint else ""))


_HEADING = re.compile(r"^(#{1,6}) +(.+?) *$")


def _headings(text: str) -> list[tuple[int, int, str]]:
    """``(line index, level, title)`` of each Markdown heading outside fenced blocks."""
    found = []
    fenced = False
    for index, line in enumerate(text.split("\n")):
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            found.append((index, len(match.group(1)), match.group(2)))
    return found


def _section(topic: Topic, text: str, wanted: str) -> str:
    """The section of ``text`` whose heading best matches ``wanted`` (any case), to the next heading as
    high: a heading equal to it, else the first that begins with it, else the first that contains it.
    Other headings that contain it are named on stderr."""
    headings = _headings(text) if topic.file.name.endswith(".md") else []
    key = wanted.casefold()

    def rank(title: str) -> int:
        folded = title.casefold()
        return 0 if folded == key else 1 if folded.startswith(key) else 2 if key in folded else 3

    every = ((rank(title), position) for position, (_, _, title) in enumerate(headings))
    ranked = sorted(r for r in every if r[0] < 3)
    if ranked:
        position = ranked[0][1]
        index, level, _ = headings[position]
        end = next((i for i, lvl, _ in headings[position + 1 :] if lvl <= level), None)
        others = [headings[p][2] for _, p in sorted(ranked[1:], key=lambda r: r[1])]
        if others:
            print(f"also in {topic.name}: " + "; ".join(others), file=sys.stderr)
        lines = text.split("\n")
        return "\n".join(lines[index:end]).rstrip("\n") + "\n"
    titles = [title for _, _, title in headings]
    hint = did_you_mean(wanted, titles)
    print(f"sections of {topic.name}:", file=sys.stderr)
    for _, level, title in headings:
        print(f"{'  ' * level}{title}", file=sys.stderr)
    raise Failure(
        f"no section of {topic.name} has '{wanted}' in its heading" + (f" ({hint})" if hint else "")
    )
