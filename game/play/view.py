"""A role's view of a session: the log and the state of play as that role knows them.

The full log (:attr:`game.play.session.Session.log`) stays the one source of truth, for scoring,
saving and replaying; a view is read from it and from the case, never kept:

* events the role did not see (``audience`` without it) are left out, except moves, which become
  ``private`` events ("Kremlin made a private move");
* meters: a slot whose number the role sees keeps it; a slot shown to others as a band gets the
  band's label (``Reading.band``) and its lowest value, never the number; any other slot is left
  out; meters hidden from everyone (``visible: false``) stay as they are, marked not visible;
* flags: as the events the role saw left them (false until a seen event sets one);
* format 2: running timers and offers on the table only if the role saw them started or tabled
  (a timer's ``visible_to``, an offer tabled by a private move).

``role`` ``None`` is the public: what everyone at a shared screen may see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from game.case.audience import band_of, sees, slot_owners
from game.case.model import Case
from game.play.events import Event
from game.play.rules import rules_for

if TYPE_CHECKING:
    from game.play.session import Reading, Snapshot


@dataclass(frozen=True, slots=True)
class View:
    """The log and the snapshot as ``role`` knows them (``None``: the public)."""

    role: str | None
    log: tuple[Event, ...]
    snapshot: Snapshot

    def since(self, seq: int) -> int:
        """How many events of this view's log come before position ``seq`` of the full log."""
        return sum(1 for event in self.log if event.seq < seq)


def view_log(events: Iterable[Event], role: str | None) -> tuple[Event, ...]:
    """``events`` as ``role`` saw them (a log without audiences is returned whole)."""
    out: list[Event] = []
    for event in events:
        if event.seen_by(role):
            out.append(event)
        elif event.kind == "move":
            out.append(Event(event.seq, event.round, "private", event.role, MappingProxyType({})))
    return tuple(out)


def view_readings(case: Case, readings: Sequence[Reading], role: str | None) -> tuple[Reading, ...]:
    """The meter readings ``role`` may see: numbers, bands in their place, or nothing."""
    out: list[Reading] = []
    for reading in readings:
        meter = case.meters[reading.meter]
        if not meter.visible or meter.audience.public:
            out.append(reading)
            continue
        seen = meter.audience.who(owners=slot_owners(reading.slot, case.roles))
        if sees(seen, role):
            out.append(reading)
        elif meter.bands:
            label = band_of(meter.bands, reading.value)
            out.append(replace(reading, value=_band_floor(meter.bands, label, meter.minimum), band=label))
    return tuple(out)


def _band_floor(bands: Iterable[object], label: str, minimum: int) -> int:
    floor = minimum
    for band in bands:
        if band.label == label:  # type: ignore[attr-defined]
            return floor
        floor = band.up_to + 1  # type: ignore[attr-defined]
    return floor


def view_flags(case: Case, log: Iterable[Event]) -> Mapping[str, bool]:
    """The flags as the events of ``log`` (already a view) left them."""
    flags = dict.fromkeys(case.flags, False)
    for event in log:
        if event.kind == "effect" and event.data["slot"].startswith("flags."):
            flags[event.data["slot"][6:]] = bool(event.data["value"])
    return MappingProxyType(flags)


def view_of(case: Case, events: Sequence[Event], snapshot: Snapshot, role: str | None) -> View:
    """``role``'s view of a session whose full log is ``events`` and state ``snapshot``."""
    if role is not None and role not in case.roles:
        raise ValueError(f"unknown role {role!r}; the roles are {', '.join(case.roles)}")
    log = view_log(events, role)
    if not rules_for(case).private:
        return View(role, log, snapshot)
    # Format 2: a running timer or an offer on the table is shown only to those who saw it start.
    started: dict[str, Event] = {}
    tabled: dict[str, Event] = {}
    for event in events:
        if event.kind == "timer" and event.data.get("action") == "start":
            started[event.data["timer"]] = event
        elif event.kind == "offer" and event.data.get("action") in ("table", "counter"):
            tabled[event.data["proposal"]] = event
    shown = replace(
        snapshot,
        meters=view_readings(case, snapshot.meters, role),
        flags=view_flags(case, log),
        timers=tuple(t for t in snapshot.timers if t.timer not in started or started[t.timer].seen_by(role)),
        offers=tuple(
            o for o in snapshot.offers if o.proposal not in tabled or tabled[o.proposal].seen_by(role)
        ),
    )
    return View(role, log, shown)
