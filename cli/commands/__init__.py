"""One module per ``parley`` command; :data:`COMMANDS` lists them in help order."""

from cli.commands import (
    analyze,
    cases,
    compare,
    graph,
    lint,
    play,
    replay,
    report,
    results,
    resume,
    run,
    schema,
    serve,
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
    graph,
    schema,
    sessions,
    resume,
    replay,
    results,
    report,
    compare,
    serve,
)
