"""Debriefing a session: scores, causes, better moves and the reports a trainee keeps.

``scoring`` computes the debrief from a case and an event log; ``counterfactual`` rolls out
the alternatives at the decisions that mattered; ``report`` and ``htmlreport`` render the
transcript and the debrief; ``labels`` names meters as people read them; ``doctrine`` holds
the doctrine tags a move may carry and where each comes from.
"""
