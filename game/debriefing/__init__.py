"""Debriefing a session: scores, causes, better moves and the reports a trainee keeps.

``scoring`` computes the debrief from a case and an event log; ``counterfactual`` rolls out
the alternatives at the decisions that mattered (``rollouts`` plays them, ``rolloutpool`` shares
them over several processes when that pays), and ``screening`` decides which may ever be
recommended; ``reportmodel`` (with ``objectives``, the after-action view) gathers all of it into
one report model, which ``report`` (text, Markdown), ``htmlreport`` and ``aar`` render;
``labels`` names meters as people read them; ``doctrine`` holds the doctrine tags a move may
carry and where each comes from.
"""
