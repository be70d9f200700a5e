"""Fuzzing: mutated built-in cases never crash the loader or a run, and never make either run without end.

Each run of the suite applies the same few hundred seeded mutations (a
fixed seed: a failure names the mutation and reproduces) to the built-in
cases and the worked examples of docs/examples (format 2, private text):
numbers made huge or negative, lines deleted, duplicated, swapped or
re-indented, bytes flipped, the file cut short, ids swapped for others,
escape sequences, anchors, tags and control characters written in.  Each
mutant goes through the loader; one that loads is played through to its end
by the policies, debriefed and reported (what ``parley run`` does).  Allowed:
a refusal with diagnostics.  Not allowed: any other exception, or a step
that takes longer than :data:`HANG_S` (a hang detector, not a speed test).

``PARLEY_FUZZ_SEED`` and ``PARLEY_FUZZ_COUNT`` change the seed and the count
for a longer hunt.
"""

from __future__ import annotations

import os
import random
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from game.case.library import builtin_files
from game.case.loader import load_case_text
from game.debriefing.htmlreport import html
from game.debriefing.report import markdown, text_lines, transcript
from game.debriefing.reportmodel import build_report
from game.debriefing.scoring import debrief
from game.errors import CaseError
from game.play.session import Session

SEED = int(os.environ.get("PARLEY_FUZZ_SEED", "15"))
COUNT = int(os.environ.get("PARLEY_FUZZ_COUNT", "240"))
EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
HANG_S = 20
"""Seconds one mutant may take through the loader and a run before it counts as a hang."""

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_WORD = re.compile(r"\b[a-z][a-z0-9_]{2,}\b")
_SPECIALS = (
    "&anchor ",
    "*anchor",
    "!!python/object/apply:os.system ",
    "<<: ",
    '"\\e]0;pwned\\a"',
    '"\\x9b2J"',
    "\x1b[2J",
    "\x00",
    "\t",
    "---\n",
    "{",
    "[",
    "'",
    '"',
    ": ",
    "- ",
    "? ",
    "%YAML 1.1\n",
    "\ufeff",
    "\u202e",
)
_HUGE = (
    "0",
    "-1",
    "1000",
    "1001",
    "999999999999999",
    "9999999999999999999",
    "-999999999999999",
    "0.5",
    "1e9",
)


class _Hang(Exception):
    pass


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Raise :class:`_Hang` if the block runs past ``seconds`` (SIGALRM; main thread, POSIX)."""

    def ring(signum: int, frame: object) -> None:
        raise _Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _number(rng: random.Random, text: str) -> str:
    found = list(_NUMBER.finditer(text))
    if not found:
        return text
    match = rng.choice(found)
    return text[: match.start()] + rng.choice(_HUGE) + text[match.end() :]


def _delete_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def _duplicate_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return "\n".join(lines)


def _swap_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def _indent(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    at = rng.randrange(len(lines))
    lines[at] = " " * rng.choice((0, 1, 2, 3, 4, 6, 8)) + lines[at].lstrip(" ")
    return "\n".join(lines)


def _flip_byte(rng: random.Random, text: str) -> str:
    data = bytearray(text.encode("utf-8", "surrogateescape"))
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return data.decode("utf-8", "surrogateescape")


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text))]


def _swap_word(rng: random.Random, text: str) -> str:
    words = list(_WORD.finditer(text))
    if len(words) < 2:
        return text
    target, source = rng.choice(words), rng.choice(words)
    return text[: target.start()] + source.group() + text[target.end() :]


def _special(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    return text[:at] + rng.choice(_SPECIALS) + text[at:]


def _hostile_title(rng: random.Random, text: str) -> str:
    escape = rng.choice(("\\e]0;pwned\\a", "\\e[2J", "\\x9b31m", "\\r", "\\x7f", "\\0", "\\N"))
    return re.sub(r"^title: .*$", lambda _: f'title: "T {escape}"', text, count=1, flags=re.M)


def _long_text(rng: random.Random, text: str) -> str:
    words = "word " * rng.choice((100, 5000))
    return re.sub(r"^briefing: ", lambda _: "briefing: " + words, text, count=1, flags=re.M)


MUTATIONS: tuple[Callable[[random.Random, str], str], ...] = (
    _number,
    _number,
    _number,
    _delete_line,
    _duplicate_line,
    _swap_lines,
    _indent,
    _flip_byte,
    _truncate,
    _swap_word,
    _swap_word,
    _special,
    _hostile_title,
    _long_text,
)


def _mutants() -> Iterator[tuple[int, str, str, bytes]]:
    """(index, case file name, what was done, mutated bytes), the same on every run."""
    rng = random.Random(SEED)
    files = [*builtin_files(), *sorted(EXAMPLES.glob("*.yaml"))]  # the examples use format 2
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in files if not p.name.endswith(".paths.yaml")]
    for index in range(COUNT):
        name, text = sources[index % len(sources)]
        done = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            mutation = rng.choice(MUTATIONS)
            text = mutation(rng, text)
            done.append(mutation.__name__.lstrip("_"))
        yield index, name, "+".join(done), text.encode("utf-8", "surrogateescape")


def _play_through(data: bytes, label: str) -> str:
    """Load the mutant; when it loads, run it (as ``parley run`` would). Returns what happened."""
    try:
        case = load_case_text(data, label)
    except CaseError as err:
        assert err.diagnostics and all(d.line >= 1 and d.column >= 1 for d in err.diagnostics)
        return "refused"
    session = Session(case, seed=SEED)
    assert session.over  # every role played by the policy: the game must end
    result = debrief(case, session.log)
    report = build_report(case, session.log, result)
    text_lines(report)
    transcript(case, session.log, 80)
    markdown(report)
    html(report, case, session.log)
    return "played"


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM for the hang detector")
def test_mutated_cases_load_or_are_refused_and_never_hang(tmp_path: Path) -> None:
    outcomes: dict[str, int] = {}
    for index, name, what, data in _mutants():
        label = f"fuzz-{index}-{name}"
        try:
            with _deadline(HANG_S):
                outcome = _play_through(data, label)
        except BaseException as err:  # report the mutant so it reproduces, whatever went wrong
            kept = tmp_path / f"{label}.yaml"
            kept.write_bytes(data)
            pytest.fail(f"mutant {index} of {name} ({what}, seed {SEED}) failed: {err!r}; kept as {kept}")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert sum(outcomes.values()) == COUNT
    print(f"fuzz: {COUNT} mutants, seed {SEED}: {outcomes}")
    assert outcomes.get("played", 0) > 0 and outcomes.get("refused", 0) > 0, outcomes
