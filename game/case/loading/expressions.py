"""Conditions and effects: parsed, checked against the case's names, compiled.

Positions of problems point inside the file: a condition's column is the
scalar's own column plus the offset of the problem in its text (see
:meth:`game.case.yamlsafe.Document.locate`).
"""

from __future__ import annotations

from game.case.conditions import (
    Binary,
    ConditionError,
    Expr,
    Leaf,
    Name,
    Unary,
    check_types,
    compile_expr,
    leaves,
    parse,
)
from game.case.loading.checked import Items, Table
from game.case.loading.namespaces import Declared
from game.case.loading.report import Report
from game.case.model import Condition, Effect, Pos, Scope
from game.case.names import COUNTERS, PLAIN, Context, Resolved
from game.case.yamlsafe import Document, Node, ScalarNode
from game.errors import did_you_mean

MAX_DEPTH = 64
"""Deeper conditions are refused: no author needs them and evaluating them could exhaust the stack."""

_SECTION_OF_COUNTER = {
    "flags": ("flags",),
    "played": ("moves",),
    "tagged": ("tags",),
    "mine": ("tags", "moves"),
    "fired": ("injects",),
    "visited": ("phases",),
    "ending": ("endings",),
    "outcome": (),
    "timer": ("timers",),
    "expired": ("timers",),
    "pending": ("proposals",),
    "accepted": ("proposals",),
}


class Compiler:
    """Builds the conditions and effects of one case, reporting problems in place."""

    def __init__(self, declared: Declared, document: Document, report: Report, version: int = 2) -> None:
        self.version = version
        self.declared = declared
        self.table = declared.table
        self.document = document
        self.report = report
        self._cache: dict[tuple[str, Context], tuple[Expr, object]] = {}

    # --------------------------------------------------------------- conditions

    def condition(self, text: str, node: Node | Pos, context: Context) -> Condition | None:
        """The compiled condition written at ``node``, or ``None`` after reporting why not."""
        start = self._at(node, 0)
        pos = Pos(*start)
        hit = self._cache.get((text, context))
        if hit is not None:
            return Condition(text, hit[0], pos, hit[1])  # type: ignore[arg-type]
        try:
            expr = parse(text)
        except ConditionError as error:
            self._fail(node, error.column - 1, error.message, error.hint)
            return None
        except RecursionError:
            self._fail(node, 0, "the condition is nested too deeply", "split it or remove parentheses")
            return None
        if _depth(expr) > MAX_DEPTH:
            self._fail(node, 0, "the condition is nested too deeply", "split it or remove parentheses")
            return None
        resolved: dict[Leaf, Resolved] = {}
        failed = False
        for name in leaves(expr):
            try:
                resolved[name] = self.table.resolve(name, context)
            except ConditionError as error:
                failed = True
                if not isinstance(name, Name):  # a history question: the column is within the text
                    if not self.declared.moves.broken:
                        self._fail(node, error.column - 1, error.message, error.hint)
                elif not self._suppressed(name):
                    self._fail(node, name.column - 1 + error.column - 1, error.message, error.hint)
        if failed:
            return None
        try:
            check_types(expr, lambda name: resolved[name].kind)
        except ConditionError as error:
            self._fail(node, error.column - 1, error.message, error.hint)
            return None
        test = compile_expr(expr, lambda name: resolved[name].getter)
        self._cache[(text, context)] = (expr, test)
        return Condition(text, expr, pos, test)

    def _suppressed(self, name: Name) -> bool:
        """Whether a bad name is only a consequence of a section already reported as broken."""
        declared = self.declared
        head = name.text.partition(".")[0]
        if head in declared.scopes:
            if head in declared.uncertain:
                return True
            return declared.roles.broken and declared.scopes[head] is not Scope.GLOBAL
        if head in PLAIN:
            return False
        if head in COUNTERS:
            return any(getattr(declared, section).broken for section in _SECTION_OF_COUNTER[head])
        return declared.meters.broken

    def _at(self, node: Node | Pos, offset: int) -> tuple[int, int]:
        if isinstance(node, ScalarNode):
            return self.document.locate(node, offset)
        return node.line, node.column

    def _fail(self, node: Node | Pos, offset: int, message: str, hint: str) -> None:
        self.report.error(self._at(node, max(offset, 0)), message, hint, "condition")

    # ------------------------------------------------------------------ effects

    def effects(self, table: Table | Items | None, context: Context) -> tuple[Effect, ...]:
        """The effects of a mapping ``target: value``, with pair keys in canonical order.

        Format 2 also allows a list of such mappings, each with an optional
        ``if: <condition>`` that every effect of the group carries.
        """
        if table is None:
            return ()
        if isinstance(table, Items):
            return self._groups(table, context)
        return self._group(table, context, None)

    def _groups(self, items: Items, context: Context) -> tuple[Effect, ...]:
        if self.version < 2:
            self.report.error(
                items.pos,
                f"a list of effect groups is new in format version 2; this file says schema_version "
                f"{self.version}",
                "set schema_version: 2 at the top of the file, or write the effects as one mapping",
                "schema-version",
            )
            return ()
        out: list[Effect] = []
        for group, _node in items:
            when: Condition | None = None
            if "if" in group.keys:
                text = group.values.get("if")
                if text is None:  # its problem is already reported
                    continue
                if text.__class__ is not str:
                    self.report.error(
                        group.value_node("if"),
                        "'if' must be a condition, such as 'not played(verify)'",
                        "write the condition as text after 'if:'",
                        "type",
                    )
                    continue
                when = self.condition(text, group.value_node("if"), context)
                if when is None:
                    continue
            out.extend(self._group(group, context, when))
        return tuple(out)

    def _group(self, table: Table, context: Context, when: Condition | None) -> tuple[Effect, ...]:
        out: list[Effect] = []
        seen: dict[str, ScalarNode] = {}
        for target, key in table.keys.items():
            value = table.values.get(target)
            if value.__class__ is str:  # only in a group (format 2): the mapping form refuses text
                if target == "if" and when is not None:
                    continue
                self.report.error(
                    table.nodes[target],
                    f"'{target}' takes a whole number or true/false, not text",
                    "only 'if' takes a condition",
                    "type",
                )
                continue
            effect = self._effect(target, key, value, table.nodes[target], context)
            if effect is None:
                continue
            if when is not None:
                effect = Effect(effect.target, effect.delta, effect.flag, effect.pos, when)
            first = seen.get(effect.target)
            if first is not None:
                self.report.error(
                    key,
                    f"'{target}' changes the same {'flag' if effect.flag is not None else 'meter'} "
                    f"as '{first.text}' (line {first.line})",
                    "merge the two changes into one",
                    "duplicate-key",
                )
                continue
            seen[effect.target] = key
            out.append(effect)
        return tuple(out)

    def _effect(
        self, target: str, key: ScalarNode, value: object, node: Node, context: Context
    ) -> Effect | None:
        declared = self.declared
        head, _, rest = target.partition(".")
        pos = Pos(key.line, key.column)
        if head == "flags":
            if not rest:
                self._target(key, len(head), "'flags' needs a flag id after it", "write 'flags.<id>'")
                return None
            if not declared.flags.check(rest, self._spot(key, len(head) + 1), self.report):
                return None
            if value is None:
                return None
            if type(value) is not bool:
                hint = f"write '{target}: true' or '{target}: false'"
                self.report.error(node, f"'{target}' is a flag; set it to true or false", hint, "type")
                return None
            return Effect(target, 0, value, pos)
        if head in declared.scopes:
            if head in declared.uncertain:
                return None
            try:
                _, slot = self.table.meter_slot(target, context)
            except ConditionError as error:
                if not (declared.roles.broken and declared.scopes[head] is not Scope.GLOBAL):
                    self._target(key, error.column - 1, error.message, error.hint)
                return None
            if value is None:
                return None
            if type(value) is bool:
                self.report.error(
                    node,
                    f"'{target}' is a meter; change it by a whole number such as +1 or -2",
                    "only flags are set to true or false",
                    "type",
                )
                return None
            return Effect(slot if slot is not None else target, int(value), None, pos)  # type: ignore[call-overload]
        if not declared.meters.broken:
            choices = [*declared.scopes, "flags"]
            hint = did_you_mean(head, choices)
            if not hint and declared.flags.ids and head in declared.flags:
                hint = f"a flag is written 'flags.{head}'"
            self.report.error(
                key, f"unknown meter '{head}'", hint or "declare it under 'meters'", "unknown-ref"
            )
        return None

    def _spot(self, key: ScalarNode, offset: int) -> Pos:
        return Pos(*self.document.locate(key, offset))

    def _target(self, key: ScalarNode, offset: int, message: str, hint: str) -> None:
        self.report.error(self._spot(key, max(offset, 0)), message, hint, "effect-target")


def _depth(expr: Expr) -> int:
    deepest = 0
    stack: list[tuple[Expr, int]] = [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                break
        if isinstance(node, Binary):
            stack.append((node.left, depth + 1))
            stack.append((node.right, depth + 1))
        elif isinstance(node, Unary):
            stack.append((node.operand, depth + 1))
    return deepest
