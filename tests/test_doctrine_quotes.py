"""Every quote the debrief cites is the doctrine's own words, and short.

The doctrine texts are in ``shared/seeds/`` beside the repository (``../shared/seeds`` from its
root, or one level further up from a worktree); when that folder is absent the verbatim check is
skipped, the rest still runs.  Only whitespace is normalised.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game.case.loader import load_case
from game.case.model import Case, Citation
from game.debriefing import quotes
from game.debriefing.doctrine import CITES, SOURCES, TAGS, rule_cites

ROOT = Path(__file__).resolve().parents[1]
# ``../shared/seeds`` from the repository's root; a worktree one level deeper looks one level up too
SEEDS = next(
    (p / "shared" / "seeds" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "seeds").is_dir()),
    ROOT.parent / "shared" / "seeds",
)
BUILT_IN = sorted(p for p in (ROOT / "cases").glob("*.yaml") if not p.name.endswith(".paths.yaml"))
MAX_WORDS = 25


def _flat(text: str) -> str:
    return " ".join(text.split())


def cited(case: Case) -> Iterator[tuple[str, Citation]]:
    """Every citation a case carries, with where it is."""
    rubrics = [("rubric", case.rubric), *((f"rubrics.{r.id}", r.rubric) for r in case.roles.values())]
    for where, rubric in rubrics:
        for dim in rubric.values():
            for cite in dim.cite:
                yield f"{case.id}: {where}.{dim.id}", cite
            for index, rule in enumerate(dim.rules, 1):
                for cite in rule.cite:
                    yield f"{case.id}: {where}.{dim.id} rule {index}", cite
    for role in case.roles.values():
        for line in role.checked_red_lines:
            for cite in line.cite:
                yield f"{case.id}: red line {line.index + 1} of {role.id}", cite


def all_citations() -> list[tuple[str, Citation]]:
    found = [(f"tag {tag}", cite) for tag, cite in CITES.items()]
    for path in BUILT_IN:
        found.extend(cited(load_case(path)))
    return found


def test_every_builtin_tag_has_a_citation() -> None:
    assert set(CITES) == set(TAGS)


def test_every_citation_names_a_known_source_and_is_short() -> None:
    for where, cite in all_citations():
        assert cite.source in SOURCES, f"{where}: unknown source {cite.source!r}"
        assert len(cite.quote.split()) <= MAX_WORDS, f"{where}: quote longer than {MAX_WORDS} words"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the doctrine texts (../shared/seeds) are not here")
def test_every_quote_is_verbatim() -> None:
    texts = {title: _flat((SEEDS / name).read_text(encoding="utf-8")) for title, name in SOURCES.items()}
    wrong = [
        f"{where}: “{cite.quote}” is not in {SOURCES[cite.source]}"
        for where, cite in all_citations()
        if _flat(cite.quote) not in texts[cite.source]
    ]
    assert not wrong, "\n".join(wrong)


def test_every_rule_of_the_builtin_cases_cites_the_doctrine() -> None:
    missing = []
    for path in BUILT_IN:
        case = load_case(path)
        rubrics = [("rubric", case.rubric), *((f"rubrics.{r.id}", r.rubric) for r in case.roles.values())]
        for where, rubric in rubrics:
            for dim in rubric.values():
                for index, rule in enumerate(dim.rules, 1):
                    if not rule_cites(rule, dim):
                        missing.append(
                            f"{case.id}: {where}.{dim.id} rule {index} ({rule.kind.value} {rule.target})"
                        )
    assert not missing, "\n".join(missing)


def test_a_quote_that_is_not_verbatim_is_caught(tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("the doctrine texts are not here")
    text = _flat((SEEDS / SOURCES["Adaptive negotiation under coercion"]).read_text(encoding="utf-8"))
    assert _flat("negotiators must resist the instinct to retaliate in kind") in text
    assert _flat("negotiators must resist the urge to retaliate in kind") not in text


def test_every_tag_meaning_names_the_text_its_citation_comes_from() -> None:
    """A tag's meaning ends with the texts it comes from, "(coercion, arms)"; the passage it cites is
    from one of them ('leak' said small-state, whose text never mentions leaks, and cited arms)."""
    import re

    from game.debriefing import doctrine

    short = {doctrine.COERCION: "coercion", doctrine.ARMS: "arms", doctrine.SMALL_STATE: "small-state"}
    for tag, meaning in doctrine.TAGS.items():
        found = re.search(r"\(([^)]*)\)\.?$", meaning)
        assert found is not None, tag
        assert short[doctrine.CITES[tag].source] in found.group(1).split(", "), tag


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the doctrine texts (../shared/seeds) are not here")
def test_the_shipped_fingerprints_are_those_of_the_texts() -> None:
    texts = {title: (SEEDS / name).read_text(encoding="utf-8") for title, name in SOURCES.items()}
    shipped = Path(quotes.__file__).with_name("doctrineprints.py").read_text(encoding="utf-8")
    assert quotes.module(texts) == shipped, "run: python -m game.debriefing.quotes ../shared/seeds"


def test_every_quote_is_found_by_the_shipped_fingerprints() -> None:
    """What lint's quote-not-in-source checks in a case, without the texts."""
    missing = [
        f"{where}: “{cite.quote}”"
        for where, cite in all_citations()
        if not quotes.verbatim(cite.quote, cite.source)
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("Coercive tactics often rely on timing", True),
        ("coercive tactics, often — rely on TIMING", True),  # case and punctuation aside
        ("Coercive tactics rarely rely on timing", False),
        ("guardrails made of chocolate", False),
        ("on timing", None),  # under three words: not judged
        ("Coercive tactics … rely on timing", True),  # each stretch between elisions on its own
        ("Coercive tactics often ... made of chocolate", False),
    ],
)
def test_a_quote_is_found_word_for_word(quote: str, found: bool | None) -> None:
    assert quotes.verbatim(quote, "Adaptive negotiation under coercion") is found


def test_a_quote_from_another_source_is_not_judged() -> None:
    assert quotes.verbatim("guardrails made of chocolate", "My own notes") is None
