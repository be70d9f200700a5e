"""The session façade: the one API through which the terminal app, the command
line and the tests play a case.

>>> session = Session(case, seed=7, humans=["velmar"])
>>> session.waiting_for            # human roles that must choose now
('velmar',)
>>> [o.move.id for o in session.options("velmar") if o.open]
[...]
>>> new_events = session.play("velmar", "listen")
>>> session.snapshot().phase, session.over

Roles not in ``humans`` are played by a policy (:mod:`game.policy`) as soon as
it is their turn, so after every call the session is either waiting for a
human or over.  In a simultaneous round :meth:`play` records a secret choice;
the round resolves, in the case's stated order, when the last human has
chosen.

Everything that happens is appended to :attr:`log`; the same case, seed,
humans, policy and choices always give the same log.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from game.board import Board
from game.errors import MoveError, ParleyError
from game.events import Event
from game.model import Case, Effect, Ending, Move, RoundMode
from game.policy import POLICIES, choose
from game.rules import rules_for


class ReplayError(ParleyError, ValueError):
    """A log that cannot be replayed against this case."""


@dataclass(frozen=True, slots=True)
class Option:
    """A move listed for a role in the current phase, open or locked."""

    move: Move
    open: bool
    reason: str  # why it is locked; "" when open


@dataclass(frozen=True, slots=True)
class Reading:
    """One meter slot's value."""

    slot: str
    meter: str
    label: str
    owner: str  # "" for a global meter, a role id, or a pair key
    value: int
    minimum: int
    maximum: int
    visible: bool


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A read-only view of a session at one moment."""

    seq: int  # number of events so far
    phase: str
    round: int
    phase_round: int
    meters: tuple[Reading, ...]
    flags: Mapping[str, bool]
    waiting_for: tuple[str, ...]
    over: bool
    ending: str | None


class Session:
    """One playthrough of a case."""

    def __init__(
        self,
        case: Case,
        *,
        seed: int = 0,
        humans: Sequence[str] = (),
        policy: str = "counterpart",
        names: Mapping[str, str] | None = None,
    ) -> None:
        if policy not in POLICIES:
            raise ValueError(f"unknown policy {policy!r}; choose one of {', '.join(POLICIES)}")
        seen: set[str] = set()
        for role in humans:
            if role not in case.roles:
                raise ValueError(f"unknown role {role!r}; the roles are {', '.join(case.roles)}")
            if not case.roles[role].playable:
                raise ValueError(f"role {role!r} cannot be played by a human in this case")
            if role in seen:
                raise ValueError(f"role {role!r} is taken twice")
            seen.add(role)
        self.case = case
        self.seed = seed
        self.humans = tuple(humans)
        self._human_set = frozenset(self.humans)
        self.policy = policy
        self.names: Mapping[str, str] = MappingProxyType(dict(names or {}))
        self._rules = rules_for(case)
        # Independent seeded streams: chance injects draw from one, each role's
        # policy from its own, so changing one inject or one role's choices does
        # not reshuffle the draws of everything else.
        self._inject_rng = random.Random(f"{seed}:injects")
        self._policy_rng = {role: random.Random(f"{seed}:policy:{role}") for role in case.roles}
        self._board: Board = self._rules.new_board()
        self._log: list[Event] = []
        self._phase = case.start
        self._ending: Ending | None = None
        self._turn = 0
        self._secret: dict[str, str] = {}
        self._planned: dict[str, Move] = {}
        self._by: dict[str, str] = {}
        self._simultaneous = case.rounds.mode is RoundMode.SIMULTANEOUS
        start: dict[str, Any] = {
            "case": case.id,
            "hash": case.source_hash,
            "seed": seed,
            "humans": list(self.humans),
            "policy": policy,
        }
        if self.names:
            start["names"] = dict(self.names)
        self._emit("start", "", start)
        self._enter(case.start, "start")
        self._begin_round()
        self._run()

    @classmethod
    def replay(cls, case: Case, events: Sequence[Event]) -> Session:
        """Rebuild a session from its log: same seed, seats and human choices.

        ``events`` may stop anywhere (a log cut short by a crash); the human
        choices in it are replayed and play continues from there.  Raises
        :class:`ReplayError` when the log does not come from ``case`` or does
        not replay to the same events.
        """
        if not events or events[0].kind != "start":
            raise ReplayError("the log does not begin with a start event")
        start = events[0].data
        if start.get("case") != case.id:
            raise ReplayError(f"the log is of case {start.get('case')!r}, not {case.id!r}")
        if start.get("hash") != case.source_hash:
            raise ReplayError("the case file has changed since this session was played")
        try:
            session = cls(
                case,
                seed=int(start["seed"]),
                humans=list(start["humans"]),
                policy=str(start["policy"]),
                names=start.get("names"),
            )
            for event in events:
                if event.kind == "move" and event.role in session.humans:
                    if event.data["by"] == "policy":
                        session.play_policy(event.role)
                    else:
                        session.play(event.role, event.data["move"])
        except (KeyError, TypeError, ValueError) as err:
            raise ReplayError(f"the log cannot be replayed: {err}") from None
        replayed = session._log[: len(events)]
        if [e.to_dict() for e in replayed] != [e.to_dict() for e in events[: len(replayed)]]:
            raise ReplayError("the log does not replay to the same events")
        return session

    # ----------------------------------------------------------------- reading

    @property
    def log(self) -> tuple[Event, ...]:
        """Every event so far, oldest first."""
        return tuple(self._log)

    def events_since(self, seq: int) -> tuple[Event, ...]:
        """Events with a sequence number of ``seq`` or more."""
        return tuple(self._log[seq:])

    @property
    def phase(self) -> str:
        """The current phase id (the last phase, once over)."""
        return self._phase

    @property
    def round(self) -> int:
        """The current round, from 1."""
        return self._board.round

    @property
    def over(self) -> bool:
        """Whether the case has reached an ending."""
        return self._ending is not None

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None while in play."""
        return self._ending

    @property
    def waiting_for(self) -> tuple[str, ...]:
        """Human roles that must choose before play can go on, in turn order."""
        if self._ending is not None:
            return ()
        order = self.case.rounds.order
        if self._simultaneous:
            return tuple(
                r for r in order if r in self.humans and r not in self._secret and self._open_moves(r)
            )
        return (order[self._turn],) if self._turn < len(order) else ()

    def has_chosen(self, role: str) -> bool:
        """In a simultaneous round: whether ``role`` has made its secret choice."""
        return role in self._secret

    def options(self, role: str) -> tuple[Option, ...]:
        """The moves listed for ``role`` in the current phase, open or locked."""
        if role not in self.case.roles:
            raise ValueError(f"unknown role {role!r}")
        board = self._board
        board.self_role = role
        out = []
        for move in self._rules.menu(self._phase, role):
            is_open = move.when is None or bool(move.when.test(board))
            out.append(Option(move, is_open, "" if is_open else move.locked_reason))
        return tuple(out)

    def snapshot(self) -> Snapshot:
        """The state of play now, as plain read-only values."""
        board = self._board
        readings = []
        for meter in self.case.meters.values():
            for slot in meter.initial:
                owner = slot.partition(".")[2]
                readings.append(
                    Reading(
                        slot,
                        meter.id,
                        meter.label,
                        owner,
                        board.meters[slot],
                        meter.minimum,
                        meter.maximum,
                        meter.visible,
                    )
                )
        return Snapshot(
            seq=len(self._log),
            phase=self._phase,
            round=board.round,
            phase_round=board.phase_round,
            meters=tuple(readings),
            flags=MappingProxyType(dict(board.flags)),
            waiting_for=self.waiting_for,
            over=self.over,
            ending=self._ending.id if self._ending else None,
        )

    def changes_since(self, seq: int) -> dict[str, int]:
        """The net change of each meter slot over the events from ``seq`` on."""
        out: dict[str, int] = {}
        for event in self._log[seq:]:
            if event.kind == "effect" and event.data["change"]:
                slot = event.data["slot"]
                out[slot] = out.get(slot, 0) + event.data["change"]
        return out

    # ----------------------------------------------------------------- playing

    def play(self, role: str, move_id: str) -> tuple[Event, ...]:
        """A human plays ``move_id`` for ``role``; returns the events it caused.

        In a simultaneous round this records a secret choice and returns no
        events until the last human has chosen.  Raises :class:`MoveError` when
        the case is over, it is not ``role``'s turn, or the move is not open.
        """
        move = self._check(role, move_id)
        return self._accept(role, move, "human")

    def play_policy(self, role: str) -> tuple[Event, ...]:
        """Let the session's policy choose for a human ``role`` whose turn it is."""
        if role not in self.waiting_for:
            raise MoveError(self._not_your_turn(role))
        move = choose(
            self.policy, self.case.roles[role], self._open_moves(role), self._board, self._policy_rng[role]
        )
        return self._accept(role, move, "policy")

    def _accept(self, role: str, move: Move, by: str) -> tuple[Event, ...]:
        before = len(self._log)
        if self._simultaneous:
            self._secret[role] = move.id
            self._planned[role] = move
            self._by[role] = by
        else:
            self._resolve(role, move, by)
            self._turn += 1
        self._run()
        return tuple(self._log[before:])

    def _check(self, role: str, move_id: str) -> Move:
        if self._ending is not None:
            raise MoveError("the case is over")
        if role not in self.case.roles:
            raise MoveError(f"unknown role {role!r}")
        if role not in self.humans:
            raise MoveError(f"{role!r} is played by the counterpart policy, not a human")
        if role not in self.waiting_for:
            raise MoveError(self._not_your_turn(role))
        for option in self.options(role):
            if option.move.id == move_id:
                if not option.open:
                    raise MoveError(f"{option.move.label!r} is locked: {option.reason}")
                return option.move
        if move_id in self.case.moves:
            raise MoveError(f"{move_id!r} is not open to {role!r} in this phase")
        raise MoveError(f"unknown move {move_id!r}")

    def _not_your_turn(self, role: str) -> str:
        if self._simultaneous and role in self._secret:
            return f"{role!r} has already chosen this round"
        waiting = ", ".join(self.waiting_for) or "nobody"
        return f"it is not {role!r}'s turn (waiting for {waiting})"

    # ---------------------------------------------------------------- the loop

    def _open_moves(self, role: str) -> list[Move]:
        board = self._board
        board.self_role = role
        return [m for m in self._rules.menu(self._phase, role) if m.when is None or m.when.test(board)]

    def _run(self) -> None:
        """Play scripted roles until a human must choose or the case ends."""
        order = self.case.rounds.order
        humans = self.humans
        while self._ending is None:
            if self._simultaneous:
                if self.waiting_for:
                    return
                for role in order:
                    move = self._planned.get(role)
                    if move is None:
                        self._emit("pass", role, {})
                    else:
                        self._resolve(role, move, self._by[role])
                self._secret.clear()
                self._planned.clear()
            else:
                while self._turn < len(order):
                    role = order[self._turn]
                    open_moves = self._open_moves(role)
                    if not open_moves:
                        self._emit("pass", role, {})
                    elif role in humans:
                        return
                    else:
                        move = choose(
                            self.policy,
                            self.case.roles[role],
                            open_moves,
                            self._board,
                            self._policy_rng[role],
                        )
                        self._resolve(role, move, "policy")
                    self._turn += 1
            self._end_round()
            if self._ending is None:
                self._begin_round()

    def _begin_round(self) -> None:
        board = self._board
        self._emit("round", "", {"phase": self._phase})
        self._fire_injects()
        self._turn = 0
        if self._simultaneous:
            self._by.clear()
            for role in self.case.rounds.order:
                if role in self.humans:
                    continue
                open_moves = self._open_moves(role)
                if open_moves:
                    self._planned[role] = choose(
                        self.policy, self.case.roles[role], open_moves, board, self._policy_rng[role]
                    )
                    self._by[role] = "policy"

    def _fire_injects(self) -> None:
        board = self._board
        for inject in self.case.injects.values():
            if not inject.repeat and inject.id in board.fired:
                continue
            if inject.round is not None and inject.round != board.round:
                continue
            if inject.phase is not None and inject.phase != self._phase:
                continue
            if inject.when is not None and not inject.when.test(board):
                continue
            if inject.chance is not None and self._inject_rng.random() >= inject.chance:
                continue
            board.fired[inject.id] = board.fired.get(inject.id, 0) + 1
            self._emit("inject", "", {"inject": inject.id})
            self._apply(inject.effects, "")

    def _resolve(self, role: str, move: Move, by: str) -> None:
        board = self._board
        self._emit("move", role, {"move": move.id, "by": by})
        self._apply(move.effects, role)
        board.played[move.id] = board.played.get(move.id, 0) + 1
        mine = board.mine[role]
        mine[move.id] = mine.get(move.id, 0) + 1
        for tag in move.tags:
            board.tagged[tag] = board.tagged.get(tag, 0) + 1
            mine[tag] = mine.get(tag, 0) + 1
        for index, reply in enumerate(move.replies):
            if reply.role == role or reply.role in self._human_set:
                continue
            board.self_role = reply.role
            if reply.when is None or reply.when.test(board):
                self._emit("reply", reply.role, {"move": move.id, "index": index})
                self._apply(reply.effects, reply.role)

    def _apply(self, effects: tuple[Effect, ...], role: str) -> None:
        board = self._board
        bounds = self._rules.bounds
        for effect in effects:
            target = effect.target
            if effect.flag is not None:
                key = target[6:]  # after "flags."
                board.flags[key] = effect.flag
                self._emit("effect", role, {"slot": target, "value": effect.flag, "change": 0})
                continue
            if target.endswith(".self"):
                target = f"{target[:-5]}.{role}"
            low, high = bounds[target]
            before = board.meters[target]
            after = min(high, max(low, before + effect.delta))
            board.meters[target] = after
            self._emit("effect", role, {"slot": target, "value": after, "change": after - before})

    def _end_round(self) -> None:
        board = self._board
        expired = board.round >= self.case.rounds.limit
        steps = self._rules.machine.step(self._phase, board, expired)
        for step in steps:
            self._enter(step.state, step.reason)
        if self._ending is None:
            board.round += 1
            board.phase_round = 1 if steps else board.phase_round + 1

    def _enter(self, state: str, reason: str) -> None:
        board = self._board
        ending = self.case.endings.get(state)
        if ending is not None:
            self._ending = ending
            board.ending = ending.id
            board.outcome = ending.outcome.value
            self._emit("ending", "", {"ending": ending.id, "outcome": ending.outcome.value, "reason": reason})
            return
        self._phase = state
        board.visited.add(state)
        self._emit("phase", "", {"phase": state, "reason": reason})

    def _emit(self, kind: str, role: str, data: dict[str, Any]) -> None:
        self._log.append(Event(len(self._log), self._board.round, kind, role, data))
