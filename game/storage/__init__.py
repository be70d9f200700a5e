"""Sessions that last: autosave and resume, the archive of finished sessions, results.

One SQLite file (stdlib ``sqlite3``, write-ahead log) in ``$PARLEY_HOME`` or
the user data directory holds every session: its case file's text and hash,
seed, seats, times and status; its event log, one row per event and one
transaction per move; and, once finished, its debrief and per-dimension
results.

Modules: ``location`` (where the file lives; moving a damaged one aside),
``migrations`` (the schema and its versions), ``inspection`` (is a file
Parley's database, read without changing it), ``database`` (connection,
recovery, transactions), ``records`` (what the store returns), ``rows``
(records to rows and back), ``store`` (the :class:`Store`), ``tables``, ``tablereads``,
``seats`` and ``replica`` (tables across terminals), ``autosave``
(playing with every move saved; resuming; replaying), ``holds`` (which games a process is
playing now, so that no other process resumes them at the same time).

For the terminal app::

    store = Store.open()                         # tell the user store.recovery.message() if set
    game = Autosave.start(store, Session(case, seed=…, humans=…, names=…))
    events = game.play(role, move_id)            # saved before it returns; render events afterwards
    game.session.over, game.debrief              # the debrief is saved with the last move

    store.unfinished()                           # sessions to offer to resume
    check = check_resume(store, session_id)      # has the case file changed?
    game = Autosave.resume(store, session_id, check.current if not check.choice_needed else None)
    store.abandon(session_id)                    # the other answer when the case changed

    cursor = open_replay(store, session_id)      # frames with snapshot, changes, notes, lines
    game = Autosave.branch(store, session_id, cursor, cursor.position)

Tables across terminals (``tables``): ``store.host(case, seed=…)`` → a :class:`TableInfo` with
a join code; ``store.join(code, role, name, token=None)`` (a :class:`Seated` with the rejoin
token); ``store.release(code, role)``; ``store.add_input(code, "move", {"role", "move"},
by=name)``; ``store.table_session(code)``; ``store.tables(case_id)``.
"""

from game.errors import StorageError
from game.storage.autosave import Autosave, CaseState, ResumeCheck, check_resume, open_replay, open_saved
from game.storage.database import Recovery
from game.storage.location import data_home, database_path
from game.storage.records import (
    DimensionResult,
    Held,
    PlayerResult,
    Result,
    Saved,
    Seat,
    SessionInfo,
    Status,
    debrief_from_dict,
    debrief_to_dict,
)
from game.storage.store import CaseChanged, Store
from game.storage.tables import Replica, Seated, SeatTaken, TableInfo, TableInput, TableSeat

__all__ = [
    "Autosave",
    "CaseChanged",
    "CaseState",
    "DimensionResult",
    "Held",
    "PlayerResult",
    "Recovery",
    "Replica",
    "Result",
    "ResumeCheck",
    "Saved",
    "Seat",
    "SeatTaken",
    "Seated",
    "SessionInfo",
    "Status",
    "StorageError",
    "Store",
    "TableInfo",
    "TableInput",
    "TableSeat",
    "check_resume",
    "data_home",
    "database_path",
    "debrief_from_dict",
    "debrief_to_dict",
    "open_replay",
    "open_saved",
]
