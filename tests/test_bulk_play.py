"""The bulk engine (game.play.bulk) gives the board Session.tally() gives, field by field.

Every built-in case, every loadable test case, the synthetic case of benchmarks/engine.py and a
format-2 case written here (history, effect ifs, appears_when, requires, timeouts with deadlines,
state red lines, chance and repeating injects), both policies, 40 seeds each.  Cases the bulk
engine leaves to Session are listed, so a silent fallback fails.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from types import CodeType
from typing import Any

import pytest

from game.case.library import builtin_files
from game.case.loader import load_case, load_case_text
from game.case.model import Case
from game.play.attribution import Attribution, ExitRecord
from game.play.board import Board, Offer
from game.play.bulk import bulk_tally, prepare, snapshot_of
from game.play.bulkcode import _int
from game.play.bulkplan import plan_for, unsupported
from game.play.policy import POLICIES
from game.play.session import Session, _copy_board

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
SEEDS = range(40)

# the test cases the bulk engine leaves to Session: offers and agreements, or timers
FALLS_BACK = {
    "format2/agreements.yaml",
    "format2/answers.yaml",
    "format2/quarantine.yaml",
    "format2/saltmere.yaml",
    "lint/counter-adds-tabled-term.yaml",
    "lint/proposal-never-tabled.yaml",
    "lint/timer-never-started.yaml",
    "minimal2.yaml",
}

FORMAT2 = """\
schema_version: 2
id: bulk-format2
title: Bulk format 2
summary: The format-2 features the bulk engine plays, together.
difficulty: introductory
duration_minutes: 15
briefing: Generated for tests.
rounds:
  limit: 6
  on_limit: stalemate
roles:
  a:
    name: A
    description: A role.
    briefing: Play.
    red_lines:
      - text: Never let tension reach 8 while trusted.
        when: tension >= 8 and trust.self >= 2
        dimension: d
        points: -5
      - text: Never threaten.
        moves: [threaten]
        dimension: d
        points: -5
    policy:
      - move: threaten
        weight: 2
        when: rounds_since(listen) >= 1
      - move: listen
      - move: settle
        weight: 3
  b:
    name: B
    description: A role.
    briefing: Play.
    policy:
      - move: listen
        when: not played(threaten)
      - move: threaten
meters:
  tension:
    label: Tension
    max: 10
    initial: 4
  trust:
    label: Trust
    scope: role
    max: 10
    initial: 3
flags:
  warned: A warning was given.
phases:
  talk:
    title: Talk
    text: Talk.
    max_rounds: 3
    on_timeout: crisis
    moves:
      a: [listen, threaten, settle]
      b: [listen, threaten]
    exits:
      - to: deal
        when: trust.a >= 6 and played(listen) before played(threaten)
  crisis:
    title: Crisis
    text: Crisis.
    max_rounds: 4
    on_timeout: breakdown
    moves:
      a: [listen, threaten, settle]
      b: [listen, threaten]
    exits:
      - to: deal
        when: count(inquiry) >= 9
      - to: breakdown
        when: tension >= 10 or fired.storm >= 3
endings:
  deal: {title: Deal, outcome: agreement, text: A deal.}
  stalemate: {title: Stalemate, outcome: stalemate, text: Nothing.}
  breakdown: {title: Breakdown, outcome: breakdown, text: It broke.}
moves:
  listen:
    label: Listen
    roles: [a, b]
    tags: [inquiry]
    effects:
      - tension: -1
      - if: not played(threaten)
        trust.self: +1
    replies:
      - role: b
        text: B eases off.
        when: tension <= 3
        effects:
          - trust.a: +1
          - if: trust.self >= 4
            tension: -1
  threaten:
    label: Threaten
    roles: [a, b]
    appears_when: tension >= 3
    tags: [escalatory]
    effects:
      - tension: +2
        flags.warned: true
      - if: flags.warned and tension >= 7
        trust.self: -2
  settle:
    label: Settle
    roles: [a]
    requires:
      - when: trust.a >= 4
        reason: Needs trust.
    effects:
      trust.a: +1
injects:
  storm:
    title: Storm
    text: A storm.
    chance: 0.4
    repeat: true
    effects:
      - tension: +1
      - if: flags.warned
        trust.b: -1
  calm:
    title: Calm
    text: Calm.
    when: trust.a >= 5
    effects:
      tension: -2
rubric:
  d:
    title: D
    rules:
      - tag: inquiry
        points: 5
        note: listened
"""


def _synthetic() -> Case:
    spec = importlib.util.spec_from_file_location("_bulk_engine_benchmark", ROOT / "benchmarks" / "engine.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return load_case_text(module.synthetic_case(module.PHASES, module.MOVES), "synthetic.yaml")


def _test_case_files() -> list[str]:
    found = []
    for path in sorted(CASES.rglob("*.yaml")):
        name = path.relative_to(CASES).as_posix()
        broken = name.split("/")[0] in ("invalid", "invalid2")
        if broken or ".strategies/" in name or name.endswith(".paths.yaml"):
            continue
        found.append(name)
    return found


_LOADED: dict[str, Case] = {}


def _case(name: str) -> Case:
    if name not in _LOADED:
        if name == "synthetic":
            _LOADED[name] = _synthetic()
        elif name == "format2-inline":
            _LOADED[name] = load_case_text(FORMAT2, "bulk-format2.yaml")
        elif name.startswith("builtin:"):
            _LOADED[name] = load_case(next(p for p in builtin_files() if p.name == name[8:]))
        else:
            _LOADED[name] = load_case(CASES / name)
    return _LOADED[name]


NAMES = [f"builtin:{p.name}" for p in builtin_files()] + _test_case_files() + ["synthetic", "format2-inline"]


def assert_same_board(expected: Board, got: Board, where: str = "board") -> None:
    """Every field of two boards equal (the ledger field by field), naming the first that is not."""
    for field in dataclasses.fields(Board):
        want, have = getattr(expected, field.name), getattr(got, field.name)
        if field.name == "ledger" and want is not None:
            assert isinstance(have, Attribution), f"{where}.ledger: {have!r}"
            assert_same_ledger(want, have, f"{where}.ledger")
            continue
        assert want == have, f"{where}.{field.name}: {want!r} != {have!r}"


def assert_same_ledger(expected: Attribution, got: Attribution, where: str) -> None:
    for field in dataclasses.fields(Attribution):
        want, have = getattr(expected, field.name), getattr(got, field.name)
        if field.name == "exits":
            assert len(want) == len(have), f"{where}.exits: {len(want)} != {len(have)}"
            for number, (one, other) in enumerate(zip(want, have, strict=True)):
                _same_exit(one, other, f"{where}.exits[{number}]")
        elif field.name in ("initial", "final"):
            assert_same_board(want, have, f"{where}.{field.name}")
        elif field.name == "case":
            assert want is have, f"{where}.case"
        else:
            assert want == have, f"{where}.{field.name}: {want!r} != {have!r}"


def _same_exit(expected: ExitRecord, got: ExitRecord, where: str) -> None:
    for field in dataclasses.fields(ExitRecord):
        want, have = getattr(expected, field.name), getattr(got, field.name)
        if field.name == "board":
            assert_same_board(want, have, f"{where}.board")
        else:
            assert want == have, f"{where}.{field.name}: {want!r} != {have!r}"


@pytest.mark.parametrize("name", NAMES)
def test_bulk_tally_equals_session_tally(name: str) -> None:
    case = _case(name)
    if name in FALLS_BACK:
        assert unsupported(case)
        assert prepare(case) is False
        assert bulk_tally(case, 0, "random") is None
        return
    assert prepare(case) is True, unsupported(case)
    for policy in POLICIES:
        for seed in SEEDS:
            expected = Session(case, seed=seed, policy=policy).tally()
            got = bulk_tally(case, seed, policy)
            assert got is not None
            assert_same_board(expected, got, f"{name} {policy} seed {seed}")
            assert got == expected  # and as wholes, as dataclasses compare them


def test_every_fallback_is_a_listed_case() -> None:
    assert set(NAMES) >= FALLS_BACK


def test_the_inline_format2_case_uses_what_it_claims() -> None:
    """The inline case exercises history, red lines of both kinds, deadlines and several exits."""
    case = _case("format2-inline")
    assert plan_for(case) is not None and plan_for(case).history  # type: ignore[union-attr]
    reasons: set[str] = set()
    breached: set[int] = set()
    for seed in SEEDS:
        for policy in POLICIES:
            board = bulk_tally(case, seed, policy)
            assert board is not None
            reasons |= {x.reason for x in board.ledger.exits}
            breached |= {b.line for b in board.ledger.breaches}
    assert {"start", "exit", "timeout", "limit"} <= reasons
    assert breached == {0, 1}


def test_snapshot_copies_every_field_of_a_board() -> None:
    """snapshot_of lists Board's fields in order: with every field set, it equals _copy_board and
    shares no container with the board."""
    values: dict[str, Any] = {}
    for number, field in enumerate(dataclasses.fields(Board)):
        kind = str(field.type)
        if field.name == "offers":
            values[field.name] = {}
        elif field.name == "mine":
            values[field.name] = {"a": {"m": number}}
        elif kind.startswith("dict"):
            values[field.name] = {f"k{number}": number}
        elif kind.startswith("set"):
            values[field.name] = {f"s{number}"}
        elif kind == "int":
            values[field.name] = number + 1
        elif kind == "str":
            values[field.name] = f"v{number}"
        else:
            values[field.name] = object()
    board = Board(**values)
    copied = snapshot_of(board)
    assert copied == _copy_board(board)
    for field in dataclasses.fields(Board):
        value = getattr(board, field.name)
        if isinstance(value, dict | set) and value:
            assert getattr(copied, field.name) is not value, field.name
    board.offers["x"] = Offer(("t",), "a", ("b",), 0)
    with pytest.raises(AssertionError):
        snapshot_of(board)


def test_generated_code_holds_no_text_of_the_case() -> None:
    """Ids reach the generated functions as bound globals only: the only string in their code is ""."""
    plan = plan_for(_case("builtin:arms-reduction-coalition.yaml"))
    assert plan is not None
    functions = [f for turns in plan.turns.values() for _role, turn in turns for f in turn if f is not None]
    functions += [check[1] for checks in plan.injects.values() for check in checks]
    seen_moves = 0
    for turns in plan.turns.values():
        for _role, (open_moves, _prefer) in turns:
            for move in (*open_moves.__globals__.values(), *(open_moves.__defaults__ or ())):
                if hasattr(move, "run"):
                    functions.append(move.run)
                    seen_moves += 1
    assert seen_moves > 50

    def strings(code: CodeType) -> set[str]:
        found: set[str] = set()
        for const in code.co_consts:
            if isinstance(const, str):
                found.add(const)
            elif isinstance(const, CodeType):
                found |= strings(const)
        return found

    for function in functions:
        assert strings(function.__code__) <= {""}, function.__code__.co_filename


def test_functions_of_the_same_shape_share_their_code() -> None:
    """The values a generated function reads are its arguments' defaults, not its source: a move as
    two roles play it, or the rounds of two phases, run one compiled code object."""
    plan = plan_for(_case("builtin:arms-reduction-coalition.yaml"))
    assert plan is not None
    rounds = [f for by_phase in plan.rounds for f in by_phase.values()]
    assert len({f.__code__ for f in rounds}) < len(rounds)
    runs = {id(v): v.run for f in rounds for c in f.__defaults__ for v in _plans_of(c)}
    assert len({f.__code__ for f in runs.values()}) < len(runs)
    for function in runs.values():  # and every value it reads is among its defaults
        assert not [n for n in function.__code__.co_names if n.startswith("_k")]


def _plans_of(choose: Any) -> list[Any]:
    found = [v for v in choose.__defaults__ or () if hasattr(v, "run")]
    for value in choose.__defaults__ or ():
        if callable(value) and getattr(value, "__defaults__", None):
            found += [v for v in value.__defaults__ if hasattr(v, "run")]
    return found


def test_only_ints_become_source() -> None:
    assert _int(-3) == "(-3)"
    for bad in ("1", 1.0, True, None):
        with pytest.raises(TypeError):
            _int(bad)


def test_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown policy"):
        bulk_tally(_case("minimal.yaml"), 0, "greedy")


def test_tally_plays_in_bulk_or_by_the_session() -> None:
    """bulk.tally gives the session's board for a case played in bulk and for one that falls back."""
    from game.play.bulk import tally

    for name in ("minimal.yaml", "minimal2.yaml"):
        case = _case(name)
        for seed in range(5):
            assert_same_board(Session(case, seed=seed, policy="random").tally(), tally(case, seed, "random"))
