"""Straight-line Python for the bulk engine, per case: one function per move as one role plays it,
per inject's effects, per phase's inject checks, and per role's choice in each phase and policy.

Each does what :class:`game.play.rounds.RoundRunner` (``_resolve``, ``_apply``, ``_fire_injects``),
:func:`game.play.policy.draw` and :class:`game.play.attribution.Tracker` (``detail=False``) do for
it, with its loops unrolled, every slot, bound and delta in place, and no row written (each is
counted in ``seq``).

How the code is made: the source is put together from this module's own fragments only.  Every id,
slot, tag and role (the case's declared names), every weight and chance, is bound in the function's
globals under a name this module makes (``_k0``, ``_k1``...), and every other number is an ``int``
checked as one; no text of the case is ever part of the source.  A condition is read in place from
its checked syntax tree (:mod:`game.play.bulkreads`, whose strings are bound the same way), or else
called as the compiled function the loader made (:attr:`game.case.model.Condition.test`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import CodeType, FunctionType
from typing import Any

from game.case.conditions import Getter, _divide
from game.play.attribution import Breach, Cause
from game.play.bulkreads import Reads
from game.play.rules import Step

# A value's name in the namespace, as Namespace.bind makes it (in the source made here, nowhere else).
_BOUND = re.compile(r"\b(_k[0-9]+)\b")
_PIECES: dict[str, tuple[str, ...]] = {}  # an expression of Reads split around the names in it
# (label, text) -> its code, compiled once per process: the text holds no value of a case (they
# are the function's defaults), so functions of the same shape share it, within and across cases
_CODES: dict[tuple[str, str], CodeType] = {}
_KEPT = 20_000

# The per-playthrough containers every generated function reads, in this order (see bulk._play):
STATE = "meters, flags, fv, contrib, fresh, last, moves, causes, breaches"


class Namespace:
    """The globals of a case's generated functions, shared by all of them: each value (an id, a
    condition, a plan) bound once, under a name this module makes (``_k0``, ``_k1``...)."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {
            "_Cause": Cause,
            "_new": object.__new__,
            # a Cause made field by field (its slots' setters: what the frozen dataclass's __init__
            # does, without its calls of object.__setattr__); tests/test_bulk_mirrors.py holds them equal
            "_role": Cause.role.__set__,  # type: ignore[attr-defined]
            "_seq": Cause.seq.__set__,  # type: ignore[attr-defined]
            "_round": Cause.round.__set__,  # type: ignore[attr-defined]
            "_move": Cause.move.__set__,  # type: ignore[attr-defined]
            "_Breach": Breach,
            "dict": dict,
            "set": set,
            "_bool": bool,  # the helpers of conditions.compile_code's syntax
            "_divide": _divide,
        }
        self._bound: dict[tuple[type, Any], str] = {}

    def bind(self, value: Any) -> str:
        """The global name under which ``value`` is bound."""
        if isinstance(value, float):  # by its text: 0.0 and -0.0 are equal but not the same number
            key: tuple[type, Any] = (float, repr(value))
        elif isinstance(value, str | int | bool | tuple):
            key = (type(value), value)
        else:
            key = (type(value), id(value))
        name = self._bound.get(key)
        if name is None:
            name = self._bound[key] = f"_k{len(self._bound)}"
            self.names[name] = value
        return name


class Source:
    """Lines of one generated function; its globals are ``reads``'s namespace (the case's), or a
    namespace of its own without ``reads``, which then calls every condition's compiled test."""

    def __init__(self, reads: Reads | None = None) -> None:
        self.lines: list[str] = []
        self.reads = reads
        self.used: dict[str, str] = {}  # global name -> the function's local name for it
        self.ahead = 0  # rows counted and not yet added to the local seq (see row)
        self.space: Namespace = reads.space if reads is not None else Namespace()  # type: ignore[assignment]

    def row(self) -> None:
        """One more row: counted here, added to ``seq`` by :meth:`settle` (one addition for a run of
        rows instead of one each)."""
        self.ahead += 1

    @property
    def seq(self) -> str:
        """The expression of the current row's seq."""
        return "seq" if not self.ahead else f"seq + {_int(self.ahead)}"

    def settle(self, indent: int) -> None:
        """Add the rows counted ahead to ``seq`` (before a branch or a loop, and at its end)."""
        if self.ahead:
            self.add(indent, f"seq += {_int(self.ahead)}")
            self.ahead = 0

    @property
    def names(self) -> dict[str, Any]:
        return self.space.names

    def test(self, test: Getter) -> str:
        """The expression of ``test`` applied to the board ``b``: the condition itself, read in
        place, when ``reads`` knows it; else a call of the compiled test."""
        if self.reads is not None:
            found = self.reads.inline(test)
            if found is not None:  # its values' global names made this function's locals
                pieces = _PIECES.get(found)
                if pieces is None:
                    pieces = _PIECES[found] = tuple(_BOUND.split(found))
                return "".join(
                    [self._local(piece) if number % 2 else piece for number, piece in enumerate(pieces)]
                )
        return f"{self.bind(test)}(b)"

    def bind(self, value: Any) -> str:
        """The name under which the function reads ``value`` (an id, a condition, a tuple): a
        local of its own (see :meth:`build`) for the global the namespace binds it to."""
        return self._local(self.space.bind(value))

    def _local(self, bound: str) -> str:
        name = self.used.get(bound)
        if name is None:
            name = self.used[bound] = f"_a{len(self.used)}"
        return name

    def add(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def build(self, header: str, label: str) -> Callable[..., Any]:
        """The function (``header`` is this module's ``def _f(...):`` line, ``label`` the code's
        file name), with the namespace as its globals.

        The values the body names are its arguments' defaults (``_a0``, ``_a1``... in order of
        first use, each standing for a global ``_k0``, ``_k1``...: locals, faster to read), so that
        functions that differ only in them (a move as two roles play it, an inject's effects in two
        phases, the rounds of two phases...) share one compiled code object: each distinct text is
        compiled once (see ``_CODES``)."""
        used = self.used
        body = "\n".join(self.lines)
        if used:
            header = header[: -len("):")] + ", " + ", ".join(used.values()) + "):"
        text = header + "\n" + body + "\n"
        names = self.space.names
        code = _CODES.get((label, text))
        if code is None:
            module = compile(text, label, "exec")
            code = next(c for c in module.co_consts if isinstance(c, CodeType))
            if len(_CODES) >= _KEPT:  # (a long-lived process loading many cases)
                _CODES.clear()
            _CODES[(label, text)] = code
        defaults = tuple(names[name] for name in used) or None
        return FunctionType(code, names, "_f", defaults)


def _int(value: object) -> str:
    """An integer as source text (checked: nothing but an int becomes source)."""
    if type(value) is not int:
        raise TypeError(f"expected an int, not {type(value).__name__}")
    return f"({value})"


def _local(prefix: str, number: int) -> str:
    """A local variable's name: this module's prefix and a checked int."""
    _int(number)
    return f"{prefix}{number}"


def _bump(src: Source, indent: int, key: str, role: str, amount: str, watched: bool) -> None:
    """Add ``amount`` to ``role``'s part of contribution ``key`` (both names in the source), copying
    the per-role mapping first if an exit snapshot shares it; note the cause if a cause reads it."""
    src.add(indent, f"p = contrib.get({key})")
    src.add(indent, "if p is None:")
    src.add(indent + 1, f"contrib[{key}] = {{{role}: {amount}}}")
    src.add(indent + 1, f"fresh.add({key})")
    src.add(indent, f"elif {key} in fresh:")
    src.add(indent + 1, f"p[{role}] = p.get({role}, 0) + {amount}")
    src.add(indent, "else:")  # a copy of the mapping an exit snapshot shares, in its order
    src.add(indent + 1, f"contrib[{key}] = {{**p, {role}: p.get({role}, 0) + {amount}}}")
    src.add(indent + 1, f"fresh.add({key})")
    if watched:
        src.add(indent, f"last[{key}] = ({src.seq}, d)")


def effects(
    src: Source, indent: int, steps: tuple[Step, ...], actor: str, credited: str, watched: frozenset[str]
) -> None:
    """The lines applying ``steps`` (RoundRunner._apply with the tracker's ``moved``/``flagged``):
    ``actor`` is the name of the role a test reads as ``self``, ``credited`` that of the decision's
    role (names in the source)."""
    for slot, low, high, delta, flag, value, test in steps:
        at = indent
        key = src.bind(slot)
        if test is not None:
            src.settle(at)
            src.add(at, f"b.self_role = {actor}")
            src.add(at, f"if {src.test(test)}:")
            at += 1
        if flag is not None:
            truth = "True" if value else "False"
            src.add(at, f"flags[{src.bind(flag)}] = {truth}")
            src.add(at, f"if fv.get({key}, False) != {truth}:")
            src.add(at + 1, f"fv[{key}] = {truth}")
            src.add(at + 1, f"contrib[{key}] = {{{credited}: 1}}" if value else f"contrib[{key}] = {{}}")
            if slot in watched:
                src.add(at + 1, f"last[{key}] = ({src.seq}, d)")
        elif delta != 0:  # (0: a meter stays within its bounds, each change clamps: nothing changes)
            _change(src, at, key, low, high, delta, credited, slot in watched)
        src.row()
        if test is not None:
            src.settle(at)


def _change(
    src: Source, at: int, key: str, low: int, high: int, delta: int, credited: str, watched: bool
) -> None:
    """The lines of a meter's change by ``delta``, clamped to its bounds."""
    src.add(at, f"v = meters[{key}]")
    src.add(at, f"n = v + {_int(delta)}")
    if delta > 0:  # only the bound it moves towards can be passed
        src.add(at, f"if n > {_int(high)}:")
        src.add(at + 1, f"n = {_int(high)}")
    else:
        src.add(at, f"if n < {_int(low)}:")
        src.add(at + 1, f"n = {_int(low)}")
    src.add(at, "if n != v:")
    src.add(at + 1, f"meters[{key}] = n")
    src.add(at + 1, "c = n - v")
    _bump(src, at + 1, key, credited, "c", watched)


def move_function(
    move: str,
    role: str,
    steps: tuple[Step, ...],
    counts: tuple[str, ...],
    tags: tuple[str, ...],
    replies: tuple[tuple[str, Any, tuple[Step, ...]], ...],
    breaks: tuple[int, ...],
    lines: tuple[tuple[int, Any], ...],
    history: bool,
    watched: frozenset[str],
    reads: Reads | None = None,
) -> Callable[..., int]:
    """``f(b, state, seq) -> seq``: ``move`` played by ``role`` (RoundRunner._resolve and the
    tracker's rows for it, ``seq`` being the move row's), returning the next row's seq."""
    src = Source(reads)
    me, mid = src.bind(role), src.bind(move)
    src.add(1, f"{STATE} = state")
    src.add(1, "rnd = b.round")
    for number, (_index, test) in enumerate(lines):  # the red lines that hold before the move
        if number == 0:
            src.add(1, "keep = b.self_role")
            src.add(1, f"b.self_role = {me}")
        src.add(1, f"{_local('h', number)} = {src.test(test)}")
    if lines:
        src.add(1, "b.self_role = keep")
    src.add(1, "d = _new(_Cause)")  # Cause(role, seq, rnd, move), see Source.names
    src.add(1, f"_role(d, {me})")
    src.add(1, "_seq(d, seq)")
    src.add(1, "_round(d, rnd)")
    src.add(1, f"_move(d, {mid})")
    src.add(1, "moves.append(d)")
    for key in counts:
        _bump(src, 1, src.bind(key), me, "1", key in watched)
    src.row()
    effects(src, 1, steps, me, me, watched)
    src.add(1, "p = b.played")
    src.add(1, f"p[{mid}] = p.get({mid}, 0) + 1")
    if history:
        src.add(1, "first = b.first")
        src.add(1, f"if {mid} not in first:")
        src.add(2, f"first[{mid}] = len(first)")
        src.add(1, f"b.last[{mid}] = rnd")
    src.add(1, f"o = b.mine[{me}]")
    src.add(1, f"o[{mid}] = o.get({mid}, 0) + 1")
    if tags:
        src.add(1, "t = b.tagged")
    for tag in tags:
        name = src.bind(tag)
        src.add(1, f"t[{name}] = t.get({name}, 0) + 1")
        src.add(1, f"o[{name}] = o.get({name}, 0) + 1")
    for replier, when, reply_steps in replies:
        who = src.bind(replier)
        src.add(1, f"b.self_role = {who}")
        at = 1
        if when is not None:
            src.settle(1)
            src.add(1, f"if {src.test(when)}:")
            at = 2
        src.row()  # the reply row
        effects(src, at, reply_steps, who, me, watched)
        if when is not None:
            src.settle(at)
    if lines:  # red lines crossed: those the move breaks, and those that hold now and did not before
        src.add(1, f"crossed = set({src.bind(tuple(breaks))})")
        src.add(1, "keep = b.self_role")
        src.add(1, f"b.self_role = {me}")
        for number, (index, test) in enumerate(lines):
            src.add(1, f"if {src.test(test)} and not {_local('h', number)}:")
            src.add(2, f"crossed.add({_int(index)})")
        src.add(1, "b.self_role = keep")
        src.settle(1)
        src.add(1, "for line in sorted(crossed):")
        src.add(2, "causes[seq] = d")
        src.add(2, f"breaches.append(_Breach(seq, rnd, {me}, line, {mid}))")
        src.add(2, "seq += 1")
    else:
        for index in sorted(set(breaks)):
            src.add(1, f"causes[{src.seq}] = d")
            src.add(1, f"breaches.append(_Breach({src.seq}, rnd, {me}, {_int(index)}, {mid}))")
            src.row()
    src.add(1, f"return {src.seq}")
    return src.build("def _f(b, state, seq):", "<bulk move>")


def inject_function(
    steps: tuple[Step, ...], watched: frozenset[str], reads: Reads | None = None
) -> Callable[..., int]:
    """``f(b, state, seq, d) -> seq``: an inject's effects, caused by decision ``d``, ``seq`` being
    the first effect row's; returns the next row's seq."""
    src = Source(reads)
    src.add(1, f"{STATE} = state")
    src.add(1, "dr = d.role")
    src.add(1, "nobody = ''")
    effects(src, 1, steps, "nobody", "dr", watched)
    src.add(1, f"return {src.seq}")
    return src.build("def _f(b, state, seq, d):", "<bulk inject>")


def choice_function(
    role: str,
    gates: tuple[tuple[Any, Any], ...],
    prefs: tuple[tuple[int, Any, float, Any], ...],
    reads: Reads | None = None,
    uniform: Callable[..., Any] | None = None,
) -> Callable[..., Any]:
    """``f(b, streams) -> plan or None``: the policy's choice for ``role`` (:func:`game.play.policy.draw`)
    drawn from ``streams[role]``, or None when no move is open.  ``gates`` pairs each listed move's plan
    with its test; ``prefs`` (empty for the random policy) are the preferences that can apply, as
    (index in gates, plan, weight, when): a weighted draw among those whose move is open and whose
    ``when`` holds, else a uniform draw among the open moves (``uniform``, the role's function for
    that, when given)."""
    src = Source(reads)
    me = src.bind(role)
    src.add(1, f"b.self_role = {me}")
    if prefs:  # policy.draw's weighted draw, without lists: o<n> says whether preference n applies
        src.add(1, "total = 0")
        tested: set[int] = set()
        always = False  # some preference applies whenever its turn comes
        for number, (index, _plan, weight, when) in enumerate(prefs):
            test = gates[index][1]
            if test is not None and index not in tested:  # each move's test once, where first needed
                src.add(1, f"{_local('g', index)} = {src.test(test)}")
                tested.add(index)
            clauses = [] if test is None else [_local("g", index)]
            if when is not None:
                clauses.append(src.test(when))
            if clauses:
                src.add(1, f"{_local('o', number)} = {' and '.join(clauses)}")
                src.add(1, f"if {_local('o', number)}:")
                src.add(2, f"total = total + {src.bind(weight)}")  # sum(weights), in the same order
            else:
                always = True
                src.add(1, f"total = total + {src.bind(weight)}")
        at = 1
        if not always:
            flags = [_local("o", number) for number, (index, _p, _w, when) in enumerate(prefs)]
            src.add(1, f"if {' or '.join(flags)}:")
            at = 2
        src.add(at, f"point = streams[{me}].random() * total")  # policy._weighted
        for number, (index, plan, weight, when) in enumerate(prefs):
            conditional = gates[index][1] is not None or when is not None
            inner = at
            if conditional:
                src.add(at, f"if {_local('o', number)}:")
                inner = at + 1
            src.add(inner, f"point -= {src.bind(weight)}")
            src.add(inner, "if point < 0:")
            src.add(inner + 1, f"return {src.bind(plan)}")
        for number, (index, plan, _weight, when) in reversed(list(enumerate(prefs))):  # picks[-1]
            if gates[index][1] is None and when is None:
                src.add(at, f"return {src.bind(plan)}")
                break
            src.add(at, f"if {_local('o', number)}:")
            src.add(at + 1, f"return {src.bind(plan)}")
    if prefs and uniform is not None:
        src.add(1, f"return {src.bind(uniform)}(b, streams)")
        return src.build("def _f(b, streams):", "<bulk choice>")
    src.add(1, "found = []")
    for plan, test in gates:
        if test is None:
            src.add(1, f"found.append({src.bind(plan)})")
        else:
            src.add(1, f"if {src.test(test)}:")
            src.add(2, f"found.append({src.bind(plan)})")
    src.add(1, "if not found:")
    src.add(2, "return None")
    # Random.randrange(n) is Random._randbelow(n) for n > 0, which is _randbelow_with_getrandbits,
    # written out here (tests/test_bulk_mirrors.py holds its source as it was checked): the same draws
    src.add(1, "n = len(found)")
    src.add(1, "k = n.bit_length()")
    src.add(1, f"bits = streams[{me}].getrandbits")
    src.add(1, "r = bits(k)")
    src.add(1, "while r >= n:")
    src.add(2, "r = bits(k)")
    src.add(1, "return found[r]")
    return src.build("def _f(b, streams):", "<bulk choice>")


def injects_function(checks: tuple[tuple[Any, ...], ...], reads: Reads | None = None) -> Callable[..., None]:
    """``f(b, fired, roll, fire)``: a phase's injects checked at the start of a round, in the order
    written (RoundRunner._fire_injects): one that does not repeat and has fired is skipped, then its
    round, its ``when`` and its chance (``roll()``, a draw of the injects' stream) are checked in that
    order, and ``fire(k)`` fires the ``k``-th.  ``checks`` are :data:`game.play.bulkplan.InjectPlan`."""
    src = Source(reads)
    for number, (inject, _run, repeat, only, when, chance, _keys, _fired) in enumerate(checks):
        at = 1
        if not repeat:
            src.add(at, f"if {src.bind(inject)} not in fired:")
            at += 1
        if only is not None:
            src.add(at, f"if b.round == {_int(only)}:")
            at += 1
        if when is not None:
            src.add(at, f"if {src.test(when)}:")
            at += 1
        if chance is not None:
            src.add(at, f"if roll() < {src.bind(float(chance))}:")
            at += 1
        src.add(at, f"fire({_int(number)})")
    src.add(1, "return None")
    return src.build("def _f(b, fired, roll, fire):", "<bulk injects>")


def round_function(
    choosers: tuple[Callable[..., Any], ...], simultaneous: bool, reads: Reads | None = None
) -> Callable[..., int]:
    """``f(b, streams, state, seq) -> seq``: the moves of a round (RoundRunner's turns): each role's
    choice (``choosers``, in the round's order, each :func:`choice_function`'s) and its move played
    (a pass row when it has none); in a simultaneous round every choice is made first."""
    src = Source(reads)
    for number, choose in enumerate(choosers):
        move = _local("m", number)
        src.add(1, f"{move} = {src.bind(choose)}(b, streams)")
        if not simultaneous:
            src.add(1, f"seq = seq + 1 if {move} is None else {move}.run(b, state, seq)")
    if simultaneous:
        for number in range(len(choosers)):
            move = _local("m", number)
            src.add(1, f"seq = seq + 1 if {move} is None else {move}.run(b, state, seq)")
    src.add(1, "return seq")
    return src.build("def _f(b, streams, state, seq):", "<bulk round>")

