"""Restraint gates: the credit a move forfeited by breaking a rule that asks "never did X".

A rubric rule such as ``if: mine.retaliation == 0`` (+20) pays a player who
never retaliated.  When the player retaliates the rule simply does not hold, so
no hit names the move; yet that move cost the 20 points as surely as a penalty
would.  This module finds, for each such rule that fails at the end, the move of
the player that broke it, so that the debrief can charge the lost credit to that
decision ("forfeited 'kept one shared story' +15").

The counts a rule may read of the player's own moves ("own counts"):
``mine.x`` (moves with id or tag ``x``), ``played.x`` and ``tagged.x`` (the
player's part of them), ``count(x)`` and ``count(x, role)`` for the player's
role or ``self``.  For a rule with positive points that fails at the end and
reads at least one own count, with the rest of the board as it ended:

* replaying the player's moves in order, the rule is charged to the first move
  after which the rule fails although it held just before (a gate that held at
  the start, or once its other requirements were met);
* failing that, to the first move whose removal (with the later moves counting
  the same names) would make the rule hold.

What is charged: an act rule's points; a state rule (one that also reads the
board, such as ``ending.x and mine.escalatory == 0``) the share it would have
paid (:mod:`game.debriefing.credit`), the own-count parts counting as the
player's in full.  Nothing is charged when no single move of the player breaks
it (another role's plays, or the board, made it fail).  The scores themselves
are unchanged: a forfeit explains a decision, it is not a second penalty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.case.conditions import Binary, Call, Expr, Name, leaves
from game.case.model import Case, Dimension, Rule, RuleKind, Scores
from game.debriefing.credit import Credit, leaf_key
from game.debriefing.labels import find_move


@dataclass(frozen=True, slots=True)
class Forfeit:
    """A rule's credit that the move ``seq`` (round ``round``, move ``move``) forfeited."""

    seq: int
    round: int
    move: str
    dimension: str
    note: str
    points: int  # the credit lost, > 0


def forfeits(case: Case, role: str, credit: Credit) -> tuple[Forfeit, ...]:
    """Every gate credit ``role`` forfeited, each charged to the move that broke it."""
    at = credit.at
    moves = [(c, find_move(case, c.move)) for c in at.moves if c.role == role and c.seq is not None]
    if not moves:
        return ()
    out: list[Forfeit] = []
    for dim in case.rubric_for(role).values():
        for rule in dim.rules:
            found = _forfeit(case, dim, rule, role, moves, credit)
            if found is not None:
                out.append(found)
    return tuple(out)


def _forfeit(
    case: Case,
    dim: Dimension,
    rule: Rule,
    role: str,
    moves: Sequence[tuple[object, object]],
    credit: Credit,
) -> Forfeit | None:
    if rule.kind is not RuleKind.IF or rule.points <= 0 or (rule.roles and role not in rule.roles):
        return None
    assert rule.when is not None
    expr = rule.when.expr
    own = [leaf for leaf in dict.fromkeys(leaves(expr)) if _own_key(leaf, role) is not None]
    if not own or credit.holds_at_end(rule.when.test, role):
        return None
    final = credit.at.final
    assert final is not None
    shape = credit._shape(expr)
    env = credit._env(expr, role, final)
    counts = [{leaf_key(leaf): _counts(leaf, role, move) for leaf in own} for _, move in moves]

    def holds(values: dict[str, object]) -> bool:
        return bool(shape.env(values))

    # the player's own counts after k moves: the final ones less what the later moves added
    def after(k: int, only: set[str] | None = None) -> dict[str, object]:
        values = dict(env)
        for later in counts[k:]:
            for key, n in later.items():
                if n and (only is None or key in only):
                    values[key] = values[key] - n  # type: ignore[operator]
        return values

    breaker = None
    for k in range(1, len(moves) + 1):
        if any(counts[k - 1].values()) and holds(after(k - 1)) and not holds(after(k)):
            breaker = k - 1
            break
    if breaker is None:
        for k, mine in enumerate(counts):
            keys = {key for key, n in mine.items() if n}
            if keys and holds(after(k, keys)):
                breaker = k
                break
    if breaker is None:
        return None
    points = rule.points
    if rule.scores is Scores.STATE:
        share = _would_share(expr, role, credit, {leaf_key(leaf) for leaf in own})
        points = round(rule.points * share)
    if points <= 0:
        return None
    cause, move = moves[breaker]
    return Forfeit(cause.seq, cause.round, move.id, dim.id, rule.note, points)  # type: ignore[attr-defined]


def _would_share(expr: Expr, role: str, credit: Credit, own: set[str]) -> float:
    """The share a state rule would have paid had the player kept its gate: its own-count parts
    count in full, the others as :class:`Credit` reads them at the end."""
    at = credit.at
    assert at.final is not None and at.initial is not None
    parts = _and_parts(expr)
    timed = [p for p in parts if credit._shape(p).clock]
    parts = [p for p in parts if p not in timed] or timed
    shares: dict[int, float] = {}
    for part in parts:
        keys = {leaf_key(leaf) for leaf in leaves(part)}
        if keys and keys <= own:
            shares[id(part)] = 1.0
        elif keys & own:
            return 0.0  # a part mixing own counts and the board: no sound reading, nothing charged
        elif not credit._truth(part, False, role, at.final):
            return 0.0  # the rule would have failed anyway
        else:
            shares[id(part)] = credit._share(part, False, role, at.final, at.contrib)
    changed = [p for p in parts if not credit._truth(p, False, role, at.initial)]
    kept = [p for p in parts if p not in changed]
    kept_share = min((shares[id(p)] for p in kept), default=1.0)
    if not changed:
        return kept_share
    return sum(shares[id(p)] for p in changed) / len(changed) * kept_share


def _and_parts(expr: Expr) -> list[Expr]:
    if isinstance(expr, Binary) and expr.op == "and":
        return [*_and_parts(expr.left), *_and_parts(expr.right)]
    return [expr]


def _own_key(leaf: object, role: str) -> str | None:
    """What of the player's own moves ``leaf`` counts ("id-or-tag", "id" or "tag" and the name)."""
    if isinstance(leaf, Name):
        head, _, rest = leaf.text.partition(".")
        if head in ("mine", "played", "tagged") and rest:
            return head
        return None
    if (
        isinstance(leaf, Call)
        and leaf.fn == "count"
        and leaf.args
        and (len(leaf.args) == 1 or leaf.args[1] in (role, "self"))
    ):
        return "count"
    return None


def _counts(leaf: object, role: str, move: object) -> int:
    """How much one move of the player adds to ``leaf``."""
    kind = _own_key(leaf, role)
    ident = move.id  # type: ignore[attr-defined]
    tags = move.tags  # type: ignore[attr-defined]
    if isinstance(leaf, Name):
        name = leaf.text.partition(".")[2]
        if kind == "played":
            return int(ident == name)
        if kind == "tagged":
            return int(name in tags)
        return int(ident == name or name in tags)
    assert isinstance(leaf, Call)
    name = leaf.args[0]
    return int(ident == name or name in tags)
