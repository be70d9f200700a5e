"""The commands shown in the documentation print what the documentation says.

A fenced block whose info string is ``console`` is an example (the convention
is described in docs/authoring.md, "How to read the examples"): each line
starting with ``$ `` is a command, the lines after it are what it printed,
stdout and stderr together. The block's commands run in order in one shell,
with an empty ``PARLEY_HOME``, in a scratch folder that shows the repository
root, or, when the info string says ``console in=DIR``, a copy of ``DIR``.
A block whose info string ends in ``file=NAME`` (```` ```text file=my.moves ````)
is a file the reader saves: it is written as NAME into the scratch folder of
every example after it in the same document.

In the output shown, a line holding only ``…`` stands for any number of lines,
and ``/…/`` for the folder a path starts with (where Parley is installed).
Other fenced blocks (usage lines, YAML, output of an earlier draft of a case)
are not run.

When a change is meant to alter what a command prints, ``PARLEY_REGENERATE=1
python -m pytest tests/test_doc_examples.py`` rewrites the blocks that differ,
keeping their ``…`` lines; read the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

import cases

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ELLIPSIS = "…"
_FENCE = re.compile(r"^```console(?:\s+in=(\S+))?\s*$")
_FILE = re.compile(r"^```\w*\s+file=(\S+)\s*$")


@dataclass(frozen=True, slots=True)
class Example:
    """One ``console`` block: where it is, where it runs, its commands and what each printed."""

    file: Path
    line: int
    directory: str
    steps: tuple[tuple[str, tuple[str, ...]], ...]
    files: tuple[tuple[str, str], ...] = ()  # the document's ``file=NAME`` blocks above it

    @property
    def name(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line}"


def examples_in(path: Path) -> list[Example]:
    """Every ``console`` block of a Markdown file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    files: dict[str, str] = {}
    i = 0
    while i < len(lines):
        named = _FILE.match(lines[i])
        if named is not None:
            end = lines.index("```", i + 1)
            files[named.group(1)] = "\n".join(lines[i + 1 : end]) + "\n"
            i = end + 1
            continue
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        start = i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].rstrip() != "```":
            body.append(lines[i])
            i += 1
        steps: list[tuple[str, list[str]]] = []
        for text in body:
            if text.startswith("$ "):
                steps.append((text[2:], []))
            else:
                assert steps, f"{path}:{start}: an example block must start with a '$ ' command"
                steps[-1][1].append(text)
        found.append(
            Example(
                path,
                start,
                match.group(1) or ".",
                tuple((c, tuple(o)) for c, o in steps),
                tuple(files.items()),
            )
        )
        i += 1
    return found


EXAMPLES = [example for doc in DOCS for example in examples_in(doc)]


def _line_pattern(expected: str) -> re.Pattern[str]:
    parts = expected.rstrip().split(f"/{ELLIPSIS}/")
    return re.compile(r"/\S*/".join(re.escape(p) for p in parts))


def _trimmed(lines: Sequence[str]) -> list[str]:
    out = list(lines)
    while out and not out[-1].strip():
        out.pop()
    return out


def matches(expected: Sequence[str], actual: Sequence[str]) -> bool:
    """Whether ``actual`` lines fit ``expected``, where a line of ``…`` stands for any number of lines.

    Blank lines at the end of either are not compared: a Markdown block cannot show them.
    """
    expected, actual = _trimmed(expected), _trimmed(actual)
    patterns = [None if e.strip() == ELLIPSIS else _line_pattern(e) for e in expected]
    memo: dict[tuple[int, int], bool] = {}

    def fit(e: int, a: int) -> bool:
        key = (e, a)
        if key not in memo:
            if e == len(patterns):
                memo[key] = a == len(actual)
            elif patterns[e] is None:
                memo[key] = fit(e + 1, a) or (a < len(actual) and fit(e, a + 1))
            else:
                pattern = patterns[e]
                assert pattern is not None
                memo[key] = (
                    a < len(actual) and bool(pattern.fullmatch(actual[a].rstrip())) and fit(e + 1, a + 1)
                )
        return memo[key]

    return fit(0, 0)


def run_example(example: Example, scratch: Path) -> list[list[str]]:
    """Run the block's commands in one shell; return each command's output lines."""
    cwd = scratch / "work"
    if example.directory == ".":  # the repository, seen through links, so nothing is written into it
        cwd.mkdir()
        for entry in ROOT.iterdir():
            if entry.name not in (".git", ".venv"):
                (cwd / entry.name).symlink_to(entry)
    else:
        shutil.copytree(ROOT / example.directory, cwd)
    for name, text in example.files:
        (cwd / name).write_text(text, encoding="utf-8")
    script = ["__status=0"]
    for number, (command, _) in enumerate(example.steps):
        script.append(f"printf '\\036%d\\n' {number}; (exit $__status); {{ {command}\n}} 2>&1; __status=$?")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PARLEY_HOME=str(scratch / "home"),
        PYTHONUNBUFFERED="1",
        LC_ALL="C.UTF-8",
        COLUMNS="80",
    )
    proc = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert proc.stderr == "", proc.stderr
    outputs: list[list[str]] = []
    for line in proc.stdout.removesuffix("\n").split("\n"):  # not splitlines(): it splits at \036 too
        if line.startswith("\036"):
            outputs.append([])
        else:
            outputs[-1].append(line)
    return outputs


def test_the_docs_have_examples_and_the_convention_is_written_down() -> None:
    files = {example.file.name for example in EXAMPLES}
    assert {"instructor-tools.md", "authoring.md", "README.md"} <= files
    assert len(EXAMPLES) >= 10
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert "```console" in guide and "in=" in guide


def test_the_matcher_can_fail() -> None:
    assert matches(("a", "…", "d"), ["a", "b", "c", "d"])
    assert matches(("a", "…"), ["a"])
    assert not matches(("a", "…", "d"), ["a", "b"])
    assert not matches(("a",), ["a", "b"])
    assert matches(("/…/cases/x.yaml: ok",), ["/srv/p/cases/x.yaml: ok"])
    assert not matches(("/…/cases/x.yaml: ok",), ["/srv/p/cases/y.yaml: ok"])


def _with_elisions(expected: Sequence[str], actual: Sequence[str]) -> list[str]:
    """``actual`` shown the way ``expected`` shows it: its ``…`` lines kept, each shown line taken from
    ``actual`` (after a ``…``, the most alike of the lines that follow), paths under the repository or
    the installed package written ``/…/``. A first draft for a person to read, not a proof."""
    out: list[str] = []
    lines = _trimmed(actual)
    at = 0
    skipping = False
    for line in _trimmed(expected):
        if line.strip() == ELLIPSIS:
            out.append(line)
            skipping = True
            continue
        if at >= len(lines):
            break
        if skipping:
            best = max(
                range(at, len(lines)),
                key=lambda i: difflib.SequenceMatcher(None, line, lines[i]).ratio(),
            )
            at = best
            skipping = False
        out.append(lines[at])
        at += 1
    if not skipping:
        out += lines[at:]
    roots = sorted({str(ROOT), str(Path(cases.__file__).resolve().parent.parent)}, key=len, reverse=True)
    return [re.sub("|".join(re.escape(r) + "/" for r in roots), f"/{ELLIPSIS}/", line) for line in out]


def _regenerate(example: Example, outputs: list[list[str]]) -> None:
    """Rewrite the example's block in its document with what the commands printed now."""
    old = [f"$ {command}\n" + "".join(f"{line}\n" for line in shown) for command, shown in example.steps]
    new = [
        f"$ {command}\n" + "".join(f"{line}\n" for line in _with_elisions(shown, actual))
        for (command, shown), actual in zip(example.steps, outputs, strict=True)
    ]
    text = example.file.read_text(encoding="utf-8")
    assert text.count("".join(old)) >= 1, f"{example.name}: cannot find the block to rewrite"
    example.file.write_text(text.replace("".join(old), "".join(new), 1), encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_prints_what_the_docs_show(example: Example, tmp_path: Path) -> None:
    """``PARLEY_REGENERATE=1`` rewrites a block that differs (keeping its ``…`` lines): read the diff."""
    outputs = run_example(example, tmp_path)
    if os.environ.get("PARLEY_REGENERATE") and not all(
        matches(expected, actual) for (_, expected), actual in zip(example.steps, outputs, strict=True)
    ):
        _regenerate(example, outputs)
        example = min(examples_in(example.file), key=lambda e: abs(e.line - example.line))
    wrong = []
    for (command, expected), actual in zip(example.steps, outputs, strict=True):
        if not matches(expected, actual):
            wrong.append(
                f"$ {command}\n--- the docs show:\n"
                + "\n".join(expected)
                + "\n--- it printed:\n"
                + "\n".join(actual)
            )
    assert not wrong, f"{example.name}: the output differs\n\n" + "\n\n".join(wrong)


def test_regenerating_keeps_the_elisions() -> None:
    shown = ("Endings", "  agreement  11.5%", "…", "Coverage", "  phases: 3 of 3 hit", "…")
    actual = ["Endings", "  agreement  12.0%", "  stalemate  9%", "Coverage", "  phases: 3 of 3 hit", "  x"]
    assert _with_elisions(shown, actual) == [
        "Endings",
        "  agreement  12.0%",
        "…",
        "Coverage",
        "  phases: 3 of 3 hit",
        "…",
    ]
    assert _with_elisions(("a", "b"), ["a", "c", "d"]) == ["a", "c", "d"]
    assert _with_elisions(("x",), [f"{ROOT}/cases/h.yaml: ok"]) == ["/…/cases/h.yaml: ok"]
