"""Conditions said in words: which clauses of a condition hold or fail, as sentences.

The debrief explains an ending by the clauses of its exit (what decided it, and what the
nearest better ending lacked: :mod:`game.debriefing.causes`); the play screen says why a
move with a compound ``when`` is locked now by the clauses that fail
(:func:`locked_reason`: "“Hold fire” already played", "needs Trust ≥ 4 (now 2)").  Both read
a condition's syntax tree through a :data:`Reader`, the values at the end of a session or on
a live board, so the words are the same in both places.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from game.case.conditions import Binary, Bool, Call, Expr, Leaf, Name, Num, Unary, leaves, names, render
from game.case.model import Case
from game.case.names import Context
from game.debriefing.credit import evaluate, leaf_key
from game.debriefing.labels import reading_label, slot_label
from game.play.board import Board
from game.play.rules import rules_for

OPS = {"<=": "≤", ">=": "≥", "==": "=", "!=": "≠", "<": "<", ">": ">"}
CLOCK_WORDS = {
    "round": "the round",
    "phase_round": "rounds in the phase",
    "rounds_left": "rounds left in the phase",
}

Reader = Callable[[Leaf | str], object]
"""The value of a name (or a history question): at the end of a session, or on a live board."""


def failing(expr: Expr, read: Reader, neg: bool = False) -> list[Expr]:
    """The fewest leaves of ``expr`` that would have to change for it to hold."""
    if isinstance(expr, Unary) and expr.op == "not":
        return failing(expr.operand, read, not neg)
    if satisfied(expr, read) != neg:
        return []
    if isinstance(expr, Binary) and expr.op in ("and", "or"):
        op = expr.op if not neg else ("or" if expr.op == "and" else "and")
        left, right = failing(expr.left, read, neg), failing(expr.right, read, neg)
        if op == "and":
            return left + right
        options = [side for side in (left, right) if side]
        return min(options, key=len) if options else []
    return [Unary("not", expr, 0) if neg else expr]


def true_leaves(expr: Expr, read: Reader, neg: bool = False) -> list[Expr]:
    if isinstance(expr, Unary) and expr.op == "not":
        return true_leaves(expr.operand, read, not neg)
    if isinstance(expr, Binary) and expr.op in ("and", "or"):
        op = expr.op if not neg else ("or" if expr.op == "and" else "and")
        left = true_leaves(expr.left, read, neg) if satisfied(expr.left, read) != neg else []
        right = true_leaves(expr.right, read, neg) if satisfied(expr.right, read) != neg else []
        return left + right if op == "and" else (left or right)
    return [Unary("not", expr, 0) if neg else expr]


def satisfied(expr: Expr, read: Reader) -> bool:
    """Whether ``expr`` holds, read through ``read``."""
    return bool(evaluate(expr, {leaf_key(leaf): read(leaf) for leaf in leaves(expr)}))


def board_reader(case: Case, board: Board, role: str) -> Reader:
    """Values on ``board`` as ``role`` reads them (``self`` is ``role``; "" for none)."""
    table = rules_for(case).names

    def read(leaf: Leaf | str) -> object:
        board.self_role = role
        found = Name(leaf, 1) if isinstance(leaf, str) else leaf
        return table.resolve(found, Context.RUBRIC).getter(board)

    return read


def clause_text(
    case: Case,
    leaf: Expr,
    read: Reader,
    holds: bool,
    after: Callable[[Sequence[str]], str] | None = None,
    now: bool = False,
) -> str:
    """A clause for people, with the value it read and, when it failed, what last moved it
    (``after``: the change that last moved the names read, in words; "" for none).

    ``now``: a clause failing on a live board, said in the present tense, as a locked move's
    reason ("“Hold fire” already played", "needs Trust ≥ 4 (now 2)")."""
    neg = isinstance(leaf, Unary) and leaf.op == "not"
    inner = leaf.operand if isinstance(leaf, Unary) else leaf
    if now and not holds:
        return _lock_clause(case, inner, neg, read)
    if isinstance(inner, Name):
        head, _, key = inner.text.partition(".")
        text = f"“{case.moves[key].label}” played" if head == "played" and key in case.moves else None
        text = text or name_label(case, inner.text)
        if holds:
            return f"{text}: no" if neg else text
        return f"{text}: no (it was)" if neg else f"{text} (it was not)"
    played = _played_once(case, inner)
    if played and not neg:
        return f"“{played}” played" if holds else f"“{played}” played (it never was)"
    if isinstance(inner, Call) and inner.fn == "played" and inner.args[0] in case.moves:
        label = case.moves[inner.args[0]].label
        if holds:
            return f"“{label}” played: no" if neg else f"“{label}” played"
        return f"“{label}” played: no (it was)" if neg else f"“{label}” played (it never was)"
    if isinstance(inner, Binary) and inner.op in OPS:
        said = f"{_side(case, inner.left)} {OPS[inner.op]} {_side(case, inner.right)}"
        if neg:
            said = f"not ({said})"
        names_read = [n.text for n in names(inner)]
        values = ", ".join(f"{name_label(case, t)} = {read(t)}" for t in dict.fromkeys(names_read))
        if holds:
            return f"{said} ({values})"
        moved = after(names_read) if after is not None else ""
        return f"{said}; {values}" + (f" after {moved}" if moved else "")
    return render(leaf)


NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def _lock_clause(case: Case, inner: Expr, neg: bool, read: Reader) -> str:
    """A failing clause of a move's ``when``, as the reason it is locked now."""
    once = _played_once(case, inner) or (
        case.moves[inner.args[0]].label
        if isinstance(inner, Call) and inner.fn == "played" and inner.args[0] in case.moves
        else ""
    )
    if not once and isinstance(inner, Name) and inner.text.startswith("played."):
        once = case.moves[inner.text[7:]].label if inner.text[7:] in case.moves else ""
    never, mine, allowed = _played_never(case, inner)
    any_of = _any_played(case, inner)
    if any_of and not neg:
        return "needs " + " or ".join(f"“{label}”" for label in any_of) + " played first"
    fired = _fired_once(case, inner)
    if fired and not neg:
        return f"not before “{fired}”"
    if once:
        return f"“{once}” already played" if neg else f"needs “{once}” played first"
    if never and not neg:
        times = "" if allowed == 1 else f" {allowed} times"
        return f"you already played “{never}”{times}" if mine else f"“{never}” already played{times}"
    if isinstance(inner, Name):
        text = name_label(case, inner.text)
        return f"already: {text}" if neg else f"needs: {text}"
    if isinstance(inner, Binary) and inner.op in OPS:
        op = NEGATED[inner.op] if neg else inner.op
        said = f"{_side(case, inner.left)} {OPS[op]} {_side(case, inner.right)}"
        read_now = list(dict.fromkeys(n.text for n in names(inner)))
        if len(read_now) == 1:
            return f"needs {said} (now {read(read_now[0])})"
        values = ", ".join(f"{name_label(case, t)} = {read(t)}" for t in read_now)
        return f"needs {said} (now {values})"
    return f"needs not ({render(inner)})" if neg else f"needs {render(inner)}"


def _any_played(case: Case, expr: Expr) -> list[str]:
    """The labels of X, Y in ``played.X + played.Y >= 1``: one of them played; else []."""
    if not (isinstance(expr, Binary) and isinstance(expr.right, Num) and expr.right.value == 1):
        return []
    if expr.op != ">=":
        return []
    terms: list[Expr] = []
    todo: list[Expr] = [expr.left]
    while todo:
        part = todo.pop()
        if isinstance(part, Binary) and part.op == "+":
            todo += [part.right, part.left]
        else:
            terms.append(part)
    labels = []
    for term in terms:
        if not (isinstance(term, Name) and term.text.startswith("played.") and term.text[7:] in case.moves):
            return []
        labels.append(case.moves[term.text[7:]].label)
    return labels if len(labels) > 1 else []


def _fired_once(case: Case, expr: Expr) -> str:
    """The title of X in ``fired.X >= 1`` (or ``> 0``, or ``fired.X`` alone); else ""."""
    if isinstance(expr, Name):
        head, _, key = expr.text.partition(".")
        return case.injects[key].title if head == "fired" and key in case.injects else ""
    if not (isinstance(expr, Binary) and isinstance(expr.left, Name) and isinstance(expr.right, Num)):
        return ""
    head, _, key = expr.left.text.partition(".")
    once = (expr.op == ">=" and expr.right.value == 1) or (expr.op == ">" and expr.right.value == 0)
    return case.injects[key].title if head == "fired" and key in case.injects and once else ""


def _played_never(case: Case, expr: Expr) -> tuple[str, bool, int]:
    """For a cap on plays, ``played.X < N`` (or ``<= N - 1``, ``== 0``; ``mine.X`` too): X's label,
    whether it counts the mover's own plays, and N, the plays allowed; else ("", False, 0)."""
    if not (isinstance(expr, Binary) and isinstance(expr.left, Name) and isinstance(expr.right, Num)):
        return "", False, 0
    head, _, key = expr.left.text.partition(".")
    value = expr.right.value
    allowed = {"==": 1 if value == 0 else 0, "<": value, "<=": value + 1}.get(expr.op, 0)
    if head in ("played", "mine") and key in case.moves and isinstance(allowed, int) and allowed >= 1:
        return case.moves[key].label, head == "mine", allowed
    return "", False, 0


def locked_reason(case: Case, expr: Expr, board: Board, role: str) -> str:
    """Why a move whose ``when`` is ``expr`` is locked for ``role`` now: the parts that fail, in
    words ("“Hold fire” already played; and needs Trust (ExComm–Kremlin) ≥ 4 (now 2)")."""
    read = board_reader(case, board, role)
    missing = failing(expr, read)
    return "; and ".join(clause_text(case, leaf, read, False, now=True) for leaf in missing)


def _played_once(case: Case, expr: Expr) -> str:
    """The label of X in ``played.X >= 1`` (or ``> 0``), the commonest clause of an exit; else ""."""
    if not (isinstance(expr, Binary) and isinstance(expr.left, Name) and isinstance(expr.right, Num)):
        return ""
    head, _, key = expr.left.text.partition(".")
    once = (expr.op == ">=" and expr.right.value == 1) or (expr.op == ">" and expr.right.value == 0)
    return case.moves[key].label if head == "played" and key in case.moves and once else ""


def _side(case: Case, expr: Expr) -> str:
    if isinstance(expr, Name):
        return name_label(case, expr.text)
    if isinstance(expr, Num | Bool):
        return render(expr)
    if isinstance(expr, Binary) and expr.op in ("+", "-", "*", "/"):
        return f"{_side(case, expr.left)} {expr.op} {_side(case, expr.right)}"
    return render(expr)


def name_label(case: Case, text: str) -> str:
    table = rules_for(case).names
    head, _, key = text.partition(".")
    if head in table.meters:
        meter, slot = table.meter_slot(text, None)
        return slot_label(case, slot) if slot else case.meters[meter].label
    if head == "flags" and key in case.flags:
        return (case.flags[key].description or key).strip().rstrip(".")
    if head == "played" and key in case.moves:
        return f"times “{case.moves[key].label}” was played"
    if head == "tagged":
        return f"moves tagged {key.replace('_', ' ')}"
    if head == "fired" and key in case.injects:
        return f"times “{case.injects[key].title}” happened"
    if head == "visited" and key in case.phases:
        return f"reached “{case.phases[key].title}”"
    if text in CLOCK_WORDS:
        return CLOCK_WORDS[text]
    said = reading_label(case, text, True)
    if said.endswith(" = True") or said.endswith(" = true"):
        return said[: -len(" = True")]
    return said.rsplit(": ", 1)[0]
