"""Expected paths: an instructor's tests for a case.

A file ``<case>.paths.yaml`` beside a case lists move sequences and what they
must produce::

    paths:
      - name: doctrine-following play reaches a settlement
        seed: 7
        players: [velmar]          # human roles; the others follow their policy
        policy: counterpart        # optional: counterpart (default) or random
        moves:                     # taken in order when that role is to move;
          - velmar: listen         # past the end the policy chooses
          - velmar: open_backchannel
        expect:
          visits: [backchannel, mediation]
          ending: agreement
          outcome: agreement
          score: ">= 75"           # overall score of the first player
          dimensions: {escalation_control: ">= 70"}

:func:`read_paths` checks the file as strictly as a case (every problem with
line and column); :func:`run_path` plays one path and lists what failed.

A path may instead name a strategy and bounds over many seeds
(:mod:`game.instructor.bounds`): ``strategy:`` in place of ``moves:``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from game.case.loader import load_case
from game.case.model import Case
from game.case.yamlsafe import MappingNode, Node, ScalarNode, SequenceNode, read_file
from game.debriefing.scoring import Debrief, debrief
from game.errors import CaseError, Diagnostic, MoveError, did_you_mean
from game.instructor.bounds import STRATEGY_PATH_KEYS, StrategyPath, read_strategy_path, run_strategy_path
from game.instructor.calibrate import StrategyReport
from game.instructor.treereader import TreeReader, as_file_of
from game.play.policy import POLICIES
from game.play.script import Scripted, ScriptError, drive
from game.play.session import Session

_COMPARE = re.compile(r"^\s*(<=|>=|==|!=|<|>)?\s*(-?\d+)\s*$")
_OPS: dict[str, Callable[[int, int], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}
_PATH_KEYS = ("name", "seed", "players", "policy", "moves", "expect")
_EXPECT_KEYS = ("visits", "ending", "outcome", "score", "dimensions")


@dataclass(frozen=True, slots=True)
class Bound:
    """A comparison such as ``>= 75`` (a bare number means ``>=``)."""

    op: str
    value: int

    def holds(self, actual: int) -> bool:
        """Whether ``actual`` satisfies the bound."""
        return _OPS[self.op](actual, self.value)

    def __str__(self) -> str:
        return f"{self.op} {self.value}"


@dataclass(frozen=True, slots=True)
class Expected:
    """What a path must produce; ``None`` or empty means "not checked"."""

    visits: tuple[str, ...] = ()
    ending: str | None = None
    outcome: str | None = None
    score: Bound | None = None
    dimensions: tuple[tuple[str, Bound], ...] = ()


@dataclass(frozen=True, slots=True)
class ExpectedPath:
    """One path of a paths file."""

    name: str
    seed: int
    players: tuple[str, ...]
    policy: str
    moves: tuple[Scripted, ...]
    expect: Expected
    line: int


@dataclass(frozen=True, slots=True)
class PathResult:
    """The outcome of playing one path (``over``: a strategy path's report over its seeds)."""

    path: ExpectedPath | StrategyPath
    failures: tuple[str, ...]
    result: Debrief | None = None
    over: StrategyReport | None = None

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures


@dataclass
class _Reader(TreeReader):
    file: str
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(self.file, node.line, node.column, message, hint, "paths"))

    def integer(self, node: Node, what: str) -> int | None:
        if isinstance(node, ScalarNode) and node.style == "plain" and re.fullmatch(r"-?\d+", node.text):
            return int(node.text)
        self.error(node, f"{what} must be a whole number")
        return None

    def bound(self, node: Node, what: str) -> Bound | None:
        match = _COMPARE.match(node.text) if isinstance(node, ScalarNode) else None
        if match is None:
            self.error(node, f"{what} must be a number or a comparison such as '>= 70'")
            return None
        return Bound(match.group(1) or ">=", int(match.group(2)))

    def ids(self, node: Node, what: str) -> list[tuple[str, Node]]:
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list")
            return []
        return [
            (item.text, item) for item in node.items if isinstance(item, ScalarNode) and self.text(item, what)
        ]


def read_paths(path: Path, case: Case) -> list[ExpectedPath | StrategyPath]:
    """Read a paths file for ``case``; raises :class:`CaseError` with every problem."""
    document = read_file(path)
    if document.diagnostics or document.root is None:
        raise CaseError(
            as_file_of(document.diagnostics, "a paths file is a mapping that starts with 'paths:'")
        )
    reader = _Reader(str(path))
    top = reader.mapping(document.root, "the paths file", ("paths",)) or {}
    out: list[ExpectedPath | StrategyPath] = []
    items = top.get("paths")
    if items is None:
        reader.error(document.root, "the paths file needs a 'paths:' list")
    elif not isinstance(items, SequenceNode):
        reader.error(items, "'paths' must be a list")
    else:
        for item in items.items:
            parsed = _read_path(reader, item, case)
            if parsed is not None:
                out.append(parsed)
    if reader.problems:
        raise CaseError(reader.problems)
    return out


def _read_path(reader: _Reader, node: Node, case: Case) -> ExpectedPath | StrategyPath | None:
    if isinstance(node, MappingNode) and any(key.text == "strategy" for key, _ in node.pairs):
        fields = reader.mapping(node, "a strategy path", STRATEGY_PATH_KEYS)
        return read_strategy_path(reader, fields, node, case) if fields is not None else None
    fields = reader.mapping(node, "a path", _PATH_KEYS)
    if fields is None:
        return None
    before = len(reader.problems)
    name = reader.text(fields["name"], "name") if "name" in fields else None
    if name is None and "name" not in fields:
        reader.error(node, "a path needs a 'name'")
    seed = reader.integer(fields["seed"], "seed") if "seed" in fields else 0
    players: list[str] = []
    bad_players = False
    for role, where in reader.ids(fields["players"], "players") if "players" in fields else []:
        if role not in case.roles or not case.roles[role].playable:
            reader.error(where, f"'{role}' is not a playable role", did_you_mean(role, case.playable_roles))
            bad_players = True
        players.append(role)
    policy = reader.text(fields["policy"], "policy") if "policy" in fields else "counterpart"
    if policy is not None and policy not in POLICIES:
        reader.error(fields["policy"], f"unknown policy '{policy}'", did_you_mean(policy, POLICIES))
    moves = _read_moves(reader, fields.get("moves"), case, None if bad_players else players)
    scored = None if bad_players else (players[0] if players else case.playable_roles[0])
    expect = _read_expect(reader, fields.get("expect"), case, scored)
    if len(reader.problems) > before or name is None or seed is None or policy is None:
        return None
    return ExpectedPath(name, seed, tuple(players), policy, tuple(moves), expect, node.line)


def _read_moves(reader: _Reader, node: Node | None, case: Case, players: list[str] | None) -> list[Scripted]:
    """The scripted moves; ``players`` is None when the players list was already refused."""
    if node is None:
        return []
    if not isinstance(node, SequenceNode):
        reader.error(node, "'moves' must be a list of 'role: move' entries")
        return []
    out = []
    for item in node.items:
        if not (isinstance(item, MappingNode) and len(item.pairs) == 1):
            reader.error(item, "each move is one 'role: move' entry")
            continue
        key, value = item.pairs[0]
        move = reader.text(value, "a move")
        if players is not None and key.text not in players:
            reader.error(
                key, f"'{key.text}' is not among this path's players", f"players: {', '.join(players)}"
            )
        elif move is not None and move not in case.moves and not _answer(case, move):
            reader.error(value, f"unknown move '{move}'", did_you_mean(move, [*case.moves, *_answers(case)]))
        elif (
            move is not None
            and move in case.moves
            and key.text in case.roles
            and key.text not in case.moves[move].roles
        ):
            # never open to this role, in any phase: say so now, not when the path is played
            own = [m.id for m in case.moves.values() if key.text in m.roles]
            reader.error(
                value,
                f"'{move}' is not a move of '{key.text}' (its roles: {', '.join(case.moves[move].roles)})",
                did_you_mean(move, own) or f"{key.text} may play: {', '.join(own) or 'nothing'}",
            )
        elif move is not None:
            out.append(Scripted(key.text, move, reader.file, value.line, value.column))
    return out


def _known_dimensions(case: Case) -> tuple[str, ...]:
    """Every dimension id of the case rubric and of the roles' own rubrics."""
    known = dict.fromkeys(case.rubric)
    for role in case.roles:
        known.update(dict.fromkeys(case.rubric_for(role)))
    return tuple(known)


def _read_expect(reader: _Reader, node: Node | None, case: Case, scored: str | None) -> Expected:
    """``scored``: the role whose score the path checks (its first player), None when unknown."""
    if node is None:
        return Expected()
    fields = reader.mapping(node, "'expect'", _EXPECT_KEYS) or {}
    visits = []
    for phase, where in reader.ids(fields["visits"], "visits") if "visits" in fields else []:
        if phase in case.endings:
            reader.error(where, f"'{phase}' is an ending, not a phase", f"write 'ending: {phase}'")
        elif phase not in case.phases:
            reader.error(where, f"unknown phase '{phase}'", did_you_mean(phase, case.phases))
        visits.append(phase)
    ending = reader.text(fields["ending"], "ending") if "ending" in fields else None
    if ending is not None and ending not in case.endings:
        reader.error(fields["ending"], f"unknown ending '{ending}'", did_you_mean(ending, case.endings))
    outcome = reader.text(fields["outcome"], "outcome") if "outcome" in fields else None
    kinds = {e.outcome.value for e in case.endings.values()}
    if outcome is not None and outcome not in kinds:
        reader.error(
            fields["outcome"], f"no ending has the outcome '{outcome}'", did_you_mean(outcome, kinds)
        )
    score = reader.bound(fields["score"], "score") if "score" in fields else None
    dims: list[tuple[str, Bound]] = []
    if "dimensions" in fields:
        node_dims = fields["dimensions"]
        read = reader.mapping(node_dims, "'dimensions'", _known_dimensions(case)) or {}
        rubric = case.rubric_for(scored) if scored is not None else None
        keys = {k.text: k for k, _ in node_dims.pairs} if isinstance(node_dims, MappingNode) else {}
        for key, value in read.items():
            if rubric is not None and scored is not None and key not in rubric:
                reader.error(
                    keys.get(key, value),
                    f"{case.roles[scored].name} ({scored}), the role this path scores, is not judged on "
                    f"'{key}'",
                    f"its dimensions: {', '.join(rubric)}; "
                    f"or put a role judged on '{key}' first in 'players'",
                )
                continue
            bound = reader.bound(value, f"dimension '{key}'")
            if bound is not None:
                dims.append((key, bound))
    return Expected(tuple(visits), ending, outcome, score, tuple(dims))


def run_path(case: Case, path: ExpectedPath | StrategyPath) -> PathResult:
    """Play ``path`` through ``case`` and check its expectations."""
    if isinstance(path, StrategyPath):
        failed, report = run_strategy_path(case, path)
        return PathResult(path, failed, None, report)
    session = Session(case, seed=path.seed, humans=path.players, policy=path.policy)
    try:
        unplayed = drive(session, path.moves)
    except (ScriptError, MoveError) as err:
        return PathResult(path, (f"a move was refused: {err}",))
    result = debrief(case, session.log)
    failures: list[str] = []
    if unplayed:
        first = unplayed[0]
        failures.append(
            f"{len(unplayed)} scripted move(s) never played: the case ended in round {session.round} "
            f"before line {first.line} ({first.role}: {first.move})"
        )
    visited = [e.data["phase"] for e in session.log if e.kind == "phase"]
    for phase in path.expect.visits:
        if phase not in visited:
            failures.append(f"expected to visit {phase}; visited {', '.join(visited)}")
    if path.expect.ending and result.ending != path.expect.ending:
        failures.append(f"expected ending {path.expect.ending}, got {result.ending}")
    if path.expect.outcome and result.outcome != path.expect.outcome:
        failures.append(f"expected outcome {path.expect.outcome}, got {result.outcome}")
    player = result.players[0]
    if path.expect.score and not path.expect.score.holds(player.overall):
        failures.append(f"expected score {path.expect.score}, got {player.overall}")
    scores = {d.id: d.score for d in player.dimensions}
    for dim, bound in path.expect.dimensions:
        if dim not in scores:
            failures.append(f"expected {dim} {bound}, but {player.role} is not judged on {dim}")
        elif not bound.holds(scores[dim]):
            failures.append(f"expected {dim} {bound}, got {scores[dim]}")
    return PathResult(path, tuple(failures), result)


def check_paths(path: Path) -> tuple[Diagnostic, ...]:
    """Every problem in an expected-paths file, checked against the case beside it; never raises."""
    name = path.name
    case_path = (
        path.with_name(name[: -len(".paths.yaml")] + ".yaml") if name.endswith(".paths.yaml") else None
    )
    if case_path is None or not case_path.is_file():
        where = case_path.name if case_path else "<case>.yaml"
        return (
            Diagnostic(str(path), 1, 1, f"no case file {where} beside this expected-paths file", "", "paths"),
        )
    try:
        read_paths(path, load_case(case_path))
    except CaseError as err:
        if err.diagnostics and err.diagnostics[0].path != str(path):
            return (
                Diagnostic(
                    str(path),
                    1,
                    1,
                    f"the case beside it, {case_path.name}, has problems",
                    f"run parley validate {case_path}",
                    "paths",
                ),
            )
        return err.diagnostics
    return ()


def _answers(case: Case) -> list[str]:
    """The answer moves of a format-2 case's proposals: ``x.accept``, ``x.reject`` and each counter."""
    return [f"{p.id}.{a}" for p in case.proposals.values() for a in ("accept", "reject", *p.counters)]


def _answer(case: Case, move: str) -> bool:
    return move in _answers(case)
