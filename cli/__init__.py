"""The ``parley`` command line.

Headless commands (validate, run, cases, schema, test …) never import the
terminal app; ``parley`` alone and ``parley play`` load it on demand.
"""
