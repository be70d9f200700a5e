"""Stepping through a played session move by move, and branching off it.

>>> cursor = ReplayCursor(case, events, debrief(case, events))
>>> frame = cursor.frame              # frame 0: the state before the first move
>>> frame = cursor.next()             # after the first move, its effects and replies
>>> frame.move.role, frame.snapshot.meters, frame.changes, frame.notes, frame.lines
>>> if frame.branchable:
...     session = cursor.branch()     # a new session that stands where this frame stands

Frame ``k`` (1 … n) is the state after the ``k``-th move of the log and
everything that followed it before the next move (replies, effects, a phase
change, the next round and its injects); frame 0 is the state before any move.
Everything is read from the case and the log (and the debrief for its notes);
nothing here knows about screens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from game.case.model import Case, RoundMode
from game.debriefing.report import describe
from game.debriefing.scoring import Debrief
from game.play.events import Event
from game.play.replay import fold
from game.play.session import Reading, ReplayError, Session, Snapshot


@dataclass(frozen=True, slots=True)
class Frame:
    """One step of a replay: a move, what it led to, and the state after it."""

    index: int  # 0 before the first move, then 1 … n
    move: Event | None  # the move of this step; None for frame 0
    events: tuple[Event, ...]  # the events this step added to the log
    end: int  # how many events of the log had happened at this frame
    snapshot: Snapshot  # phase, round, meters and flags at this frame
    changes: Mapping[str, int]  # net change of each meter slot over this step
    notes: tuple[str, ...]  # what the debrief says about this move (and, last, about the end state)
    impact: float  # how much this move moved its player's overall score (0 if it did not count)
    lines: tuple[str, ...]  # this step as transcript lines
    branchable: bool  # whether :meth:`ReplayCursor.branch` can start a new session here


class ReplayCursor:
    """A position in a played session's log, moved one move at a time."""

    def __init__(self, case: Case, events: Sequence[Event], result: Debrief | None = None) -> None:
        if not events or events[0].kind != "start":
            raise ReplayError("the log does not begin with a start event")
        self.case = case
        self.events = tuple(events)
        self.debrief = result
        self.humans: tuple[str, ...] = tuple(self.events[0].data.get("humans", ()))
        moves = [e.seq for e in self.events if e.kind == "move"]
        self._starts = moves  # seq of each move: frame k begins at moves[k - 1]
        self._bounds = [moves[0] if moves else len(self.events), *moves[1:], len(self.events)]
        self._notes, self._impact, self._final_notes = _notes(result)
        self._frames: dict[int, Frame] = {}
        self.position = 0

    def __len__(self) -> int:
        """The number of frames: one per move, plus frame 0."""
        return len(self._starts) + 1

    @property
    def frame(self) -> Frame:
        """The frame at the current position."""
        return self.at(self.position)

    def at(self, index: int) -> Frame:
        """The frame at ``index`` (0 … len − 1; negative counts from the end)."""
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"frame {index} is out of range (0 … {len(self) - 1})")
        if index not in self._frames:
            self._frames[index] = self._build(index)
        return self._frames[index]

    def goto(self, index: int) -> Frame:
        """Move to frame ``index`` (clamped to the first and last frame) and return it."""
        self.position = max(0, min(len(self) - 1, index if index >= 0 else len(self) + index))
        return self.frame

    def next(self) -> Frame:
        """Move one frame on (stays on the last) and return it."""
        self.position = min(len(self) - 1, self.position + 1)
        return self.frame

    def previous(self) -> Frame:
        """Move one frame back (stays on frame 0) and return it."""
        self.position = max(0, self.position - 1)
        return self.frame

    def branch(self, index: int | None = None) -> Session:
        """A new session of the same case, seed and seats that stands at frame ``index`` (default: here).

        Its log is this log up to the frame (followed by any counterpart moves
        the policy makes before a human must choose); the humans then choose
        afresh.  Raises :class:`ReplayError` where no human choice is left to
        make (see :attr:`Frame.branchable`).
        """
        frame = self.at(self.position if index is None else index)
        if not frame.branchable:
            raise ReplayError(f"cannot branch at frame {frame.index}: {self.why_not(frame.index)}")
        prefix = self.events[: frame.end]
        session = Session.replay(self.case, prefix)
        if len(session.log) < len(prefix) or session.over:  # pragma: no cover - excluded by branchable
            raise ReplayError(f"cannot branch at frame {frame.index}")
        if session.paused:  # paused by a facilitator who is not there to resume a new game
            session.facilitate({"action": "resume"})
        return session

    def why_not(self, index: int) -> str:
        """Why frame ``index`` cannot be branched from, or "" when it can."""
        if not self.humans:
            return "nobody played this session: every role was played by the policy"
        end = self._bounds[index]
        if not any(e.kind == "move" and e.role in self.humans for e in self.events[end:]):
            return "no player chose a move after this point"
        if self.case.rounds.mode is RoundMode.SIMULTANEOUS and 0 < index < len(self) - 1:
            this_round = self.events[self._starts[index - 1]].round
            next_round = self.events[self._starts[index]].round
            if this_round == next_round:
                return "moves of a simultaneous round are chosen together: branch at the start of a round"
        return ""

    def _build(self, index: int) -> Frame:
        begin = 0 if index == 0 else self._starts[index - 1]
        end = self._bounds[index]
        step = self.events[begin:end]
        move = self.events[begin] if index else None
        changes: dict[str, int] = {}
        for event in step:
            if event.kind == "effect" and event.data["change"]:
                slot = event.data["slot"]
                changes[slot] = changes.get(slot, 0) + event.data["change"]
        notes = self._notes.get(move.seq, ()) if move else ()
        if index == len(self) - 1:
            notes = (*notes, *self._final_notes)
        lines = tuple(line for event in step for line in describe(self.case, event))
        return Frame(
            index=index,
            move=move,
            events=step,
            end=end,
            snapshot=self._snapshot(end),
            changes=MappingProxyType(changes),
            notes=notes,
            impact=self._impact.get(move.seq, 0.0) if move else 0.0,
            lines=lines,
            branchable=not self.why_not(index),
        )

    def _snapshot(self, end: int) -> Snapshot:
        case = self.case
        head = self.events[:end]
        board = fold(case, head)
        phase = next((e.data["phase"] for e in reversed(head) if e.kind == "phase"), case.start)
        readings = tuple(
            Reading(
                slot,
                meter.id,
                meter.label,
                slot.partition(".")[2],
                board.meters[slot],
                meter.minimum,
                meter.maximum,
                meter.visible,
            )
            for meter in case.meters.values()
            for slot in meter.initial
        )
        return Snapshot(
            seq=end,
            phase=phase,
            round=board.round,
            phase_round=board.phase_round,
            meters=readings,
            flags=MappingProxyType(dict(board.flags)),
            waiting_for=(),
            over=bool(board.ending),
            ending=board.ending or None,
        )


def _notes(result: Debrief | None) -> tuple[dict[int, tuple[str, ...]], dict[int, float], tuple[str, ...]]:
    """The debrief's notes and score impact per move event, and its notes on the end state."""
    notes: dict[int, list[str]] = {}
    impact: dict[int, float] = {}
    final: list[str] = []
    if result is None:
        return {}, {}, ()
    several = len(result.players) > 1
    for player in result.players:
        total = sum(d.weight for d in player.dimensions) or 1.0
        who = f"{player.name}: " if several else ""
        for dim in player.dimensions:
            for hit in dim.hits:
                text = f"{hit.points:+d} {dim.title.lower()}: {hit.note}"
                if hit.seq is None:
                    detail = f" ({hit.detail})" if hit.detail else ""
                    final.append(f"{who}at the end, {text}{detail}")
                else:
                    notes.setdefault(hit.seq, []).append(text)
                    impact[hit.seq] = impact.get(hit.seq, 0.0) + hit.points * dim.weight / total
    return (
        {seq: tuple(lines) for seq, lines in notes.items()},
        {seq: round(value, 1) for seq, value in impact.items()},
        tuple(final),
    )
