"""Strategies: how a trainee of a given style plays one role, whatever the dice bring.

A fixed list of moves only works on the seed it was written for: counterpart
replies change what is open.  A strategy instead gives a role ordered move
preferences per phase, with conditions in the case's condition language, so
it adapts to whatever is open::

    # Doctrine play for Velmar.
    role: velmar
    title: Doctrine
    description: Listen, build the alternative, talk quietly, propose a phased review.
    otherwise: random          # when no preference applies: random (default) or first
    phases:
      signal:
        - move: listen
          when: mine.listen < 1
        - move: file_with_court
        - move: open_backchannel
    everywhere:                # tried after the phase's own list, in every phase
        - move: listen

When the role is to move, the first preference whose move is open (listed for
the role in the phase and its ``when`` holds) and whose own ``when`` holds is
played; when none applies, ``otherwise`` decides: a uniform draw among the open
moves from the role's seeded generator (``random``) or the first open move in
menu order (``first``).  Conditions are read in the policy context (``self`` is
the role; ``mine.`` counts its own moves).

:func:`read_strategy` reads a file as strictly as a case (every problem with
file, line and column); :func:`random_strategy` is the uniform baseline; other
modules build strategies in code (:mod:`game.instructor.probe`).  Playing one
is :mod:`game.instructor.calibrate`'s job.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.case.conditions import ConditionError, Getter, Name, check_types, compile_expr, leaves, parse
from game.case.loading.reads import Reads, call_text
from game.case.loading.yamlnodes import Document
from game.case.model import Case
from game.case.names import Context
from game.case.yamlsafe import Node, ScalarNode, SequenceNode, read_file
from game.errors import CaseError, Diagnostic, did_you_mean
from game.instructor.treereader import TreeReader, as_file_of
from game.play.rules import rules_for

OTHERWISE = ("random", "first")
"""What a strategy does when none of its preferences applies."""

STRATEGIES_SUFFIX = ".strategies"
"""Strategies shipped with a case live in the folder ``<case>.strategies/`` beside it."""

_KEYS = ("role", "title", "description", "otherwise", "phases", "everywhere")
_PICK_KEYS = ("move", "when")


@dataclass(frozen=True, slots=True)
class Pick:
    """One preference: play ``move`` if it is open and the condition ``when`` holds (empty: always).

    A strategy is plain data (it can be sent to another process); the
    condition is compiled once per case by :func:`compile_when`.
    """

    move: str
    when: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Strategy:
    """A role's ordered preferences per phase, and what to do when none applies.

    Plain, picklable data (``phases`` is a dict nobody changes after building),
    so a strategy can be handed to worker processes.
    """

    id: str
    role: str
    title: str
    description: str
    phases: Mapping[str, tuple[Pick, ...]]
    everywhere: tuple[Pick, ...] = ()
    otherwise: str = "random"
    path: str = ""
    required: str = ""  # a move the strategy exists to play: seeds where it never did are not scored
    # moves a random ``otherwise`` does not draw while another is open; the last set is given up first
    avoid: tuple[frozenset[str], ...] = ()

    def picks(self, phase: str) -> tuple[Pick, ...]:
        """The preferences tried in ``phase``, in order."""
        return self.phases.get(phase, ()) + self.everywhere


def random_strategy(role: str) -> Strategy:
    """Uniform play: every choice a draw among the open moves (what a trainee *could* do)."""
    return Strategy("random", role, "Random play", "A uniform draw among the open moves.", {})


def strategies_dir(case_path: str | os.PathLike[str]) -> Path:
    """The folder of strategies shipped beside a case: ``<case>.strategies/``."""
    path = Path(case_path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + STRATEGIES_SUFFIX)


def find_strategy(case_path: str | os.PathLike[str], ref: str, role: str | None = None) -> Path:
    """A strategy reference as a file: an existing path, or a name in the case's strategies folder.

    A name is looked up as ``<ref>.yaml`` and, given a role, ``<role>-<ref>.yaml``
    (so ``--role velmar --strategy doctrine`` finds ``velmar-doctrine.yaml``).
    Raises :class:`CaseError` naming the reference when nothing is found.
    """
    path = Path(ref)
    if path.is_file():
        return path
    folder = strategies_dir(case_path)
    tried = [folder / f"{ref}.yaml"]
    if role:
        tried.insert(0, folder / f"{role}-{ref}.yaml")
    for candidate in tried:
        if candidate.is_file():
            return candidate
    shipped = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    per_role = [name for name in shipped if name.endswith(f"-{ref}")]
    if not role and per_role:  # 'doctrine' names one strategy per role: which one?
        raise CaseError(
            [
                Diagnostic(
                    ref,
                    1,
                    1,
                    f"'{ref}' names a strategy of each role ({', '.join(per_role)})",
                    "say which role (--role; in a paths file, 'role:'), or give the strategy's full name",
                )
            ]
        )
    hint = did_you_mean(ref, shipped) or (
        f"strategies beside this case: {', '.join(shipped)}"
        if shipped
        else "give the path of a strategy file"
    )
    raise CaseError([Diagnostic(ref, 1, 1, f"no strategy file or shipped strategy called '{ref}'", hint)])


def run_command(case: Case, strategy: Strategy, seed: int) -> str:
    """The ``parley run`` command that plays ``strategy`` on one ``seed``, transcript and debrief.

    A built-in case is named by its id, a strategy shipped beside its case by its name.
    """
    from game.case.library import builtin_files

    builtin = any(Path(case.path) == Path(p) for p in builtin_files())
    where = case.id if builtin else case.path
    shipped = bool(strategy.path) and Path(strategy.path).parent == strategies_dir(case.path)
    ref = strategy.id if shipped or not strategy.path else strategy.path
    role = f" --role {strategy.role}" if not strategy.path else ""
    return f"parley run {where} --strategy {ref}{role} --seed {seed}"


def shipped_strategies(case_path: str | os.PathLike[str]) -> list[Path]:
    """The strategy files shipped beside a case, sorted by name."""
    folder = strategies_dir(case_path)
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


# ------------------------------------------------------------------- reading


@dataclass
class _Reader(TreeReader):
    document: Document
    case: Case
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, where: Node | tuple[int, int], message: str, hint: str = "") -> None:
        line, column = where if isinstance(where, tuple) else (where.line, where.column)
        self.problems.append(Diagnostic(self.document.path, line, column, message, hint, "strategy"))

    def condition(self, node: Node, role: str | None = None) -> str | None:
        """Check a ``when`` in the policy context; report problems at their column.

        With ``role``, each name it reads must be one that role sees: a strategy plays the role as
        a trainee would, and a trainee chooses from what is on their own screen.
        """
        text = self.text(node, "'when'")
        if text is None or not isinstance(node, ScalarNode):
            return None
        try:
            compile_when(self.case, text)
        except ConditionError as error:
            self.error(self.document.locate(node, max(error.column - 1, 0)), error.message, error.hint)
            return None
        except RecursionError:
            self.error(node, "the condition is nested too deeply", "split it or remove parentheses")
            return None
        if role is not None and not self._private_reads(node, text, role):
            return None
        return text

    def _private_reads(self, node: Node, text: str, role: str) -> bool:
        """Report each name ``text`` reads that ``role`` does not see; whether there was none."""
        case = self.case
        reads = Reads(tuple(case.roles), case.meters, case.moves, case.injects, case.proposals, case.timers)
        if not reads.private:
            return True
        clean = True
        for leaf in leaves(parse(text)):
            if isinstance(leaf, Name):
                why, name = reads.why_not(role, leaf.text), leaf.text
            else:
                why, name = reads.why_not_call(role, leaf), call_text(leaf)
            if why:
                clean = False
                self.error(
                    self.document.locate(node, leaf.column - 1),
                    f"the strategy for '{role}' reads '{name}', but {why}",
                    "a strategy plays its role as a trainee would: it reads only what that role sees "
                    "('parley guide format', Private information)",
                )
        return clean


_COMPILED: dict[int, tuple[Case, dict[str, Getter]]] = {}
_COMPILED_LOCK = threading.Lock()


def compile_when(case: Case, text: str) -> Getter:
    """A strategy condition compiled against ``case``'s names (policy context), cached per case.

    Raises :class:`ConditionError` (with the column inside ``text``) when it
    does not parse or names something the case does not declare.
    """
    with _COMPILED_LOCK:
        cached = _COMPILED.get(id(case))
        if cached is None or cached[0] is not case:
            cached = _COMPILED[id(case)] = (case, {})
    found = cached[1].get(text)
    if found is not None:
        return found
    table = rules_for(case).names
    expr = parse(text)
    resolved = {}
    for name in leaves(expr):
        try:
            resolved[name] = table.resolve(name, Context.POLICY)
        except ConditionError as error:
            if not isinstance(name, Name):  # a history question: the column is within the text
                raise
            raise ConditionError(error.message, name.column + error.column - 1, error.hint) from None
    check_types(expr, lambda name: resolved[name].kind)
    test = compile_expr(expr, lambda name: resolved[name].getter)
    cached[1][text] = test
    return test


def read_strategy(path: str | os.PathLike[str], case: Case) -> Strategy:
    """Read a strategy file for ``case``; raises :class:`CaseError` with every problem."""
    document = read_file(path)
    if document.diagnostics or document.root is None:
        start = "a strategy is a mapping that starts with 'role:' and has 'phases:' or 'everywhere:'"
        raise CaseError(as_file_of(document.diagnostics, start))
    reader = _Reader(document, case)
    top = reader.mapping(document.root, "a strategy file", _KEYS) or {}
    role = None
    if "role" not in top:
        reader.error(document.root, "a strategy needs a 'role': the role it plays")
    else:
        role = reader.text(top["role"], "'role'")
        if role is not None and (role not in case.roles or not case.roles[role].playable):
            reader.error(
                top["role"], f"'{role}' is not a playable role", did_you_mean(role, case.playable_roles)
            )
            role = None
    otherwise = "random"
    if "otherwise" in top:
        otherwise = reader.text(top["otherwise"], "'otherwise'") or "random"
        if otherwise not in OTHERWISE:
            reader.error(
                top["otherwise"],
                f"unknown choice '{otherwise}' for 'otherwise'",
                f"write {' or '.join(OTHERWISE)}",
            )
    phases: dict[str, tuple[Pick, ...]] = {}
    if "phases" in top:
        for key, value in (reader.mapping(top["phases"], "'phases'", tuple(case.phases)) or {}).items():
            phases[key] = _picks(reader, value, role, (key,))
    everywhere = _picks(reader, top["everywhere"], role, tuple(case.phases)) if "everywhere" in top else ()
    if "phases" not in top and "everywhere" not in top:
        reader.error(document.root, "a strategy needs 'phases:' or 'everywhere:' preferences")
    title = reader.text(top["title"], "'title'") if "title" in top else None
    description = reader.text(top["description"], "'description'") if "description" in top else None
    if reader.problems or role is None:
        raise CaseError(reader.problems)
    name = Path(path).name
    return Strategy(
        id=re.sub(r"\.ya?ml$", "", name),
        role=role,
        title=title or name,
        description=description or "",
        phases=phases,
        everywhere=everywhere,
        otherwise=otherwise,
        path=str(path),
    )


def _picks(reader: _Reader, node: Node, role: str | None, phases: tuple[str, ...]) -> tuple[Pick, ...]:
    """The preferences of one list; ``phases`` are those it applies in (for the menu check)."""
    if not isinstance(node, SequenceNode):
        reader.error(node, "preferences must be a list of '- move: <id>' entries, with an optional 'when'")
        return ()
    rules = rules_for(reader.case)
    out: list[Pick] = []
    for item in node.items:
        fields = reader.mapping(item, "a preference", _PICK_KEYS)
        if fields is None:
            continue
        if "move" not in fields:
            reader.error(item, "a preference needs a 'move'")
            continue
        move = reader.text(fields["move"], "'move'")
        when = reader.condition(fields["when"], role) if "when" in fields else ""
        if move is None or when is None:
            continue
        proposal, _, action = move.partition(".")
        if move not in reader.case.moves and action and action in rules.answers.get(proposal, {}):
            out.append(Pick(move, when, item.line))  # an answer to an offer (format 2): open when one awaits
            continue
        if move not in reader.case.moves:
            answers = [f"{p}.{a}" for p, by_action in rules.answers.items() for a in by_action]
            hint = did_you_mean(move, [*reader.case.moves, *answers])
            reader.error(fields["move"], f"unknown move '{move}'", hint)
            continue
        if role is not None and not any(move in {m.id for m in rules.menu(p, role)} for p in phases):
            where = f"in phase '{phases[0]}'" if len(phases) == 1 else "in any phase"
            menu = sorted({m.id for p in phases for m in rules.menu(p, role)})
            reader.error(
                fields["move"],
                f"'{move}' is never on {role}'s menu {where}",
                did_you_mean(move, menu) or f"{role} may play: {', '.join(menu) or 'nothing'}",
            )
            continue
        out.append(Pick(move, when, item.line))
    return tuple(out)


def built(
    id: str,
    role: str,
    title: str,
    picks: Sequence[Pick] = (),
    *,
    phases: Mapping[str, Sequence[Pick]] | None = None,
    otherwise: str = "random",
    description: str = "",
    required: str = "",
    avoid: tuple[frozenset[str], ...] = (),
) -> Strategy:
    """A strategy made in code (the exploit probe's degenerate strategies); conditions as text."""
    return Strategy(
        id,
        role,
        title,
        description,
        {p: tuple(v) for p, v in (phases or {}).items()},
        tuple(picks),
        otherwise,
        required=required,
        avoid=avoid,
    )


def check_strategy(path: str | os.PathLike[str]) -> tuple[Diagnostic, ...]:
    """Every problem in a strategy file kept in a ``<case>.strategies/`` folder; never raises."""
    from game.case.loader import load_case

    where = Path(path)
    folder = where.parent
    case_path = folder.with_name(folder.name[: -len(STRATEGIES_SUFFIX)] + ".yaml")
    if not folder.name.endswith(STRATEGIES_SUFFIX) or not case_path.is_file():
        return (Diagnostic(str(path), 1, 1, f"no case file {case_path.name} beside this strategies folder"),)
    try:
        read_strategy(where, load_case(case_path))
    except CaseError as err:
        if err.diagnostics and err.diagnostics[0].path != str(path):
            hint = f"run parley validate {case_path}"
            return (Diagnostic(str(path), 1, 1, f"the case {case_path.name} has problems", hint, "strategy"),)
        return err.diagnostics
    return ()


def is_strategy_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file in a ``<case>.strategies/`` folder."""
    return Path(path).parent.name.endswith(STRATEGIES_SUFFIX)
