"""The session's event log: what happened, in order, and nothing else.

Events refer to the case by id (move, phase, inject, ending); texts are looked
up in the case when the log is shown.  The log is the one source of truth:
the screen, the debrief, saves, replays and exports are all read from it.

Kinds, and the keys of ``data`` each carries:

=========  ========================================================
``start``  ``case``, ``hash``, ``seed``, ``humans`` (list), ``policy``;
           ``names`` when seats are named; ``party_lines`` true (a case with
           proposals) when an agreement crosses every party's red lines (a
           session saved before that rule replays without it)
``phase``  ``phase``, ``reason`` ("start", "exit", "timeout", "limit")
``round``  ``phase``
``inject`` ``inject``; ``quiet`` true for a quiet inject (no banner; format 2);
           ``by`` "facilitator" when the facilitator fired it
``move``   ``move``, ``by`` ("human" or "policy")
``pass``   (nothing: the role had no open move)
``reply``  ``move``, ``index`` (which reply of the move)
``effect`` ``slot``, ``value`` (after), ``change`` (after clamping);
           a flag has ``value`` true/false and ``change`` 0
``ending`` ``ending``, ``outcome``, ``reason`` ("exit", "timeout", "limit");
           ``variant`` (index) when one of the ending's variants applied
``breach`` ``line`` (index of the role's red line), ``move`` (the move that
           crossed it; for a party to an agreement that crossed it, the
           party's own decision on the terms); ``role`` is the role whose
           red line it is
=========  ========================================================

Format version 2 adds:

============  =====================================================
``offer``     ``proposal``, ``action``: "table" (``terms``, ``to``) by
              the mover; "accept", "reject", "counter" (``counter``,
              ``terms``, ``to``) by an addressed role, with ``move``
              and ``by`` like a move ("late": an answer chosen in
              secret whose offer was settled first); "agreed",
              "rejected", "expired"
              (``terms``) by the world
``timer``     ``timer``, ``action``: "start" (``rounds``), "stop",
              "expire"
``deadline``  ``phase``, ``reason`` ("timeout": the phase's
              max_rounds; "limit": the case's), ``rounds``: the
              phase ran out of time (just before the phase or ending
              event it causes)
============  =====================================================

A facilitator's action (:mod:`game.play.facilitator`), in any format:

===============  ==================================================
``facilitator``  ``action`` ("fire", "hold", "release", "pause",
                 "resume", "adjust", "note", "seat") and its keys:
                 ``inject``; ``reason``; ``meter``, ``change``
                 (asked for), ``reason``; ``text``, ``shown``;
                 ``seat`` (a role), ``to`` ("policy" or "person").
                 ``role`` is "": the facilitator acts. An inject it
                 fires follows with ``by`` "facilitator", an
                 adjustment with its ``effect``. ``chosen``: in a
                 simultaneous round, the roles that had chosen in
                 secret already (a replay plays their choices first).
===============  ==================================================

``role`` is the acting role (the mover, the replier), or "" for the world.

``audience`` (``move``, ``reply``, ``inject``, ``effect``, ``timer``): the sorted list of roles that saw
the event, written only when not everyone did (see :mod:`game.case.audience`); an event without
it is public, so every log of a format-1 case, and every log saved before private information
existed, is public throughout.  In a role's view (:mod:`game.play.view`) a move that role did not
see becomes a ``private`` event: ``role`` made a private move, nothing more.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

KINDS = (
    "start",
    "phase",
    "round",
    "inject",
    "move",
    "pass",
    "reply",
    "effect",
    "ending",
    "offer",
    "timer",
    "deadline",
    "breach",
    "private",
    "facilitator",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the log. ``data`` must not be modified."""

    seq: int
    round: int
    kind: str
    role: str
    data: Mapping[str, Any]

    @property
    def audience(self) -> frozenset[str] | None:
        """The roles that saw this event, or None when everyone did."""
        seen = self.data.get("audience")
        return None if seen is None else frozenset(seen)

    def seen_by(self, role: str | None) -> bool:
        """Whether ``role`` saw this event (``None``, the public, sees only what everyone saw)."""
        seen = self.data.get("audience")
        return seen is None or (role is not None and role in seen)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict, the form saved and printed as JSON."""
        return {"seq": self.seq, "round": self.round, "kind": self.kind, "role": self.role, **self.data}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Event:
        """Rebuild an event from :meth:`to_dict` output; raises ValueError if malformed."""
        try:
            seq, rnd, kind, role = raw["seq"], raw["round"], raw["kind"], raw["role"]
        except KeyError as missing:
            raise ValueError(f"event lacks {missing}") from None
        if (
            kind not in KINDS
            or not isinstance(seq, int)
            or not isinstance(rnd, int)
            or not isinstance(role, str)
        ):
            raise ValueError(f"malformed event: {dict(raw)!r}")
        data = {k: v for k, v in raw.items() if k not in ("seq", "round", "kind", "role")}
        return cls(seq, rnd, kind, role, data)


def to_json(event: Event) -> str:
    """One line of JSON with sorted keys: the same event always gives the same bytes."""
    return json.dumps(event.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def dump_log(events: Iterable[Event]) -> str:
    """The whole log as JSON lines."""
    return "".join(to_json(e) + "\n" for e in events)


def moves_of(events: Iterable[Event], role: str | None = None) -> list[Event]:
    """The ``move`` events, optionally of one role only."""
    return [e for e in events if e.kind == "move" and (role is None or e.role == role)]
