"""One module per ``parley`` command; :data:`COMMANDS` lists them in help order."""

from cli.commands import (
    analyze,
    cases,
    graph,
    lint,
    notes,
    play,
    replay,
    report,
    results,
    resume,
    run,
    schema,
    sessions,
    test,
    validate,
)

COMMANDS = (
    play,
    cases,
    validate,
    lint,
    run,
    test,
    analyze,
    notes,
    graph,
    schema,
    sessions,
    resume,
    replay,
    results,
    report,
)
