"""Playing a case: the phase machine, the rules of a round, the session façade and its event log.

``session`` is the façade the app, the command line and the tests play through; ``rounds``
holds the rules of a round; ``machine`` the ``transitions`` phase graph; ``rules`` what is
worked out once per case; ``board`` the mutable state; ``events`` the log; ``policy`` the
scripted counterparts; ``replay`` state rebuilt from a log; ``script`` scripted play;
``cursor`` stepping through a stored session; ``bulk`` (with ``bulkplan``, ``bulkcode`` and
``bulkreads``) a whole playthrough by the policy without a log, for analysis.
"""
