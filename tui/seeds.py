"""Choosing a seed for a new session (no Textual import)."""

from __future__ import annotations

import secrets

SEED_RANGE = 1_000_000


def random_seed() -> int:
    """A fresh seed from 1 to 999 999: short enough to read out and type again."""
    return 1 + secrets.randbelow(SEED_RANGE - 1)
