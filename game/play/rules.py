"""What a session needs from a case, worked out once per case and shared.

:func:`rules_for` caches a :class:`Rules` per loaded case: the phase machine,
each phase's menu of moves per role, the bounds of every meter slot and the
starting board.

It also lays the case out for the session's inner loop, so that playing a
round does no string work and no searching: a :class:`Turn` per phase and
role (the menu with each move's test, and the role's policy preferences that
can apply there), the injects that can fire in each phase, and a
:class:`Resolution` per move and role (its effects with ``self`` resolved and
bounds looked up, and the replies it can draw).  These are built on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from game.case.audience import Seen, both, slot_owners
from game.case.cache import PerCase
from game.case.conditions import Getter, calls
from game.case.model import Case, Effect, Inject, Move, Proposal
from game.case.names import NameTable
from game.debriefing.doctrine import TAGS
from game.play.board import Board
from game.play.machine import PhaseMachine

# One effect, ready to apply: (slot, low, high, delta, flag key, flag value, test).
# ``flag key`` is None for a meter; for a flag, ``slot`` is the target as written ("flags.leak").
# ``test`` is None, or (format 2) the effect's ``if`` condition, read when the effect is applied.
Step = tuple[str, int, int, int, "str | None", "bool | None", "Getter | None"]
# Steps as :meth:`Rules.audited` gives them: each followed by the roles that see it applied (None: all).
AuditedStep = tuple[
    str, int, int, int, "str | None", "bool | None", "Getter | None", "tuple[str, ...] | None"
]
Audited = tuple[AuditedStep, ...]
# An inject as the round's loop checks it: (inject, its steps, repeat, round, when test, chance).
InjectCheck = tuple[Inject, tuple[Step, ...], bool, "int | None", "Getter | None", "float | None"]


@dataclass(frozen=True, slots=True)
class Turn:
    """One role's menu in one phase, laid out for the session's inner loop.

    ``gates`` pairs each listed move with its ``when`` test (``None``: always
    open).  ``prefs`` holds the role's policy preferences whose move is on this
    menu, in the order written, as ``(index in gates, move, weight, when test)``;
    preferences for moves not listed here can never apply in this phase.
    """

    gates: tuple[tuple[Move, Getter | None], ...]
    prefs: tuple[tuple[int, Move, float, Getter | None], ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """A move as played by one role: its effects, tags and possible replies, ready to apply."""

    effects: tuple[Step, ...]
    tags: tuple[str, ...]
    replies: tuple[tuple[int, str, Getter | None, tuple[Step, ...]], ...]  # (index, role, when, effects)
    seen: Seen = None  # who sees the move played (None: everyone)
    reply_seen: tuple[Seen, ...] = ()  # who sees each of ``replies``
    more: bool = False  # format 2: it answers an offer, tables a proposal or starts or stops timers
    audience: tuple[str, ...] | None = None  # ``seen``, sorted as the move event lists it
    checks: bool = False  # the role has red lines the engine checks
    breaks: tuple[int, ...] = ()  # the role's red lines that playing the move breaches by itself
    lines: tuple[tuple[int, Getter], ...] = ()  # the role's red lines breached by a state: (index, test)


EMPTY_TURN = Turn((), ())


class Rules:
    """Derived, read-only facts about one case."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.machine = PhaseMachine(case)
        self.menus: Mapping[str, Mapping[str, tuple[Move, ...]]] = MappingProxyType(
            {
                phase.id: MappingProxyType(
                    {role: tuple(case.moves[m] for m in ids) for role, ids in phase.moves.items()}
                )
                for phase in case.phases.values()
            }
        )
        bounds: dict[str, tuple[int, int]] = {}
        initial: dict[str, int] = {}
        owner: dict[str, str] = {}
        for meter in case.meters.values():
            for slot, value in meter.initial.items():
                bounds[slot] = (meter.minimum, meter.maximum)
                initial[slot] = value
                owner[slot] = meter.id
        self.bounds: Mapping[str, tuple[int, int]] = MappingProxyType(bounds)
        # Private information (game.case.audience): who sees each meter slot's number, for cases that
        # make anything private; a case without (every format-1 case) logs exactly as before.
        self.private = case.private
        self.slot_seen: Mapping[str, Seen] = MappingProxyType(
            {
                slot: meter.audience.who(owners=slot_owners(slot, case.roles))
                for meter in case.meters.values()
                for slot in meter.initial
                if meter.visible and not meter.audience.public
            }
        )
        self.meter_of: Mapping[str, str] = MappingProxyType(owner)
        self._initial = initial
        self.names = NameTable(
            roles=case.roles,
            meters={m.id: m.scope for m in case.meters.values()},
            flags=case.flags,
            moves=case.moves,
            tags={**TAGS, **case.tags},
            injects=case.injects,
            phases=case.phases,
            endings=case.endings,
            timers=case.timers,
            proposals={p.id: tuple(p.terms) for p in case.proposals.values()},
            limit=case.rounds.limit,
            chosen_pairs={
                m.id: tuple(s.partition(".")[2] for s in m.pairs) for m in case.meters.values() if m.pairs
            },
        )
        self.history = _asks_history(case)
        """Whether any condition asks about the order of play (``played(x)``, ``rounds_since(x)``):
        only then does a session keep when each move was first and last played."""
        self.answers: Mapping[str, Mapping[str, Move]] = MappingProxyType(
            {p.id: MappingProxyType(_answers(p)) for p in case.proposals.values()}
        )
        self.timer_steps: Mapping[str, tuple[Step, ...]] = MappingProxyType(
            {t.id: self.steps(t.effects, "") for t in case.timers.values()}
        )
        self.term_steps: Mapping[tuple[str, str], tuple[Step, ...]] = MappingProxyType(
            {
                (p.id, t.id): self.steps(t.effects, "")
                for p in case.proposals.values()
                for t in p.terms.values()
            }
        )
        self._turns: dict[tuple[str, str], Turn] = {}
        # (id(steps), seen) -> (steps, the steps with who sees each applied): see audited()
        self._audiences: dict[tuple[int, Seen], tuple[tuple[Step, ...], Audited]] = {}
        self._resolutions: dict[tuple[str, str], Resolution] = {}
        self._injects: dict[str, tuple[tuple[Inject, tuple[Step, ...]], ...]] = {}
        self._inject_checks: dict[str, tuple[InjectCheck, ...]] = {}

    def new_board(self) -> Board:
        """A board as it stands before the first move."""
        return Board(
            meters=dict(self._initial),
            flags=dict.fromkeys(self.case.flags, False),
            mine={role: {} for role in self.case.roles},
        )

    def menu(self, phase: str, role: str) -> tuple[Move, ...]:
        """The moves listed for ``role`` in ``phase``, open or locked."""
        return self.menus.get(phase, {}).get(role, ())

    # ------------------------------------------------------- the inner loop

    def turn(self, phase: str, role: str) -> Turn:
        """``role``'s menu in ``phase`` with tests and applicable preferences."""
        turn = self._turns.get((phase, role))
        if turn is None:
            menu = self.menu(phase, role)
            index = {move.id: i for i, move in enumerate(menu)}
            prefs = tuple(
                (index[pref.move], menu[index[pref.move]], pref.weight, pref.when.test if pref.when else None)
                for pref in self.case.roles[role].policy
                if pref.move in index
            )
            gates = tuple((move, gate(move)) for move in menu)
            turn = Turn(gates, prefs) if menu else EMPTY_TURN
            self._turns[(phase, role)] = turn
        return turn

    def resolution(self, move: Move, role: str) -> Resolution:
        """``move`` played by ``role``: effects with ``self`` resolved, and the replies of other roles."""
        found = self._resolutions.get((move.id, role))
        if found is None:
            replies = tuple(
                (i, r.role, r.when.test if r.when else None, self.steps(r.effects, r.role))
                for i, r in enumerate(move.replies)
                if r.role != role
            )
            seen = move.audience.who(role)
            reply_seen = tuple(self._reply_seen(move, i, seen) for i, *_ in replies)
            more = move.answer is not None or move.proposes is not None or bool(move.starts or move.stops)
            checked = self.case.roles[role].checked_red_lines if role in self.case.roles else ()
            found = Resolution(
                self.steps(move.effects, role),
                move.tags,
                replies,
                seen,
                reply_seen,
                more,
                None if seen is None else tuple(sorted(seen)),
                bool(checked),
                tuple(line.index for line in checked if move.id in line.moves),
                tuple((line.index, line.when.test) for line in checked if line.when is not None),
            )
            self._resolutions[(move.id, role)] = found
        return found

    @staticmethod
    def _reply_seen(move: Move, index: int, move_seen: Seen) -> Seen:
        reply = move.replies[index]
        if reply.audience is not None:
            return reply.audience.who(reply.role)
        return None if move_seen is None else move_seen | {reply.role}

    def audited(self, steps: tuple[Step, ...], seen: Seen) -> Audited:
        """``steps``, each with who sees it applied (sorted; None: everyone) in a case with private
        information, when ``seen`` saw their cause: those who saw it and see the meter's number (a flag:
        ``seen``)."""
        found = self._audiences.get((id(steps), seen))
        if found is None or found[0] is not steps:
            out = []
            for step in steps:
                slot, flag = step[0], step[4]
                who = seen if flag is not None else both(seen, self.slot_seen.get(slot))
                out.append((*step, None if who is None else tuple(sorted(who))))
            found = self._audiences[(id(steps), seen)] = (steps, tuple(out))
        return found[1]

    def prepare(self) -> Rules:
        """Build every table the inner loop builds on first use (each turn, resolution, inject list
        and audience), so that processes forked afterwards share them instead of each building its
        own.  Returns the rules."""
        case = self.case
        for phase in case.phases:
            for role in case.roles:
                self.turn(phase, role)
            self.inject_checks(phase)
            for _inject, steps in self.injects_in(phase):
                if self.private:
                    self.audited(steps, _inject.audience.who())
        for move in case.moves.values():
            for role in move.roles or case.roles:
                if role not in case.roles:
                    continue
                plan = self.resolution(move, role)
                if self.private:
                    self.audited(plan.effects, plan.seen)
                    for (_i, _replier, _when, steps), seen in zip(plan.replies, plan.reply_seen, strict=True):
                        self.audited(steps, seen)
        return self

    def injects_in(self, phase: str) -> tuple[tuple[Inject, tuple[Step, ...]], ...]:
        """The injects that may fire in ``phase`` (in the order written), with their effects ready."""
        found = self._injects.get(phase)
        if found is None:
            found = tuple(
                (inject, self.steps(inject.effects, ""))
                for inject in self.case.injects.values()
                if inject.phase is None or inject.phase == phase
            )
            self._injects[phase] = found
        return found

    def inject_checks(self, phase: str) -> tuple[InjectCheck, ...]:
        """:meth:`injects_in` laid out for the round's loop: each inject with its effects, whether it
        repeats, its round (or None), its compiled ``when`` (or None) and its chance (or None)."""
        found = self._inject_checks.get(phase)
        if found is None:
            found = tuple(
                (
                    inject,
                    steps,
                    inject.repeat,
                    inject.round,
                    inject.when.test if inject.when is not None else None,
                    inject.chance,
                )
                for inject, steps in self.injects_in(phase)
            )
            self._inject_checks[phase] = found
        return found

    def steps(self, effects: tuple[Effect, ...], role: str) -> tuple[Step, ...]:
        """``effects`` applied by ``role``: each with its slot resolved and its bounds."""
        out: list[Step] = []
        for effect in effects:
            target = effect.target
            test = effect.when.test if effect.when is not None else None
            if effect.flag is not None:
                out.append((target, 0, 0, 0, target[6:], effect.flag, test))  # after "flags."
                continue
            if target.endswith(".self"):
                target = f"{target[:-5]}.{role}"
            low, high = self.bounds[target]
            out.append((target, low, high, effect.delta, None, None, test))
        return tuple(out)


def _asks_history(case: Case) -> bool:
    conditions = [
        *(m.when for m in case.moves.values()),
        *(m.appears_when for m in case.moves.values()),
        *(r.when for m in case.moves.values() for r in m.requires),
        *(r.when for m in case.moves.values() for r in m.replies),
        *(p.when for role in case.roles.values() for p in role.policy),
        *(role.reservation for role in case.roles.values()),
        *(e.when for phase in case.phases.values() for e in phase.exits),
        *(v.when for ending in case.endings.values() for v in ending.variants),
        *(i.when for i in case.injects.values()),
        *(r.when for d in case.rubric.values() for r in d.rules),
    ]
    effects = [
        *(e for m in case.moves.values() for e in m.effects),
        *(e for m in case.moves.values() for r in m.replies for e in r.effects),
        *(e for i in case.injects.values() for e in i.effects),
        *(e for t in case.timers.values() for e in t.effects),
        *(e for p in case.proposals.values() for t in p.terms.values() for e in t.effects),
    ]
    conditions += [e.when for e in effects]
    return any(True for c in conditions if c is not None for _ in calls(c.expr))


def gate(move: Move) -> Getter | None:
    """Whether ``move`` is open: its ``when``, and (format 2) ``appears_when`` and ``requires``."""
    tests = [
        t.test for t in (move.appears_when, move.when, *(r.when for r in move.requires)) if t is not None
    ]
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    every = tuple(tests)
    return lambda board: all(test(board) for test in every)


def _answers(proposal: Proposal) -> dict[str, Move]:
    """The moves that answer ``proposal``: accept, reject and each counter, by their ids' last part."""
    detail = "; ".join(t.label for t in proposal.terms.values() if not t.optional)

    def answer(action: str, label: str, description: str) -> Move:
        return Move(
            id=f"{proposal.id}.{action}",
            label=label,
            description=description,
            roles=proposal.to,
            when=None,
            locked_reason="",
            effects=(),
            tags=(),
            feedback="",
            replies=(),
            pos=proposal.pos,
            answer=(proposal.id, action),
        )

    out = {
        "accept": answer("accept", f"Accept: {proposal.label}", proposal.text.strip() or detail),
        "reject": answer("reject", f"Reject: {proposal.label}", "Turn the offer down."),
    }
    for counter in proposal.counters.values():
        out[counter.id] = answer(
            counter.id, f"Counter: {counter.label}", f"Answer '{proposal.label}' with an amendment."
        )
    return out


_RULES: PerCase[Rules] = PerCase()


def rules_for(case: Case) -> Rules:
    """The rules of ``case``, built on first use and shared afterwards."""
    return _RULES.get(case, Rules)
