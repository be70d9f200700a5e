"""Who caused what: every change in a session's log traced to the decision behind it.

The log records what happened; this module reads, for every effect, inject,
phase change, ending and red-line breach, the *decision* that caused it
(a :class:`Cause`: round, role, move), by one rule applied to any log, old or new:

* a move's own effects → the move's actor;
* a counterpart's scripted reply → the actor of the move it replied to;
* an inject with a ``when`` condition → the decision that last changed a value
  the condition reads before it fired; an inject that fires on a round, a
  phase or a chance only → the table (no player);
* a phase exit or an ending reached by an exit → likewise, the decision that
  last changed a value the exit's condition reads; a timeout or the round
  limit → the table;
* a breach → the move that crossed the red line;
* (format 2) an agreement (``accepted.x``) → the parties to it: the role whose
  terms were agreed (who tabled them or made the last counter) and every role
  that accepted them; a timer that runs out → the decision that started it;
* (format 2) an agreed term (``accepted.x.term``) and its effects → the role
  that put that term on the table, together with the parties: the proposer for
  the terms of the first offer, a counterer for a term its counter added.  Each
  of them is credited with the whole effect (each one's decision was needed for
  it), as with ``accepted.x``; the effect's :class:`Change` names the term and
  the decision that put it on the table (:attr:`Change.term`, :attr:`Change.cause`)
  and every role credited (:attr:`Change.credited`).  The absence of a term a
  counter dropped is the counterer's doing as a party: a rule or a red line on
  ``accepted.x and not accepted.x.term`` is charged to every party, the
  counterer included, and to no one else;
* (format 2) a red line the agreement crosses → each party's own decision on
  the terms (its tabling move, its counter or its acceptance): every party the
  red line belongs to breaches it, not only the one whose answer closed the offer.

Causes are derived from the log alone, never stored in it, so sessions saved
before attribution existed are scored exactly like new ones.

:func:`attribute` also keeps, per role, how much its decisions moved each value
a condition can read (:attr:`Attribution.contrib`), and a snapshot at every exit,
for the scoring of state rules (:mod:`game.debriefing.credit`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from game.case.conditions import Expr, read_names
from game.case.model import Case, Exit, Move
from game.play.bargaining import agreed_rows
from game.play.board import Board
from game.play.events import Event
from game.play.facilitator import FACILITATOR
from game.play.rules import rules_for

TABLE = ""
"""The cause role of what no player decided: scheduled and chance injects, timeouts."""

Row = tuple[int, int, str, str, Mapping[str, Any]]
"""(seq, round, kind, role, data): an event as :func:`attribute` reads it."""


@dataclass(frozen=True, slots=True)
class Cause:
    """The decision behind a change: a move event, or the table (``role`` "")."""

    role: str
    seq: int | None = None
    round: int = 0
    move: str = ""

    @property
    def table(self) -> bool:
        """Whether no role's decision caused it."""
        return not self.role


THE_TABLE = Cause(TABLE)

BY_FACILITATOR = Cause(FACILITATOR)
"""The cause of what the facilitator did (an inject fired, a meter adjusted): no player's decision."""


@dataclass(frozen=True, slots=True)
class Change:
    """One effect event, what produced it, and the decision behind it.

    ``source`` is "move", "reply", "inject", "offer" (an agreed proposal's
    terms) or "timer" (a timer that ran out); ``source_role`` the mover, the
    replier or ""; ``source_id`` the move, inject, proposal or timer id.
    """

    seq: int
    round: int
    slot: str
    change: int
    value: Any
    source: str
    source_role: str
    source_id: str
    cause: Cause
    term: str = ""  # (source "offer") the agreed term whose effect it is
    credited: tuple[str, ...] = ()  # (source "offer") every role credited with it; else the cause's role

    def credits(self, role: str) -> bool:
        """Whether ``role`` is credited with this change."""
        return role in self.credited if self.credited else self.cause.role == role


@dataclass(frozen=True, slots=True)
class ExitRecord:
    """A phase or an ending entered, and what decided it.

    ``exit`` is the exit taken (None for the start, a timeout or the round
    limit); ``board`` and ``contrib`` are snapshots at that moment.
    """

    seq: int
    round: int
    state: str
    origin: str
    reason: str
    exit: Exit | None
    cause: Cause
    board: Board
    contrib: Mapping[str, Mapping[str, int]]


@dataclass(frozen=True, slots=True)
class Breach:
    """A red line crossed: whose, which, when and by what move."""

    seq: int
    round: int
    role: str
    line: int
    move: str


@dataclass(slots=True)
class Attribution:
    """Every cause in one log.

    ``contrib`` maps a value's key (a meter slot, ``flags.x``, ``played.x``,
    ``tagged.x``, ``fired.x``) to how much each cause role moved it (a flag:
    ``{role: 1}`` for whoever set it last).  ``initial`` is the board before
    the first round; ``final`` the board after the last event.
    """

    causes: dict[int, Cause] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    contrib: dict[str, dict[str, int]] = field(default_factory=dict)
    exits: list[ExitRecord] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    moves: list[Cause] = field(default_factory=list)  # every move event, as the decision it is
    initial: Board | None = None
    final: Board | None = None
    case: Any = None  # the case it was read against

    def changes_of(self, key: str) -> list[Change]:
        """The changes of one slot (or ``flags.x``), in order."""
        return [c for c in self.changes if c.slot == key and (c.change or c.slot.startswith("flags."))]


def attribute_events(case: Case, events: Iterable[Event], detail: bool = True) -> Attribution:
    """:func:`attribute` for a log of :class:`Event` objects."""
    return attribute(case, ((e.seq, e.round, e.kind, e.role, e.data) for e in events), detail)


def attribute(case: Case, rows: Iterable[Row], detail: bool = True) -> Attribution:
    """Trace every change in ``rows`` (a whole log, oldest first) to its cause.

    With ``detail=False`` the per-effect :attr:`Attribution.changes` and their
    causes are not kept (scores need only the totals: ``contrib``, exits, breaches).
    """
    from game.play.replay import _apply  # the fold's one-event step (replay imports this module)

    rules = rules_for(case)
    board = rules.new_board()
    tracker = Tracker(case, board, detail)
    history = rules.history
    for seq, rnd, kind, role, data in rows:
        if kind == "effect":  # most rows: folded here, without building an Event
            tracker.row(seq, rnd, kind, role, data)
            slot = data["slot"]
            if slot.startswith("flags."):
                board.flags[slot[6:]] = bool(data["value"])
            else:
                board.meters[slot] = data["value"]
            continue
        if kind in ("phase", "ending"):
            tracker.enter(seq, rnd, kind, data["phase"] if kind == "phase" else data["ending"], data, board)
        else:
            tracker.row(seq, rnd, kind, role, data, board)
        _apply(case, board, Event(seq, rnd, kind, role, data), history)
    return tracker.finish(board)


class Tracker:
    """Causes kept up to date row by row: the one fold behind :func:`attribute` (a whole log) and
    :meth:`game.play.session.Session.tally` (a session in play, fed each row as it is written).

    :meth:`row` takes every row but phases and endings, which :meth:`enter` takes with the board as
    it stood just before them (the exit taken is read from it); :meth:`finish` gives the
    :class:`Attribution`.  Between rows the tracker reads no board, so a session feeds it its own.
    """

    def __init__(self, case: Case, board: Board, detail: bool = False) -> None:
        self.case = case
        self.detail = detail
        self.out = Attribution(case=case)
        self.out.initial = _snapshot(board)
        self.out.initial.visited.add(case.start)
        self.last: dict[str, tuple[int, Cause]] = {}
        self.decision = THE_TABLE
        self.source: tuple[str, str, str] = ("", "", "")
        self.phase = case.start
        self.phase_round = board.phase_round  # as a fold of the log counts it (0 at a phase, +1 a round)
        self.timers: dict[str, Cause] = {}
        self.offered: dict[str, str] = {}  # proposal -> the role whose terms are on the table
        self.accepting: dict[str, list[str]] = {}  # proposal -> roles that accepted those terms
        self.authors: dict[str, dict[str, Cause]] = {}  # proposal -> term -> the decision that tabled it
        self.parties: dict[str, dict[str, Cause]] = {}  # proposal -> role -> its decision on the terms
        self.signed: dict[str, Cause] = {}  # the parties of the agreement just made -> their decisions
        # the agreed terms' coming effects that change something, in order: (term, credited roles, author)
        self.terms_due: list[tuple[str, tuple[str, ...], Cause]] = []
        table = rules_for(case).names
        self._meters = table.meters
        self._meter_slot = table.meter_slot
        # each flag's value as the rows have left it: setting a flag to the value it already has
        # changes nothing, so it takes the credit from nobody
        self.flag_values = {f"flags.{name}": bool(value) for name, value in board.flags.items()}
        # what the rows read of the case, worked out once per case and shared by its trackers
        self._keys, self._move_keys, self._reads = _keys_of(case)

    def copy(self) -> Tracker:
        """An independent copy (for :meth:`game.play.session.Session.fork`)."""
        twin = copy.copy(self)
        twin.out = self.detached()
        twin.last = dict(self.last)
        twin.timers = dict(self.timers)
        twin.offered = dict(self.offered)
        twin.accepting = {p: list(r) for p, r in self.accepting.items()}
        twin.authors = {p: dict(t) for p, t in self.authors.items()}
        twin.parties = {p: dict(r) for p, r in self.parties.items()}
        twin.signed = dict(self.signed)
        twin.terms_due = list(self.terms_due)
        twin.flag_values = dict(self.flag_values)
        return twin

    def detached(self) -> Attribution:
        """The attribution so far, sharing no mutable container with the tracker (its snapshot
        boards, which nothing changes, are shared)."""
        out = self.out
        return Attribution(
            causes=dict(out.causes),
            changes=list(out.changes),
            contrib=dict(out.contrib),  # its values are never changed, only replaced (see _add)
            exits=list(out.exits),
            breaches=list(out.breaches),
            moves=list(out.moves),
            initial=out.initial,
            final=out.final,
            case=out.case,
        )

    def key_of(self, text: str) -> str:
        found = self._keys.get(text)
        if found is None:
            meter = text.partition(".")[0] in self._meters
            found = self._keys[text] = value_key(self.case, text, self._meter_slot if meter else None)
        return found

    def last_cause(self, expr: Expr) -> Cause:
        """The cause of the latest change to any value ``expr`` reads (the table if none changed)."""
        found = self._reads.get(id(expr))
        if found is None or found[0] is not expr:
            keys = tuple(dict.fromkeys(self.key_of(text) for text in read_names(expr)))
            found = self._reads[id(expr)] = (expr, keys)
        return _latest(found[1], self.last)

    # the hot rows of play, taken by the session without building their data

    def moved(self, seq: int, slot: str, change: int) -> None:
        """A meter effect that changed the value (``detail=False``)."""
        decision = self.decision
        if self.terms_due:  # an agreed term's effect: its author's and the parties'
            for role in self.terms_due.pop(0)[1]:
                _add(self.out.contrib, slot, role, change)
        else:
            contrib = self.out.contrib
            role = decision.role
            per = contrib.get(slot)  # _add, inline (the hottest row of all)
            if per is None:
                contrib[slot] = {role: change}
            else:
                per = dict(per)
                per[role] = per.get(role, 0) + change
                contrib[slot] = per
        self.last[slot] = (seq, decision)

    def flagged(self, seq: int, slot: str, value: object) -> None:
        """A flag effect (``detail=False``). A flag set to the value it already had keeps its credit
        and its cause where they were: whoever set it first caused it."""
        value = bool(value)
        due = self.terms_due.pop(0) if self.terms_due else None
        if self.flag_values.get(slot, False) == value:
            return
        self.flag_values[slot] = value
        decision = self.decision
        if due is not None:  # an agreed term's effect: its author's and the parties'
            self.out.contrib[slot] = dict.fromkeys(due[1], 1) if value else {}
        else:
            self.out.contrib[slot] = {decision.role: 1} if value else {}
        self.last[slot] = (seq, decision)

    def move(self, seq: int, rnd: int, role: str, move: Move) -> None:
        """A move row."""
        if self.signed:
            self.signed = {}
        decision = self.decision = Cause(role, seq, rnd, move.id)
        self.out.moves.append(decision)
        self.source = ("move", role, move.id)
        contrib = self.out.contrib
        last = self.last
        keys = self._move_keys.get(move.id)
        if keys is None:
            keys = self._move_keys[move.id] = (f"played.{move.id}", *(f"tagged.{t}" for t in move.tags))
        hit = (seq, decision)
        for key in keys:
            per = contrib.get(key)  # _add, inline
            if per is None:
                contrib[key] = {role: 1}
            else:
                per = dict(per)
                per[role] = per.get(role, 0) + 1
                contrib[key] = per
            last[key] = hit

    def row(
        self, seq: int, rnd: int, kind: str, role: str, data: Mapping[str, Any], board: Board | None = None
    ) -> None:
        """Any row but a phase or an ending; ``board`` (needed for an agreement's row) as it stands
        before the row's own change (effects already applied before it included)."""
        out = self.out
        contrib = out.contrib
        last = self.last
        if kind == "effect":
            slot = data["slot"]
            change = data["change"]
            if self.detail:
                value = data["value"]
                due = self.terms_due[0] if self.terms_due and (change or slot.startswith("flags.")) else None
                if due is None:
                    out.changes.append(Change(seq, rnd, slot, change, value, *self.source, self.decision))
                else:
                    term, credited, author = due
                    source, _, source_id = self.source
                    out.changes.append(
                        Change(seq, rnd, slot, change, value, source, "", source_id, author, term, credited)
                    )
                out.causes[seq] = self.decision
            if slot.startswith("flags."):
                self.flagged(seq, slot, data["value"])
            elif change:
                self.moved(seq, slot, change)
        elif kind == "move":
            self.move(seq, rnd, role, self.case.moves[data["move"]])
        elif kind == "reply":
            self.source = ("reply", role, data["move"])
        elif kind == "facilitator":
            if data.get("action") == "adjust":  # an adjudication's effects: the facilitator's, no player's
                self.decision = BY_FACILITATOR
                self.source = ("facilitator", "", "adjust")
        elif kind == "inject":
            inject = self.case.injects[data["inject"]]
            when = inject.when
            if data.get("by") == "facilitator":
                decision = BY_FACILITATOR
            elif when is not None:
                decision = self.last_cause(when.expr)
            else:
                decision = THE_TABLE
            self.decision = decision
            self.source = ("inject", "", inject.id)
            out.causes[seq] = decision
            fired = f"fired.{inject.id}"
            _add(contrib, fired, decision.role, 1)
            last[fired] = (seq, decision)
        elif kind == "offer":
            proposal = str(data["proposal"])
            action = data.get("action")
            if "move" in data:  # an answer (format 2) is a decision of its own, logged as an offer event
                if self.signed:
                    self.signed = {}
                self.decision = Cause(role, seq, rnd, str(data["move"]))
                self.source = ("move", role, str(data["move"]))
                if action != "late":  # one that came too late changed nothing
                    out.moves.append(self.decision)
            decision = self.decision
            if action == "agreed":
                self._agreed(seq, proposal, tuple(data.get("terms", ())), board)
            elif action in ("table", "counter"):
                self.offered[proposal] = role
                self.accepting.pop(proposal, None)
                contrib[f"pending.{proposal}"] = {decision.role: 1}
                last[f"pending.{proposal}"] = (seq, decision)
                self.parties[proposal] = {role: decision}
                self._tabled(proposal, action, tuple(data.get("terms", ())), decision)
            elif action == "accept":
                self.accepting.setdefault(proposal, []).append(role)
                self.parties.setdefault(proposal, {})[role] = decision
            elif action in ("rejected", "expired"):
                self.parties.pop(proposal, None)
        elif kind == "timer":
            timer = str(data["timer"])
            if data.get("action") == "start":
                self.timers[timer] = self.decision
                last[f"timer.{timer}"] = (seq, self.decision)
            elif data.get("action") == "expire":
                # a timer's effects: whoever started it
                decision = self.decision = self.timers.get(timer, THE_TABLE)
                self.source = ("timer", "", timer)
                contrib[f"expired.{timer}"] = {decision.role: 1}
                last[f"expired.{timer}"] = (seq, decision)
        elif kind == "breach":
            # a red line an agreement crossed for a party other than the one that closed it: that
            # party's own decision on the terms
            decision = self.decision
            out.causes[seq] = self.signed.get(role, decision) if role != decision.role else decision
            out.breaches.append(Breach(seq, rnd, role, int(data["line"]), str(data.get("move", ""))))
        elif kind == "round":
            self.signed = {}
            self.terms_due = []
            self.decision = THE_TABLE
            self.source = ("", "", "")
            self.phase_round += 1

    def _tabled(self, proposal: str, action: str, terms: tuple[str, ...], decision: Cause) -> None:
        """Terms tabled or countered: who put each on the table (a counter keeps the others' authors)."""
        before = self.authors.get(proposal, {}) if action == "counter" else {}
        self.authors[proposal] = {t: before.get(t, decision) for t in terms}

    def _agreed(self, seq: int, proposal: str, terms: tuple[str, ...], board: Board | None) -> None:
        """An offer agreed: the agreement and each term credited (see the module's docstring), and the
        effects its terms will have laid out, so that each is credited as it comes."""
        contrib = self.out.contrib
        last = self.last
        decision = self.decision
        self.source = ("offer", "", proposal)
        # an agreement is the decision of whoever put its final terms on the table and of everyone
        # who accepted them: each is credited with it
        agreed = dict.fromkeys([self.offered.get(proposal, ""), *self.accepting.pop(proposal, [])], 1)
        agreed.pop("", None)
        contrib[f"accepted.{proposal}"] = dict(agreed) or {decision.role: 1}
        last[f"accepted.{proposal}"] = (seq, decision)
        authors = self.authors.pop(proposal, {})
        credited: dict[str, tuple[str, ...]] = {}
        for term in terms:
            author = authors.get(term)
            roles = dict.fromkeys([author.role if author is not None else "", *agreed], 1)
            roles.pop("", None)
            credited[term] = tuple(roles) or (decision.role,)
            contrib[f"accepted.{proposal}.{term}"] = dict.fromkeys(credited[term], 1)
            last[f"accepted.{proposal}.{term}"] = (seq, decision)
        self.signed = self.parties.pop(proposal, {})
        self.terms_due = []
        if board is not None:  # the effects that follow, each credited to its term's roles
            rows = agreed_rows(rules_for(self.case), board, proposal, terms)
            self.terms_due = [(term, credited[term], authors.get(term, decision)) for term in rows]

    def enter(self, seq: int, rnd: int, kind: str, state: str, data: Mapping[str, Any], board: Board) -> None:
        """A phase or an ending entered; ``board`` as it stood before (read, never changed but for
        ``self_role``)."""
        out = self.out
        reason = data.get("reason", "")
        taken = _exit_taken(self.case, self.phase, state, board) if reason == "exit" else None
        cause = self.last_cause(taken.when.expr) if taken is not None else THE_TABLE
        out.causes[seq] = cause
        snapshot = _snapshot(board)
        snapshot.self_role = ""
        snapshot.phase_round = self.phase_round
        out.exits.append(
            ExitRecord(
                seq,
                rnd,
                state,
                self.phase,
                reason,
                taken,
                cause,
                snapshot,
                dict(out.contrib),  # its values are never changed, only replaced (see _add)
            )
        )
        if kind == "phase":
            self.phase = state
            self.phase_round = 0
            self.last[f"visited.{state}"] = (seq, cause)

    def finish(self, board: Board) -> Attribution:
        """The attribution, ``board`` (the board after the last row) being its final board."""
        return self.finish_into(self.out, board)

    def finish_into(self, out: Attribution, board: Board) -> Attribution:
        """``out`` with ``board`` (the board after the last row, which it takes over) as its final board."""
        board.self_role = ""
        board.phase_round = self.phase_round
        out.final = board
        return out


_Keys = tuple[dict[str, str], dict[str, tuple[str, ...]], dict[int, tuple[Expr, tuple[str, ...]]]]
_KEYS: dict[int, tuple[Case, _Keys]] = {}


def _keys_of(case: Case) -> _Keys:
    """The caches a :class:`Tracker` of ``case`` fills: a name -> its contrib key, a move -> the
    counters it adds to, id(expr) -> (expr, the keys it reads).  Shared by every tracker of the case."""
    found = _KEYS.get(id(case))
    if found is None or found[0] is not case:
        found = _KEYS[id(case)] = (case, ({}, {}, {}))
    return found[1]


def _add(contrib: dict[str, dict[str, int]], key: str, role: str, amount: int) -> None:
    """Add ``amount`` to ``role``'s part of ``key``.  The per-role mapping is replaced, never changed
    in place, so snapshots (exit records, detached attributions, forks) share it safely."""
    per = contrib.get(key)
    if per is None:
        contrib[key] = {role: amount}
    else:
        per = dict(per)
        per[role] = per.get(role, 0) + amount
        contrib[key] = per


def _latest(keys: Iterable[str], last: Mapping[str, tuple[int, Cause]]) -> Cause:
    """The cause of the latest change to any of ``keys`` (the table if none changed)."""
    found: tuple[int, Cause] | None = None
    for key in keys:
        hit = last.get(key)
        if hit is not None and (found is None or hit[0] > found[0]):
            found = hit
    return found[1] if found is not None else THE_TABLE


def value_key(
    case: Case, text: str, meter_slot: Callable[..., tuple[str, str | None]] | None, role: str = ""
) -> str:
    """The :attr:`Attribution.contrib` key of a name a condition reads ("" for the clock, ``mine.``,
    endings and outcomes, which no effect changes): a meter's canonical slot (``self`` is ``role``),
    or the name itself (``flags.x``, ``played.x``, ``tagged.x``, ``fired.x``, ``visited.x``)."""
    head = text.partition(".")[0]
    if meter_slot is not None:
        meter, slot = meter_slot(text, None)
        return slot if slot is not None else f"{meter}.{role}"
    if head in ("flags", "played", "tagged", "fired", "visited", "accepted", "pending", "expired", "timer"):
        return text
    return ""


def _exit_taken(case: Case, phase: str, state: str, board: Board) -> Exit | None:
    """The exit of ``phase`` that led to ``state`` on ``board`` (the first that holds, as in the machine)."""
    current = case.phases.get(phase)
    if current is None:
        return None
    board.self_role = ""
    for taken in current.exits:
        if taken.when.test(board):
            return taken if taken.to == state else None
    return None


def _snapshot(board: Board) -> Board:
    from game.play.session import _copy_board  # the one copy of a board that knows every field

    return _copy_board(board)
