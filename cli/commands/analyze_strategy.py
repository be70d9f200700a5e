"""``parley analyze CASE --strategy FILE`` and ``parley analyze CASE --probe``: the reports.

The ``analyze`` command (:mod:`cli.commands.analyze`) hands over here when a
strategy or the exploit probe is asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from cli.output import Failure, plain, unfiltered
from game.case.model import Case
from game.instructor.calibrate import StrategyReport, evaluate_many
from game.instructor.expect import Bound
from game.instructor.margins import MORE_SEEDS
from game.instructor.probe import HIGH_SCORE, HIGH_SHARE, MEAN_LIMIT, ProbeResult, probe
from game.instructor.strategy import Strategy, find_strategy, random_strategy, read_strategy, run_command


def handle_strategy(args: argparse.Namespace, path: Path, case: Case) -> int:
    """Play one strategy (or ``random``) over ``--seeds`` seeds and print the score distribution."""
    if args.strategy == "random":
        if args.role is None:
            raise Failure("--strategy random needs --role: the role that plays at random")
        strategy: Strategy = random_strategy(args.role)
    else:
        strategy = read_strategy(find_strategy(path, args.strategy, args.role), case)
        if args.role is not None and args.role != strategy.role:
            raise Failure(f"the strategy {args.strategy} plays {strategy.role}, not {args.role}")
    progress = Progress(unfiltered(sys.stderr), f"{strategy.id} as {strategy.role}")
    try:
        (report,) = evaluate_many(
            path, [strategy], seeds=args.seeds, seed=args.seed, jobs=args.jobs, progress=progress.update
        )
    finally:
        progress.close()
    if args.json:
        print(json.dumps(report_json(report), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        # the rubric that scores the strategy's role: a mediator's own (``rubrics:``) names its dimensions
        titles = {dim.id: dim.title for dim in case.rubric_for(strategy.role).values()}
        print("\n".join(strategy_lines(case, strategy, report, titles)))
    return 0


def report_json(report: StrategyReport) -> dict[str, object]:
    """A strategy report as JSON-ready values (the per-seed rows included)."""
    return {
        "case": report.case,
        "strategy": report.strategy,
        "role": report.role,
        "seed": report.seed,
        "runs": report.runs,
        "mean_rounds": report.mean_rounds,
        "endings": dict(report.endings),
        "overall": plain(report.overall),
        "dimensions": {d: plain(s) for d, s in report.dimensions.items()},
        "at_least_80": report.share(Bound(">=", 80)),
        "at_most_40": report.share(Bound("<=", 40)),
        "playthroughs": [
            {"seed": s, "ending": e, "rounds": r, "overall": o, "dimensions": list(d)}
            for s, e, r, o, d in report.rows
        ],
    }


def strategy_lines(
    case: Case, strategy: Strategy, report: StrategyReport, titles: Mapping[str, str]
) -> list[str]:
    """The report of one strategy as readable lines."""
    lines = [
        f"{case.title} ({case.id}): strategy {strategy.title} ({strategy.id}) as {strategy.role}, "
        f"{report.runs} seeds from seed {report.seed}",
    ]
    if strategy.description:
        lines.append(f"  {strategy.description}")
    lines += [
        f"Average length: {report.mean_rounds:g} rounds. "
        f"Overall ≥ 80 on {100 * report.share(Bound('>=', 80)):.1f}% of seeds, "
        f"≤ 40 on {100 * report.share(Bound('<=', 40)):.1f}%.",
        "",
        "Endings",
    ]
    for ending, runs in report.endings.items():
        outcome = case.endings[ending].outcome.value if ending in case.endings else "-"
        lines.append(f"  {ending:<24} {outcome:<13} {runs:>6} {100 * runs / report.runs:>6.1f}%")
    lines += ["", f"Scores{'':<36} {'min':>5} {'p10':>5} {'median':>6} {'p90':>5} {'max':>5} {'mean':>6}"]
    rows = [("overall", report.overall), *((titles.get(d, d), s) for d, s in report.dimensions.items())]
    for name, spread in rows:
        lines.append(
            f"  {name[:40]:<40} {spread.minimum:>5g} {spread.p10:>5g} {spread.median:>6g} "
            f"{spread.p90:>5g} {spread.maximum:>5g} {spread.mean:>6.1f}"
        )
    if report.rows:  # where to look: the lowest seeds, and the command that shows one whole
        lowest = sorted(report.rows, key=lambda row: (row[3], row[0]))[:3]
        lines += [
            "",
            "Lowest: " + ", ".join(f"seed {row[0]} ({row[1]}, {row[3]})" for row in lowest),
            f"See one: {run_command(case, strategy, lowest[0][0])}",
        ]
    return lines


def handle_probe(args: argparse.Namespace, path: Path, case: Case) -> int:
    """Run the exploit probe and list what it found; exit 1 when something scored too well."""
    progress = Progress(unfiltered(sys.stderr), "probe")
    try:
        result = probe(
            path,
            role=args.role,
            seeds=args.seeds,
            seed=args.seed,
            jobs=args.jobs,
            progress=progress.stage,
        )
    finally:
        progress.close()
    if args.json:
        print(json.dumps(probe_json(result), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print("\n".join(probe_lines(case, result)))
    return 1 if result.findings else 0


def probe_json(result: ProbeResult) -> dict[str, object]:
    """The probe's findings as JSON-ready values."""
    return {
        "case": result.case,
        "seeds": result.seeds,
        "tried": result.tried,
        "findings": [
            {
                "role": f.report.role,
                "strategy": f.report.strategy,
                "description": f.description,
                "mean": f.mean,
                "median": f.report.overall.median,
                "at_least_80": f.high_share,
                "played_on": f.report.runs,
                "tried_on": f.seeds,
                "paid_by": [plain(p) for p in f.paid_by],
            }
            for f in result.findings
        ],
        "never_played": [{"role": s.role, "strategy": s.id, "move": s.required} for s in result.never_played],
        "closest": None
        if result.closest is None
        else {
            "role": result.closest.report.role,
            "strategy": result.closest.report.strategy,
            "mean": result.closest.mean,
            "at_least_80": result.closest.high_share,
            "played_on": result.closest.report.runs,
            "tried_on": result.closest.seeds,
        },
    }


def probe_lines(case: Case, result: ProbeResult) -> list[str]:
    """The probe's findings as readable lines."""
    lines = [
        f"{case.title} ({case.id}): {result.tried} degenerate strategies tried on {result.seeds} seeds;",
        f"flagged when the mean is ≥ {MEAN_LIMIT}, or ≥ {HIGH_SCORE} on more than "
        f"{100 * HIGH_SHARE:g}% of seeds.",
        "When their moves are not open, 'repeat' and 'alternate' play a random open move the rubric",
        "neither pays as an act nor penalises, where one is open (seeded);",
        "doctrine plus a harmful move or a breach is scored on the seeds where that move was played.",
        f"One within the luck of its seeds of a limit is played on {MORE_SEEDS} more and judged on all.",
    ]
    if result.never_played:
        lines.append("Never open to doctrine play, so not scored:")
        lines += [f"  {s.role}: {s.title} ({s.id})" for s in result.never_played]
    if not result.findings:
        lines.append("Nothing found: no degenerate strategy scores that well.")
        closest = result.closest
        if closest is not None:
            report = closest.report
            lines.append(
                f"The closest: {report.role}: {closest.description} ({report.strategy}), "
                f"mean {closest.mean:.1f}, ≥ {HIGH_SCORE} on {100 * closest.high_share:.1f}% "
                f"of {report.runs} seeds."
            )
        return lines
    lines.append(f"{len(result.findings)} found:")
    for finding in result.findings:
        report = finding.report
        played = ""
        if finding.required:
            played = f"{finding.required} played on {report.runs} of {finding.seeds} seeds; "
        lines += [
            "",
            f"  {report.role}: {finding.description} ({report.strategy})",
            f"    {played}mean {finding.mean:.1f}, median {report.overall.median:g}, "
            f"≥ {HIGH_SCORE} on {100 * finding.high_share:.1f}% of {report.runs} seeds; "
            f"endings: {', '.join(f'{e} {n}' for e, n in report.endings.items())}",
            "    paid by (average points added to the overall score):",
        ]
        lines += [f"      +{p.overall_points:g}  {p.dimension}: {p.note}" for p in finding.paid_by]
    return lines


class Progress:
    """Progress on stderr: a bar redrawn in place on a terminal, a line per stage otherwise."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.current = ""

    def update(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` playthroughs."""
        self.stage(self.label, done, total)

    def stage(self, name: str, done: int, total: int) -> None:
        """Report progress within a named stage."""
        if name != self.current:
            self.current = name
            self.started = time.monotonic()
            if not self.tty:
                self.stream.write(f"parley: {name}: {total} playthroughs\n")
                self.stream.flush()
        if not self.tty:
            return
        width = 30
        filled = width * done // max(total, 1)
        rate = done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(
            f"\r{name:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:,.0f}/s "
        )
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar."""
        if self.tty:
            self.stream.write("\r" + " " * 78 + "\r")
            self.stream.flush()
