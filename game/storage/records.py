"""What the store hands back: plain, read-only records, and the debrief's JSON form.

Nothing here touches the database; :mod:`game.storage.store` builds these
records from rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from game.case.loader import load_case_text
from game.case.model import Case, Citation
from game.debriefing.scoring import BreachNote, Debrief, Decision, DimensionScore, Hit, PlayerScore
from game.errors import StorageError
from game.play.events import Event

DEBRIEF_FORMAT = 1


class Status(StrEnum):
    """Where a stored session stands."""

    PLAYING = "playing"  # can be resumed
    FINISHED = "finished"  # reached an ending; has a debrief and results
    ABANDONED = "abandoned"  # given up (e.g. its case changed); kept, never resumed


@dataclass(frozen=True, slots=True)
class Seat:
    """A human seat: the role and the name shown for its player."""

    role: str
    name: str


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """One stored session, as listed by ``parley sessions``."""

    id: int
    case_id: str
    case_title: str
    case_path: str  # where the case file was when the session started
    case_hash: str  # sha256 of the case file's bytes then
    seed: int
    policy: str
    players: tuple[Seat, ...]  # the human seats; empty when the policy played every role
    status: Status
    started_at: str  # ISO 8601 UTC, e.g. "2026-11-22T03:15:00Z"
    updated_at: str  # the last save
    ended_at: str | None
    events: int  # events saved
    moves: int  # move events saved
    round: int  # the round reached
    ending: str | None
    outcome: str | None
    overall: int | None  # the table's overall score, once finished
    parent_id: int | None  # the session this one branched from
    parent_seq: int | None  # how many of the parent's events it took


@dataclass(frozen=True, slots=True)
class DimensionResult:
    """One rubric dimension's score for one player."""

    id: str
    title: str
    weight: float
    score: int
    explanation: str


@dataclass(frozen=True, slots=True)
class PlayerResult:
    """One player's scores in a finished session."""

    role: str
    name: str
    overall: int
    dimensions: tuple[DimensionResult, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """A finished session with its players' scores, as listed by ``parley results``."""

    session: SessionInfo
    players: tuple[PlayerResult, ...]


@dataclass(frozen=True, slots=True)
class Held:
    """A secret choice made in a simultaneous round that has not resolved yet."""

    role: str
    move: str
    by: str  # "human" or "policy"


@dataclass(frozen=True, slots=True)
class Saved:
    """Everything stored about one session."""

    info: SessionInfo
    case_text: bytes  # the case file exactly as it was when the session started
    events: tuple[Event, ...]
    debrief: Debrief | None  # the debrief stored when it finished
    held: tuple[Held, ...]

    @property
    def case_hash(self) -> str:
        """sha256 of :attr:`case_text`."""
        return self.info.case_hash

    def stored_case(self) -> Case:
        """The case as it was when the session started, loaded from the stored text.

        Raises :class:`StorageError` if that text no longer loads (a newer
        Parley that dropped support for its format).
        """
        label = f"{self.info.case_path} (as stored with session {self.info.id})"
        try:
            case = load_case_text(self.case_text, label)
        except ValueError as err:
            raise StorageError(
                f"the case stored with session {self.info.id} no longer loads: {err}"
            ) from None
        if case.source_hash != self.info.case_hash:  # pragma: no cover - guarded when saving
            raise StorageError(f"the case text stored with session {self.info.id} does not match its hash")
        return case


def stamp(when: datetime) -> str:
    """A moment as stored: ISO 8601 in UTC to the second, ``2026-11-22T03:15:00Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def debrief_to_dict(result: Debrief) -> dict[str, Any]:
    """The debrief as plain JSON-ready values, with a format number."""
    return {"format": DEBRIEF_FORMAT, **asdict(result)}


def debrief_to_json(result: Debrief) -> str:
    """The debrief as compact, key-sorted JSON."""
    return json.dumps(debrief_to_dict(result), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def debrief_from_dict(raw: Mapping[str, Any]) -> Debrief:
    """Rebuild a :class:`Debrief` from :func:`debrief_to_dict` output; raises ValueError if malformed."""
    if raw.get("format") != DEBRIEF_FORMAT:
        raise ValueError(f"unknown debrief format {raw.get('format')!r}")
    try:
        return Debrief(
            case=raw["case"],
            ending=raw["ending"],
            outcome=raw["outcome"],
            rounds=raw["rounds"],
            overall=raw["overall"],
            players=tuple(_player(p) for p in raw["players"]),
            key_decisions=tuple(_decision(d) for d in raw["key_decisions"]),
            ending_reason=raw.get("ending_reason", ""),
            nearest_better=raw.get("nearest_better", ""),
            table_overall=raw.get("table_overall", 0),
            notes=tuple(raw.get("notes", ())),
        )
    except (KeyError, TypeError) as err:
        raise ValueError(f"malformed debrief: {err!r}") from None


def _player(raw: Mapping[str, Any]) -> PlayerScore:
    return PlayerScore(
        role=raw["role"],
        name=raw["name"],
        overall=raw["overall"],
        dimensions=tuple(
            DimensionScore(
                id=d["id"],
                title=d["title"],
                weight=d["weight"],
                score=d["score"],
                explanation=d["explanation"],
                hits=tuple(
                    Hit(**{**h, "cite": _cites(h.get("cite", ())), "parts": _parts(h.get("parts", ()))})
                    for h in d["hits"]
                ),
                table_score=d.get("table_score", 0),
                causes=tuple(d.get("causes", ())),
                cite=_cites(d.get("cite", ())),
            )
            for d in raw["dimensions"]
        ),
        decisions=tuple(_decision(d) for d in raw["decisions"]),
        table_overall=raw.get("table_overall", 0),
        breaches=tuple(
            BreachNote(**{**b, "cite": _cites(b.get("cite", ()))}) for b in raw.get("breaches", ())
        ),
    )


def _parts(raw: Any) -> tuple[tuple[int, int, str, float], ...]:
    """A state hit's split among decisions (absent from debriefs saved before it existed)."""
    return tuple((int(seq), int(rnd), str(move), float(points)) for seq, rnd, move, points in raw)


def _cites(raw: Any) -> tuple[Citation, ...]:
    return tuple(Citation(c["quote"], c["source"]) for c in raw)


def _decision(raw: Mapping[str, Any]) -> Decision:
    return Decision(
        role=raw["role"],
        seq=raw["seq"],
        round=raw["round"],
        move=raw["move"],
        label=raw["label"],
        impact=raw["impact"],
        notes=tuple(raw["notes"]),
    )
