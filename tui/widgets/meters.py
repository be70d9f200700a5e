"""The meters that matter, as labelled bars with the change since the player's last move.

A meter held per role or per pair of roles gets a heading line, then one indented row per owner
("Trust" / " Kestmark–Velmar"), so the rows stay readable at 80 columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widgets.option_list import Option

from game.play.session import Reading
from tui.labels import fit
from tui.text import visible
from tui.widgets.lists import SafeOptionList

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


def row_content(row: MeterRow, width: int, short: bool) -> Content:
    """One row drawn ``width`` cells wide: a bold heading, or ``label  bar  value  change``."""
    label = row.short if short else row.label
    reading = row.reading
    if reading is None:
        return Content.styled(fit(visible(label), width), "bold")
    bar_width, label_width = row_widths(width)
    if reading.band:  # a band in place of a number the player may not see
        return Content.assemble(
            fit(visible(label), label_width).ljust(label_width),
            " ",
            (fit(visible(reading.band), bar_width + 4), "italic"),
        )
    change = change_text(row.change)
    filled = bar(reading.value, reading.minimum, reading.maximum, bar_width).rstrip()
    return Content.assemble(
        fit(visible(label), label_width).ljust(label_width),
        " ",
        (filled, "$primary"),
        ("░" * (bar_width - len(filled)), "$text-muted"),
        (f"{reading.value:>3}", "bold"),
        " ",
        (change.ljust(3), "bold $accent" if change else ""),
    )


def row_widths(width: int) -> tuple[int, int]:
    """The bar's and the label's widths in a row ``width`` cells wide."""
    bar_width = max(6, min(20, width // 5))
    return bar_width, max(4, width - bar_width - 8)


class MeterPanel(SafeOptionList):
    """Visible meters as ``label  bar  value  change`` rows, sized to the panel's width.

    It takes the focus (Tab, or ``e`` to expand it), scrolls with ↑ ↓ and the wheel, and says
    what the highlighted meter means (:meth:`describe`), so every meter can be read on any
    terminal, however many there are.
    """

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: tuple[MeterRow, ...] = ()
        self._drawn_width = 0
        self._descriptions: Mapping[str, str] = {}

    def show(
        self,
        readings: Sequence[Reading],
        changes: Mapping[str, int],
        owners: Mapping[str, tuple[str, str]],
        descriptions: Mapping[str, str] | None = None,
    ) -> None:
        """Show the visible ``readings`` with their ``changes``; see :func:`meter_rows`.

        ``descriptions`` maps a meter id to what it means, for :meth:`describe`.
        """
        self._rows = meter_rows(readings, changes, owners)
        self._descriptions = descriptions or {}
        self._draw()

    @property
    def rows(self) -> tuple[MeterRow, ...]:
        """The rows on show."""
        return self._rows

    def _width(self) -> int:
        padding = self.get_component_styles("option-list--option").padding.width
        width = self.scrollable_content_region.width - padding - self._get_left_gutter_width()
        return width if width > 0 else 34

    def _draw(self) -> None:
        """Re-draw every row at the current width, keeping the highlight."""
        width = self._width()
        self._drawn_width = width
        highlighted = self.highlighted
        if not self._rows:
            self.set_options([Option(Content("No meters to show."), disabled=True)])
            return
        _, label_width = row_widths(width)
        short = any(len(row.label) > label_width for row in self._rows if row.reading)  # one style
        self.set_options(
            Option(row_content(row, width, short), disabled=row.reading is None) for row in self._rows
        )
        if highlighted is not None and highlighted < len(self._rows):
            self.highlighted = highlighted

    def on_resize(self) -> None:
        """Bars and labels follow the panel's width."""
        if self._width() != self._drawn_width:
            self._draw()

    def describe(self) -> Content:
        """What the highlighted meter is: its full label, value, range and the case's description."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._rows) or self._rows[index].reading is None:
            return Content("↑ ↓ pick a meter to read what it means.")
        row = self._rows[index]
        reading = row.reading
        assert reading is not None
        change = change_text(row.change)
        name = reading.label if not reading.owner else f"{reading.label} —{row.label}"
        text = self._descriptions.get(reading.meter, "")
        if reading.band:  # the number is not for this player: only its band
            return Content.assemble(
                (visible(name.strip()), "bold"),
                (" " + visible(reading.band), "italic"),
                ("\n" + visible(" ".join(text.split())) if text else ""),
            )
        return Content.assemble(
            (visible(name.strip()), "bold"),
            f" {reading.value} (from {reading.minimum} to {reading.maximum})",
            (f" {change} since your last move" if change else "", "$accent"),
            ("\n" + visible(" ".join(text.split())) if text else ""),
        )
