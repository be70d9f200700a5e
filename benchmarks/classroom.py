"""Classroom load test: tables played across processes through one store (issue 14).

Six seat processes and one console-like reader share one SQLite store; they play whole
games on many tables at once, each seat serving its role on every table, exactly as
``parley join`` seats do (poll the store every 200 ms, ``PRAGMA data_version`` first; every
move one write transaction through :meth:`game.storage.Store.add_input`):

    python benchmarks/classroom.py [--tables 50] [--poll 0.2]

The case is a six-role case written here (no built-in case has six roles), played with
simultaneous rounds on half the tables and in turn on the other half; each seat picks among
its open moves with a generator seeded from the table, its role and the position.

Prints ``name: value`` lines:

* ``games``, ``moves``: games finished and moves stored;
* ``lost_moves``: moves a seat was told were stored that are not in the store (must be 0);
* ``database_locked_errors``: "database is locked"/busy errors surfaced to a seat (must be 0);
* ``refused_moves``: moves the store refused (a seat playing out of turn; 0 expected here);
* ``logs_identical``: tables whose stored log, and every process's replayed log, equal a
  single-process replay of the stored inputs (must be all: ``N/N``);
* ``seen_ms_p50``, ``seen_ms_p95``: from one seat's move committed to another process (each
  other seat and the reader) having it in its replica (goal p95 <= 1000 ms);
* ``console_seen_ms_p95``: the same, for the reader only;
* ``move_ms_p50``/``p95``: one ``add_input`` in the load (replay catch-up, checks, write);
* ``baseline_move_ms_p50``/``p95``: the same moves through ``add_input`` in one process on a
  fresh store, measured in this run; ``move_p95_vs_baseline_ratio``;
* ``wall_s``, ``baseline_wall_s``, ``wall_vs_baseline_ratio``: the whole load against the
  same games played in one process (which has no polling, no waiting for others).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.case.loader import load_case_text
from game.case.model import Case
from game.errors import MoveError, StorageError
from game.play.session import Session
from game.storage import Store
from game.storage.tables import apply_input

ROLES = ["ardel", "brisk", "corvane", "dunmore", "esk", "fallow"]


def six_case(mode: str) -> str:
    roles = "\n".join(
        f"  {r}:\n    name: {r.capitalize()}\n    description: One of six parties.\n"
        "    briefing: Keep the table talking.\n"
        for r in ROLES
    )
    return f"""schema_version: 1
id: six-party-table
title: The Six-Party Table
summary: Six parties at one table.
difficulty: introductory
duration_minutes: 15
briefing: Six delegations meet.

rounds:
  mode: {mode}
  order: [{", ".join(ROLES)}]
  limit: 8
  on_limit: stalemate

roles:
{roles}
meters:
  escalation:
    label: Escalation ladder
    max: 10
    initial: 5
  trust:
    label: Trust
    max: 10
    initial: 3

phases:
  talks:
    title: Talks
    text: Six delegations around one table.
    moves:
{chr(10).join(f"      {r}: [listen, signal, propose]" for r in ROLES)}
    exits:
      - to: breakdown
        when: escalation >= 10
      - to: agreement
        when: trust >= 10

endings:
  stalemate:
    title: Stalemate
    outcome: stalemate
    text: Talks stall.
  breakdown:
    title: Breakdown
    outcome: breakdown
    text: Talks collapse.
  agreement:
    title: Agreement
    outcome: agreement
    text: A deal is struck.

moves:
  listen:
    label: Ask what the others fear
    roles: [{", ".join(ROLES)}]
    tags: [inquiry]
    effects:
      escalation: -1
  signal:
    label: Send a warning
    roles: [{", ".join(ROLES)}]
    tags: [escalatory]
    effects:
      escalation: +1
  propose:
    label: Propose a step
    roles: [{", ".join(ROLES)}]
    tags: [phased_proposal]
    effects:
      trust: +1

rubric:
  trust_listening:
    title: Trust and listening
    rules:
      - tag: inquiry
        points: 10
        note: listened first
"""


def cases() -> dict[str, tuple[Case, str]]:
    """The six-role case in both modes: mode -> (case, its text)."""
    return {
        m: (load_case_text(six_case(m), f"six-{m}.yaml"), six_case(m)) for m in ("simultaneous", "sequential")
    }


def digest(session: Session) -> str:
    """A fingerprint of a session's whole log."""
    text = json.dumps([e.to_dict() for e in session.log], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def pick(code: str, role: str, position: int, session: Session) -> str:
    """The seat's move: seeded by table, role and position, so a rerun makes the same choices."""
    moves = [o.move.id for o in session.options(role) if o.open]
    return random.Random(f"{code}:{role}:{position}").choice(moves)


def seat(home: str, role: str, codes: list[str], out: str, poll: float) -> None:
    """One seat process: take ``role`` at every table, play it to the end of every game."""
    store = Store.open(home)
    name = f"seat-{role}"
    for code in codes:
        store.join(code, role, name)  # each seat process joins once (no restart here: no token kept)
    seen: dict[str, int] = dict.fromkeys(codes, 0)
    made: list[tuple[str, int, float, float, str]] = []
    sightings: list[tuple[str, int, float]] = []
    errors: list[str] = []
    refused: list[str] = []
    open_codes = list(codes)
    version = -1
    waiting: set[str] = set(codes)  # tables to look at even without news (our turn, or not seen yet)

    def catch_up() -> list[str]:
        """Bring every open table up to date (what a seat's screen shows); the tables waiting for us."""
        turn = []
        positions = store.table_positions()
        for code in list(open_codes):
            if positions.get(code) == seen[code] and code not in waiting:
                continue  # nothing new there, and not our turn
            try:
                replica = store.replica(code)
            except StorageError as err:
                errors.append(str(err))
                continue
            now = time.time()
            sightings.extend((code, p, now) for p in range(seen[code] + 1, replica.position + 1))
            seen[code] = replica.position
            waiting.discard(code)
            if replica.session.over:
                open_codes.remove(code)
            elif role in replica.session.waiting_for:
                turn.append(code)
                waiting.add(code)
        return turn

    while open_codes:
        now_version = store.data_version()
        if now_version == version:
            time.sleep(poll)
            continue
        version = now_version
        turn = catch_up()
        while turn:
            # One process serves this role at every table: between two of its moves it looks at the
            # store again, as fifty separate seat processes would each keep looking.
            code = turn.pop(0)
            replica = store.replica(code)
            move = pick(code, role, replica.position, replica.session)
            started = time.time()
            try:
                item = store.add_input(code, "move", {"role": role, "move": move}, by=name)
            except MoveError as err:
                refused.append(str(err))
                continue
            except StorageError as err:
                errors.append(str(err))
                continue
            done = time.time()
            made.append((code, item.position, done, done - started, move))
            seen[code] = item.position
            waiting.add(code)  # our move may have made it our turn again there (in turn, one seat)
            latest = store.data_version()
            if latest != version:
                version = latest
                turn = catch_up()
            elif not turn:
                turn = catch_up()  # our own moves may have made it our turn again elsewhere
    digests = {code: digest(store.table_session(code)) for code in codes}
    store.close()
    Path(out).write_text(
        json.dumps(
            {"made": made, "seen": sightings, "errors": errors, "refused": refused, "digests": digests}
        )
    )


def reader(home: str, codes: list[str], out: str, poll: float) -> None:
    """A console-like reader: every open table at a glance, every ``poll`` seconds."""
    store = Store.open(home)
    seen: dict[str, int] = dict.fromkeys(codes, 0)
    sightings: list[tuple[str, int, float]] = []
    errors: list[str] = []
    version = -1
    finished: set[str] = set()
    while len(finished) < len(codes):
        now_version = store.data_version()
        if now_version == version:
            time.sleep(poll)
            continue
        version = now_version
        try:
            positions = store.table_positions()  # the console's overview: one query for every table
            for code in codes:
                if code in finished or positions[code] == seen[code]:
                    continue
                replica = store.replica(code)
                now = time.time()
                sightings += [(code, p, now) for p in range(seen[code] + 1, replica.position + 1)]
                seen[code] = replica.position
                if replica.session.over:
                    finished.add(code)
        except StorageError as err:
            errors.append(str(err))
    digests = {code: digest(store.table_session(code)) for code in codes}
    store.close()
    Path(out).write_text(
        json.dumps({"made": [], "seen": sightings, "errors": errors, "refused": [], "digests": digests})
    )


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] if ordered else float("nan")


def host_tables(store: Store, count: int) -> list[str]:
    """``count`` tables of the six-role case, alternating simultaneous and in turn; their codes."""
    both = cases()
    codes = []
    for i in range(count):
        case, text = both["simultaneous" if i % 2 == 0 else "sequential"]
        codes.append(store.host(case, seed=i, name=f"Table {i + 1}", case_text=text).code)
    return codes


def baseline(inputs: dict[int, list[tuple[str, dict[str, str]]]], count: int) -> tuple[float, list[float]]:
    """The same games in one process on a fresh store: wall time and each add_input's time."""
    with tempfile.TemporaryDirectory() as home, Store.open(home) as store:
        codes = host_tables(store, count)
        for code in codes:
            for role in ROLES:
                store.join(code, role, f"seat-{role}")
        times: list[float] = []
        start = time.perf_counter()
        cursors = dict.fromkeys(range(count), 0)
        while any(cursors[i] < len(inputs[i]) for i in range(count)):
            for i in range(count):  # round-robin over the tables, as the seats interleave them
                if cursors[i] < len(inputs[i]):
                    role, payload = inputs[i][cursors[i]]
                    before = time.perf_counter()
                    store.add_input(codes[i], "move", payload, by=f"seat-{role}")
                    times.append(time.perf_counter() - before)
                    cursors[i] += 1
        return time.perf_counter() - start, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, default=50)
    parser.add_argument("--poll", type=float, default=0.2)
    parser.add_argument("--seat", help=argparse.SUPPRESS)
    parser.add_argument("--reader", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    parser.add_argument("--codes", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seat or args.reader:
        codes = args.codes.split(",")
        if args.reader:
            reader(args.home, codes, args.out, args.poll)
        else:
            seat(args.home, args.seat, codes, args.out, args.poll)
        return

    with tempfile.TemporaryDirectory() as home:
        with Store.open(home) as store:
            codes = host_tables(store, args.tables)
        outs = {who: str(Path(home) / f"{who}.json") for who in [*ROLES, "reader"]}
        common = ["--home", home, "--codes", ",".join(codes), "--poll", str(args.poll)]
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    *common,
                    "--out",
                    outs[who],
                    *(["--reader"] if who == "reader" else ["--seat", who]),
                ]
            )
            for who in outs
        ]
        for proc in procs:
            if proc.wait() != 0:
                raise SystemExit(f"a process failed with status {proc.returncode}")
        wall = time.perf_counter() - start
        results = {who: json.loads(Path(out).read_text()) for who, out in outs.items()}

        with Store.open(home) as store:
            stored = {code: store.inputs(code) for code in codes}
            infos = {code: store.table(code) for code in codes}
            events = {code: store.load(infos[code].session_id).events for code in codes}
        both = cases()
        lost = 0
        for who in ROLES:
            for code, position, _, _, move in results[who]["made"]:
                found = [i for i in stored[code] if i.position == position]
                if not found or found[0].payload.get("move") != move or found[0].payload.get("role") != who:
                    lost += 1
        identical = 0
        per_table_inputs: dict[int, list[tuple[str, dict[str, str]]]] = {}
        for i, code in enumerate(codes):
            case, _ = both["simultaneous" if i % 2 == 0 else "sequential"]
            single = Session(case, seed=i, humans=ROLES)
            for item in stored[code]:
                apply_input(single, item.kind, item.payload)
            want = digest(single)
            same_store = [e.to_dict() for e in events[code]] == [e.to_dict() for e in single.log]
            same_processes = all(results[who]["digests"][code] == want for who in outs)
            identical += bool(single.over and same_store and same_processes)
            per_table_inputs[i] = [(str(x.payload["role"]), dict(x.payload)) for x in stored[code]]

        made_at = {(c, p): t for who in ROLES for c, p, t, _, _ in results[who]["made"]}
        maker = {(c, p): who for who in ROLES for c, p, _, _, _ in results[who]["made"]}
        seen_ms = [
            (t - made_at[(c, p)]) * 1000
            for who in outs
            for c, p, t in results[who]["seen"]
            if (c, p) in made_at and maker[(c, p)] != who
        ]
        console_ms = [
            (t - made_at[(c, p)]) * 1000 for c, p, t in results["reader"]["seen"] if (c, p) in made_at
        ]
        move_ms = [d * 1000 for who in ROLES for _, _, _, d, _ in results[who]["made"]]
        errors = [e for who in outs for e in results[who]["errors"]]
        locked = [e for e in errors if "locked" in e or "busy" in e]
        refused = [e for who in outs for e in results[who]["refused"]]

    base_wall, base_times = baseline(per_table_inputs, args.tables)
    base_ms = [t * 1000 for t in base_times]
    moves = sum(len(v) for v in stored.values())
    games = sum(1 for code in codes if infos[code].status.value == "finished")
    lines = {
        "tables": args.tables,
        "processes": f"{len(ROLES)} seats + 1 reader",
        "games": games,
        "moves": moves,
        "lost_moves": lost,
        "database_locked_errors": len(locked),
        "other_errors": len(errors) - len(locked),
        "refused_moves": len(refused),
        "logs_identical": f"{identical}/{args.tables}",
        "seen_ms_p50": f"{statistics.median(seen_ms):.0f}",
        "seen_ms_p95": f"{percentile(seen_ms, 0.95):.0f}",
        "console_seen_ms_p95": f"{percentile(console_ms, 0.95):.0f}",
        "move_ms_p50": f"{statistics.median(move_ms):.1f}",
        "move_ms_p95": f"{percentile(move_ms, 0.95):.1f}",
        "baseline_move_ms_p50": f"{statistics.median(base_ms):.1f}",
        "baseline_move_ms_p95": f"{percentile(base_ms, 0.95):.1f}",
        "move_p95_vs_baseline_ratio": f"{percentile(move_ms, 0.95) / percentile(base_ms, 0.95):.2f}",
        "wall_s": f"{wall:.1f}",
        "baseline_wall_s": f"{base_wall:.1f}",
        "wall_vs_baseline_ratio": f"{wall / base_wall:.2f}",
        "poll_s": args.poll,
    }
    for key, value in lines.items():
        print(f"{key}: {value}")
    for error in sorted(set(errors))[:5]:
        print(f"error: {error}", file=sys.stderr)


if __name__ == "__main__":
    main()
