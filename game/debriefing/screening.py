"""Which moves the debrief may recommend, and why a recommended move is good.

A counterfactual (:mod:`game.debriefing.counterfactual`) only ever recommends a move the
doctrine and the case endorse.  A move is never recommended when one of the :data:`VETOES`
objects to it:

* :func:`harmful_tag`: it carries a tag the doctrine warns against (:data:`HARMFUL_TAGS`:
  reactive concession, retaliation in kind, leaking the talks);
* :func:`rubric_penalty`: a ``tag`` or ``move`` rule of the rubric takes points for it from the
  player's role;
* :func:`red_line_breach`: it crosses one of the player's checked red lines;

Each veto is a plain function ``(case, role, move) -> reason or None``; the reason is a sentence
for the instructor ("a reactive concession: giving ground under pressure, without reciprocity").

:func:`reasons` says why a move is good: the doctrine tags it carries, with what they mean, and
the rubric rules that reward it, each with the dimension it scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.case.model import Case, Move, RuleKind
from game.debriefing.doctrine import TAGS
from game.play.redlines import move_breaches

# Tags the doctrine texts warn against; a move carrying one is never recommended.
HARMFUL_TAGS: tuple[str, ...] = ("reactive_concession", "retaliation", "leak")

Veto = Callable[[Case, str, Move], "str | None"]


def harmful_tag(case: Case, role: str, move: Move) -> str | None:
    """The first harmful doctrine tag ``move`` carries, said in words."""
    for tag in move.tags:
        if tag in HARMFUL_TAGS:
            return f"tagged {tag.replace('_', ' ')}: {tag_meaning(case, tag)}"
    return None


def rubric_penalty(case: Case, role: str, move: Move) -> str | None:
    """The first rubric rule that takes points from ``role`` for playing ``move``."""
    for dim in case.rubric_for(role).values():
        for rule in dim.rules:
            if rule.points >= 0 or (rule.roles and role not in rule.roles):
                continue
            if (rule.kind is RuleKind.MOVE and rule.target == move.id) or (
                rule.kind is RuleKind.TAG and rule.target in move.tags
            ):
                return f"the rubric penalises it: {rule.points:+d} {dim.title.lower()}, {rule.note}"
    return None


def red_line_breach(case: Case, role: str, move: Move) -> str | None:
    """Whether playing ``move`` crosses one of ``role``'s checked red lines (:mod:`game.play.redlines`)."""
    lines = move_breaches(case, role, move.id)
    return f"it crosses your red line: {lines[0].text}" if lines else None


VETOES: tuple[Veto, ...] = (harmful_tag, rubric_penalty, red_line_breach)


def veto(case: Case, role: str, move: Move, vetoes: tuple[Veto, ...] = VETOES) -> str | None:
    """Why ``move`` must never be recommended to ``role``, or None when it may be."""
    for check in vetoes:
        reason = check(case, role, move)
        if reason:
            return reason
    return None


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a move is good: what it does and where that comes from."""

    text: str  # "red line: Stating or holding what is non-negotiable"
    source: str  # "doctrine: coercion", "case" or "rubric: Red lines held"

    @property
    def doctrine(self) -> bool:
        """Whether it comes from the doctrine (or the case's own tags), not from the rubric."""
        return not self.source.startswith("rubric")


def reasons(case: Case, role: str, move: Move) -> tuple[Reason, ...]:
    """The doctrine tags of ``move`` and the rubric rules that reward ``role`` for it."""
    out: list[Reason] = []
    for tag in move.tags:
        if tag in HARMFUL_TAGS:
            continue
        meaning = tag_meaning(case, tag)
        if meaning:
            out.append(Reason(f"{tag.replace('_', ' ')}: {meaning}", cited(case, tag)))
    for dim in case.rubric_for(role).values():
        for rule in dim.rules:
            if rule.points <= 0 or (rule.roles and role not in rule.roles):
                continue
            if (rule.kind is RuleKind.MOVE and rule.target == move.id) or (
                rule.kind is RuleKind.TAG and rule.target in move.tags
            ):
                out.append(Reason(f"{rule.points:+d} {rule.note}", f"rubric: {dim.title}"))
    return tuple(out)


def tag_meaning(case: Case, tag: str) -> str:
    """What ``tag`` means (the case's own words first), without the "(source)" of the doctrine table."""
    text = (case.tags.get(tag) or TAGS.get(tag, "")).strip().rstrip(".")
    head, _, tail = text.rpartition(" (")
    return head.rstrip(".") if head and tail.endswith(")") else text


def cited(case: Case, tag: str) -> str:
    """Where the meaning of ``tag`` comes from: "doctrine: coercion", or "case" for a case's own tag."""
    return "case" if tag in case.tags and tag not in TAGS else tag_source(tag)


def tag_source(tag: str) -> str:
    """ "doctrine: coercion": the texts a built-in tag comes from."""
    head, _, tail = TAGS.get(tag, "").strip().rstrip(".").rpartition(" (")
    return f"doctrine: {tail.rstrip(')')}" if head and tail.endswith(")") else "doctrine"
