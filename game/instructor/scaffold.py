"""A new case to start from: what ``parley new`` writes.

:func:`scaffold` returns the text of a small case that validates, lints clean
and passes its expected paths, for 2 to 6 roles, and of its expected-paths
file, in the newest format version.  Every part of the format an author needs
first is there once (a global and a per-role meter, two phases with exits and
timeouts, endings, moves with tags, feedback and a reply, a proposal with a
counter, a timer, an inject, reservations and policies, a rubric), with
comments saying what to change and where to read more.
"""

from __future__ import annotations

import re

from game.case.schema import CASE_ID

MIN_ROLES, MAX_ROLES = 2, 6

# Role ids and names, in the order they are used: rename them in the file.
_ROLES = (
    ("north", "Northern Republic"),
    ("south", "Southern Federation"),
    ("east", "Eastern Kingdom"),
    ("west", "Western League"),
    ("centre", "Central Confederation"),
    ("coast", "Coastal Principality"),
)


def check_id(case_id: str) -> str:
    """An empty string when ``case_id`` can name a case, else what is wrong with it."""
    if re.fullmatch(CASE_ID, case_id):
        return ""
    return (
        f"'{case_id}' is not a valid case id: lowercase letters, digits, '_' and '-', starting with a letter"
    )


def _role(role: str, name: str, first: bool) -> str:
    comment = (
        "    # How the computer plays this role when no trainee does: a weighted draw among the\n"
        "    # preferences whose move is open and whose 'when' holds.\n"
    )
    reservation = (
        "    # Played by the computer, the role accepts an offer when this holds in the state\n"
        "    # the offer's terms would produce (its BATNA as a condition).\n"
        if first
        else ""
    ) + "    reservation: trust >= 3\n"
    policy = (
        reservation + (comment if first else "") + "    policy:\n"
        "      - move: propose_step\n"
        "        when: round >= 3 and trust >= 5\n"
        "      - move: listen\n"
        "        weight: 2\n"
    )
    return (
        f"  {role}:\n"
        f"    name: {name}\n"
        f"    description: What everyone knows about the {name}.\n"
        "    briefing: |\n"
        f"      Private: what only the {name}'s player reads. Who you are, what you\n"
        "      want, what you fear.\n"
        "    interests:\n"
        "      - What this party needs, beneath what it demands.\n"
        "    red_lines:\n"
        "      - What this party will not give up.\n"
        "    batna: Its best alternative if the talks fail.\n" + policy
    )


def scaffold(case_id: str, roles: int = 2) -> tuple[str, str]:
    """The texts of ``<case_id>.yaml`` and ``<case_id>.paths.yaml`` for a case with ``roles`` roles.

    Raises :class:`ValueError` for an invalid id or a number of roles outside 2…6.
    """
    problem = check_id(case_id)
    if problem:
        raise ValueError(problem)
    if not MIN_ROLES <= roles <= MAX_ROLES:
        raise ValueError(f"a new case has {MIN_ROLES} to {MAX_ROLES} roles, not {roles}")
    chosen = _ROLES[:roles]
    ids = [r for r, _ in chosen]
    all_roles = f"[{', '.join(ids)}]"
    first, second = ids[0], ids[1]
    menus = {
        "talks": "[listen, press, propose_step]",
        "mediation": "[listen, press, propose_step, withdraw_threat]",
    }

    def phase_moves(phase: str) -> str:
        return "".join(f"      {r}: {menus[phase]}\n" for r in ids)

    case = f"""\
# yaml-language-server: $schema=./parley-case.schema.json
# A new case from `parley new`: rename, rewrite and grow it. Read the guide with
# `parley guide authoring` and every field with `parley guide format`; after each
# change run `parley validate {case_id}.yaml`, then `parley lint` and `parley test`.
schema_version: 2
id: {case_id}
title: A new case
summary: >-
  One paragraph for the case library: the crisis, who is in it, and what the
  trainee has to achieve.
difficulty: introductory
duration_minutes: 15
briefing: |
  The public situation every player reads: who the parties are, what has
  happened, and what is at stake.

rounds:
  limit: 6               # the case ends after this many rounds…
  on_limit: stalemate    # …in this ending

roles:
{"".join(_role(r, n, i == 0) for i, (r, n) in enumerate(chosen))}
meters:
  escalation:
    label: Escalation
    description: How close the crisis is to open conflict.
    max: 10
    initial: 4
  trust:
    label: Trust
    description: How far the parties believe each other.
    max: 10
    initial: 2
  support:
    label: Support at home
    scope: role          # one value per role: support.{first}, or support.self in a move
    max: 10
    initial: 5

phases:                  # play begins in the first phase listed
  talks:
    title: Talks
    text: The delegations meet for the first time.
    max_rounds: 3
    on_timeout: stalemate
    moves:
{phase_moves("talks")}    exits:               # tried in order at the end of each round
      - to: breakdown
        when: escalation >= 8
      - to: agreement
        when: accepted.first_step
      - to: mediation
        when: played.propose_step >= 1
  mediation:
    title: Mediation
    text: A step has been proposed. Will the parties take it?
    max_rounds: 3
    on_timeout: stalemate
    moves:
{phase_moves("mediation")}    exits:
      - to: breakdown
        when: escalation >= 8
      - to: agreement
        when: accepted.first_step
      # where the timeout leads anyway, in its round, when escalation stayed low: the debrief credits
      # an ending to the decisions behind the exit that reached it (a timeout is nobody's doing)
      - to: stalemate
        when: phase_round >= 3 and escalation <= 5

endings:
  agreement:
    title: A first agreement
    outcome: agreement
    text: A small, checkable step is agreed; the next talks are scheduled.
  breakdown:
    title: Breakdown
    outcome: breakdown
    text: The talks collapse and the crisis climbs the ladder.
  stalemate:
    title: Stalemate
    outcome: stalemate
    text: Nothing is settled; the crisis drags on.

moves:
  listen:
    label: Ask what the other side fears
    roles: {all_roles}
    tags: [inquiry]
    effects:
      trust: +1
    feedback: Listening is a tool; it finds the fear behind the demand.
  press:
    label: Make a public threat
    roles: {all_roles}
    tags: [coercive_signal, escalatory]
    starts: [ultimatum]  # a countdown: see 'timers' below
    effects:
      escalation: +2
      trust: -1
      support.self: +1
    feedback: Threats please the home crowd and raise the risk of an accident.
  withdraw_threat:
    label: Withdraw the ultimatum
    roles: {all_roles}
    tags: [de_escalation]
    stops: [ultimatum]
    effects:
      escalation: -1
      support.self: -1
    feedback: Stepping back from a deadline costs face at home and lowers the risk.
  propose_step:
    label: Propose a small, reversible step
    roles: {all_roles}
    tags: [reversible_step]
    proposes: first_step # the others answer with first_step.accept, .reject or .drop_observers
    effects:
      escalation: -1
    feedback: A small step that can be undone costs little and builds trust.
    replies:
      - role: {second}
        text: The {chosen[1][1]} says it will study the proposal.

proposals:               # packages of terms, tabled by a move's 'proposes'
  first_step:
    label: A first, reversible step
    text: Both sides pull back from the border for a month, and talk again.
    to: {all_roles}
    expires: 2           # rounds it stays on the table, the round tabled included
    terms:
      pull_back:
        label: Both sides pull back from the border for a month
        effects:
          escalation: -2
          trust: +1
      observers:
        label: Neutral observers check the pull-back
        effects:
          trust: +1
    counters:            # amendments an addressed role may answer with instead
      drop_observers:
        label: Without observers, to move faster
        drop: [observers]

timers:                  # countdowns started by 'starts' and stopped by 'stops'
  ultimatum:
    label: Ultimatum
    rounds: 2
    text: The ultimatum runs out; troops move closer to the border.
    effects:
      escalation: +1

injects:
  leak:
    title: The talks leak
    text: A newspaper prints the venue of the talks.
    round: 2
    effects:
      escalation: +1

# The rubric scores each player. A rule with 'tag' scores the player's own acts; a rule with
# 'if' scores a state of the table, and pays the player only for the part of it their own
# moves caused (see `parley guide format rubric`). Score acts by doctrine tag, with caps,
# and tie the outcome to the player's own contribution: a rubric made only of end states
# pays a player little, since the others' moves change the state too.
rubric:
  escalation_control:
    title: Escalation control
    rules:
      - tag: escalatory
        points: -15
        note: raised the risk of a clash
      - tag: reversible_step
        points: 10
        max_times: 1
        note: proposed a step that can be undone
      - tag: de_escalation
        points: 10
        max_times: 1
        note: stepped back from a deadline
      - if: escalation <= 3
        points: 20
        note: ended with escalation low
      - if: expired.ultimatum
        points: -10
        note: let an ultimatum run out
  trust_and_listening:
    title: Trust and listening
    rules:
      - tag: inquiry
        points: 10
        max_times: 3
        note: listened before acting
      - if: support.self <= 2
        points: -10
        note: lost the public at home
  outcome:
    title: Outcome
    weight: 2            # counts twice in the overall score
    start: 0
    rules:
      - if: outcome.agreement
        points: 60
        note: reached an agreement
      - if: outcome.agreement and mine.reversible_step >= 1 and mine.inquiry >= 1
        points: 20
        note: the agreement rests on your own proposal, made after listening
      - if: accepted.first_step.observers
        points: 20
        note: the step agreed is checked by observers
      - if: outcome.stalemate
        points: 25
        note: avoided the worst but settled nothing

teaching:                # notes for the facilitator: `parley notes {case_id}.yaml`
  objectives:
    - text: Lower the risk of a clash without giving in to threats.
      dimensions: [escalation_control]   # rubric dimensions this objective is scored by
      doctrine:                          # a short quote, word for word from a doctrine text
        - source: coercion               # coercion, arms or small-state (`parley guide authoring`)
          quote: resist the instinct to retaliate in kind
    - text: Listen before proposing, and propose a small step the other side can check.
      dimensions: [trust_and_listening, outcome]
      doctrine:
        - source: coercion
          quote: A robust approach begins with listening as a strategic tool.
        - source: coercion
          quote: small, reversible steps build trust and reveal reciprocal commitments
  expected_play: >-
    Ask what the other side fears, then propose a small, reversible step; when
    a step is offered without observers, turn it down and propose one with them.
    Withdraw an ultimatum rather than let it run out.
  common_errors:
    - error: Answering a threat with a threat.
      why: Escalation climbs toward a breakdown and trust falls with every threat.
    - error: Dropping the observers to close the deal faster.
      why: A step nobody checks is easy to break, and the outcome counts less for it.
  timing:                # a plan for a 45-minute class
    - minutes: 5
      activity: Read the public briefing aloud; each player reads their private briefing.
    - minutes: 15
      activity: Play, one role each (the computer plays the others).
    - minutes: 10
      activity: The debrief screen, dimension by dimension.
    - minutes: 10
      activity: Discussion questions.
    - minutes: 5
      activity: One thing to keep doing, one thing to change.
  discussion:
    - What did the other side fear, and when did you learn it?
    - Why insist on observers for a step as small as this one?
"""
    listen_all = "".join(f"      - {r}: listen\n" for r in ids)
    calibration = (
        "  # Bounds over 200 seeds, one role at a time (the others follow their policy): doctrine\n"
        "  # play scores 80 or more, reactive play 40 or less; the strategies are in\n"
        f"  # {case_id}.strategies/.\n"
    )
    for r in ids:
        calibration += (
            f"  - name: {r} by the doctrine scores 80 or more on 95% of seeds\n"
            f"    strategy: {r}-doctrine\n"
            '    expect: {score: ">= 80", on: ">= 95%"}\n'
            f"  - name: {r} playing reactively scores 40 or less on 95% of seeds\n"
            f"    strategy: {r}-reactive\n"
            '    expect: {score: "<= 40", on: ">= 95%"}\n'
            f"  - name: {r} at random lands strictly between reactive and doctrine play\n"
            "    strategy: random\n"
            f"    role: {r}\n"
            f"    expect: {{median_between: [{r}-reactive, {r}-doctrine]}}\n"
        )
    accept = "".join(f"      - {r}: first_step.accept\n" for r in ids[1:])
    paths = f"""\
# Expected paths of {case_id}.yaml: `parley test {case_id}.yaml` plays each one and checks `expect`.
# Every role is scripted here, so nothing is left to chance; keep these in step with the case.
paths:
  - name: listening, then a small step everyone accepts, reaches an agreement
    seed: 0
    players: {all_roles}
    moves:                 # taken in order whenever that role is to move
{listen_all}      - {first}: propose_step
{accept}    expect:
      visits: [talks]
      ending: agreement
      score: ">= 60"       # the first player's overall score
  - name: threats end in a breakdown
    seed: 0
    players: {all_roles}
    moves:
{"".join(f"      - {r}: press{chr(10)}" for r in ids)}    expect:
      ending: breakdown
      score: "<= 40"
{calibration}"""
    return case, paths


def scaffold_strategies(case_id: str, roles: int = 2) -> dict[str, str]:
    """The strategy files of the case :func:`scaffold` writes, by file name, for
    ``<case_id>.strategies/``: a doctrine and a reactive strategy for every role, which
    its strategy paths hold to bounds over 200 seeds."""
    scaffold(case_id, roles)  # the same checks
    out: dict[str, str] = {}
    for role, name in _ROLES[:roles]:
        out[f"{role}-doctrine.yaml"] = f"""\
# Doctrine play for {role} ({name}): what the rubric should reward. `parley analyze
# {case_id}.yaml --role {role} --strategy doctrine` plays it on 200 seeds; the paths file
# checks it scores 80 or more on 95% of them. Keep it in step with the case.
role: {role}
title: Doctrine
description: >-
  Listen first, then propose a small, reversible step with observers; accept
  such an offer, and withdraw an ultimatum rather than let it run out.
phases:                  # per phase, the first preference whose move is open and whose 'when' holds
  talks:
    - move: listen
      when: mine.listen < 1
    - move: first_step.accept  # an answer to an offer: open while one awaits this role
    - move: propose_step
      when: not pending.first_step
  mediation:
    - move: first_step.accept
    - move: withdraw_threat
      when: timer.ultimatum > 0
    - move: propose_step
      when: not pending.first_step
everywhere:              # tried after the phase's own list
  - move: listen
"""
        out[f"{role}-reactive.yaml"] = f"""\
# Reactive play for {role} ({name}): what the rubric should not reward (40 or less on
# 95% of seeds, checked by the paths file).
role: {role}
title: Reactive
description: Answers pressure with public threats, and drops the observers from any offer.
phases:
  talks:
    - move: first_step.drop_observers
    - move: press
  mediation:
    - move: first_step.drop_observers
    - move: press
"""
    return out
