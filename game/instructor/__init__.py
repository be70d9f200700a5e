"""The instructor's tools: checking a case before class, without playing it by hand.

``lint`` finds unreachable phases, dead ends and conditions that can never hold (with
``intervals``, the range analysis of conditions, and ``phasegraph``, the graph read back
from the engine's machine); ``analysis`` plays seeded playthroughs in bulk; ``expect`` runs
the expected paths kept beside a case; ``diagram`` draws the phase graph.
"""
