"""A state rule's credit split among the scored role's own decisions, for the debrief's decisions.

A state rule pays a role ``points × share`` (:mod:`game.debriefing.credit`).  This module says
which of the role's decisions earned that share, so that "Decisions that mattered most" lists
an acceptance that signed the agreement, not only the moves an act rule counted.  It reads the
share's syntax tree as :class:`~game.debriefing.credit.Credit` does and, where Credit credits the
role, splits the role's part among its decisions:

* a comparison that became true: in proportion to each decision's helpful movement of the values
  it reads (``direction × delta`` summed over the names read, a decision's net movement, only the
  helpful part); ``==``, ``!=`` and questions about the history of play: its absolute movement;
* a flag (``flags.x``), an agreement or an agreed term (``accepted.x``, ``accepted.x.term``), an
  offer on the table (``pending.x``) or a timer run out (``expired.x``): the role's decision behind
  it (for an agreement, its own decision on the terms: its tabling move, counter or acceptance);
* a phase reached or an ending (``visited.x``, ``ending.x``, ``outcome.x``): the decisions behind
  the exit condition that led there, read at that exit;
* ``a and b``: each changed part's split, as the share averages them; ``a or b``: the part that
  gave the share; a part kept from the start is nobody's decision.

The fractions of one rule add up to at most its share: what no decision of the role explains
(a comparison kept from the start, say) stays in the debrief's baseline.  The split is read from
the detailed attribution (``attribute_events(..., detail=True)``) and the log; the scores, and
the paths that compute them fast, do not use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.case.conditions import Expr, Unary
from game.case.model import Case
from game.debriefing.credit import FLIP, ORDER, Credit, _Shape
from game.play.attribution import Cause, Change
from game.play.board import Board
from game.play.events import Event

Split = dict[Cause, float]
"""A decision of the role -> its fraction of a rule's points (together at most the share)."""

_MARKS = ("flags", "accepted", "pending", "expired")  # values set, not added to: who set them last


class Ledger:
    """What each decision of one role added to every value a condition can read, in log order.

    ``added[key]`` lists (event seq, decision, amount) for counted values (a meter's slot,
    ``played.x``, ``tagged.x``, ``fired.x``, and ``mine.x`` for the role's own moves);
    ``marked[key]`` lists (event seq, decision or None) each time a flag, an agreement, an agreed
    term, an offer or a timer's end was set, None when the role is not credited with it.
    """

    def __init__(self, case: Case, credit: Credit, events: Sequence[Event], role: str) -> None:
        self.role = role
        self.added: dict[str, list[tuple[int, Cause, int]]] = {}
        self.marked: dict[str, list[tuple[int, Cause | None]]] = {}
        at = credit.at
        assert at.initial is not None
        changes = {c.seq: c for c in at.changes}
        flags = {f"flags.{name}": bool(value) for name, value in at.initial.flags.items()}
        decision: Cause | None = None
        parties: dict[str, dict[str, Cause]] = {}  # proposal -> role -> its decision on the terms
        authors: dict[str, dict[str, Cause]] = {}  # proposal -> term -> the decision that tabled it
        self.signed: dict[str, list[tuple[int, dict[str, Cause], dict[str, Cause]]]] = {}
        timers: dict[str, Cause | None] = {}
        for event in events:
            kind, data = event.kind, event.data
            if kind == "effect":
                change = changes.get(event.seq)
                if change is not None:
                    self._effect(change, flags)
            elif kind == "move":
                decision = Cause(event.role, event.seq, event.round, str(data["move"]))
                if event.role == role:
                    move = case.moves[str(data["move"])]
                    keys = [f"played.{move.id}", *(f"tagged.{t}" for t in move.tags)]
                    keys += [f"mine.{move.id}", *(f"mine.{t}" for t in move.tags)]
                    for key in keys:
                        self.added.setdefault(key, []).append((event.seq, decision, 1))
            elif kind == "offer":
                proposal, action = str(data["proposal"]), data.get("action")
                if "move" in data:
                    decision = Cause(event.role, event.seq, event.round, str(data["move"]))
                if decision is None:
                    continue
                if action in ("table", "counter"):
                    parties[proposal] = {event.role: decision}
                    before = authors.get(proposal, {}) if action == "counter" else {}
                    authors[proposal] = {t: before.get(t, decision) for t in data.get("terms", ())}
                    self._mark(f"pending.{proposal}", event.seq, decision)
                elif action == "accept":
                    parties.setdefault(proposal, {})[event.role] = decision
                elif action in ("rejected", "expired"):
                    parties.pop(proposal, None)
                elif action == "agreed":
                    signed = parties.pop(proposal, {})
                    terms = authors.pop(proposal, {})
                    self.signed.setdefault(proposal, []).append((event.seq, signed, terms))
                    self._mark(f"accepted.{proposal}", event.seq, signed.get(role))
                    for term, author in terms.items():
                        own = author if author.role == role else signed.get(role)
                        self._mark(f"accepted.{proposal}.{term}", event.seq, own)
            elif kind == "timer":
                timer = str(data["timer"])
                if data.get("action") == "start":
                    timers[timer] = decision
                elif data.get("action") == "expire":
                    self._mark(f"expired.{timer}", event.seq, timers.get(timer))
            elif kind == "inject":
                cause = at.causes.get(event.seq)
                if cause is not None and cause.role == role and cause.seq is not None:
                    self.added.setdefault(f"fired.{data['inject']}", []).append((event.seq, cause, 1))
            elif kind == "round":
                decision = None

    def _mark(self, key: str, seq: int, decision: Cause | None) -> None:
        own = decision if decision is not None and decision.role == self.role else None
        self.marked.setdefault(key, []).append((seq, own))

    def _effect(self, change: Change, flags: dict[str, bool]) -> None:
        if change.slot.startswith("flags."):
            value = bool(change.value)
            if flags.get(change.slot, False) == value:
                return  # set to the value it had: whoever set it first keeps it
            flags[change.slot] = value
            self._mark(change.slot, change.seq, self._own(change) if value else None)
        elif change.change:
            own = self._own(change)
            if own is not None:
                self.added.setdefault(change.slot, []).append((change.seq, own, change.change))

    def _own(self, change: Change) -> Cause | None:
        """The role's decision behind a change it is credited with (None if it is not)."""
        if not change.credits(self.role):
            return None
        if change.cause.role == self.role and change.cause.seq is not None:
            return change.cause
        if change.term:  # an agreed term: the role was a party, its decision on the terms
            found = None
            for seq, signed, _terms in self.signed.get(change.source_id, ()):
                if seq < change.seq:
                    found = signed.get(self.role)
            return found
        return None

    def moved(self, key: str, before: int | None) -> dict[Cause, int]:
        """Each decision's net addition to ``key`` before event ``before`` (None: the whole log)."""
        out: dict[Cause, int] = {}
        for seq, decision, amount in self.added.get(key, ()):
            if before is None or seq < before:
                out[decision] = out.get(decision, 0) + amount
        return out

    def setter(self, key: str, before: int | None) -> Cause | None:
        """The role's decision that last set ``key`` before event ``before``, None if not the role's."""
        found = None
        for seq, decision in self.marked.get(key, ()):
            if before is None or seq < before:
                found = decision
        return found


class Splitter:
    """Split state rules' shares among one role's decisions (see the module's docstring)."""

    def __init__(self, case: Case, credit: Credit, events: Sequence[Event], role: str) -> None:
        self.case = case
        self.credit = credit
        self.role = role
        self.ledger = Ledger(case, credit, events, role)

    def split(self, expr: Expr) -> Split:
        """Each of the role's decisions' part of ``expr`` holding at the end, as fractions of its points."""
        at = self.credit.at
        assert at.final is not None
        shape = self.credit._shape(expr)
        found = self._split(shape, False, at.final, at.contrib, None)
        return {d: f for d, f in found.items() if f > 0}

    def _split(
        self,
        shape: _Shape,
        neg: bool,
        board: Board,
        contrib: Mapping[str, Mapping[str, int]],
        before: int | None,
    ) -> Split:
        credit, role = self.credit, self.role
        if shape.op == "" and isinstance(shape.expr, Unary) and shape.expr.op == "not":
            return self._split(credit._shape(shape.expr.operand), not neg, board, contrib, before)
        share = credit._share_s(shape, neg, role, board, contrib)
        if share <= 0:
            return {}
        if shape.parts:
            op = FLIP[shape.op] if neg else shape.op
            if op == "or":
                for part in credit._parts(shape):
                    if (
                        credit._truth_s(part, neg, role, board)
                        and credit._share_s(part, neg, role, board, contrib) == share
                    ):
                        return self._split(part, neg, board, contrib, before)
                return {}
            parts = shape.chosen  # worked out by the share above
            assert parts is not None
            changed = [p for p in parts if not credit._initially_s(p, neg, role)]
            kept = [p for p in parts if credit._initially_s(p, neg, role)]
            if not changed:
                return {}  # every part held from the start: nobody's decision
            kept_share = min((credit._share_s(p, neg, role, board, contrib) for p in kept), default=1.0)
            out: Split = {}
            for part in changed:
                for decision, fraction in self._split(part, neg, board, contrib, before).items():
                    out[decision] = out.get(decision, 0.0) + fraction * kept_share / len(changed)
            return out
        if credit._initially_s(shape, neg, role):
            return {}  # kept from the start
        if shape.leaf:
            return self._named(shape.expr.text, share, before)  # type: ignore[union-attr]
        weights = self._weights(shape, neg, board, before)
        total = sum(weights.values())
        if total <= 0:
            return {}
        return {d: share * w / total for d, w in weights.items()}

    def _named(self, text: str, share: float, before: int | None) -> Split:
        """A name that became true: a flag, an agreement … (its setter), a phase or an ending (its exit)."""
        head, _, key = text.partition(".")
        if head in _MARKS:
            decision = self.ledger.setter(text, before)
            return {decision: share} if decision is not None else {}
        if head in ("visited", "ending", "outcome"):
            record = self.credit._entered(head, key)
            if record is None or record.exit is None:
                return {}
            shape = self.credit._shape(record.exit.when.expr)
            return self._split(shape, False, record.board, record.contrib, record.seq)
        return {}

    def _weights(self, shape: _Shape, neg: bool, board: Board, before: int | None) -> dict[Cause, float]:
        """Each decision's helpful movement of what a comparison reads (absolute, for other leaves)."""
        directions = self._directions(shape, neg, board) if shape.op in ORDER and not shape.history else None
        texts = shape.read if shape.history else shape.unique
        out: dict[Cause, float] = {}
        for name in texts:
            key = name if name.startswith("mine.") else self.credit._key(name, self.role)
            if not key:
                continue
            direction = 1.0 if directions is None else directions.get(name, 0.0)
            if not direction:
                continue
            for decision, amount in self.ledger.moved(key, before).items():
                moved = abs(amount) if directions is None else direction * amount
                out[decision] = out.get(decision, 0.0) + moved
        return {d: w for d, w in out.items() if w > 0}

    def _directions(self, shape: _Shape, neg: bool, board: Board) -> dict[str, float]:
        """How one more of each name moves a comparison toward holding (as ``Credit._moved`` reads it)."""
        sign = ORDER[shape.op] * (-1 if neg else 1)
        if shape.slopes is not None:
            return {name: float(sign * shape.slopes.get(name, 0)) for name in shape.unique}
        env = self.credit._env_s(shape, self.role, board)
        left, right = shape.left, shape.right
        assert left is not None and right is not None
        base = float(left(env)) - float(right(env))  # type: ignore[arg-type]
        out = {}
        for name in shape.unique:
            bumped = dict(env)
            bumped[name] = env[name] + 1  # type: ignore[operator]
            out[name] = sign * ((float(left(bumped)) - float(right(bumped))) - base)  # type: ignore[arg-type]
        return out
