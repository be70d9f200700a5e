"""Shared helpers for engine tests: the sample case and variants of it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from game.case.loader import load_case, load_case_text
from game.case.model import Case

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "cases" / "harbour-standoff.yaml"


@cache
def sample() -> Case:
    """The built-in sample case, loaded once."""
    return load_case(SAMPLE)


def variant(**replacements: str) -> Case:
    """The sample case with literal text replacements applied (old=new pairs as kwargs values)."""
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in replacements.values():  # type: ignore[misc]
        assert old in text, old
        text = text.replace(old, new)
    return load_case_text(text, "variant.yaml")


def simultaneous() -> Case:
    """The sample case played with simultaneous rounds."""
    return variant(mode=("mode: sequential", "mode: simultaneous"))  # type: ignore[arg-type]
