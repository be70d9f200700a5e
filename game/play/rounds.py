"""How a round runs: injects, moves, replies, effects, exits — the rules of play.

:class:`RoundRunner` is the base of :class:`game.play.session.Session`; it holds
the mechanics that docs/format.md describes under "How a round runs", while
the session adds the public façade (seats, options, snapshots,
replays).  Everything here appends raw rows to the session's log; nothing
here is called from outside the session.
"""

from __future__ import annotations

import random
from typing import Any

from game.case.audience import Seen, both
from game.case.conditions import Getter
from game.case.model import MAX_ROUNDS, Case, Ending, Move
from game.play import bargaining
from game.play.attribution import Tracker
from game.play.board import Board
from game.play.events import Event
from game.play.policy import draw
from game.play.redlines import move_breaches, state_breaches
from game.play.rules import Rules, Step


class RoundRunner:
    """The state and mechanics of play; :class:`~game.play.session.Session` is its façade."""

    case: Case
    policy: str
    humans: tuple[str, ...]
    _human_set: frozenset[str]
    _rules: Rules
    _board: Board
    _raw: list[tuple[int, str, str, dict[str, Any]]]
    _log: list[Event]
    _phase: str
    _ending: Ending | None
    _turn: int
    _secret: dict[str, str]
    _planned: dict[str, Move]
    _by: dict[str, str]
    _simultaneous: bool
    _inject_rng: random.Random
    _policy_rng: dict[str, random.Random]
    _v2: bool  # format version 2 or later: deadlines are logged
    _history: bool  # some condition asks about the order of play (see Rules.history)
    _tracker: Tracker  # who caused what, kept up to date as rows are written (Session.tally reads it)
    _held: dict[str, bool]  # injects held by the facilitator (game.play.facilitator) -> came due
    _party_lines: bool  # an agreement crosses every party's red lines (False: a session saved before)

    # ``waiting_for`` (which humans must still choose) is the façade's property.
    waiting_for: tuple[str, ...]

    def _open_moves(self, role: str) -> list[Move]:
        board = self._board
        board.self_role = role
        found = [m for m, test in self._rules.turn(self._phase, role).gates if test is None or test(board)]
        if board.offers:
            found += bargaining.answers_for(self._rules, board, role)
        return found

    def _choose(self, role: str) -> Move | None:
        """The policy's choice for ``role`` now, or None when no move is open to it.

        An offer addressed to the role is answered first (format 2), by its reservation value.
        """
        if self._board.offers:
            answer = bargaining.decide(self._rules, self._board, role)
            if answer is not None:
                return answer
        turn = self._rules.turn(self._phase, role)
        return draw(self.policy, role, turn, self._board, self._policy_rng[role])

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
                    if role in humans:
                        if self._open_moves(role):
                            return
                        self._emit("pass", role, {})
                    else:
                        move = self._choose(role)
                        if move is None:
                            self._emit("pass", role, {})
                        else:
                            self._resolve(role, move, "policy")
                    self._turn += 1
            self._end_round()
            if self._ending is None:
                self._begin_round()

    def _begin_round(self) -> None:
        self._emit("round", "", {"phase": self._phase})
        self._fire_injects()
        self._turn = 0
        if self._simultaneous:
            self._by.clear()
            for role in self.case.rounds.order:
                if role in self.humans:
                    continue
                move = self._choose(role)
                if move is not None:
                    self._planned[role] = move
                    self._by[role] = "policy"

    def _fire_injects(self) -> None:
        board = self._board
        fired = board.fired
        for inject, steps, repeat, only, when, chance in self._rules.inject_checks(self._phase):
            if not repeat and inject.id in fired:
                continue
            if only is not None and only != board.round:
                continue
            if when is not None and not when(board):
                continue
            if chance is not None and self._inject_rng.random() >= chance:
                continue
            if self._held and inject.id in self._held:  # held by the facilitator: due, not fired
                self._held[inject.id] = True
                continue
            fired[inject.id] = fired.get(inject.id, 0) + 1
            seen = inject.audience.who()
            data: dict[str, Any] = {"inject": inject.id}
            if inject.quiet:
                data["quiet"] = True
            self._emit("inject", "", _seen_by(data, seen))
            self._apply(steps, "", seen)
            if inject.starts or inject.stops:
                self._timers(inject.starts, inject.stops, "", seen)

    def _resolve(self, role: str, move: Move, by: str) -> None:
        board = self._board
        plan = self._rules.resolution(move, role)
        if plan.more and move.answer is not None:
            bargaining.answer(self, role, move, by)
            return
        log = self._raw
        checks = plan.checks
        held = _holding(board, plan.lines, role) if checks else set()
        data: dict[str, Any] = {"move": move.id, "by": by}
        if plan.audience is not None:  # the inner loop: no call for a public move
            data["audience"] = list(plan.audience)
        log.append((board.round, "move", role, data))
        self._tracker.move(len(log) - 1, board.round, role, move)
        if plan.effects:
            self._apply(plan.effects, role, plan.seen)
        played = board.played
        played[move.id] = played.get(move.id, 0) + 1
        if self._history:  # format 2: only a case that asks about the order of play keeps it
            first = board.first
            if move.id not in first:
                first[move.id] = len(first)
            board.last[move.id] = board.round
        mine = board.mine[role]
        mine[move.id] = mine.get(move.id, 0) + 1
        tagged = board.tagged
        for tag in plan.tags:
            tagged[tag] = tagged.get(tag, 0) + 1
            mine[tag] = mine.get(tag, 0) + 1
        for number, (index, replier, when, steps) in enumerate(plan.replies):
            if replier in self._human_set:
                continue
            board.self_role = replier
            if when is None or when(board):
                seen = plan.reply_seen[number]
                said: dict[str, Any] = {"move": move.id, "index": index}
                if seen is not None:
                    said["audience"] = sorted(seen)
                log.append((board.round, "reply", replier, said))
                self._tracker.row(len(log) - 1, board.round, "reply", replier, said)
                self._apply(steps, replier, seen)
        if checks:  # :meth:`_check_red_lines`, from the resolution's tables
            crossed = set(plan.breaks)
            crossed |= _holding(board, plan.lines, role) - held
            for line in sorted(crossed):
                broke: dict[str, Any] = {"line": line, "move": move.id}
                if plan.audience is not None:
                    broke["audience"] = list(plan.audience)
                self._emit("breach", role, broke)
        if plan.more:
            if move.proposes is not None:
                bargaining.table(self, role, move.proposes, plan.seen)
            if move.starts or move.stops:
                self._timers(move.starts, move.stops, role, plan.seen)

    def _check_red_lines(self, role: str, move: Move, held: set[int], seen: Seen = None) -> None:
        """Record a ``breach`` for each red line ``role``'s move just crossed (:mod:`game.play.redlines`);
        it is seen by those who saw the move."""
        crossed = {line.index for line in move_breaches(self.case, role, move.id)}
        crossed |= {line.index for line in state_breaches(self.case, role, self._board)} - held
        for index in sorted(crossed):
            data: dict[str, Any] = {"line": index, "move": move.id}
            if seen is not None:
                data["audience"] = sorted(seen)
            self._emit("breach", role, data)

    def _timers(self, starts: tuple[str, ...], stops: tuple[str, ...], role: str, seen: Seen = None) -> None:
        """Stop, then start, timers (format 2); a timer started again runs from the start.

        Each event is seen by those who saw its cause (``seen``) and are shown the timer.
        """
        board = self._board
        for timer in stops:
            if board.timers.pop(timer, None) is not None:
                data: dict[str, Any] = {"timer": timer, "action": "stop"}
                self._emit("timer", role, _seen_by(data, both(seen, self._timer_seen(timer))))
        for timer in starts:
            rounds = self.case.timers[timer].rounds
            board.timers[timer] = board.round + rounds - 1
            data = {"timer": timer, "action": "start", "rounds": rounds}
            self._emit("timer", role, _seen_by(data, both(seen, self._timer_seen(timer))))

    def _timer_seen(self, timer: str) -> Seen:
        """Who is shown a timer's countdown: its ``visible_to``, or everyone."""
        shown = self.case.timers[timer].visible_to
        return frozenset(shown) if shown else None

    def _expire(self) -> None:
        """At the end of a round: timers that run out, then offers that lapse (format 2)."""
        board = self._board
        for timer, last in list(board.timers.items()):
            if board.round >= last:
                del board.timers[timer]
                board.expired.add(timer)
                seen = self._timer_seen(timer)
                self._emit("timer", "", _seen_by({"timer": timer, "action": "expire"}, seen))
                self._apply(self._rules.timer_steps[timer], "", seen)
        for proposal, offer in list(board.offers.items()):
            if offer.expires and board.round >= offer.expires:
                del board.offers[proposal]
                data = {"proposal": proposal, "action": "expired", "terms": list(offer.terms)}
                self._emit("offer", "", _seen_by(data, offer.seen))

    def _apply(self, steps: tuple[Step, ...], role: str, seen: Seen = None) -> None:
        """Apply effects laid out by :meth:`game.play.rules.Rules.steps` (meters clamp to their bounds).

        ``seen``: who saw what caused them; an effect is seen by those who saw its cause and see the
        meter's number.
        """
        if self._rules.private:
            self._apply_private(steps, role, seen)
            return
        board = self._board
        meters = board.meters
        log = self._raw
        rnd = board.round
        tracker = self._tracker
        for slot, low, high, delta, flag, value, test in steps:
            if test is not None:
                board.self_role = role
                if not test(board):
                    continue
            if flag is not None:
                board.flags[flag] = value  # type: ignore[assignment]
                tracker.flagged(len(log), slot, value)
                log.append((rnd, "effect", role, {"slot": slot, "value": value, "change": 0}))
                continue
            before = meters[slot]
            after = before + delta
            if after > high:
                after = high
            elif after < low:
                after = low
            meters[slot] = after
            if after != before:
                tracker.moved(len(log), slot, after - before)
            log.append((rnd, "effect", role, {"slot": slot, "value": after, "change": after - before}))

    def _apply_private(self, steps: tuple[Step, ...], role: str, seen: Seen) -> None:
        """:meth:`_apply` for a case with private information: each effect records who saw it."""
        board = self._board
        meters = board.meters
        log = self._raw
        rnd = board.round
        tracker = self._tracker
        for slot, low, high, delta, flag, value, test, audience in self._rules.audited(steps, seen):
            if test is not None:
                board.self_role = role
                if not test(board):
                    continue
            if flag is not None:
                board.flags[flag] = value  # type: ignore[assignment]
                tracker.flagged(len(log), slot, value)
                data: dict[str, Any] = {"slot": slot, "value": value, "change": 0}
            else:
                before = meters[slot]
                after = before + delta
                if after > high:
                    after = high
                elif after < low:
                    after = low
                meters[slot] = after
                if after != before:
                    tracker.moved(len(log), slot, after - before)
                data = {"slot": slot, "value": after, "change": after - before}
            if audience is not None:
                data["audience"] = list(audience)
            log.append((rnd, "effect", role, data))

    def _end_round(self) -> None:
        board = self._board
        if board.timers or board.offers:
            self._expire()
        bound = board.round >= MAX_ROUNDS  # Parley's own bound, whatever the case says
        expired = board.round >= self.case.rounds.limit or bound
        steps = self._rules.machine.step(self._phase, board, expired)
        for step in steps:
            stopped = bound and step.reason == "limit" and board.round < self.case.rounds.limit
            if self._v2 and step.reason in ("timeout", "limit"):
                rounds = board.phase_round if step.reason == "timeout" else board.round
                self._emit("deadline", "", {"phase": self._phase, "reason": step.reason, "rounds": rounds})
            self._enter(step.state, "bound" if stopped else step.reason)
        if self._ending is None:
            board.round += 1
            board.phase_round = 1 if steps else board.phase_round + 1

    def _enter(self, state: str, reason: str) -> None:
        board = self._board
        ending = self.case.endings.get(state)
        # the cause of the entry is read from the board as it stands before it (as a fold of the log reads it)
        kind = "phase" if ending is None else "ending"
        self._tracker.enter(len(self._raw), board.round, kind, state, {"reason": reason}, board)
        if ending is not None:
            self._ending = ending
            board.ending = ending.id
            board.outcome = ending.outcome.value
            data = {"ending": ending.id, "outcome": ending.outcome.value, "reason": reason}
            for index, variant in enumerate(ending.variants):
                if variant.when.test(board):
                    data["variant"] = index
                    break
            self._emit("ending", "", data)
            return
        self._phase = state
        board.phase_cap = self.case.phases[state].max_rounds or 0
        board.visited.add(state)
        self._emit("phase", "", {"phase": state, "reason": reason})

    def _emit(self, kind: str, role: str, data: dict[str, Any]) -> None:
        raw = self._raw
        if kind != "phase" and kind != "ending":  # those two are tracked by _enter, before the board changes
            self._tracker.row(len(raw), self._board.round, kind, role, data, self._board)
        raw.append((self._board.round, kind, role, data))


def _holding(board: Board, lines: tuple[tuple[int, Getter], ...], role: str) -> set[int]:
    """The red lines of ``role`` among ``lines`` (index, test) that hold on ``board`` now, as
    :func:`game.play.redlines.state_breaches` finds them."""
    if not lines:
        return set()
    keep = board.self_role
    board.self_role = role
    found = {index for index, test in lines if test(board)}
    board.self_role = keep
    return found


def _seen_by(data: dict[str, Any], seen: Seen) -> dict[str, Any]:
    """``data`` with the roles that saw the event (sorted), unless everyone did."""
    if seen is not None:
        data["audience"] = sorted(seen)
    return data
