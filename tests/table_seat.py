"""A scripted seat for the kill -9 test: ``python -m tests.table_seat HOME ROLE CODES OUT``.

``ROLE`` "reader" is a console-like reader instead: it only looks at every table.
A seat notes its rejoin tokens in ``OUT`` with the suffix ``.tokens`` and takes its seats back with
them when restarted; killed before it noted one, it has the seat released, as a facilitator would.

Takes (or takes back) ``ROLE`` at every table in ``CODES`` (comma-separated) and plays it to
the end of every game through the store, as a ``parley join`` seat does: poll the store,
catch up, play when the table waits for this role. Each move is chosen with a generator
seeded from the table, the role and the position, after a short random pause (so a kill
can land anywhere). At the end it writes to ``OUT`` the fingerprint of each table's log as
this process replayed it, where it found each table when it started, and the moves it made.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from pathlib import Path

from game.errors import MoveError
from game.storage import SeatTaken, Store


def reader(home: str, codes: list[str], out: str) -> None:
    """A console-like reader: every table at a glance until every game is over."""
    store = Store.open(home)
    started_at = {code: store.replica(code).position for code in codes}
    while any(not store.table_session(code).over for code in codes):
        store.tables(open_only=False)
        time.sleep(0.05)
    _write(store, codes, out, started_at, [])


def main(home: str, role: str, codes: list[str], out: str) -> None:
    if role == "reader":
        reader(home, codes, out)
        return
    store = Store.open(home)
    name = f"seat-{role}"
    started_at = {}
    kept = Path(out).with_suffix(".tokens")  # the rejoin tokens this seat was given, as a player notes them
    tokens: dict[str, str] = json.loads(kept.read_text()) if kept.exists() else {}
    for code in codes:
        try:
            tokens[code] = store.join(code, role, name, token=tokens.get(code)).token
        except SeatTaken:  # killed before it noted its token: the facilitator releases the seat
            store.release(code, role)
            tokens[code] = store.join(code, role, name).token
        kept.write_text(json.dumps(tokens))
        started_at[code] = store.replica(code).position
    made: list[int] = []
    pause = random.Random()
    open_codes = list(codes)
    while open_codes:
        for code in list(open_codes):
            replica = store.replica(code)
            session = replica.session
            if session.over:
                open_codes.remove(code)
                continue
            if role not in session.waiting_for:
                continue
            time.sleep(pause.uniform(0.01, 0.06))
            moves = [o.move.id for o in session.options(role) if o.open]
            move = random.Random(f"{code}:{role}:{replica.position}").choice(moves)
            try:
                made.append(store.add_input(code, "move", {"role": role, "move": move}, by=name).position)
            except MoveError:
                continue  # the table moved on meanwhile: look again
        time.sleep(0.02)
    _write(store, codes, out, started_at, made)


def _write(store: Store, codes: list[str], out: str, started_at: dict[str, int], made: list[int]) -> None:
    digests = {}
    for code in codes:
        log = [e.to_dict() for e in store.table_session(code).log]
        digests[code] = hashlib.sha256(json.dumps(log, sort_keys=True, default=str).encode()).hexdigest()
    store.close()
    Path(out).write_text(json.dumps({"digests": digests, "started_at": started_at, "made": made}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4])
