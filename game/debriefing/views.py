"""A report as one role saw the game: its view of the log, its meters, its own score.

The full report is the instructor's (every event, every meter, every player, and the reveal);
a role's report holds only what that player saw during play (:mod:`game.play.view`), so it can
be handed to the player without giving away anyone else's secret.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.case.audience import band_of, sees, slot_owners
from game.case.model import Case
from game.play.events import Event
from game.play.replay import meter_series
from game.play.view import view_log


def series_for(case: Case, events: Sequence[Event], viewer: str | None) -> dict[str, list[int | str]]:
    """Each visible meter slot's value by round (see :func:`meter_series`), as ``viewer`` saw it:
    the number where it sees the number, the band where it sees a band, nothing otherwise.
    ``viewer`` None gives every visible meter (the full record)."""
    out: dict[str, list[int | str]] = {}
    for slot, values in meter_series(case, events).items():
        meter = case.meters[slot.partition(".")[0]]
        if not meter.visible:
            continue
        seen = meter.audience.who(owners=slot_owners(slot, case.roles))
        if viewer is None or sees(seen, viewer):
            out[slot] = list(values)
        elif meter.bands:
            out[slot] = [band_of(meter.bands, value) for value in values]
    return out


def role_events(events: Sequence[Event], viewer: str) -> tuple[Event, ...]:
    """The log as ``viewer`` saw it."""
    return view_log(events, viewer)
