"""The names a condition may read and an effect may change.

=====================  ======  =================================================
name                   kind    value
=====================  ======  =================================================
``escalation``         number  a global meter
``support.velmar``     number  a per-role meter (``support.self``: the acting role)
``trust.kest_velmar``  number  a per-pair meter; the two role ids in either order
``flags.leak``         bool    a flag
``round``              number  the current round, from 1
``phase_round``        number  the round within the current phase, from 1
``played.listen``      number  how often a move has been played, by anyone
``tagged.inquiry``     number  how many moves with a tag were played, by anyone
``mine.inquiry``       number  the same for the acting or scored role only
                               (a tag or a move id)
``fired.leak``         number  how often an inject has fired
``visited.mediation``  bool    whether a phase has been entered
``ending.agreement``   bool    whether the case ended there (rubric only)
``outcome.partial``    bool    whether the ending has that outcome (rubric only)
``rounds_left``        number  rounds left in the phase, this one included (also
                               counting the case's round limit)
``timer.ultimatum``    number  rounds left on a running timer, 0 when not running
``expired.ultimatum``  bool    whether a timer has run out
``pending.standstill`` bool    whether a proposal is on the table
``accepted.standstill`` bool   whether a proposal was agreed;
                               ``accepted.standstill.freeze``: with that term
=====================  ======  =================================================

and the history of play, as functions (format version 2):

========================  ======  ==============================================
``played(listen)``        bool    whether a move has been played, by anyone
``played(a) before played(b)``    both were played, ``a`` first
``rounds_since(listen)``  number  rounds since it was last played (0: this
                                  round); the round limit if never played
``count(inquiry)``        number  moves played with a tag (or plays of a move)
``count(inquiry, kest)``  number  the same, by one role (``self``: the acting
                                  or scored role)
========================  ======  ==============================================

:class:`NameTable` checks names at load time and hands out getters that read a
:class:`game.play.board.Board` at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from game.case.conditions import Before, Call, ConditionError, Getter, Leaf, Name
from game.case.model import Outcome, Scope
from game.case.readings import attribute, count, equal, inlined, item, member, own_count
from game.errors import did_you_mean

if TYPE_CHECKING:
    from game.play.board import Board


class Context(StrEnum):
    """Where a condition is written; decides which names it may use."""

    MOVE = "move"
    REPLY = "reply"
    POLICY = "policy"
    EXIT = "exit"
    INJECT = "inject"
    RUBRIC = "rubric"


SELF_CONTEXTS = frozenset({Context.MOVE, Context.REPLY, Context.POLICY, Context.RUBRIC})
COUNTERS = (
    "played",
    "tagged",
    "mine",
    "fired",
    "visited",
    "ending",
    "outcome",
    "flags",
    "timer",
    "expired",
    "pending",
    "accepted",
)
PLAIN = ("round", "phase_round", "rounds_left")
RESERVED = frozenset({*COUNTERS, *PLAIN, "self", "and", "or", "not", "true", "false", "before"})


def pair_key(a: str, b: str) -> str:
    """The canonical name of the pair of roles ``a`` and ``b``."""
    return f"{a}_{b}" if a < b else f"{b}_{a}"


@dataclass(frozen=True, slots=True)
class Resolved:
    """A checked name: its kind and how to read it."""

    kind: str  # "number" or "bool"
    getter: Getter


class NameTable:
    """Every name a case declares, for checking and compiling conditions."""

    def __init__(
        self,
        *,
        roles: Iterable[str],
        meters: Mapping[str, Scope],
        flags: Iterable[str],
        moves: Iterable[str],
        tags: Iterable[str],
        injects: Iterable[str],
        phases: Iterable[str],
        endings: Iterable[str],
        timers: Iterable[str] = (),
        proposals: Mapping[str, Iterable[str]] | None = None,
        limit: int = 0,
        chosen_pairs: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.roles = tuple(roles)
        self.meters = dict(meters)
        self.flags = frozenset(flags)
        self.moves = frozenset(moves)
        self.tags = frozenset(tags)
        self.injects = frozenset(injects)
        self.phases = frozenset(phases)
        self.endings = frozenset(endings)
        self.pairs = {f"{a}_{b}": pair_key(a, b) for a in self.roles for b in self.roles if a != b}
        self.timers = frozenset(timers)
        self.proposals = {pid: frozenset(terms) for pid, terms in (proposals or {}).items()}
        self.limit = limit
        self.chosen_pairs = dict(chosen_pairs or {})  # per-pair meter -> the pair keys it tracks

    # -------------------------------------------------------------- meter slots

    def slots(self, meter: str) -> tuple[str, ...]:
        """The concrete slot names a meter declares, in a stable order."""
        scope = self.meters[meter]
        if scope is Scope.GLOBAL:
            return (meter,)
        if scope is Scope.ROLE:
            return tuple(f"{meter}.{role}" for role in self.roles)
        chosen = self.chosen_pairs.get(meter)
        if chosen is not None:
            return tuple(f"{meter}.{key}" for key in chosen)
        keys = dict.fromkeys(pair_key(a, b) for i, a in enumerate(self.roles) for b in self.roles[i + 1 :])
        return tuple(f"{meter}.{key}" for key in keys)

    def meter_slot(self, text: str, context: Context | None) -> tuple[str, str | None]:
        """Resolve a meter reference to ``(meter id, slot)``.

        The slot is ``None`` for ``meter.self``, resolved at run time.  Raises
        :class:`ConditionError` with the column inside ``text``.
        """
        head, _, rest = text.partition(".")
        scope = self.meters[head]
        if scope is Scope.GLOBAL:
            if rest:
                raise ConditionError(f"'{head}' is a global meter; write just '{head}'", len(head) + 1)
            return head, head
        if not rest:
            example = "self" if scope is Scope.ROLE else "_".join(self.roles[:2])
            raise ConditionError(
                f"'{head}' is a per-{scope.value} meter; say whose",
                len(head) + 1,
                f"write '{head}.{example}'",
            )
        column = len(head) + 2
        if scope is Scope.ROLE:
            if rest == "self":
                if context is not None and context not in SELF_CONTEXTS:
                    raise ConditionError(
                        f"'self' has no meaning in {_where(context)}", column, "name the role"
                    )
                return head, None
            if rest not in self.roles:
                raise ConditionError(
                    f"unknown role '{rest}' in '{text}'", column, did_you_mean(rest, [*self.roles, "self"])
                )
            return head, text
        key = self.pairs.get(rest)
        if key is None and "self" in (rest, *rest.split("_")) and "self" not in self.roles:
            raise ConditionError(
                f"'self' cannot stand for a role in a per-pair meter ('{head}.{rest}')",
                column,
                f"name both roles of the pair, e.g. '{head}.{'_'.join(self.roles[:2])}'",
            )
        if key is None:
            if rest in self.roles:
                others = [r for r in self.roles if r != rest]
                hint = f"a pair names two roles, e.g. '{head}.{pair_key(rest, others[0])}'" if others else ""
            else:
                close = did_you_mean(rest, self.pairs)
                hint = close or f"write two role ids joined by '_', e.g. '{head}.{'_'.join(self.roles[:2])}'"
            raise ConditionError(f"'{rest}' is not a pair of roles", column, hint)
        chosen = self.chosen_pairs.get(head)
        if chosen is not None and key not in chosen:
            a, b = key.split("_")
            raise ConditionError(
                f"meter '{head}' is not kept for the pair {a}–{b}",
                column,
                "its pairs are " + ", ".join(chosen) + "; add the pair to its 'pairs'",
            )
        return head, f"{head}.{key}"

    # ------------------------------------------------------------------ names

    def resolve(self, name: Leaf, context: Context) -> Resolved:
        """Check ``name`` (or a history question) and return its kind and getter, or raise.

        For a :class:`Call` or :class:`Before` the error's column is within the whole condition.
        """
        if not isinstance(name, Name):
            return self._history(name, context)
        text = name.text
        head, _, rest = text.partition(".")
        if head in self.meters:
            meter, slot = self.meter_slot(text, context)
            if slot is None:
                per_role = {role: f"{meter}.{role}" for role in self.roles}
                return Resolved("number", lambda b: b.meters[per_role[b.self_role]])
            return Resolved("number", inlined(lambda b: b.meters[slot], item("meters", slot)))
        if head in PLAIN:
            if rest:
                raise ConditionError(f"'{head}' has no parts", len(head) + 1)
            if head == "round":
                return Resolved("number", inlined(lambda b: b.round, attribute("round")))
            if head == "rounds_left":
                return Resolved("number", _rounds_left(self.limit))
            return Resolved("number", inlined(lambda b: b.phase_round, attribute("phase_round")))
        if head in COUNTERS:
            return self._counter(head, rest, context)
        raise ConditionError(
            f"unknown name '{text}'",
            1,
            did_you_mean(head, [*self.meters, *PLAIN, *COUNTERS])
            or "use a declared meter, round, phase_round, flags., played., tagged., mine., fired., visited.",
        )

    def resolve_rounds_left(self, board: Board) -> int:
        """``rounds_left`` now: rounds left in the phase, this one included; 0 when nothing limits it."""
        return int(_rounds_left(self.limit)(board))

    def _history(self, leaf: Call | Before, context: Context) -> Resolved:
        if isinstance(leaf, Before):
            first = self._move_arg(leaf.left, 0)
            then = self._move_arg(leaf.right, 0)
            return Resolved(
                "bool", lambda b: first in b.first and then in b.first and b.first[first] < b.first[then]
            )
        if leaf.fn == "played":
            move = self._move_arg(leaf, 0)
            return Resolved("bool", lambda b: move in b.last)
        if leaf.fn == "rounds_since":
            move = self._move_arg(leaf, 0)
            never = self.limit
            return Resolved("number", lambda b: b.round - b.last[move] if move in b.last else never)
        what = leaf.args[0]
        if what not in self.tags and what not in self.moves:
            raise ConditionError(
                f"unknown tag or move '{what}'",
                leaf.arg_columns[0],
                did_you_mean(what, self.tags | self.moves),
            )
        if len(leaf.args) == 1:
            if what in self.tags:
                return Resolved("number", lambda b: b.tagged.get(what, 0))
            return Resolved("number", lambda b: b.played.get(what, 0))
        role = leaf.args[1]
        if role == "self":
            if context not in SELF_CONTEXTS:
                raise ConditionError(
                    f"'self' has no meaning in {_where(context)}", leaf.arg_columns[1], "name the role"
                )
            return Resolved("number", lambda b: b.mine[b.self_role].get(what, 0))
        if role not in self.roles:
            raise ConditionError(
                f"unknown role '{role}'", leaf.arg_columns[1], did_you_mean(role, [*self.roles, "self"])
            )
        return Resolved("number", lambda b: b.mine[role].get(what, 0))

    def _move_arg(self, call: Call, index: int) -> str:
        move = call.args[index]
        if move not in self.moves:
            raise ConditionError(
                f"unknown move '{move}'", call.arg_columns[index], did_you_mean(move, self.moves)
            )
        return move

    def _counter(self, head: str, rest: str, context: Context) -> Resolved:
        column = len(head) + 2
        known: dict[str, frozenset[str]] = {
            "flags": self.flags,
            "played": self.moves,
            "tagged": self.tags,
            "mine": self.tags | self.moves,
            "fired": self.injects,
            "visited": self.phases,
            "ending": self.endings,
            "outcome": frozenset(o.value for o in Outcome),
            "timer": self.timers,
            "expired": self.timers,
            "pending": frozenset(self.proposals),
            "accepted": frozenset(self.proposals),
        }
        if head == "accepted" and "." in rest:
            proposal, _, term = rest.partition(".")
            if proposal in self.proposals:
                if term not in self.proposals[proposal]:
                    raise ConditionError(
                        f"unknown term '{term}' of proposal '{proposal}'",
                        column + len(proposal) + 1,
                        did_you_mean(term, self.proposals[proposal]),
                    )
                return Resolved("bool", lambda b: term in b.accepted.get(proposal, ()))
        choices = known[head]
        if not rest:
            raise ConditionError(f"'{head}' needs a name after it", len(head) + 1, f"write '{head}.<id>'")
        if rest not in choices:
            what = {
                "flags": "flag",
                "played": "move",
                "tagged": "tag",
                "mine": "tag or move",
                "fired": "inject",
                "visited": "phase",
                "ending": "ending",
                "outcome": "outcome",
                "timer": "timer",
                "expired": "timer",
                "pending": "proposal",
                "accepted": "proposal",
            }[head]
            raise ConditionError(f"unknown {what} '{rest}'", column, did_you_mean(rest, choices))
        if head in ("ending", "outcome") and context is not Context.RUBRIC:
            raise ConditionError(
                f"'{head}.' can only be read in the rubric", 1, "the case has not ended yet here"
            )
        if head == "mine" and context not in SELF_CONTEXTS:
            raise ConditionError(
                f"'mine.' has no meaning in {_where(context)}",
                1,
                f"use 'played.{rest}'" if rest in self.moves else f"use 'tagged.{rest}'",
            )
        return Resolved(*_COUNTER_GETTERS[head](rest))


def _where(context: Context) -> str:
    return {
        Context.EXIT: "a phase exit",
        Context.INJECT: "an inject",
    }.get(context, f"a {context.value}")


def _rounds_left(limit: int) -> Getter:
    def left(b: Board) -> int:
        remaining = limit - b.round + 1 if limit else 0
        if b.phase_cap:
            in_phase = b.phase_cap - b.phase_round + 1
            return in_phase if not remaining or in_phase < remaining else remaining
        return remaining

    return left


def _flag(key: str) -> tuple[str, Getter]:
    return "bool", inlined(lambda b: b.flags[key], item("flags", key))


def _played(key: str) -> tuple[str, Getter]:
    return "number", inlined(lambda b: b.played.get(key, 0), count("played", key))


def _tagged(key: str) -> tuple[str, Getter]:
    return "number", inlined(lambda b: b.tagged.get(key, 0), count("tagged", key))


def _mine(key: str) -> tuple[str, Getter]:
    return "number", inlined(lambda b: b.mine[b.self_role].get(key, 0), own_count(key))


def _fired(key: str) -> tuple[str, Getter]:
    return "number", inlined(lambda b: b.fired.get(key, 0), count("fired", key))


def _visited(key: str) -> tuple[str, Getter]:
    return "bool", inlined(lambda b: key in b.visited, member("visited", key))


def _ending(key: str) -> tuple[str, Getter]:
    return "bool", inlined(lambda b: b.ending == key, equal("ending", key))


def _outcome(key: str) -> tuple[str, Getter]:
    return "bool", inlined(lambda b: b.outcome == key, equal("outcome", key))


def _timer(key: str) -> tuple[str, Getter]:
    return "number", lambda b: b.timers[key] - b.round + 1 if key in b.timers else 0


def _expired(key: str) -> tuple[str, Getter]:
    return "bool", lambda b: key in b.expired


def _pending(key: str) -> tuple[str, Getter]:
    return "bool", lambda b: key in b.offers


def _accepted(key: str) -> tuple[str, Getter]:
    return "bool", lambda b: key in b.accepted


_COUNTER_GETTERS: dict[str, Callable[[str], tuple[str, Getter]]] = {
    "flags": _flag,
    "played": _played,
    "tagged": _tagged,
    "mine": _mine,
    "fired": _fired,
    "visited": _visited,
    "ending": _ending,
    "outcome": _outcome,
    "timer": _timer,
    "expired": _expired,
    "pending": _pending,
    "accepted": _accepted,
}
