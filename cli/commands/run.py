"""``parley run CASE``: play a case with no screen and print what happened."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cli.output import Failure, dumps, seed
from game.case.library import open_case
from game.case.model import Case
from game.debriefing.counterfactual import ROLLOUTS, Suggestion, better_moves
from game.debriefing.report import better_lines, own_debrief, text_lines, transcript, wrap
from game.debriefing.reportmodel import better_section, build_report
from game.debriefing.reveal import reveal, reveal_lines
from game.debriefing.scoring import Debrief, debrief
from game.instructor.calibrate import StrategySession
from game.instructor.strategy import find_strategy, random_strategy, read_strategy
from game.play.events import to_json
from game.play.policy import POLICIES
from game.play.script import ScriptError, drive, read_moves, scripted_roles
from game.play.session import Session

MAX_ROLLOUTS = 10_000
"""The most rollouts per candidate move ``--counterfactual`` may play."""

MAX_JOBS = 64
"""The most processes ``--jobs`` may share the rollouts between."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``run`` command."""
    parser = commands.add_parser(
        "run",
        help="play a case headless and print the transcript and debrief",
        description="Play a case with no screen. Moves come from FILE (one 'role: move' a line); "
        "past its end, and for roles without moves, the policy chooses. The roles named in FILE are "
        "scored as players. Identical arguments give identical output.",
    )
    parser.add_argument("case", metavar="CASE", help="a built-in case id or a path to a case file")
    parser.add_argument("--seed", type=seed, default=0, help="seed of the random generator (default 0)")
    parser.add_argument(
        "--moves",
        type=Path,
        metavar="FILE",
        help="scripted moves, one 'role: move' a line (more: parley guide authoring 'trying a case')",
    )
    parser.add_argument(
        "--strategy",
        metavar="FILE",
        help="play one role by a strategy file (or a strategy shipped beside the case, e.g. "
        "'doctrine' with --role, or 'random'), the others by their counterpart policy: one seed of "
        "what `parley analyze --strategy` and `parley test` play over many",
    )
    parser.add_argument(
        "--role",
        metavar="ROLE",
        help="with --strategy: the role it plays (needed for 'random' and short names)",
    )
    parser.add_argument(
        "--policy",
        choices=POLICIES,
        default="counterpart",
        help="how unscripted roles choose (default counterpart)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON event per line, the debrief last")
    parser.add_argument(
        "--view",
        metavar="ROLE",
        help="print the transcript as ROLE saw it (its own private information only, other roles' "
        "private moves as 'X made a private move'); the debrief is ROLE's own score. Default: the full "
        "transcript, for instructors",
    )
    parser.add_argument(
        "--save", action="store_true", help="also save the session in the store (see `parley sessions`)"
    )
    parser.add_argument(
        "--counterfactual",
        action="store_true",
        help="add to the debrief, for each scripted role, whether a clearly better move existed at its "
        "most decisive moves (paired seeded rollouts; moves the doctrine or rubric warns against are never "
        "suggested)",
    )
    parser.add_argument(
        "--rollouts",
        type=int,
        default=ROLLOUTS,
        metavar="N",
        help=f"rollouts per candidate move for --counterfactual (default {ROLLOUTS})",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="J",
        help="processes that share --counterfactual's rollouts (default: one per core when a core is free "
        "and the work pays for it; 1: this process only); the suggestions are the same",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Play the case through and print it."""
    case = open_case(args.case)
    if args.strategy is not None:
        return _run_strategy(case, args)
    if args.role is not None:
        raise Failure("--role goes with --strategy: the role the strategy plays")
    script = read_moves(args.moves) if args.moves else []
    humans = scripted_roles(script)
    for role in humans:
        if role not in case.roles or not case.roles[role].playable:
            item = next(s for s in script if s.role == role)
            known = ", ".join(case.playable_roles)
            raise Failure(
                f"{item.path}:{item.line}:1: {role!r} is not a playable role of {case.id} ({known})"
            )
    if args.view is not None and args.view not in case.roles:
        raise Failure(f"--view: {args.view!r} is not a role of {case.id} ({', '.join(case.roles)})")
    session = Session(case, seed=args.seed, humans=humans, policy=args.policy)
    try:
        unplayed = drive(session, script)
    except ScriptError as err:
        raise Failure(str(err)) from None
    for item in unplayed:
        print(
            f"parley: {item.path}:{item.line}:{item.column}: not played, the case ended in round "
            f"{session.round} ({item.role}: {item.move})",
            file=sys.stderr,
        )
    return _print_run(case, session, humans, args)


def _run_strategy(case: Case, args: argparse.Namespace) -> int:
    """``--strategy``: its role played by the strategy, the others by their counterpart policy."""
    if args.moves is not None:
        raise Failure("--moves and --strategy both choose a role's moves: give one of them")
    if args.policy != "counterpart":
        raise Failure("--strategy plays the other roles by their counterpart policy: leave out --policy")
    if args.strategy == "random":
        if args.role is None:
            raise Failure("--strategy random needs --role: the role that plays at random")
        if args.role not in case.playable_roles:
            known = ", ".join(case.playable_roles)
            raise Failure(f"--role: {args.role!r} is not a playable role of {case.id} ({known})")
        strategy = random_strategy(args.role)
    else:
        strategy = read_strategy(find_strategy(case.path, args.strategy, args.role), case)
        if args.role is not None and args.role != strategy.role:
            raise Failure(f"the strategy {args.strategy} plays {strategy.role}, not {args.role}")
    session = StrategySession(case, strategy, seed=args.seed).play_out()
    return _print_run(case, session, (strategy.role,), args, f"strategy {strategy.id} as {strategy.role}")


def _print_run(
    case: Case, session: Session, humans: Sequence[str], args: argparse.Namespace, played: str = ""
) -> int:
    """Print (or save) a played session: the transcript, the debrief, what each side knew."""
    result = debrief(case, session.log)
    if not 2 <= args.rollouts <= MAX_ROLLOUTS:
        raise Failure(f"--rollouts must be from 2 to {MAX_ROLLOUTS} (a confidence interval needs two)")
    if args.jobs is not None and not 1 <= args.jobs <= MAX_JOBS:
        raise Failure(f"--jobs must be from 1 to {MAX_JOBS} (each job is a process)")
    suggestions: dict[str, tuple[Suggestion, ...]] = {}
    if args.counterfactual:
        for role in humans:
            suggestions[role] = better_moves(
                case, session.log, role, rollouts=args.rollouts, seed=args.seed, jobs=args.jobs
            )
    if args.save:
        save(session)
    if args.view is not None:
        return _print_view(case, session, result, args, suggestions)
    if args.json:
        for event in session.log:
            print(to_json(event))
        last: dict[str, object] = {"debrief": result}
        if args.counterfactual:
            # Every alternative tried, and the section as every report shows it (the report model's).
            last["counterfactual"] = {role: list(found) for role, found in suggestions.items()}
            last["better_moves"] = {role: better_section(found) for role, found in suggestions.items()}
        print(dumps(last))
        return 0
    width = 80  # fixed, so the same arguments print the same bytes in any terminal
    players = ", ".join(case.roles[r].name for r in humans) or "nobody (all roles by policy)"
    header = f"{case.title} — seed {args.seed} — policy {args.policy} — {played or 'scripted: ' + players}"
    for line in wrap([header], width):
        print(line)
    for line in transcript(case, session.log, width):
        print(line)
    report = build_report(case, session.log, result, suggestions if args.counterfactual else None)
    for line in wrap(text_lines(report, better=False), width):
        print(line)
    known = reveal_lines(case, reveal(case, session.log), width)
    if known:  # a case with private information: what each side knew, side by side
        print()
        print("WHAT EACH SIDE KNEW")
        for line in known:
            print(line)
    for line in wrap(better_lines(report), width):
        print(line)
    if args.counterfactual and not humans:
        for line in wrap(["", NOBODY], width):
            print(line)
    return 0


NOBODY = "No role was played from --moves: counterfactuals examine a player's own choices."


def _print_view(
    case: Case,
    session: Session,
    result: Debrief,
    args: argparse.Namespace,
    suggestions: dict[str, tuple[Suggestion, ...]],
) -> int:
    """The run as ``args.view`` saw it: its view of the log, and its own score only."""
    role = args.view
    view = session.view(role)
    own = own_debrief(result, role, case, session.log)
    if args.json:
        for event in view.log:
            print(to_json(event))
        print(dumps({"view": role, "debrief": own}))
        return 0
    width = 80
    header = f"{case.title} — seed {args.seed} — policy {args.policy} — as {case.roles[role].name} saw it"
    for line in wrap([header], width):
        print(line)
    for line in transcript(case, view.log, width, viewer=role):
        print(line)
    found = {r: s for r, s in suggestions.items() if r == role} if args.counterfactual else None
    report = build_report(case, session.log, result, found, viewer=role)
    for line in wrap(text_lines(report), width):
        print(line)
    return 0


def save(session: Session) -> int:
    """Save the played session (and its debrief, when it ended) in the store; say so on stderr."""
    from cli.storage import open_store, storage_errors
    from game.storage import Autosave

    with open_store() as store, storage_errors():
        session_id = Autosave.start(store, session).id
        print(f"parley: saved as session {session_id} in {store.path}", file=sys.stderr)
    return session_id
