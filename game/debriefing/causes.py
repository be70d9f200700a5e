"""The debrief's explanations: what moved each dimension, what decided the ending.

Plain sentences built from the attribution of a log
(:mod:`game.play.attribution`): each dimension's explanation gives the points
of its rules (act, state and red lines, with the role's share of each state),
then what moved the values its state rules read, in order, with rounds and
amounts, then the doctrine it cites.  The ending is explained by the exits'
conditions, read clause by clause from their syntax trees (:mod:`game.debriefing.clauses`):
what decided it, and the nearest better ending with what was missing.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.case.conditions import Before, Call, Expr, Name, leaves, names, render
from game.case.model import Case, Citation, Dimension, Outcome, Rule, Scores
from game.case.names import Context
from game.debriefing.clauses import Reader, board_reader, clause_text, failing, satisfied, true_leaves
from game.debriefing.credit import CLOCK, Credit
from game.debriefing.labels import move_label, reading_label, slot_label
from game.play.attribution import THE_TABLE, Attribution, Cause, Change, ExitRecord, value_key
from game.play.facilitator import FACILITATOR
from game.play.redlines import red_line
from game.play.rules import rules_for

RANK = {outcome.value: i for i, outcome in enumerate(Outcome)}  # best first


# ----------------------------------------------------------------- dimensions


def explain(case: Case, dim: Dimension, hits: Sequence[object], at: Attribution, role: str) -> str:
    """One paragraph: each rule's points and why, what moved the values read, the doctrine."""
    parts: list[str] = []
    grouped: dict[tuple[str, str], list[object]] = {}
    for hit in hits:
        grouped.setdefault((hit.scores, hit.note), []).append(hit)  # type: ignore[attr-defined]
    for (kind, note), group in grouped.items():
        points = sum(h.points for h in group)  # type: ignore[attr-defined]
        if kind == Scores.STATE.value:
            hit = group[0]
            full = hit.table_points  # type: ignore[attr-defined]
            share = hit.share  # type: ignore[attr-defined]
            detail = f" ({hit.detail})" if hit.detail else ""  # type: ignore[attr-defined]
            # credited in full, yet no decision of the role made it (its points split among none of them)
            if share >= 0.999 and points and not any(getattr(h, "parts", ()) for h in group):
                why = (
                    "what it needed held from the start, and no decision of yours undid it"
                    if points > 0
                    else "it was so from the start, and no decision of yours changed it"
                )
                parts.append(f"{_signed(points)} {note}{detail}: {why}")
            elif share >= 0.999:
                parts.append(f"{_signed(points)} {note}{detail}, all from your decisions")
            elif share <= 0.001:
                parts.append(
                    f"0 of {full:+d} {note}{detail}: the table's result, not caused by your decisions"
                )
            else:
                parts.append(
                    f"{_signed(points)} of {full:+d} {note}{detail}: your decisions' share {share:.0%}"
                )
        else:
            cited = ", ".join(
                f"R{h.round} {move_label(case, h.move)}"
                for h in group
                if h.move  # type: ignore[attr-defined]
            )
            parts.append(f"{_signed(points)} {note}" + (f" ({cited})" if cited else ""))
    text = "; ".join(parts) if parts else f"started at {dim.start}; no rule applied to you"
    moved = movers(case, dim, at, role)
    if moved:
        text += ". What moved it: " + "; ".join(moved)
    cites = dimension_cites(dim, hits)
    if cites:
        text += ". Doctrine: " + " ".join(f"“{c.quote}” ({c.source})" for c in cites[:2])
    return text


def dimension_cites(dim: Dimension, hits: Sequence[object] = ()) -> tuple[Citation, ...]:
    """The citations of the rules that applied (or of every rule when none did), without repeats."""
    applied = [h.cite for h in hits if getattr(h, "cite", ())]  # type: ignore[attr-defined]
    pool = applied or [dim.cite]
    seen: dict[tuple[str, str], Citation] = {}
    for cites in pool:
        for cite in cites:
            seen.setdefault((cite.quote, cite.source), cite)
    return tuple(seen.values())


def movers(
    case: Case, dim: Dimension, at: Attribution, role: str, hidden: frozenset[int] = frozenset()
) -> tuple[str, ...]:
    """For each meter or flag the dimension's state rules read: its changes, in order, with causes.
    ``hidden``: the moves (event seqs) the reader did not see, named as "Kestmark's private move"."""
    table = rules_for(case).names
    out: list[str] = []
    seen: set[str] = set()
    for rule in dim.rules:
        if rule.roles and role not in rule.roles:
            continue
        if rule.when is None or rule.scores is not Scores.STATE:
            continue
        for name in names(rule.when.expr):
            head = name.text.partition(".")[0]
            if head not in table.meters and head != "flags":
                continue
            key = value_key(case, name.text, table.meter_slot if head in table.meters else None, role)
            if key in seen:
                continue
            seen.add(key)
            line = _history(case, key, at, role, hidden)
            if line:
                out.append(line)
    return tuple(out)


def _history(case: Case, key: str, at: Attribution, role: str, hidden: frozenset[int] = frozenset()) -> str:
    changes = at.changes_of(key)
    if not changes:
        return ""
    label = slot_label(case, key).rstrip(".")
    if key.startswith("flags."):
        steps = [
            f"{'set' if c.value else 'cleared'} R{c.round} by {describe_change(case, c, role, hidden)}"
            for c in changes
        ]
        return f"{label}: " + ", ".join(steps)
    assert at.initial is not None
    first = at.initial.meters[key]
    last = changes[-1].value
    steps = [f"R{c.round} {describe_change(case, c, role, hidden)} {c.change:+d}" for c in changes]
    yours = [c.change for c in changes if c.credits(role)]
    mine = sum(yours)
    # changes of the role's that cancel out are "yours net 0", not "none yours" over a list of yours
    share = f"yours {mine:+d}" if mine else "yours net 0" if yours else "none yours"
    return f"{label} {first}→{last} ({share}): " + ", ".join(steps)


def describe_change(case: Case, change: Change, role: str, hidden: frozenset[int] = frozenset()) -> str:
    """ "your “Open a backchannel”", "Kestmark's “Extend the exercise”", "“Naval drills” (after your …)";
    a move in ``hidden`` (event seqs the reader did not see) is "Kestmark's private move"."""
    cause = change.cause
    secret = cause.seq is not None and cause.seq in hidden
    if change.source == "move":
        if secret:
            return f"{_whose(case, change.source_role, role)} private move"
        return f"{_whose(case, change.source_role, role)} “{_label(case, change.source_id)}”"
    if change.source == "reply":
        replier = case.roles[change.source_role].name
        if secret:
            return f"{replier}'s reply to {_whose(case, cause.role, role)} private move"
        return f"{replier}'s reply to {_whose(case, cause.role, role)} “{_label(case, change.source_id)}”"
    if secret and change.source in ("offer", "timer", "inject"):
        private = f"{_whose(case, cause.role, role)} private move"
        if change.source == "inject":
            return f"“{case.injects[change.source_id].title}”, set off by {private} (R{cause.round})"
        what = (
            f"the agreed “{case.proposals[change.source_id].label}”"
            if change.source == "offer"
            else f"the timer “{change.source_id}” running out"
        )
        return f"{what}, after {private}"
    if change.source == "offer" and change.term:
        return _agreed_term(case, change, role)
    if change.source in ("offer", "timer"):
        what = (
            f"the agreed “{case.proposals[change.source_id].label}”"
            if change.source == "offer"
            else f"the timer “{change.source_id}” running out"
        )
        if cause.table:
            return what
        if cause.role == FACILITATOR:
            return f"{what}, after the facilitator's action"
        return f"{what}, after {_whose(case, cause.role, role)} “{_label(case, cause.move)}”"
    if change.source == "facilitator":
        return "the facilitator's adjudication"
    if change.source == "inject":
        title = case.injects[change.source_id].title
        if cause.table:
            return f"“{title}”"
        if cause.role == FACILITATOR:
            return f"“{title}”, fired by the facilitator"
        by = f"{_whose(case, cause.role, role)} “{_label(case, cause.move)}”"
        return f"“{title}”, set off by {by} (R{cause.round})"
    return "?"


def _agreed_term(case: Case, change: Change, role: str) -> str:
    """ "the agreed “Pact”: “Monitors on site”, the term you added in your counter, round 4"; an agreed
    term's effect, with who put the term on the table and, when that is not the role, whether the
    role was a party to the agreement."""
    proposal = case.proposals[change.source_id]
    term = proposal.terms[change.term].label if change.term in proposal.terms else change.term
    author = change.cause
    countered = author.move.partition(".")[0] == proposal.id  # an answer: its counter
    if author.table:
        origin = "put on the table"
    else:
        mine = author.role == role
        name = "you" if mine else _whose(case, author.role, role).removesuffix("'s")
        if countered:
            origin = f"the term {name} added in {'your' if mine else 'a'} counter, round {author.round}"
        else:
            origin = f"the term {name} tabled in round {author.round}"
    party = ", which you agreed to" if author.role != role and role in change.credited else ""
    return f"the agreed “{proposal.label}”: “{term}”, {origin}{party}"


def _whose(case: Case, actor: str, role: str) -> str:
    if actor == role:
        return "your"
    if actor == FACILITATOR:
        return "the facilitator's"
    return f"{case.roles[actor].name}'s" if actor in case.roles else "the table's"


def breach_notes(case: Case, at: Attribution, role: str) -> tuple[object, ...]:
    """Every red line ``role`` crossed, with round, move and cost (charged once per red line)."""
    from game.debriefing.scoring import BreachNote

    out = []
    seen: set[int] = set()
    for breach in at.breaches:
        if breach.role != role:
            continue
        line = red_line(case, role, breach.line)
        if line is None:
            continue
        cost = 0 if breach.line in seen else line.points
        seen.add(breach.line)
        label = move_label(case, breach.move) if breach.move else breach.move
        out.append(
            BreachNote(
                breach.line, line.text, breach.round, breach.move, label, line.dimension, cost, line.cite
            )
        )
    return tuple(out)


def values_read(case: Case, rule: Rule, credit: Credit, role: str) -> str:
    """ "Escalation ladder = 2, Trust (Kestmark–Republic of Velmar) = 5": what a state rule looked at."""
    assert rule.when is not None
    board = credit.at.final
    assert board is not None
    table = rules_for(case).names
    parts: list[str] = []
    for name in names(rule.when.expr):
        head = name.text.partition(".")[0]
        if head in ("ending", "outcome"):
            continue
        board.self_role = role
        value = table.resolve(name, Context.RUBRIC).getter(board)
        if head in table.meters:
            meter, slot = table.meter_slot(name.text, Context.RUBRIC)
            text = f"{slot_label(case, slot or f'{meter}.{role}')} = {value}"
        else:
            text = reading_label(case, name.text, value)
        if text not in parts:
            parts.append(text)
    for leaf in leaves(rule.when.expr):
        if not isinstance(leaf, Name):  # a history question (format 2): shown as written, with its value
            board.self_role = role
            text = _history_reading(case, leaf, table.resolve(leaf, Context.RUBRIC).getter(board))
            if text not in parts:
                parts.append(text)
    return ", ".join(parts)


def _history_reading(case: Case, leaf: Call | Before, value: object) -> str:
    """A history question and its answer for people: "“Listen” before “Propose”: yes", not
    "played(listen) before played(propose) = True"; a number (``rounds_since``) as written."""
    if not isinstance(value, bool):
        return f"{render(leaf)} = {value}"
    answer = "yes" if value else "no"
    calls = (leaf.left, leaf.right) if isinstance(leaf, Before) else (leaf,)
    if all(call.fn == "played" and call.args and call.args[0] in case.moves for call in calls):
        labels = [f"“{case.moves[call.args[0]].label}”" for call in calls]
        said = " before ".join(labels) if isinstance(leaf, Before) else f"{labels[0]} played"
        return f"{said}: {answer}"
    return f"{render(leaf)}: {answer}"


# ----------------------------------------------------------------- the ending


def ending(case: Case, at: Attribution) -> tuple[str, str]:
    """What decided the ending, and the nearest better ending with what it lacked."""
    final = at.final
    if final is None or not final.ending:
        return "", ""
    record = at.exits[-1]
    reached = case.endings[final.ending]
    origin = case.phases.get(record.origin)
    if record.reason == "exit" and record.exit is not None:
        clauses = ", ".join(
            clause_text(case, leaf, _end_reader(at), True)
            for leaf in true_leaves(record.exit.when.expr, _end_reader(at))
        )
        decider = _decider(case, at, record)
        who = "" if decider is None or decider.table else f"; decided by {_decision(case, decider)}"
        reason = f"“{reached.title}” was reached in round {record.round} because {clauses}{who}"
    elif record.reason == "timeout" and origin is not None:
        reason = (
            f"“{reached.title}”: “{origin.title}” ran out of its {origin.max_rounds} "
            f"round{'' if origin.max_rounds == 1 else 's'} "
            f"in round {record.round} with no exit's condition met"
        )
    elif record.reason == "limit":
        reason = f"“{reached.title}”: the case reached its limit of {case.rounds.limit} rounds"
    else:
        reason = f"“{reached.title}” was reached in round {record.round}"
    return reason, _nearest_better(case, at, reached.outcome.value, record.origin)


def _decider(case: Case, at: Attribution, record: ExitRecord) -> Cause | None:
    """The decision that made the exit's condition true: the cause of the last change, up to the exit,
    that turned it from false to true.  The clock counts as a change of the table's at the start of
    each round of the phase the exit left; a change made before that phase began is read with the
    clock of its first round.  None when no decision did (the condition held from the start, or the
    clock or an event of the table's made it true).  A condition that reads more than meters, flags,
    moves and tags played and the clock keeps the cause the log recorded (the latest change to any
    value it reads), as does one this replay does not find holding.  The latest change alone can be
    a move that pushed the other way (“Talks adjourned” because tension ≤ 6, decided by the
    ultimatum that raised it to 6), one made after the condition already held, or one made in an
    earlier phase when the phase's rounds running out decided it."""
    assert record.exit is not None and at.initial is not None
    expr = record.exit.when.expr
    table = rules_for(case).names
    texts: dict[str, list[str]] = {}  # value key -> the names that read it
    for leaf in leaves(expr):
        if not isinstance(leaf, Name):
            return record.cause
        if leaf.text in CLOCK:
            continue
        head, _, rest = leaf.text.partition(".")
        if head in table.meters or head == "flags":
            key = value_key(case, leaf.text, table.meter_slot if head in table.meters else None)
        elif head in ("played", "tagged") and rest:
            key = leaf.text
        else:
            return record.cause
        if not key:
            return record.cause
        texts.setdefault(key, []).append(leaf.text)
    steps: list[tuple[int, str, object, Cause]] = [  # (seq, key, new value or None for +1, cause)
        (change.seq, change.slot, change.value, change.cause) for change in at.changes if change.slot in texts
    ]
    for move in at.moves:
        known = case.moves.get(move.move)
        if known is not None:
            played = [f"played.{known.id}", *(f"tagged.{tag}" for tag in known.tags)]
            steps.extend((move.seq or 0, key, None, move) for key in played if key in texts)
    steps.sort(key=lambda step: step[0])
    rounds = {change.seq: change.round for change in at.changes}
    rounds.update({move.seq or 0: move.round for move in at.moves})
    start = board_reader(case, at.initial, "")
    end = _end_reader(at)
    values = {text: start(text) for found in texts.values() for text in found}
    last_round = record.round
    first_round = last_round - record.board.phase_round + 1  # the first round of the phase exited
    clock = {name: end(name) for name in CLOCK}
    shift = {"round": 1, "phase_round": 1, "rounds_left": -1}

    def at_round(rnd: int) -> None:
        for name, sign in shift.items():
            if isinstance(clock[name], int):
                values[name] = clock[name] - sign * (last_round - max(rnd, first_round))  # type: ignore[operator]

    def read(leaf: object) -> object:
        text = getattr(leaf, "text", leaf)
        return values[text] if text in values else end(leaf)  # type: ignore[arg-type]

    at_round(first_round)
    holds = satisfied(expr, read)
    decider: Cause | None = None
    now_round = first_round
    until = [step for step in steps if step[0] <= record.seq] + [(record.seq, "", None, THE_TABLE)]
    for seq, key, value, cause in until:
        rnd = rounds.get(seq, last_round) if key else last_round
        while now_round < rnd:  # the clock moved: a round of the phase began
            now_round += 1
            at_round(now_round)
            now = satisfied(expr, read)
            if now and not holds:
                decider = None
            holds = now
        if not key:
            break
        for text in texts[key]:
            values[text] = value if value is not None else int(values[text]) + 1  # type: ignore[call-overload]
        now = satisfied(expr, read)
        if now and not holds:
            decider = None if cause.table else cause
        holds = now
    return decider if holds else record.cause


def _nearest_better(case: Case, at: Attribution, outcome: str, origin: str) -> str:
    final = at.final
    assert final is not None
    candidates: list[tuple[int, int, int, str, list[Expr]]] = []
    phases = [origin, *[p for p in case.phases if p in final.visited and p != origin]]
    for order, phase_id in enumerate(phases):
        phase = case.phases.get(phase_id)
        if phase is None:
            continue
        for taken in phase.exits:
            target = case.endings.get(taken.to)
            if target is None or RANK[target.outcome.value] >= RANK[outcome]:
                continue
            missing = failing(taken.when.expr, _end_reader(at))
            if missing:
                candidates.append((len(missing), order, RANK[target.outcome.value], taken.to, missing))
    if not candidates:
        return ""
    _n, _order, _rank, target_id, missing = min(candidates, key=lambda c: (c[0], c[1], c[2]))
    title = case.endings[target_id].title
    read = _end_reader(at)

    def after(names_read: Sequence[str]) -> str:
        return _last_move(case, names_read, at)

    needs = "; and ".join(clause_text(case, leaf, read, False, after) for leaf in missing)
    return f"“{title}” needed {needs}"


def _end_reader(at: Attribution) -> Reader:
    """Values at the end of the session."""
    board = at.final
    assert board is not None
    return board_reader(at.case, board, "")


def _last_move(case: Case, read: Sequence[str], at: Attribution) -> str:
    table = rules_for(case).names
    keys = set()
    for text in read:
        head = text.partition(".")[0]
        keys.add(value_key(case, text, table.meter_slot if head in table.meters else None))
    changes = [c for c in at.changes if c.slot in keys and c.change]
    if not changes:
        return ""
    last = changes[-1]
    return f"{describe_change(case, last, '')} in round {last.round}"


def _decision(case: Case, cause: object) -> str:
    role = cause.role  # type: ignore[attr-defined]
    move = cause.move  # type: ignore[attr-defined]
    if role == FACILITATOR:
        return "the facilitator"
    return f"{case.roles[role].name}'s “{_label(case, move)}” in round {cause.round}"  # type: ignore[attr-defined]


def _label(case: Case, move: str) -> str:
    """A move's label; an answer to a proposal (format 2) as the menu shows it, "Accept: Standstill"."""
    return move_label(case, move)


def _signed(points: int) -> str:
    return f"{points:+d}" if points else "0"
