"""Parley's themes: dark, light, and a high-contrast one for a classroom projector.

Switch at run time with ``ctrl+t`` (cycles) or from the command palette ("Theme: …"). Screens
style themselves only through theme variables (``$primary``, ``$warning``…), so every screen
follows the theme.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="parley-dark",
    primary="#4A9FE0",
    secondary="#2F6FA8",
    accent="#F0A830",
    warning="#F0A830",
    error="#E0565B",
    success="#5BBF73",
    foreground="#E4E4E4",
    background="#14181D",
    surface="#1C2228",
    panel="#26303A",
    dark=True,
    variables={"parley-border": "#35546F", "parley-inject": "#3A3020"},
)

LIGHT = Theme(
    name="parley-light",
    primary="#1F5F99",
    secondary="#3A7CC0",
    accent="#B35C00",
    warning="#A35200",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1B1B1B",
    background="#F4F4F0",
    surface="#E8E8E2",
    panel="#D8DCE0",
    dark=False,
    variables={"footer-key-foreground": "#1F5F99", "parley-border": "#8AA4BD", "parley-inject": "#F6E3C4"},
)

# Black on white with saturated accents and no translucent greys: it survives a washed-out
# projector in a lit room. Disabled text is still dark enough to read.
CONTRAST = Theme(
    name="parley-contrast",
    primary="#0000B0",
    secondary="#00007A",
    accent="#A04000",
    warning="#B00000",
    error="#B00000",
    success="#006400",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E6E6E6",
    boost="#DDDDDD",
    dark=False,
    text_alpha=1.0,
    luminosity_spread=0.25,
    variables={
        "text-muted": "#000000",
        "foreground-muted": "#000000",
        "text-disabled": "#595959",
        "foreground-disabled": "#595959",
        "border": "#000000",
        "border-blurred": "#595959",
        "footer-background": "#000000",
        "footer-foreground": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "footer-key-background": "#000000",
        "footer-description-background": "#000000",
        "footer-item-background": "#000000",
        "block-cursor-background": "#0000B0",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#B0B0FF",
        "block-cursor-blurred-foreground": "#000000",
        "scrollbar": "#000000",
        "scrollbar-background": "#D0D0D0",
        "parley-border": "#000000",
        "parley-inject": "#FFF1A8",
    },
)

THEMES: tuple[Theme, ...] = (DARK, LIGHT, CONTRAST)

VARIABLE_DEFAULTS = {"parley-border": "#5A6A7A", "parley-inject": "#4A3A20"}
"""Parley's own theme variables: ``$parley-border`` for panel borders, ``$parley-inject`` behind a
breaking event. Every theme above sets them; these are the fallbacks for any other theme."""
"""In the order ``ctrl+t`` cycles through them."""

TITLES = {DARK.name: "dark", LIGHT.name: "light", CONTRAST.name: "high contrast (projector)"}
"""Each theme's name for people."""


def next_theme(current: str) -> str:
    """The theme after ``current`` in :data:`THEMES` (the first if ``current`` is not ours)."""
    names = [theme.name for theme in THEMES]
    if current not in names:
        return names[0]
    return names[(names.index(current) + 1) % len(names)]
