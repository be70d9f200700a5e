"""What the bulk engine (game.play.bulk) copies from the session's rules of play stays as it was
checked: the functions it mirrors, and how it makes a Cause."""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import random
from typing import Any

from game.play import policy, rounds
from game.play.attribution import Cause, Tracker
from game.play.bulkcode import Source
from game.play.rounds import RoundRunner
from game.play.session import Session

# The rules of play game.play.bulk and game.play.bulkcode mirror, each with the hash of its source
# (the first 16 hex digits of its sha256) when they were last checked against it.
MIRRORED = {
    "RoundRunner._run": "82b60ddf7f016d08",
    "RoundRunner._begin_round": "780d6e8af0a2d3e5",
    "RoundRunner._fire_injects": "6ab78a69f339b088",
    "RoundRunner._resolve": "87a13d6d74adb780",
    "RoundRunner._apply": "52d1ade0a0b6a42e",
    "RoundRunner._apply_private": "fa0275f982ec313f",
    "RoundRunner._end_round": "f1b055aa218c7add",
    "RoundRunner._enter": "29684c61c5a0dea9",
    "RoundRunner._emit": "61d321c4f9bcb098",
    "RoundRunner._choose": "db8fe4f9fc453902",
    "rounds._holding": "9288ebd30a90658a",
    "Tracker.__init__": "512ec4291df7b20b",
    "Tracker.moved": "91ecf2869e9bad39",
    "Tracker.flagged": "17329c3e86985d05",
    "Tracker.move": "7cf5be4f284d6c66",
    "Tracker.row": "eea625d705614769",
    "Tracker.enter": "58bf25ce9ffa03d6",
    "Tracker.finish_into": "d644036c6dab0166",
    "Tracker.detached": "780f07ac531874d0",
    "policy.draw": "e423958855856ce6",
    "policy._weighted": "0214d67c2eb4d89d",
    "Session.__init__": "115b810e65b07f86",
    "Session._seed_streams": "1b01a700371e0acb",
    "Session.tally": "bf9be686f29f121b",
    "random.Random._randbelow_with_getrandbits": "ddae4cce28f2fb4a",  # written out in bulkcode
}


def test_the_rules_bulk_play_mirrors_are_unchanged() -> None:
    """A change to a rule of play the bulk engine mirrors must be carried over to it: the equality
    tests above catch a difference only on the cases they play.  When one of these functions changes,
    make game/play/bulk.py and bulkcode.py do the same, then put its new hash here."""
    owners: dict[str, Any] = {
        "RoundRunner": RoundRunner,
        "rounds": rounds,
        "Tracker": Tracker,
        "policy": policy,
        "Session": Session,
        "random.Random": random.Random,
    }
    changed = []
    for name, digest in MIRRORED.items():
        owner, _, attribute = name.rpartition(".")
        source = inspect.getsource(getattr(owners[owner], attribute))
        found = hashlib.sha256(source.encode()).hexdigest()[:16]
        if found != digest:
            changed.append(f"{name} (now {found})")
    assert not changed, "changed since game.play.bulk was checked against them: " + ", ".join(changed)
    # the uniform draw (Random.randrange, hence Random._randbelow) is the one written out
    assert random.Random._randbelow is random.Random._randbelow_with_getrandbits  # type: ignore[attr-defined]


def test_a_cause_made_field_by_field_is_a_cause() -> None:
    """bulkcode makes a move's Cause by setting its slots: the same object as Cause(...) gives, as
    long as Cause has these four fields and nothing more to initialise."""
    assert [f.name for f in dataclasses.fields(Cause)] == ["role", "seq", "round", "move"]
    assert "__post_init__" not in vars(Cause)
    names = Source().names
    made = names["_new"](Cause)
    names["_role"](made, "a")
    names["_seq"](made, 7)
    names["_round"](made, 2)
    names["_move"](made, "m")
    assert made == Cause("a", 7, 2, "m")
    assert hash(made) == hash(Cause("a", 7, 2, "m"))
    assert repr(made) == repr(Cause("a", 7, 2, "m"))


def test_an_exit_record_made_slot_by_slot_is_an_exit_record() -> None:
    """bulk.exit_record sets ExitRecord's slots in its fields' order: the same object as ExitRecord(...)."""
    from game.play.attribution import THE_TABLE, ExitRecord
    from game.play.board import Board
    from game.play.bulk import exit_record

    assert "__post_init__" not in vars(ExitRecord)
    values = (3, 2, "to", "from", "exit", None, THE_TABLE, Board({}, {}), {"k": {"a": 1}})
    made, want = exit_record(*values), ExitRecord(*values)
    assert made == want
    assert [getattr(made, f.name) for f in dataclasses.fields(ExitRecord)] == list(values)
    assert repr(made) == repr(want)
