"""Who sees what: the audience of a move, reply, inject or meter, a meter's bands, and
per-role parts of narrative.

An :class:`Audience` is what an author wrote; :meth:`Audience.who` turns it into the set of
roles that see one occurrence (``None``: everyone).  The engine records that set on every event
it concerns (:mod:`game.play.events`), so a log says by itself who saw what.

================  ===================================================================
written           who sees it
================  ===================================================================
``everyone``      every role (the default)
``actor``         only the role that acts: the mover, the replier (not for injects)
``owner``         meters only: the role a per-role slot belongs to, the two roles of a
                  per-pair slot
``velmar``        that role (and the actor, who always sees what it does)
``kest_velmar``   the two roles of the pair (and the actor)
``[kest, ilva]``  those roles (and the actor)
================  ===================================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

EVERYONE = "everyone"
ACTOR = "actor"
OWNER = "owner"
ROLES = "roles"

Seen = frozenset[str] | None
"""The roles that see one event; ``None`` means everyone."""


@dataclass(frozen=True, slots=True)
class Audience:
    """Who sees something, as written: ``kind`` is everyone, actor, owner or roles."""

    kind: str = EVERYONE
    roles: tuple[str, ...] = ()

    @property
    def public(self) -> bool:
        """Whether everyone sees it."""
        return self.kind == EVERYONE

    def who(self, actor: str = "", owners: tuple[str, ...] = ()) -> Seen:
        """The roles that see it when ``actor`` acts (or, for a meter slot, that ``owners`` hold)."""
        if self.kind == EVERYONE:
            return None
        if self.kind == ACTOR:
            return frozenset((actor,)) if actor else frozenset()
        if self.kind == OWNER:
            return frozenset(owners)
        return frozenset((*self.roles, actor)) if actor else frozenset(self.roles)

    def describe(self, names: Mapping[str, str]) -> str:
        """In words, for guides and messages: "everyone", "the actor", "Kestmark and Velmar"."""
        if self.kind == EVERYONE:
            return "everyone"
        if self.kind == ACTOR:
            return "the role that acts"
        if self.kind == OWNER:
            return "its owner"
        return " and ".join(names.get(r, r) for r in self.roles)


PUBLIC = Audience()


@dataclass(frozen=True, slots=True)
class Band:
    """A named range of a meter, shown instead of the number: values up to ``up_to`` (inclusive)."""

    label: str
    up_to: int


def band_of(bands: Iterable[Band], value: int) -> str:
    """The label of the first band ``value`` falls in (the last band takes anything above)."""
    label = ""
    for band in bands:
        label = band.label
        if value <= band.up_to:
            return label
    return label


def slot_owners(slot: str, roles: Iterable[str]) -> tuple[str, ...]:
    """Who holds a meter slot: ``support.velmar`` → (velmar,), ``trust.kest_velmar`` → both, a
    global meter → nobody."""
    owner = slot.partition(".")[2]
    if not owner:
        return ()
    known = set(roles)
    if owner in known:
        return (owner,)
    a, _, b = owner.partition("_")
    return (a, b) if a in known and b in known else ()


def part_roles(key: str) -> tuple[str, ...]:
    """The roles a per-role part of narrative is written for: a role id, or a pair key's two roles."""
    a, sep, b = key.partition("_")
    return (a, b) if sep else (key,)


def parts_for(parts: Mapping[str, str], role: str | None) -> tuple[tuple[str, str], ...]:
    """The per-role parts ``role`` reads, as ``(key, text)``; every part when ``role`` is None."""
    return tuple((key, text) for key, text in parts.items() if role is None or role in part_roles(key))


def sees(seen: Seen, role: str | None) -> bool:
    """Whether ``role`` is among ``seen``; ``role`` None is the public, who sees only public events."""
    if seen is None:
        return True
    return role is not None and role in seen


def both(first: Seen, second: Seen) -> Seen:
    """Who sees two things at once: the roles in both (``None`` is everyone)."""
    if first is None:
        return second
    if second is None:
        return first
    return first & second
