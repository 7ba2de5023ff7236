"""A horizontal bar chart as data for an inline SVG, drawn by the template on the server.

No chart library and no script: the page is the same offline, without JavaScript, and
in the screenshots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 260
BAR_WIDTH = 380


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    """One bar: its label, value and geometry."""

    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BarChart:
    """The bars and the drawing's size."""

    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int


def bar_chart(values: Sequence[tuple[str, int]]) -> BarChart:
    """Bars scaled to the largest value (a zero-length chart when there are none)."""
    largest = max((v for _, v in values), default=0) or 1
    bars = tuple(
        Bar(
            label=label,
            value=value,
            y=index * (BAR_HEIGHT + GAP),
            width=max(1, round(BAR_WIDTH * value / largest)),
        )
        for index, (label, value) in enumerate(values)
    )
    return BarChart(
        bars=bars,
        width=LABEL_WIDTH + BAR_WIDTH + 50,
        height=max(1, len(bars) * (BAR_HEIGHT + GAP)),
        label_width=LABEL_WIDTH,
    )
