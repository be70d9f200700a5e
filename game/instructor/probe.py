"""The exploit probe: the degenerate strategies a bored trainee would try, and what they score.

For each playable role (or one), :func:`probe` builds and plays:

* ``first``: always the first open move (pressing Enter through the case);
* ``repeat <move>``: one move whenever it is open (``pause``, ``listen`` …),
  otherwise a filler move (below);
* ``alternate <a>/<b>``: every pair of the role's moves, the less played of
  the two whenever open, otherwise a filler move;
* ``doctrine + <move>``: each shipped doctrine strategy of the role with one
  harmful move (a doctrine tag the texts warn against, or a move the role's
  rubric penalises: its own rubric if it has one) played once, at the first chance;
* ``breach <red line>``: doctrine play that breaches one of the role's own
  red lines once, for cases whose red lines name the moves that breach them.

The filler of ``repeat`` and ``alternate`` (when neither of their moves is
open) is a uniform draw, from the session's seeded generator, among the open
moves that the role's rubric neither pays for as acts (:func:`paid_moves`) nor
penalises (:func:`harmful_moves`); failing those, among the harmful ones; failing
those, among all open moves.  The probe asks what *its* moves earn, so the filler
neither adds to them nor takes away (a penalty could hide an exploit):
a filler that could draw the rest of the doctrine would measure random play's
luck instead (on some seeds it plays the whole doctrine by chance), and the
first move of a menu is often a doctrine move (falling back to it made
"alternate two moves" the doctrine in disguise).

``doctrine + <move>`` and ``breach`` are scored only on the seeds where their
move was actually played (the doctrine may never reach a phase that offers
it); how many is reported, and a strategy whose move was never played is
reported as never open rather than scored.

A strategy is flagged when its mean overall score is 60 or more, or it scores
80 or more on more than 5% of seeds.  To keep a probe of hundreds of
strategies quick, each is first played on a screening sample of seeds; only
those that come near a threshold there (mean ≥ 50, or any playthrough ≥ 80)
are played on every seed.  For a flagged strategy the rubric rules that paid
it are listed, from full debriefs of some of its playthroughs.
"""

from __future__ import annotations

import itertools
import math
import os
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.case.conditions import names
from game.case.loader import load_case
from game.case.model import Case, RuleKind
from game.debriefing.scoring import debrief
from game.instructor.calibrate import StrategyReport, evaluate_many, play
from game.instructor.expect import Bound
from game.instructor.margins import MORE_SEEDS, standard_error
from game.instructor.strategy import Pick, Strategy, built, read_strategy, shipped_strategies
from game.play.rules import rules_for

HARMFUL_TAGS = frozenset({"retaliation", "escalatory", "reactive_concession", "leak", "coercive_signal"})
"""Doctrine tags the texts warn a trainee against."""

MEAN_LIMIT = 60
HIGH_SCORE = 80
HIGH_SHARE = 0.05
SCREEN_SEEDS = 50


@dataclass(frozen=True, slots=True)
class Payer:
    """A rubric rule and how much it added to the overall score on average."""

    dimension: str
    note: str
    overall_points: float


@dataclass(frozen=True, slots=True)
class Finding:
    """A degenerate strategy that scores too well."""

    report: StrategyReport
    description: str
    mean: float
    high_share: float  # share of seeds at 80 or more
    paid_by: tuple[Payer, ...]
    required: str = ""  # the move it was about, scored only on the seeds where it was played
    seeds: int = 0  # the seeds it was tried on: the probe's, and MORE_SEEDS more when it came close


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What the probe tried and what it found."""

    case: str
    seeds: int
    tried: int
    findings: tuple[Finding, ...]
    never_played: tuple[Strategy, ...] = ()  # doctrine + harm or breach whose move never got played
    # the best of what was not flagged: how far below the limits the case stands (None: nothing scored)
    closest: Finding | None = None


def _menu(case: Case, role: str) -> list[str]:
    """Every move the role may ever be offered, in the order of the case's moves."""
    rules = rules_for(case)
    offered = {m.id for phase in case.phases for m in rules.menu(phase, role)}
    return [m for m in case.moves if m in offered]


def harmful_moves(case: Case, role: str) -> list[str]:
    """The role's moves that carry a harmful doctrine tag or that its rubric penalises."""
    penalised: set[str] = set()
    tags: set[str] = set(HARMFUL_TAGS)
    for dim in case.rubric_for(role).values():
        for rule in dim.rules:
            if rule.points < 0 and (not rule.roles or role in rule.roles):
                if rule.kind is RuleKind.TAG:
                    tags.add(rule.target)
                elif rule.kind is RuleKind.MOVE:
                    penalised.add(rule.target)
    return [m for m in _menu(case, role) if m in penalised or tags.intersection(case.moves[m].tags)]


def paid_moves(case: Case, role: str) -> frozenset[str]:
    """The role's moves its rubric pays for as acts: a positive rule on the move or one of its
    tags, or a positive rule whose condition reads ``mine.<move or tag>`` (a restraint gate's
    constructive half); harmful moves (:func:`harmful_moves`) never count as paid."""
    harmful = set(harmful_moves(case, role))
    targets: set[str] = set()
    for dim in case.rubric_for(role).values():
        for rule in dim.rules:
            if rule.points <= 0 or (rule.roles and role not in rule.roles):
                continue
            if rule.kind is not RuleKind.IF:
                targets.add(rule.target)
            elif rule.when is not None:
                read = (n.text for n in names(rule.when.expr))
                targets.update(t[len("mine.") :] for t in read if t.startswith("mine."))
    paid = (m for m in _menu(case, role) if m in targets or targets.intersection(case.moves[m].tags))
    return frozenset(m for m in paid if m not in harmful)


def degenerate(case: Case, case_path: str | os.PathLike[str], role: str) -> list[Strategy]:
    """The degenerate strategies the probe tries for ``role``."""
    moves = _menu(case, role)
    paid, harmful = paid_moves(case, role), frozenset(harmful_moves(case, role))
    out = [built("first", role, "always the first open move", otherwise="first")]
    for move in moves:
        avoid = (paid - {move}, harmful - {move})
        out.append(built(f"repeat-{move}", role, f"repeat {move} whenever open", [Pick(move)], avoid=avoid))
    for a, b in itertools.combinations(moves, 2):
        picks = [Pick(a, f"mine.{a} <= mine.{b}"), Pick(b), Pick(a)]
        title = f"alternate {a} and {b}"
        out.append(built(f"alternate-{a}-{b}", role, title, picks, avoid=(paid - {a, b}, harmful - {a, b})))
    rules = rules_for(case)
    for path in shipped_strategies(case_path):
        if "doctrine" not in path.stem:
            continue
        doctrine = read_strategy(path, case)
        if doctrine.role != role:
            continue
        for move in harmful_moves(case, role):
            once = Pick(move, f"mine.{move} < 1")
            offered = [p for p in case.phases if move in {m.id for m in rules.menu(p, role)}]
            phases = dict(doctrine.phases)
            for phase in offered:  # at the first chance, wherever it is offered
                phases[phase] = (once, *doctrine.phases.get(phase, ()))
            out.append(
                built(
                    f"{doctrine.id}+{move}",
                    role,
                    f"{doctrine.title} plus {move} once, at the first chance",
                    doctrine.everywhere,
                    phases=phases,
                    otherwise=doctrine.otherwise,
                    required=move,
                )
            )
        out += _breaches(case, doctrine)
    return out


def _breaches(case: Case, doctrine: Strategy) -> list[Strategy]:
    """Doctrine play plus one breach of the role's own red lines (cases that declare them)."""
    role = case.roles[doctrine.role]
    out: list[Strategy] = []
    for index, line in enumerate(getattr(role, "checked_red_lines", ())):
        breach_moves = tuple(getattr(line, "moves", ()) or ())
        for move in breach_moves:
            picks = (Pick(move, f"mine.{move} < 1"),)
            phases = {p: picks + doctrine.phases.get(p, ()) for p in case.phases}
            out.append(
                built(
                    f"{doctrine.id}+breach{index + 1}-{move}",
                    doctrine.role,
                    f"{doctrine.title} plus breaching red line {index + 1} with {move}",
                    doctrine.everywhere,
                    phases=phases,
                    otherwise=doctrine.otherwise,
                    required=move,
                )
            )
    return out


def _flagged(report: StrategyReport) -> bool:
    if not report.rows:
        return False
    return report.overall.mean >= MEAN_LIMIT or report.share(Bound(">=", HIGH_SCORE)) > HIGH_SHARE


def _near(report: StrategyReport) -> bool:
    if not report.rows:
        return False
    return report.overall.mean >= MEAN_LIMIT - 10 or report.share(Bound(">=", HIGH_SCORE)) > 0


def _close(report: StrategyReport) -> bool:
    """Not flagged on its seeds, but within two standard errors of a limit there: on another sample
    of seeds it could be (:mod:`game.instructor.margins`)."""
    if not report.rows or _flagged(report):
        return False
    runs = report.runs
    if 100 * report.share(Bound(">=", HIGH_SCORE)) > 100 * HIGH_SHARE - 2 * standard_error(
        100 * HIGH_SHARE, runs
    ):
        return True
    spread = statistics.pstdev(row[3] for row in report.rows)
    return report.overall.mean >= MEAN_LIMIT - 2 * spread / math.sqrt(runs)


def _joined(report: StrategyReport, more: StrategyReport) -> StrategyReport:
    """``report`` with the playthroughs of ``more`` (the same strategy on other seeds) after its own."""
    return StrategyReport(
        report.case,
        report.strategy,
        report.title,
        report.role,
        report.seed,
        report.rows + more.rows,
        report.dimension_ids,
    )


def probe(
    path: str | os.PathLike[str],
    *,
    role: str | None = None,
    seeds: int = 200,
    seed: int = 0,
    jobs: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ProbeResult:
    """Try every degenerate strategy on the case at ``path``; ``progress(stage, done, total)``."""
    case = load_case(path)
    roles = (role,) if role else case.playable_roles
    strategies = [s for r in roles for s in degenerate(case, path, r)]
    screen = min(SCREEN_SEEDS, seeds)

    def stage(name: str) -> Callable[[int, int], None] | None:
        return (lambda done, total: progress(name, done, total)) if progress else None

    first = evaluate_many(path, strategies, seeds=screen, seed=seed, jobs=jobs, progress=stage("screening"))
    final = first
    if seeds > screen:  # strategies with a required move: few, played on some seeds only; confirm all
        chosen = [s for s, r in zip(strategies, first, strict=True) if _near(r) or s.required]
        final = evaluate_many(path, chosen, seeds=seeds, seed=seed, jobs=jobs, progress=stage("confirming"))
    by_id = {(s.role, s.id): s for s in strategies}
    played_on_all = {(r.role, r.strategy) for r in final}  # the others were screened only
    # those within the luck of the seeds of a limit: judged again with MORE_SEEDS more seeds
    close = [by_id[(r.role, r.strategy)] for r in final if _close(r)]
    more: dict[tuple[str, str], StrategyReport] = {}
    if close:
        again = evaluate_many(
            path, close, seeds=MORE_SEEDS, seed=seed + 1, jobs=jobs, progress=stage("rechecking")
        )
        more = {(r.role, r.strategy): r for r in again}
        final = [_joined(r, more[(r.role, r.strategy)]) if (r.role, r.strategy) in more else r for r in final]
    candidates = [r for r in final if _flagged(r)]
    findings = []
    for report in sorted(candidates, key=lambda r: -r.overall.mean):
        strategy = by_id[(report.role, report.strategy)]
        findings.append(
            Finding(
                report,
                strategy.title,
                report.overall.mean,
                report.share(Bound(">=", HIGH_SCORE)),
                payers(case, strategy, [row[0] for row in report.rows[:20]]),
                strategy.required,
                seeds + MORE_SEEDS if (report.role, report.strategy) in more else seeds,
            )
        )
    never = tuple(s for s in (by_id[(r.role, r.strategy)] for r in final if not r.rows) if s.required)
    latest = {(r.role, r.strategy): r for r in first} | {(r.role, r.strategy): r for r in final}
    rest = [r for r in latest.values() if r.rows and not _flagged(r)]
    closest = None
    if rest:
        best = max(rest, key=lambda r: (r.overall.mean, r.share(Bound(">=", HIGH_SCORE))))
        strategy = by_id[(best.role, best.strategy)]
        closest = Finding(
            best,
            strategy.title,
            best.overall.mean,
            best.share(Bound(">=", HIGH_SCORE)),
            (),
            strategy.required,
            (seeds if (best.role, best.strategy) in played_on_all else screen)
            + (MORE_SEEDS if (best.role, best.strategy) in more else 0),
        )
    return ProbeResult(case.id, seeds, len(strategies), tuple(findings), never, closest)


def payers(case: Case, strategy: Strategy, seeds: Sequence[int], top: int = 5) -> tuple[Payer, ...]:
    """The rubric rules that added most to the strategy's overall score, on average over ``seeds``."""
    total_weight = sum(d.weight for d in case.rubric_for(strategy.role).values()) or 1.0
    sums: dict[tuple[str, str], float] = {}
    for one in seeds:
        session = play(case, strategy, one)
        player = debrief(case, session.log).player(strategy.role)
        for dim in player.dimensions:
            for hit in dim.hits:
                key = (dim.title, hit.note)
                sums[key] = sums.get(key, 0.0) + hit.points * dim.weight / total_weight
    ranked = sorted(((v / max(len(seeds), 1), k) for k, v in sums.items() if v > 0), reverse=True)
    return tuple(Payer(dim, note, round(points, 1)) for points, (dim, note) in ranked[:top])
