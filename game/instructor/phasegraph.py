"""The phase graph of a case, read back from the ``transitions`` machine the engine runs.

``parley graph`` draws it and ``parley lint`` walks it, so both see exactly the
transitions a session can take, in the order the machine tries them:

* ``exit`` edges, one per exit of a phase, guarded by its condition;
* a ``timeout`` edge when the phase has ``max_rounds``;
* a ``limit`` edge from every phase to ``rounds.on_limit``, fired when the
  round limit is reached.

Nothing is re-derived from the case's YAML: the edges are the machine's
``advance`` and ``expire`` transitions, and each guard (a
:class:`game.play.machine.Guard`) carries the exit or timeout it was built from.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.case.model import Case, Condition, Pos
from game.play.machine import Guard
from game.play.rules import rules_for

NOWHERE = Pos(0, 0)


@dataclass(frozen=True, slots=True)
class Edge:
    """One transition of the phase machine."""

    source: str
    dest: str
    kind: str  # "exit", "timeout" or "limit"
    order: int  # 0, 1, … in the order the machine tries the source's transitions; "limit" last
    condition: Condition | None = None  # the exit's condition
    max_rounds: int | None = None  # the timeout's length
    pos: Pos = NOWHERE  # where the exit is written; the phase for a timeout; nowhere for the limit

    def label(self, limit: int) -> str:
        """A short text for diagrams: the condition as written, the timeout or the limit."""
        if self.kind == "exit" and self.condition is not None:
            return " ".join(self.condition.source.split())
        if self.kind == "timeout":
            rounds = "round" if self.max_rounds == 1 else "rounds"
            return f"after {self.max_rounds} {rounds} here"
        return f"round limit ({limit})"


@dataclass(frozen=True, slots=True)
class PhaseGraph:
    """States and transitions of one case's machine."""

    start: str
    phases: tuple[str, ...]
    endings: tuple[str, ...]
    edges: tuple[Edge, ...]
    limit: int

    def leaving(self, phase: str) -> tuple[Edge, ...]:
        """The transitions out of ``phase``, in the order the machine tries them."""
        return tuple(e for e in self.edges if e.source == phase)

    def entering(self, state: str) -> tuple[Edge, ...]:
        """The transitions into ``state``."""
        return tuple(e for e in self.edges if e.dest == state)


def phase_graph(case: Case) -> PhaseGraph:
    """Read the phase graph of ``case`` from its machine's transitions."""
    machine = rules_for(case).machine.machine
    phases: list[str] = []
    endings: list[str] = []
    for name, state in machine.states.items():
        (endings if state.final else phases).append(name)
    # a case whose phases have no exits and no max_rounds has no ``advance`` event at all
    advance = machine.events["advance"].transitions if "advance" in machine.events else {}
    expire = machine.events["expire"].transitions
    edges: list[Edge] = []
    for phase in phases:
        order = 0
        for transition in advance.get(phase, []):
            guard = transition.conditions[0].func
            if not isinstance(guard, Guard):  # pragma: no cover - the machine only builds guards
                raise TypeError(f"unexpected guard {guard!r} on {phase} -> {transition.dest}")
            if guard.kind == "exit" and guard.exit is not None:
                edges.append(Edge(phase, transition.dest, "exit", order, guard.exit.when, pos=guard.exit.pos))
            else:
                edges.append(
                    Edge(
                        phase,
                        transition.dest,
                        "timeout",
                        order,
                        max_rounds=guard.max_rounds,
                        pos=case.phases[phase].pos,
                    )
                )
            order += 1
        for transition in expire.get(phase, []):
            edges.append(Edge(phase, transition.dest, "limit", order))
            order += 1
    return PhaseGraph(str(machine.initial), tuple(phases), tuple(endings), tuple(edges), case.rounds.limit)
