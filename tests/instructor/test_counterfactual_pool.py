"""The counterfactual's rollouts spread over processes: the same suggestions whatever their number."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from cli.main import main
from game.case.library import open_case
from game.case.loader import load_case
from game.case.model import Case
from game.debriefing import rolloutpool
from game.debriefing.counterfactual import Suggestion, better_moves
from game.debriefing.rolloutpool import Effort
from game.play.events import Event
from game.play.session import Session

ROLLOUTS = 30  # two chunks per candidate: enough to share every batch between the processes


def _session(case: Case, seed: int = 1) -> tuple[tuple[Event, ...], str]:
    role = case.playable_roles[0]
    session = Session(case, seed=seed, humans=[role])
    while not session.over:
        session.play_policy(session.waiting_for[0])
    return session.log, role


def _examine(
    case: Case, log: tuple[Event, ...], role: str, jobs: int | None
) -> tuple[tuple[Suggestion, ...], Effort]:
    effort = Effort()
    found = better_moves(case, log, role, rollouts=ROLLOUTS, seed=3, jobs=jobs, effort=effort)
    return found, effort


@pytest.fixture
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process waits for a worker to claim a task before playing any of a run's (on a busy
    machine the workers may start after this process has played everything, which is right, but
    leaves the pool untested)."""
    here = rolloutpool.Rollouts._here
    seen: dict[int, int] = {}

    def wait_then_play(
        self: rolloutpool.Rollouts, spot: int, move: str, seeds: Sequence[int]
    ) -> list[tuple[int, ...]]:
        ends = self._ends
        if ends is not None:
            front = seen.setdefault(ends[2], ends[0])
            deadline = time.monotonic() + 120
            while ends[0] == front and ends[0] < ends[1] and time.monotonic() < deadline:
                time.sleep(0.005)
        return here(self, spot, move, seeds)

    monkeypatch.setattr(rolloutpool.Rollouts, "_here", wait_then_play)


@pytest.mark.usefixtures("patient")
def test_one_and_two_processes_give_the_same_suggestions() -> None:
    case = open_case("harbour-standoff")
    log, role = _session(case)
    alone, one = _examine(case, log, role, jobs=1)
    shared, two = _examine(case, log, role, jobs=2)
    assert shared == alone
    assert any(s.best is not None for s in alone)  # a suggestion was confirmed: both rounds of rollouts ran
    assert (one.processes, one.pooled) == (1, 0)
    assert two.processes == 2 and 0 < two.pooled <= two.rollouts == one.rollouts
    assert two.worker_cpu_s > 0


@pytest.mark.usefixtures("patient")
def test_a_pool_started_from_a_thread_gives_the_same_suggestions() -> None:
    """The terminal app computes better moves in a worker thread: the pool must start from there."""
    case = open_case("small-state-mediation")
    log, role = _session(case, seed=2)
    alone, _ = _examine(case, log, role, jobs=1)
    found: list[tuple[tuple[Suggestion, ...], Effort]] = []
    worker = threading.Thread(target=lambda: found.append(_examine(case, log, role, jobs=2)))
    worker.start()
    worker.join(timeout=300)
    ((shared, effort),) = found
    assert shared == alone and effort.pooled > 0


def test_a_case_file_changed_since_loading_is_examined_in_one_process(tmp_path: Path) -> None:
    path = tmp_path / "harbour.yaml"
    path.write_text(Path(open_case("harbour-standoff").path).read_text(encoding="utf-8"), encoding="utf-8")
    case = load_case(path)
    log, role = _session(case)
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited since\n", encoding="utf-8")
    shared, effort = _examine(case, log, role, jobs=2)
    assert (effort.processes, effort.pooled) == (1, 0)
    assert shared == _examine(case, log, role, jobs=1)[0]


def test_workers_that_cannot_start_leave_the_work_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker whose initialiser fails breaks the pool: what it left undone is played here."""
    case = open_case("harbour-standoff")
    log, role = _session(case)
    monkeypatch.setattr(rolloutpool, "_case_bytes", lambda case: b"id: [not a case")
    shared, effort = _examine(case, log, role, jobs=2)
    alone, one = _examine(case, log, role, jobs=1)
    assert effort.pooled == 0 and effort.rollouts == one.rollouts  # every rollout played here, once
    assert shared == alone


def test_small_work_stays_in_this_process_by_default() -> None:
    """With the default jobs, a pool starts only when the rollouts would take long in one process."""
    case = load_case(Path(__file__).resolve().parents[1] / "cases" / "instructor" / "choice.yaml")
    session = Session(case, seed=1, humans=["you"])
    session.play("you", "concede")
    effort = Effort()
    better_moves(case, session.log, "you", rollouts=5, effort=effort)
    assert (effort.processes, effort.pooled) == (1, 0) and effort.rollouts > 0


def test_parley_run_jobs_gives_the_same_verdicts_and_refuses_a_bad_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text("velmar: mirror_exercise\nvelmar: mirror_exercise\n", encoding="utf-8")
    args = [
        "run",
        "harbour-standoff",
        "--seed",
        "7",
        "--moves",
        str(moves),
        "--counterfactual",
        "--rollouts",
        "20",
    ]
    printed = []
    for jobs in ("1", "2"):
        assert main([*args, "--jobs", jobs, "--json"]) == 0
        printed.append(json.loads(capsys.readouterr().out.splitlines()[-1])["counterfactual"])
    assert printed[0] == printed[1] and printed[0]["velmar"]
    assert main([*args, "--jobs", "0"]) == 1
    assert "--jobs must be from 1 to 64" in capsys.readouterr().err
