"""A table's seats: who holds each role, the secret rejoin token, the messages a player reads.

Taking a seat (:meth:`game.storage.Store.join`) gives its holder a *rejoin token*, eight
characters printed once (``7QXK-2M4P``).  The store keeps only its SHA-256 (the seats row's
``token``), so reading the shared database does not reveal it.  Taking the seat back later, from
this terminal or another, needs the same name *and* the token; a holder who lost it asks the
facilitator to release the seat (:meth:`game.storage.Store.release`), after which anyone may take
it with a fresh token.  Seats taken before tokens existed (schema 3) have none: the first rejoin
by name gives them one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from game.errors import MoveError, StorageError
from game.storage.replica import FACILITATOR, TableInfo

# No 0/O, 1/I/L: a code is read aloud or copied from a projector (as ``parley serve``'s codes).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TOKEN_LENGTH = 8


class SeatTaken(StorageError):
    """The role is already held by someone else at this table (or by this name, without its token)."""


@dataclass(frozen=True, slots=True)
class Seated:
    """A seat taken (or taken back) by :meth:`game.storage.Store.join`."""

    info: TableInfo  # the table, with this seat among its seats
    role: str
    name: str
    token: str  # the rejoin token, as the holder types it ("7QXK-2M4P")
    back: bool  # True: the holder took the seat back; False: taken now for the first time

    @property
    def code(self) -> str:
        """The table's join code."""
        return self.info.code


def new_token() -> str:
    """A fresh rejoin token, e.g. ``7QXK-2M4P``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))
    return shown_token(raw)


def normal_token(token: str) -> str:
    """A token as typed (``7qxk 2m4p``, ``7QXK-2M4P``) in one form (``7QXK2M4P``)."""
    return "".join(ch for ch in token.upper() if ch.isalnum())


def shown_token(token: str) -> str:
    """A token in the form printed to its holder (``7QXK-2M4P``)."""
    raw = normal_token(token)
    return f"{raw[:4]}-{raw[4:]}" if len(raw) > 4 else raw


def token_digest(token: str) -> str:
    """What the store keeps of a token: the SHA-256 of its normal form."""
    return hashlib.sha256(normal_token(token).encode("ascii", "replace")).hexdigest()


def token_matches(token: str | None, digest: str | None) -> bool:
    """Whether ``token`` is the one whose digest the seat keeps (a seat without a digest: any)."""
    if digest is None:
        return True
    if not token:
        return False
    return secrets.compare_digest(token_digest(token), digest)


def check_seat(info: TableInfo, payload: Mapping[str, Any], by: str) -> None:
    """Refuse a move sent for a role by someone who does not hold its seat (the facilitator may)."""
    role = payload.get("role")
    if not isinstance(role, str):
        raise MoveError("a move needs the role that plays it ({'role': ..., 'move': ...})")
    if by == FACILITATOR:
        return
    seat = info.seat(role)
    if seat is None:
        if role not in info.roles:
            raise MoveError(not_a_seat(info, role))
        raise MoveError(f"nobody has taken {role!r} at table {info.code} yet; join it first")
    if seat.name.casefold() != by.strip().casefold():
        raise MoveError(f"{role!r} is played by {seat.name} at table {info.code}, not by {by}")


def taken(info: TableInfo, role: str, holder: str) -> str:
    """Someone else holds the role."""
    free = ", ".join(info.open_roles) or "none"
    return (
        f"{role!r} is already taken by {holder} at table {info.code}; choose another role "
        f"(free: {free}), or, if you are {holder}, join again with --name {holder!r} and the rejoin "
        "token printed when you took the seat (--token)"
    )


def token_needed(info: TableInfo, role: str, holder: str, given: bool) -> str:
    """The holder's name without the right token."""
    what = "that rejoin token is not this seat's" if given else "taking it back needs its rejoin token"
    return (
        f"{role!r} at table {info.code} is held by {holder}: {what}. Give the token printed when the "
        f"seat was taken (--token XXXX-XXXX), or ask the facilitator to release the seat "
        f"(`parley seat {info.code} {role} release`), then join again"
    )


def not_a_seat(info: TableInfo, role: str) -> str:
    """A role nobody plays at this table."""
    return f"{role!r} is not a seat at table {info.code}; its seats are {', '.join(info.roles)}"
