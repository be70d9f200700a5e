"""Bulk play: a whole playthrough with every role played by the policy, without a log.

:func:`bulk_tally` gives the board that ``Session(case, seed=seed, policy=policy).tally()`` gives
(meters, flags, counters, phases, ending, and its ``ledger``: who caused what), equal in every
field, in about half the time: it writes no event rows (it counts them, so every ``seq`` in causes,
exits, breaches and moves is the one the session's log would give), keeps the attribution's
running totals itself, and reads flat tables laid out once per case (:mod:`game.play.bulkplan`).
For analysis and calibration, which play thousands of sessions and read only their tallies.

The rules of a round are those of :mod:`game.play.rounds` and the attribution those of
:class:`game.play.attribution.Tracker` with ``detail=False``; phase changes go through the case's
``transitions`` machine (:meth:`game.play.machine.PhaseMachine.step`); the draws come from the
same seeded streams, in the same order.  ``tests/test_bulk_play.py`` holds the two engines equal
on every built-in and test case, both policies, many seeds.

Falls back (returns None, the caller plays a :class:`~game.play.session.Session`) for a case with
format 2 proposals (offers, agreements) or timers; it plays everything else: format 1 and 2,
private information, sequential and simultaneous rounds, injects (``when``, ``round``,
``chance``, ``repeat``, ``phase``), replies with ``when``, red lines (moves and states), exits,
timeouts, the round limit, tags, ``mine``, the history of play (``first``/``last``), effect
``if``s, ``appears_when`` and ``requires``.
"""

from __future__ import annotations

import random
from dataclasses import fields

from game.case.model import MAX_ROUNDS, Case, Exit
from game.play.attribution import THE_TABLE, Attribution, Breach, Cause, ExitRecord, _add, _latest
from game.play.board import Board
from game.play.bulkplan import BulkPlan, plan_for
from game.play.policy import POLICIES
from game.play.session import Session


def prepare(case: Case) -> bool:
    """Lay ``case`` out for bulk play now (call it before forking worker processes, so that they
    share the tables); returns whether :func:`bulk_tally` plays it (False: it falls back)."""
    return plan_for(case) is not None


def bulk_tally(case: Case, seed: int, policy: str = "counterpart") -> Board | None:
    """``Session(case, seed=seed, policy=policy).tally()`` without a log, or None for a case the
    bulk engine does not play (see the module's docstring)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}; choose one of {', '.join(POLICIES)}")
    plan = plan_for(case)
    if plan is None:
        return None
    return _play(plan, seed, policy == "counterpart")


def tally(case: Case, seed: int, policy: str = "counterpart") -> Board:
    """:func:`bulk_tally`, or ``Session(case, seed=seed, policy=policy).tally()`` for a case the bulk
    engine leaves to the session: the same board either way."""
    board = bulk_tally(case, seed, policy)
    if board is None:
        board = Session(case, seed=seed, policy=policy).tally()
    return board


def _play(plan: BulkPlan, seed: int, counterpart: bool) -> Board:
    case = plan.case
    board = plan.rules.new_board()
    fired = board.fired
    initial = snapshot_of(board)
    initial.visited.add(plan.start)
    # the attribution, kept as Tracker(detail=False) keeps it
    contrib: dict[str, dict[str, int]] = {}
    fresh: set[str] = set()  # keys whose per-role mapping no exit snapshot shares yet (changed in place)
    last: dict[str, tuple[int, Cause]] = {}  # only the keys some cause is read from
    watched = plan.watched
    causes: dict[int, Cause] = {}
    exits: list[ExitRecord] = []
    breaches: list[Breach] = []
    moves: list[Cause] = []
    flag_values = plan.flag_values.copy()
    shared = (board.meters, board.flags, flag_values, contrib, fresh, last, moves, causes, breaches)
    streams = _Streams(seed)  # each role's stream, seeded on its first draw
    policy = 1 if counterpart else 0  # which choice of a TurnPlan
    inject_rng: random.Random | None = None
    injects = plan.injects[plan.start]  # the current phase's
    endings = case.endings
    visited_keys = plan.visited_keys
    seq = 1  # the next row's (the start row is 0)
    tracked = plan.start  # the phase as the tracker follows it
    tracked_round = board.phase_round  # the tracker's count of the phase's rounds

    def enter(to: str, reason: str) -> bool:
        """A phase or an ending entered (as RoundRunner._enter and Tracker.enter); True at an ending."""
        nonlocal seq, tracked, tracked_round
        origin = tracked
        cause = THE_TABLE
        taken = None
        if reason == "exit":  # the exit taken, read as Tracker.enter reads it (with self_role "")
            board.self_role = ""
            for exit_, test, keys in plan.exits.get(origin, ()):
                if test(board):
                    if exit_.to == to:
                        taken = exit_
                        cause = _latest(keys, last)
                    break
        causes[seq] = cause
        snapshot = snapshot_of(board)
        snapshot.self_role = ""
        snapshot.phase_round = tracked_round
        exits.append(
            exit_record(seq, board.round, to, origin, reason, taken, cause, snapshot, contrib.copy())
        )
        fresh.clear()
        ending = endings.get(to)
        if ending is not None:
            seq += 1
            board.ending = ending.id
            board.outcome = ending.outcome.value
            return True
        tracked = to
        tracked_round = 0
        key = visited_keys[to]
        if key in watched:
            last[key] = (seq, cause)
        seq += 1
        board.phase_cap = plan.phase_caps[to]
        board.visited.add(to)
        return False

    def roll() -> float:
        """The injects' stream's next draw (seeded on its first)."""
        nonlocal inject_rng
        if inject_rng is None:
            inject_rng = random.Random(f"{seed}:injects")
        return inject_rng.random()

    def fire(number: int) -> None:
        """Inject ``number`` of the phase fires: its row, then its effects (RoundRunner._fire_injects)."""
        nonlocal seq
        inject, run, _repeat, _only, when, _chance, keys, fired_key = injects[number]
        fired[inject] = fired.get(inject, 0) + 1
        decision = _latest(keys, last) if when is not None else THE_TABLE
        causes[seq] = decision
        _add(contrib, fired_key, decision.role, 1)
        if fired_key in watched:
            last[fired_key] = (seq, decision)
        seq = run(board, shared, seq + 1, decision)

    enter(plan.start, "start")
    phase = plan.start
    injects = plan.injects[phase]
    seq += 1  # the round row
    tracked_round += 1
    plan.checks[phase](board, fired, roll, fire)
    limit = plan.limit
    v2 = plan.v2
    step_machine = plan.rules.machine.step
    rounds = plan.rounds[policy]  # each phase's round: every role's choice and move
    while True:
        seq = rounds[phase](board, streams, shared, seq)
        # the end of the round (RoundRunner._end_round)
        bound = board.round >= MAX_ROUNDS
        expired = board.round >= limit or bound
        steps = step_machine(phase, board, expired)
        ended = False
        for step in steps:
            stopped = bound and step.reason == "limit" and board.round < limit
            if v2 and step.reason in ("timeout", "limit"):
                seq += 1  # the deadline row
            ended = enter(step.state, "bound" if stopped else step.reason)
        if ended:
            break
        phase = tracked
        board.round += 1
        board.phase_round = 1 if steps else board.phase_round + 1
        injects = plan.injects[phase]
        seq += 1  # the round row (RoundRunner._begin_round)
        tracked_round += 1
        plan.checks[phase](board, fired, roll, fire)
    final = snapshot_of(board)
    final.self_role = ""
    final.phase_round = tracked_round
    board.ledger = Attribution(
        causes=causes,
        changes=[],
        contrib=contrib,
        exits=exits,
        breaches=breaches,
        moves=moves,
        initial=initial,
        final=final,
        case=case,
    )
    return board


class _Streams(dict[str, random.Random]):
    """Each role's policy stream, seeded as Session._seed_streams seeds it, on its first draw."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.seed = seed

    def __missing__(self, role: str) -> random.Random:
        stream = self[role] = random.Random(f"{self.seed}:policy:{role}")
        return stream


_new = object.__new__
# ExitRecord's slots' setters, in its fields' order (what its frozen __init__ does, without its
# calls of object.__setattr__); tests/test_bulk_mirrors.py holds the two equal
_X = tuple(getattr(ExitRecord, f.name).__set__ for f in fields(ExitRecord))
_X0, _X1, _X2, _X3, _X4, _X5, _X6, _X7, _X8 = _X


def exit_record(
    seq: int,
    round: int,
    state: str,
    origin: str,
    reason: str,
    exit: Exit | None,
    cause: Cause,
    board: Board,
    contrib: dict[str, dict[str, int]],
) -> ExitRecord:
    """``ExitRecord(seq, round, ...)``, made slot by slot."""
    record = _new(ExitRecord)
    _X0(record, seq)
    _X1(record, round)
    _X2(record, state)
    _X3(record, origin)
    _X4(record, reason)
    _X5(record, exit)
    _X6(record, cause)
    _X7(record, board)
    _X8(record, contrib)
    return record


def snapshot_of(board: Board) -> Board:
    """:func:`game.play.session._copy_board` for a board of bulk play (no offers on it), with its
    fields passed in order (``tests/test_bulk_play.py`` holds the two equal on a board with every
    field set, so a field added to Board and not here fails)."""
    assert not board.offers
    return Board(  # (x.copy() is a little quicker than dict(x) and set(x))
        board.meters.copy(),
        board.flags.copy(),
        board.played.copy(),
        board.tagged.copy(),
        {role: counts.copy() for role, counts in board.mine.items()},
        board.fired.copy(),
        board.visited.copy(),
        board.round,
        board.phase_round,
        board.self_role,
        board.ending,
        board.outcome,
        board.ledger,
        board.first.copy(),
        board.last.copy(),
        board.phase_cap,
        board.timers.copy(),
        board.expired.copy(),
        {},
        board.accepted.copy(),
    )
