"""What a condition written for a role may read: only what that role sees.

A counterpart's policy, a move's ``when`` (for each role that may play it) and a reply's ``when``
are written for one role.  When a case makes anything private, each name they read is checked:

* a meter slot, if the role sees its number (hidden meters, ``visible: false``, are the case's own
  machinery and stay readable, as in format 1; a band is not the number, so it does not count);
* ``played.M``, if the role sees every play of M by another role; ``tagged.T`` likewise for every
  move tagged T;
* ``fired.I``, if the role learns of inject I;
* ``flags.F``, if the role sees every move, reply and inject that sets F;
* ``mine.*``, ``round``, ``phase_round`` and ``visited.*`` always (phases are public);
* format 2: ``timer.X`` and ``expired.X`` if the timer is shown to the role; ``pending.P`` and
  ``accepted.P`` if the role is addressed by P or sees every move that tables it; the history
  functions (``played(M)``, ``count(T, R)`` …) like ``played.M`` and ``tagged.T``, for plays by R.

Format 2 adds conditions written for a role: a move's ``appears_when`` and ``requires`` (for each
role that may play it) and a role's ``reservation``.

A rubric ``if`` rule is read for each role it scores (its ``roles``, or every playable role that
has no rubric of its own under ``rubrics:``, whose rules are read for that role): its explanation,
with the values it read, is shown to that player.  So is a checked red line's ``when``: a breach is
an event in its role's view.  ``ending.*`` and ``outcome.*`` are
public.  Exits and injects are the world's: they read everything.
Problems are reported where the name is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from game.case.audience import Seen, sees, slot_owners
from game.case.conditions import Before, Call, ConditionError, Name, leaves, parse
from game.case.loading.checked import Items, Table
from game.case.loading.report import Report
from game.case.model import Inject, Meter, Move, Proposal, Scope, Timer
from game.case.names import pair_key
from game.case.yamlsafe import Document, Node, ScalarNode

HINT = (
    "a condition written for a role reads only what that role sees "
    "('parley guide format', Private information)"
)


class Reads:
    """Who sees what, worked out from the built parts of a case."""

    def __init__(
        self,
        roles: tuple[str, ...],
        meters: Mapping[str, Meter],
        moves: Mapping[str, Move],
        injects: Mapping[str, Inject],
        proposals: Mapping[str, Proposal] | None = None,
        timers: Mapping[str, Timer] | None = None,
    ) -> None:
        self.roles = roles
        self.meters = meters
        self.moves = moves
        self.injects = injects
        self.proposals = proposals or {}
        self.timers = timers or {}

    @property
    def private(self) -> bool:
        """Whether anything here is seen by some roles only (else there is nothing to check)."""
        return (
            any(not m.audience.public for m in self.meters.values())
            or any(not i.audience.public for i in self.injects.values())
            or any(not m.audience.public or any(r.audience for r in m.replies) for m in self.moves.values())
            or any(t.visible_to for t in self.timers.values())
        )

    def why_not(self, role: str, name: str) -> str:
        """Why ``role`` may not read ``name`` ("" when it may)."""
        head, _, rest = name.partition(".")
        meter = self.meters.get(head)
        if meter is not None:
            return self._meter(role, meter, rest)
        if head == "played" and rest in self.moves:
            return self._move(role, self.moves[rest])
        if head == "tagged":
            for move in self.moves.values():
                if rest in move.tags and (why := self._move(role, move)):
                    return why
            return ""
        if head == "fired" and rest in self.injects:
            inject = self.injects[rest]
            return "" if sees(inject.audience.who(), role) else f"inject '{rest}' is not shown to '{role}'"
        if head == "flags":
            return self._flag(role, f"flags.{rest}")
        if head in ("timer", "expired") and rest in self.timers:
            shown = self.timers[rest].visible_to
            return "" if not shown or role in shown else f"timer '{rest}' is not shown to '{role}'"
        if head in ("pending", "accepted"):
            return self._proposal(role, rest.partition(".")[0])
        return ""

    def why_not_call(self, role: str, call: Call | Before) -> str:
        """Why ``role`` may not ask a history question (format 2): ``played(x)``, ``count(t, r)`` …"""
        if isinstance(call, Before):
            return self.why_not_call(role, call.left) or self.why_not_call(role, call.right)
        what = call.args[0] if call.args else ""
        by = call.args[1] if len(call.args) > 1 else ""
        if by in ("self", role):
            return ""
        moves = (
            [self.moves[what]] if what in self.moves else [m for m in self.moves.values() if what in m.tags]
        )
        for move in moves:
            for actor in move.roles:
                if actor != role and (not by or actor == by) and not sees(move.audience.who(actor), role):
                    return f"move '{move.id}' played by '{actor}' is not shown to '{role}'"
        return ""

    def _proposal(self, role: str, proposal: str) -> str:
        addressed = self.proposals[proposal].to if proposal in self.proposals else ()
        for move in self.moves.values():
            if move.proposes != proposal:
                continue
            for actor in move.roles:
                seen = move.audience.who(actor)
                if actor != role and role not in addressed and not sees(seen, role):
                    return f"proposal '{proposal}' is tabled by move '{move.id}', which '{role}' may not see"
        return ""

    def _meter(self, role: str, meter: Meter, rest: str) -> str:
        if not meter.visible or meter.audience.public:
            return ""
        if meter.scope is Scope.GLOBAL:
            slot = meter.id
        elif rest == "self":
            slot = f"{meter.id}.{role}"
        elif meter.scope is Scope.PAIR and "_" in rest:
            slot = f"{meter.id}.{pair_key(*rest.split('_', 1))}"
        else:
            slot = f"{meter.id}.{rest}"
        seen = meter.audience.who(owners=slot_owners(slot, self.roles))
        if sees(seen, role):
            return ""
        if meter.bands:
            return f"'{role}' sees '{slot}' only as a band, not its number"
        return f"'{role}' does not see '{slot}'"

    def _move(self, role: str, move: Move) -> str:
        for actor in move.roles:
            if actor != role and not sees(move.audience.who(actor), role):
                return f"move '{move.id}' played by '{actor}' is not shown to '{role}'"
        return ""

    def reply_seen(self, move: Move, index: int, actor: str) -> Seen:
        """Who sees reply ``index`` of ``move`` when ``actor`` played it."""
        reply = move.replies[index]
        if reply.audience is not None:
            return reply.audience.who(reply.role)
        seen = move.audience.who(actor)
        return None if seen is None else seen | {reply.role}

    def _flag(self, role: str, target: str) -> str:
        for move in self.moves.values():
            for actor in move.roles:
                if any(e.target == target for e in move.effects) and not sees(move.audience.who(actor), role):
                    return f"'{target}' is set by move '{move.id}', which '{role}' may not see"
                for index, reply in enumerate(move.replies):
                    if reply.role == actor or not any(e.target == target for e in reply.effects):
                        continue
                    if not sees(self.reply_seen(move, index, actor), role):
                        return f"'{target}' is set by a reply to '{move.id}' that '{role}' may not see"
        for inject in self.injects.values():
            if any(e.target == target for e in inject.effects) and not sees(inject.audience.who(), role):
                return f"'{target}' is set by inject '{inject.id}', which '{role}' may not see"
        return ""


def check_reads(top: Table, reads: Reads, document: Document, report: Report) -> None:
    """Report every name a role's condition reads that the role does not see, and every reply to
    a move its replier does not see."""
    if not reads.private:
        return
    _check_replies(top, reads, report)
    reported: set[tuple[int, int]] = set()
    for role, what, node in _role_conditions(top, reads):
        if not isinstance(node, ScalarNode):
            continue
        try:
            expr = parse(node.text)
        except (ConditionError, RecursionError):  # already reported when the condition was compiled
            continue
        for leaf in leaves(expr):
            if isinstance(leaf, Name):
                why, text = reads.why_not(role, leaf.text), leaf.text
            else:
                why, text = reads.why_not_call(role, leaf), call_text(leaf)
            if why and (id(node), leaf.column) not in reported:
                reported.add((id(node), leaf.column))
                report.error(
                    document.locate(node, leaf.column - 1),
                    f"{what} reads '{text}', but {why}",
                    HINT,
                    "private-read",
                )


def _check_replies(top: Table, reads: Reads, report: Report) -> None:
    """A counterpart answers only a move it saw: a reply by a role that may not see the move is refused."""
    moves = top.get("moves")
    if not isinstance(moves, Table):
        return
    for move_id, entry in moves.values.items():
        move = reads.moves.get(move_id)
        replies = entry.get("replies")
        if move is None or not isinstance(replies, Items):
            continue
        for reply, _ in replies:
            role = reply.get("role")
            hidden = [a for a in move.roles if a != role and not sees(move.audience.who(a), role)]
            if role and hidden:
                report.error(
                    reply.value_node("role"),
                    f"'{role}' replies to move '{move_id}', but does not see it played by '{hidden[0]}'",
                    "a counterpart answers only what it saw: add it to the move's audience, "
                    "or remove the reply",
                    "private-read",
                )


def call_text(call: Call | Before) -> str:
    """A history question as written: ``played(verify) before played(lift)``."""
    if isinstance(call, Before):
        return f"{call_text(call.left)} before {call_text(call.right)}"
    return f"{call.fn}({', '.join(call.args)})"


def _rule_conditions(rubric: Table, scored_by: list[str]) -> Iterator[tuple[str, str, Node]]:
    """Each ``if`` rule of a rubric, once for every role it scores (its ``roles``, else ``scored_by``)."""
    for dim_id, dim in rubric.values.items():
        rules = dim.get("rules") if isinstance(dim, Table) else None
        if not isinstance(rules, Items):
            continue
        for rule, _ in rules:
            if isinstance(rule, Table) and "if" in rule.nodes:
                scored = rule.get("roles")
                for role in scored.values if isinstance(scored, Items) and scored.values else scored_by:
                    yield role, f"a rule of '{dim_id}' scoring '{role}'", rule.nodes["if"]


def _role_conditions(top: Table, reads: Reads) -> Iterator[tuple[str, str, Node]]:
    """Each condition written for a role: (the role, what it is, its node)."""
    roles = top.get("roles")
    if isinstance(roles, Table):
        for role_id, entry in roles.values.items():
            if "reservation" in entry.nodes:
                yield role_id, f"the reservation of '{role_id}'", entry.nodes["reservation"]
            policy = entry.get("policy")
            if isinstance(policy, Items):
                for pref, _ in policy:
                    if "when" in pref.nodes:
                        yield role_id, f"the policy of '{role_id}'", pref.nodes["when"]
    rubric = top.get("rubric")
    own = top.get("rubrics")  # roles scored by their own rubric, not by the case's
    with_own = set(own.values) if isinstance(own, Table) else set()
    if isinstance(rubric, Table):
        playable = [r for r in reads.roles if not isinstance(roles, Table) or roles.values[r].get("playable")]
        playable = [r for r in playable if r not in with_own]
        yield from _rule_conditions(rubric, playable)
    if isinstance(own, Table):
        for role_id, dims in own.values.items():
            if isinstance(dims, Table) and role_id in reads.roles:
                yield from _rule_conditions(dims, [role_id])
    if isinstance(roles, Table):
        for role_id, entry in roles.values.items():
            lines = entry.get("red_lines") if isinstance(entry, Table) else None
            if isinstance(lines, Items):
                for index, (line, _) in enumerate(lines):
                    if isinstance(line, Table) and "when" in line.nodes:
                        yield role_id, f"red line {index + 1} of '{role_id}'", line.nodes["when"]
    moves = top.get("moves")
    if not isinstance(moves, Table):
        return
    for move_id, entry in moves.values.items():
        move = reads.moves.get(move_id)
        if move is None:
            continue
        if "when" in entry.nodes:
            for role in move.roles:
                yield role, f"the 'when' of move '{move_id}' (for '{role}')", entry.nodes["when"]
        if "appears_when" in entry.nodes:
            for role in move.roles:
                yield (
                    role,
                    f"the 'appears_when' of move '{move_id}' (for '{role}')",
                    entry.nodes["appears_when"],
                )
        requires = entry.get("requires")
        if isinstance(requires, Items):
            for requirement, _ in requires:
                if "when" in requirement.nodes:
                    for role in move.roles:
                        yield (
                            role,
                            f"a requirement of move '{move_id}' (for '{role}')",
                            requirement.nodes["when"],
                        )
        replies = entry.get("replies")
        if isinstance(replies, Items):
            for reply, _ in replies:
                if "when" in reply.nodes and reply.get("role"):
                    role = reply.get("role")
                    yield role, f"a reply of '{role}' to '{move_id}'", reply.nodes["when"]
