"""The meters that matter, as labelled bars with the change since the player's last move.

A meter held per role or per pair of roles gets a heading line, then one indented row per owner
("Trust" / " Kestmark–Velmar"), so the rows stay readable at 80 columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from game.play.session import Reading
from tui.labels import fit
from tui.text import visible

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, low: int, high: int, width: int) -> str:
    """A bar of ``width`` cells filled in proportion to ``value`` between ``low`` and ``high``."""
    if width <= 0:
        return ""
    span = high - low
    fraction = 0.0 if span <= 0 else min(1.0, max(0.0, (value - low) / span))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part and full < width else "")
    return text + " " * (width - len(text))


def change_text(change: int) -> str:
    """``▲2``, ``▼1`` or blank: a change shown without judging it good or bad."""
    if change > 0:
        return f"▲{change}"
    if change < 0:
        return f"▼{-change}"
    return ""


@dataclass(frozen=True, slots=True)
class MeterRow:
    """One row to draw: a heading (``reading`` None) or a reading with its labels and change."""

    label: str
    short: str
    reading: Reading | None
    change: int = 0


def meter_rows(
    readings: Sequence[Reading],
    changes: Mapping[str, int],
    owners: Mapping[str, tuple[str, str]],
) -> tuple[MeterRow, ...]:
    """Rows for the visible ``readings``: a heading before each owned meter's slots.

    ``owners`` maps an owned slot to its owner's name, full and short ("Kestmark–Velmar").
    """
    rows: list[MeterRow] = []
    heading = ""
    for reading in readings:
        if not reading.visible:
            continue
        change = changes.get(reading.slot, 0)
        if not reading.owner:
            rows.append(MeterRow(reading.label, reading.label, reading, change))
            heading = ""
            continue
        if reading.meter != heading:
            rows.append(MeterRow(reading.label, reading.label, None))
            heading = reading.meter
        full, short = owners.get(reading.slot, (reading.owner, reading.owner))
        rows.append(MeterRow(" " + full, " " + short, reading, change))
    return tuple(rows)


class MeterPanel(Widget):
    """Visible meters as ``label  bar  value  change`` rows, sized to the panel's width."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: tuple[MeterRow, ...] = ()

    def show(
        self,
        readings: Sequence[Reading],
        changes: Mapping[str, int],
        owners: Mapping[str, tuple[str, str]],
    ) -> None:
        """Show the visible ``readings`` with their ``changes``; see :func:`meter_rows`."""
        self._rows = meter_rows(readings, changes, owners)
        self.refresh(layout=True)

    @property
    def rows(self) -> tuple[MeterRow, ...]:
        """The rows on show."""
        return self._rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line per row."""
        return max(1, len(self._rows))

    def render(self) -> Content:
        """Draw every row at the current width."""
        if not self._rows:
            return Content("No meters to show.")
        width = self.content_region.width or self.size.width
        bar_width = max(6, min(20, width // 5))
        label_width = max(4, width - bar_width - 8)
        short = any(len(row.label) > label_width for row in self._rows)  # one naming style per panel
        lines = []
        for row in self._rows:
            label = row.short if short else row.label
            reading = row.reading
            if reading is None:
                lines.append(Content.styled(fit(visible(label), width), "bold"))
                continue
            if reading.band:  # a band in place of a number the player may not see
                lines.append(
                    Content.assemble(
                        fit(visible(label), label_width).ljust(label_width),
                        " ",
                        (fit(visible(reading.band), bar_width + 4), "italic"),
                    )
                )
                continue
            change = change_text(row.change)
            filled = bar(reading.value, reading.minimum, reading.maximum, bar_width).rstrip()
            lines.append(
                Content.assemble(
                    fit(visible(label), label_width).ljust(label_width),
                    " ",
                    (filled, "$primary"),
                    ("░" * (bar_width - len(filled)), "$text-muted"),
                    (f"{reading.value:>3}", "bold"),
                    " ",
                    (change.ljust(3), "bold $accent" if change else ""),
                )
            )
        return Content("\n").join(lines)
