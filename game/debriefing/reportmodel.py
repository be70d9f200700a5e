"""The one report model: everything a debrief says, as a tree of plain dataclasses.

>>> report = build_report(case, session.log, debrief(case, session.log), work_out(case, session.log))
>>> markdown(report), html(report, session.log), to_dict(report), text_lines(report), aar_markdown(report)

Every renderer (the text of ``parley run``, the Markdown and HTML reports, the JSON report, the
after-action report, the terminal debrief's better-moves section) reads a :class:`Report` built
here from the case, the log, the debrief and the counterfactuals, so the formats say the same
thing.  Only the transcript is rendered from the log itself (each format lays the events out in
its own way); the report keeps its plain lines for Markdown and JSON.

Nothing here computes a score: the numbers come from :mod:`game.debriefing.scoring` and
:mod:`game.debriefing.counterfactual`; this module names, orders and groups them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from game.case.model import Case, Ending
from game.debriefing.bargains import deadlines, ending_text, offer_history, told_title
from game.debriefing.counterfactual import (
    ROLLOUTS,
    CounterfactualError,
    DimensionGain,
    Excluded,
    Suggestion,
    better_moves,
    interval,
)
from game.debriefing.facilitation import action_list
from game.debriefing.labels import slot_label
from game.debriefing.objectives import Objective, objectives
from game.debriefing.report import own_debrief, transcript
from game.debriefing.reveal import reveal
from game.debriefing.scoring import Debrief, PlayerScore
from game.debriefing.screening import Reason
from game.debriefing.views import role_events, series_for
from game.play.events import Event
from game.play.replay import meter_series

REPORT_FORMAT = 1


@dataclass(frozen=True, slots=True)
class DimensionView:
    """One rubric dimension of one player: score and the reasons."""

    id: str
    title: str
    weight: float
    start: int
    score: int
    explanation: str


@dataclass(frozen=True, slots=True)
class DecisionView:
    """A decision that mattered, with how much it moved the overall score."""

    round: int
    label: str
    impact: float
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BetterMove:
    """The verdict at one decision: a clearly better move, or why there was none."""

    round: int
    played: str  # the label of the move played
    verdict: str  # "better", "none" (no clearly better move), "only" (nothing else open), "vetoed"
    text: str  # the whole verdict in one paragraph
    alternative: str  # the label of the move recommended ("" unless verdict is "better")
    gain: float  # its mean gain in overall points (0 unless "better")
    low: float
    high: float
    interval: str  # "95% CI +27 to +35"
    raised: tuple[DimensionGain, ...]  # the dimensions it would have raised, most first
    reasons: tuple[Reason, ...]  # why it is good
    excluded: tuple[Excluded, ...]  # open moves never recommended, with why


@dataclass(frozen=True, slots=True)
class BetterMoves:
    """One player's better-moves section."""

    state: str  # "done", "failed" (``message`` says why) or "skipped" (not asked for)
    rollouts: int
    items: tuple[BetterMove, ...]
    message: str  # the failure, or why there is nothing to compare

    @property
    def shown(self) -> bool:
        """Whether a report should carry the section."""
        return self.state != "skipped"


@dataclass(frozen=True, slots=True)
class PlayerView:
    """Everything the report says about one scored role."""

    role: str
    role_name: str
    name: str
    who: str  # "Ana (Republic of Velmar)", or just the role's name
    overall: int
    dimensions: tuple[DimensionView, ...]
    decisions: tuple[DecisionView, ...]
    better: BetterMoves
    objectives: tuple[Objective, ...]  # the after-action view, one per rubric dimension
    table_overall: int = 0  # what the table reached together on this rubric; the score is the player's share


@dataclass(frozen=True, slots=True)
class MeterRow:
    """One visible meter slot's value at the start and at the end of each round (a band's name
    where the report's viewer saw only a band)."""

    slot: str
    label: str
    minimum: int
    maximum: int
    values: tuple[int | str, ...]


@dataclass(frozen=True, slots=True)
class RevealRow:
    """One round of the reveal: per role, in the case's order, what it did and what it knew."""

    round: int
    cells: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Revealed:
    """What each side knew and did, round by round (a case with private information)."""

    roles: tuple[str, ...]  # the roles' names, one column each
    rows: tuple[RevealRow, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """A whole debrief, ready for any renderer."""

    case_id: str
    title: str
    summary: str
    seed: object
    outcome: str  # "Durable settlement (agreement)", or "not finished"
    outcome_text: str
    rounds: int
    overall: int
    players: tuple[PlayerView, ...]
    offers: tuple[str, ...]  # format 2: the offer history, one line each (empty without offers)
    deadlines: tuple[str, ...]  # format 2: each phase that ran out of rounds, with its round
    meters: tuple[MeterRow, ...]
    columns: int  # the number of meter readings by round (start, R1, R2, …)
    revealed: Revealed | None  # the full report of a case with private information only
    transcript: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]  # the session record: (label, value)
    viewer: str | None = None  # a role: the report as that player saw the game; None: the full one
    viewer_name: str = ""
    why: tuple[str, ...] = ()  # what decided the ending, and the nearest better one (the full report only)
    facilitator: tuple[str, ...] = ()  # the facilitator's actions with rounds, as the viewer saw them


def work_out(
    case: Case, events: Sequence[Event], result: Debrief, rollouts: int = ROLLOUTS
) -> dict[str, tuple[Suggestion, ...] | str]:
    """The better moves of every human player of the session (an error message for one that failed).

    Seeded from the session's own seed, as the terminal debrief and ``parley run`` are.
    """
    start = events[0] if events and events[0].kind == "start" else None
    seed = int(start.data.get("seed", 0)) if start else 0
    humans = set(start.data.get("humans", ())) if start else set()
    out: dict[str, tuple[Suggestion, ...] | str] = {}
    for player in result.players:
        if player.role not in humans:
            continue
        try:
            out[player.role] = better_moves(case, events, player.role, rollouts=rollouts, seed=seed)
        except CounterfactualError as err:
            out[player.role] = str(err)
    return out


def build_report(
    case: Case,
    events: Sequence[Event],
    result: Debrief,
    better: Mapping[str, Sequence[Suggestion] | str] | None = None,
    facts: Sequence[tuple[str, str]] = (),
    viewer: str | None = None,
) -> Report:
    """The report of a session.  ``better``: each player's suggestions (or an error message) from
    :func:`work_out`; None leaves the better-moves sections out (``parley run`` without
    ``--counterfactual``).  ``viewer``: a role, for the report as that player saw the game (its own
    score, the meters as it saw them, its view of the log; :mod:`game.debriefing.views`)."""
    if viewer is not None:
        result = own_debrief(result, viewer, case, events)
        shown: Sequence[Event] = role_events(events, viewer)
        lines = transcript(case, shown, viewer=viewer)
    else:
        shown = events
        lines = transcript(case, events)
    start = next((e for e in events if e.kind == "start"), None)
    ending = case.endings.get(result.ending or "")
    players = tuple(_player(case, p, None if better is None else better.get(p.role)) for p in result.players)
    return Report(
        case_id=case.id,
        title=case.title,
        summary=case.summary,
        seed=start.data.get("seed", "?") if start else "?",
        outcome=_outcome(case, events, ending),
        outcome_text=_ending_story(case, events),
        rounds=result.rounds,
        overall=result.overall,
        players=players,
        offers=tuple(offer_history(case, shown)),
        deadlines=tuple(deadlines(case, events)),
        meters=_meters(case, events, viewer),
        columns=len(next(iter(meter_series(case, events).values()), [])),
        revealed=_revealed(case, events) if viewer is None else None,
        transcript=tuple(lines),
        facts=tuple(facts),
        viewer=viewer,
        viewer_name=case.roles[viewer].name if viewer is not None else "",
        why=_why(result) if viewer is None else (),
        facilitator=tuple(action_list(case, events, viewer)),
    )


def _why(result: Debrief) -> tuple[str, ...]:
    """ "Why: …" and "Nearest better ending: …" (:mod:`game.debriefing.causes`), when there is one."""
    lines = [f"Why: {result.ending_reason}"] if result.ending_reason else []
    if result.nearest_better:
        lines.append(f"Nearest better ending: {result.nearest_better}")
    return tuple(lines)


def _outcome(case: Case, events: Sequence[Event], ending: Ending | None) -> str:
    """The ending as it was told (a format-2 variant's title when one applied) and its outcome."""
    if ending is None:
        return "not finished"
    return f"{told_title(case, events) or ending.title} ({ending.outcome.value})"


def to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready values, with a format number."""
    data = asdict(report)
    if not report.facilitator:  # a session without a facilitator's action: the same JSON as before
        del data["facilitator"]
    for player, view in zip(data["players"], report.players, strict=True):
        player["better"]["shown"] = view.better.shown
    return {"format": REPORT_FORMAT, **data}


def better_section(found: Sequence[Suggestion] | str | None) -> BetterMoves:
    """A player's better-moves section from :func:`game.debriefing.counterfactual.better_moves`."""
    if found is None:
        return BetterMoves("skipped", 0, (), "")
    if isinstance(found, str):
        return BetterMoves("failed", 0, (), found)
    if not found:
        return BetterMoves(
            "done", 0, (), "No single move of yours moved the score, so there is no decision to compare."
        )
    return BetterMoves("done", found[0].rollouts, tuple(_verdict(s) for s in found), "")


def _verdict(s: Suggestion) -> BetterMove:
    best = s.best
    if best is not None:
        verdict = "better"
    elif s.alternatives:
        verdict = "none"
    else:
        verdict = "vetoed" if s.excluded else "only"
    return BetterMove(
        round=s.round,
        played=s.played_label,
        verdict=verdict,
        text=s.text,
        alternative=best.label if best else "",
        gain=best.gain if best else 0.0,
        low=best.low if best else 0.0,
        high=best.high if best else 0.0,
        interval=interval(best) if best else "",
        raised=best.raised if best else (),
        reasons=best.reasons if best else (),
        excluded=s.excluded,
    )


def _player(case: Case, player: PlayerScore, found: Sequence[Suggestion] | str | None) -> PlayerView:
    role_name = case.roles[player.role].name
    better = better_section(found)
    rubric = case.rubric_for(player.role)
    dims = tuple(
        DimensionView(d.id, d.title, d.weight, rubric[d.id].start, d.score, d.explanation)
        for d in player.dimensions
    )
    return PlayerView(
        role=player.role,
        role_name=role_name,
        name=player.name,
        who=role_name if player.name == role_name else f"{player.name} ({role_name})",
        overall=player.overall,
        dimensions=dims,
        decisions=tuple(DecisionView(d.round, d.label, d.impact, d.notes) for d in player.decisions),
        better=better,
        objectives=objectives(case, player, better.items),
        table_overall=player.table_overall,
    )


def _ending_story(case: Case, events: Sequence[Event]) -> str:
    """The narrative of the ending reached (its variant's, in format 2), or "" while in play."""
    last = next((e for e in reversed(events) if e.kind == "ending"), None)
    return ending_text(case, last.data)[1] if last is not None else ""


def _meters(case: Case, events: Sequence[Event], viewer: str | None) -> tuple[MeterRow, ...]:
    rows = []
    for slot, values in series_for(case, events, viewer).items():
        meter = case.meters[slot.partition(".")[0]]
        rows.append(MeterRow(slot, slot_label(case, slot), meter.minimum, meter.maximum, tuple(values)))
    return tuple(rows)


def _revealed(case: Case, events: Sequence[Event]) -> Revealed | None:
    rounds = reveal(case, events)
    if not rounds:
        return None
    rows = tuple(
        RevealRow(r.round, tuple((r.cells[role].did, r.cells[role].knew) for role in case.roles))
        for r in rounds
    )
    return Revealed(tuple(role.name for role in case.roles.values()), rows)
