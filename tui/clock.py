"""The phase and the clock as people read them: "Mediation · round 2 of 3", and what a timeout does.

Nothing here imports Textual. The rounds left in a phase come from the snapshot when the engine
gives them (``rounds_left``, this round included), else from the phase's ``max_rounds`` and the snapshot's
``phase_round`` (a phase times out at the end of its last round). Format 2's timers
(``snapshot.timers``, already limited to what the seat may see) are read by :func:`timer_lines`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.case.model import Case
from game.play.events import Event
from game.play.session import Snapshot
from tui.labels import fit


@dataclass(frozen=True, slots=True)
class Clock:
    """Where the case stands in time."""

    phase: str  # the phase's title
    phase_round: int  # 1 for the phase's first round
    phase_rounds: int | None  # the phase's round limit; None when it has none
    case_round: int
    case_rounds: int  # the case's round limit
    then: str  # what follows when the phase times out: a phase's or an ending's title ("" if nothing)

    @property
    def rounds_left(self) -> int | None:
        """Rounds of this phase after the current one (None when the phase has no limit)."""
        if self.phase_rounds is None:
            return None
        return max(0, self.phase_rounds - self.phase_round)

    @property
    def last_phase_round(self) -> bool:
        """Whether the phase times out at the end of this round."""
        return self.rounds_left == 0 and bool(self.then)

    @property
    def last_case_round(self) -> bool:
        """Whether the case is cut short at the end of this round."""
        return self.case_round >= self.case_rounds

    def heading(self) -> str:
        """ "Mediation · round 2 of 3" (or "Mediation · round 2" for a phase without a limit)."""
        limit = f" of {self.phase_rounds}" if self.phase_rounds is not None else ""
        return f"{self.phase} · round {self.phase_round}{limit}"

    def warning(self) -> str:
        """What is about to run out, as a sentence; "" when nothing is."""
        if self.last_case_round:
            return f"Last round of the case ({self.case_round} of {self.case_rounds}): it ends after it."
        if self.last_phase_round:
            return f"Last round of this phase: unless a move leads out, {self.then} is next."
        return ""


@dataclass(frozen=True, slots=True)
class StatusLine:
    """The play screen's top line: the phase and its clock, then who is at the keyboard."""

    heading: str  # "Mediation · round 2 of 3"
    alert: bool  # the last round of the phase or of the case
    mode: str  # "secret moves" in a simultaneous case, else ""
    name: str
    role: str
    short_role: str

    def fit(self, width: int) -> tuple[tuple[str, str], tuple[str, str, str]]:
        """((heading, alert), (mode, name, role)) fitted to ``width`` cells together.

        What goes first, as room runs out: the mode, then the role's long name (for its short
        one), then the role, then the end of the phase's title. The player's name, the round and
        the alert are kept.
        """
        alert = " · last round ⚠" if self.alert else ""
        for mode, role in (
            (self.mode, self.role),
            ("", self.role),
            ("", self.short_role),
            ("", ""),
        ):
            right = (f"{mode} · " if mode else "", self.name, f" — {role}" if role else "")
            if len(self.heading) + len(alert) + 2 + sum(map(len, right)) <= width:
                return (self.heading, alert), right
        room = width - len(alert) - 2 - len(self.name)
        title, sep, clock = self.heading.rpartition(" · ")
        heading = (fit(title, max(1, room - len(sep) - len(clock))) + sep + clock) if sep else self.heading
        return (heading, alert), ("", self.name, "")


def clock(case: Case, snap: Snapshot) -> Clock:
    """The clock of ``case`` at ``snap``."""
    phase = case.phases[snap.phase]
    rounds = phase.max_rounds
    left = getattr(snap, "rounds_left", 0)  # the engine's count, this round included; 0: no limit
    if isinstance(left, int) and left > 0:
        rounds = snap.phase_round + left - 1
    target = phase.on_timeout or ""
    then = ""
    if target in case.phases:
        then = case.phases[target].title
    elif target in case.endings:
        then = f"the ending “{case.endings[target].title}”"
    return Clock(phase.title, snap.phase_round, rounds, snap.round, case.rounds.limit, then)


def timer_lines(snap: Snapshot) -> list[str]:
    """One line per running timer the snapshot shows: "Ultimatum: 2 rounds left (this one too)"."""
    out = []
    for timer in getattr(snap, "timers", ()):
        left = timer.rounds_left
        when = "its last round" if left <= 1 else f"{left} rounds left, this one included"
        out.append(f"⏱ {timer.label}: {when}")
    return out


def timeouts(case: Case, events: Sequence[Event]) -> list[str]:
    """Sentences for every time a phase ran out of time, and for a case cut short by its limit."""
    out: list[str] = []
    current = ""
    for event in events:
        reason = event.data.get("reason", "")
        if event.kind == "phase":
            new = event.data["phase"]
            if reason == "timeout" and current in case.phases:
                old = case.phases[current]
                out.append(
                    f"{old.title} ran out of time after {old.max_rounds} round"
                    f"{'s' * (old.max_rounds != 1)}; the case moved on to {case.phases[new].title}."
                )
            current = new
        elif event.kind == "ending" and event.data["ending"] in case.endings:
            ending = case.endings[event.data["ending"]].title
            if reason == "timeout" and current in case.phases:
                old = case.phases[current]
                out.append(
                    f"{old.title} ran out of time after {old.max_rounds} round"
                    f"{'s' * (old.max_rounds != 1)}; the case ended in “{ending}”."
                )
            elif reason == "limit":
                out.append(
                    f"The case reached its limit of {case.rounds.limit} rounds and ended in “{ending}”."
                )
    return out
