"""One module per ``parley`` command; :data:`COMMANDS` lists them in help order."""

from cli.commands import (
    analyze,
    cases,
    graph,
    guide,
    lint,
    new,
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
    new,
    validate,
    lint,
    run,
    test,
    analyze,
    graph,
    schema,
    guide,
    sessions,
    resume,
    replay,
    results,
    report,
)
