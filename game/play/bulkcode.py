"""Straight-line Python for the bulk engine, per case: one function per move as one role plays it,
per inject's effects, per phase's inject checks, and per role's choice in each phase and policy.

Each does what :class:`game.play.rounds.RoundRunner` (``_resolve``, ``_apply``, ``_fire_injects``),
:func:`game.play.policy.draw` and :class:`game.play.attribution.Tracker` (``detail=False``) do for
it, with its loops unrolled, every slot, bound and delta in place, and no row written (each is
counted in ``seq``).

How the code is made: the source is put together from this module's own fragments only.  Every id,
slot, tag and role (the case's declared names), every weight and chance, is bound in the case's
namespace under a name made there and reaches the function as one of its arguments' defaults
(:mod:`game.play.bulksource`), and every other number is an ``int`` checked as one; no text of the
case is ever part of the source.  A condition is read in place from its checked syntax tree
(:mod:`game.play.bulkreads`, whose strings are bound the same way), or else called as the compiled
function the loader made (:attr:`game.case.model.Condition.test`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.play.bulkreads import Reads
from game.play.bulksource import Namespace, Source, _int, _local
from game.play.rules import Step

__all__ = ["STATE", "Namespace", "Source", "_int", "choice_function", "effects", "inject_function"]
__all__ += ["injects_function", "move_function", "round_function"]

# The per-playthrough containers every generated function reads, in this order (see bulk._play):
STATE = "meters, flags, fv, contrib, fresh, last, moves, causes, breaches"


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
