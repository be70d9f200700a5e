"""A text-drawn chart of the meters over the rounds, for the debrief.

One row per meter slot: its label, one cell per round (the start, then the end of each round)
drawn as a block whose height follows the value within the meter's bounds, and the first and last
values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tui.labels import fit
from tui.text import visible

BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Series:
    """One meter slot's values over the rounds, with its labels and bounds."""

    label: str
    short: str
    values: tuple[int, ...]
    minimum: int
    maximum: int


def block(value: int, low: int, high: int) -> str:
    """The block character for ``value`` between ``low`` and ``high``."""
    span = high - low
    fraction = 0.0 if span <= 0 else min(1.0, max(0.0, (value - low) / span))
    return BLOCKS[min(len(BLOCKS) - 1, int(fraction * len(BLOCKS)))]


class MeterChart(Widget):
    """Rows of per-round blocks: how each meter moved over the session."""

    def __init__(self, series: Sequence[Series], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series = tuple(series)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """A header line, then one line per series."""
        return len(self.series) + 1

    def render(self) -> Content:
        """The chart, fitted to the widget's width."""
        if not self.series:
            return Content("No meters were recorded.")
        width = self.content_region.width or self.size.width
        points = max(len(s.values) for s in self.series)
        cell = 3 if width >= 30 + points * 3 + 10 else 2
        room = max(8, width - points * cell - 10)
        longest = max(len(s.label) for s in self.series)
        label_width = (
            min(room, longest) if longest <= room else min(room, max(len(s.short) for s in self.series))
        )
        header = "".join(_head(i).ljust(cell) for i in range(points))
        lines = [Content.assemble(" " * (label_width + 1), (header.rstrip(), "$text-muted"))]
        for s in self.series:
            label = s.label if len(s.label) <= label_width else s.short
            cells = "".join(block(v, s.minimum, s.maximum).ljust(cell) for v in s.values)
            ends = f"{s.values[0]}→{s.values[-1]}" if s.values else ""
            lines.append(
                Content.assemble(
                    fit(visible(label), label_width).ljust(label_width) + " ",
                    (cells.ljust(points * cell), "$primary"),
                    (ends, "bold"),
                )
            )
        return Content("\n").join(lines)


def _head(index: int) -> str:
    return "S" if index == 0 else f"{index}"


def build_series(
    series: Mapping[str, Sequence[int]],
    labels: Mapping[str, tuple[str, str]],
    bounds: Mapping[str, tuple[int, int]],
) -> list[Series]:
    """:class:`Series` for the slots in ``labels`` (in that order), from ``meter_series`` output."""
    out = []
    for slot, (label, short) in labels.items():
        values = series.get(slot)
        if values is None:
            continue
        low, high = bounds[slot]
        out.append(Series(label, short, tuple(values), low, high))
    return out
