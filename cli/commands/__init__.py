"""One module per ``parley`` command; :data:`COMMANDS` lists them in help order."""

from cli.commands import cases, play, run, schema, test, validate

COMMANDS = (play, cases, validate, run, test, schema)
