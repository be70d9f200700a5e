"""``parley analyze CASE``: thousands of seeded playthroughs; coverage and the spread of scores."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TextIO

from cli.commands.analyze_strategy import handle_probe, handle_strategy
from cli.output import Failure, plain, seed, unfiltered
from game.case.library import open_case, resolve
from game.instructor.analysis import MAX_RUNS, Analysis, Hit, Spread, analyze
from game.play.policy import POLICIES

MAX_JOBS = 64
"""The most processes ``--jobs`` may start."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``analyze`` command."""
    parser = commands.add_parser(
        "analyze",
        help="play thousands of seeded playthroughs: coverage and spread of scores",
        description="Play N seeded playthroughs with the policy for every role and report which "
        "phases, moves, injects and endings were reached (and how often), how the overall and "
        "per-dimension scores spread (min, p10, median, p90, max), overall and per ending, and the "
        "average length. The same seed gives the same report whatever the number of processes.",
    )
    parser.add_argument("case", metavar="CASE", help="a built-in case id or a path to a case file")
    parser.add_argument(
        "--runs", type=int, default=10_000, metavar="N", help="playthroughs (default 10000, at most 1000000)"
    )
    parser.add_argument("--seed", type=seed, default=0, metavar="S", help="seed of the whole run (default 0)")
    parser.add_argument(
        "--policy",
        choices=POLICIES,
        default="random",
        help="how every role chooses: random (default; explores what a trainee could do) "
        "or counterpart (each role's scripted policy)",
    )
    parser.add_argument(
        "--role", metavar="ROLE", help="score this role (default: the table, the mean of the playable roles)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="J", help="processes (default: one per core)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--strategy",
        metavar="FILE",
        help="play --role with this strategy file (or a strategy shipped beside the case, e.g. 'doctrine', "
        "or 'random'), the other roles with their counterpart policy; report the score distribution",
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="try the degenerate strategies a bored trainee would (repeat one move, alternate two, "
        "doctrine plus one harmful move …) and list those that score too well; exit 1 if any",
    )
    parser.add_argument(
        "--seeds", type=int, default=200, metavar="N", help="seeds for --strategy and --probe (default 200)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the analysis and print its report."""
    if args.runs < 1:
        raise Failure("--runs must be at least 1")
    if args.runs > MAX_RUNS:
        raise Failure(
            f"--runs may be at most {MAX_RUNS:,} (a million playthroughs already pin every percentile "
            "down to a fraction of a point); for more, run several analyses with different --seed"
        )
    if args.jobs is not None and not 1 <= args.jobs <= MAX_JOBS:
        raise Failure(f"--jobs must be from 1 to {MAX_JOBS} (each job is a process)")
    path = resolve(args.case)
    case = open_case(args.case)  # report a broken case before starting any process
    if args.role is not None and args.role not in case.playable_roles:
        raise Failure(f"{args.role!r} is not a playable role of {case.id} ({', '.join(case.playable_roles)})")
    if args.strategy is not None or args.probe:
        if args.strategy is not None and args.probe:
            raise Failure("choose --strategy or --probe, not both")
        if not 1 <= args.seeds <= MAX_RUNS:
            raise Failure(f"--seeds must be between 1 and {MAX_RUNS}")
        return handle_probe(args, path, case) if args.probe else handle_strategy(args, path, case)
    bar = _Bar(unfiltered(sys.stderr), args.runs) if sys.stderr.isatty() else None
    try:
        report = analyze(
            path,
            runs=args.runs,
            seed=args.seed,
            policy=args.policy,
            role=args.role,
            jobs=args.jobs,
            progress=bar.update if bar else None,
        )
    finally:
        if bar:
            bar.close()
    if args.json:
        print(json.dumps(plain(report), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        rubric = case.rubric_for(args.role) if args.role else case.rubric  # as analyze scores it
        titles = {dim.id: dim.title for dim in rubric.values()}
        own = () if args.role else tuple(r for r in case.playable_roles if case.roles[r].rubric)
        print("\n".join(text_report(report, titles, own)))
    return 0


class _Bar:
    """A one-line progress bar redrawn in place; only used when stderr is a terminal."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.total = total
        self.started = time.monotonic()

    def update(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:,.0f}/s ")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * 72 + "\r")
        self.stream.flush()


def text_report(report: Analysis, titles: Mapping[str, str], own: Sequence[str] = ()) -> list[str]:
    """The report as readable lines; ``titles`` names the rubric dimensions; ``own`` are the playable
    roles scored by rubrics of their own (the table's dimensions leave them out)."""
    scored = "the table (mean of the playable roles)" if report.scored == "table" else f"role {report.scored}"
    lines = [
        f"{report.title} ({report.case}): {report.runs} playthroughs, policy {report.policy}, "
        f"seed {report.seed}",
        f"Average length: {report.mean_rounds:g} rounds. Scores of {scored}.",
    ]
    if report.scored == "table" and own:
        names = ", ".join(own)
        one = len(own) == 1
        lines += [
            "The dimensions are the case rubric's, averaged over the roles it scores;",
            f"{names} {'is' if one else 'are'} scored by {'its own rubric' if one else 'their own rubrics'}, "
            "in the overall only.",
        ]
    lines += ["", "Endings"]
    for e in report.endings:
        length = f"{e.mean_rounds:g} rounds" if e.runs else "-"
        lines.append(f"  {e.id:<24} {e.outcome:<13} {e.runs:>7} {_percent(e.share):>7}  {length}")
    lines += ["", f"Scores{'':<36} {'min':>5} {'p10':>5} {'median':>6} {'p90':>5} {'max':>5} {'mean':>6}"]
    lines += _spreads("all playthroughs", report.overall, report.dimensions, titles)
    for e in report.endings:
        if e.runs:
            lines += _spreads(f"ending {e.id} ({e.runs})", e.overall, e.dimensions, titles)
    lines += ["", "Coverage (playthroughs that hit it, and times in all)"]
    for kind in ("phases", "moves", "injects"):
        hits: tuple[Hit, ...] = getattr(report, kind)
        hit = sum(1 for h in hits if h.runs)
        lines.append(f"  {kind}: {hit} of {len(hits)} hit")
        for h in hits:
            lines.append(f"    {h.id:<30} {h.runs:>7} {_percent(h.runs / report.runs):>7}  {h.count:>8}")
    endings_hit = sum(1 for e in report.endings if e.runs)
    lines.append(f"  endings: {endings_hit} of {len(report.endings)} hit")
    kinds = ("phases", "moves", "injects", "endings")
    never = [f"{kind[:-1]} {i}" for kind in kinds for i in report.never(kind)]
    lines += ["", "Never hit: " + (", ".join(never) if never else "nothing — every part was reached")]
    return lines


def _spreads(
    heading: str, overall: Spread, dims: Mapping[str, Spread], titles: Mapping[str, str]
) -> list[str]:
    out = [f"  {heading}"]
    for name, spread in (("overall", overall), *((titles.get(d, d), s) for d, s in dims.items())):
        out.append(
            f"    {name[:38]:<38} {_n(spread.minimum):>5} {_n(spread.p10):>5} {_n(spread.median):>6} "
            f"{_n(spread.p90):>5} {_n(spread.maximum):>5} {spread.mean:>6.1f}"
        )
    return out


def _percent(share: float) -> str:
    return "<0.1%" if 0 < share < 0.0005 else f"{100 * share:.1f}%"


def _n(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
