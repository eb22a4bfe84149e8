"""Horizontal bar charts computed on the server and drawn as inline SVG (no CDN, no JS).

Every chart carries its figures as text too (the SVG's <desc> and a table or list beside it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gazette_site.formatting import wan_yuan, yuan


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    value_text: str
    label_y: int  # baseline of the label, written above its bar
    y: int  # top of the bar
    width: Decimal  # in SVG units, proportional to value
    text_x: Decimal
    text_y: int


@dataclass(frozen=True)
class BarChart:
    key: str  # unique on the page: the SVG's title and desc ids
    title: str
    bars: list[Bar]
    width: int
    height: int
    plot_width: int
    bar_height: int
    max_value: Decimal

    @property
    def is_empty(self) -> bool:
        return self.max_value <= 0


def money_text(value: Decimal) -> str:
    """Label a bar in 万元 from 10,000 yuan up, else in 元, as the gazette does."""
    return wan_yuan(value) if value >= 10000 else yuan(value)


def bar_chart(
    *,
    title: str,
    items: list[tuple[str, Decimal]],
    key: str = "chart",
    value_text: Callable[[Decimal], str] = money_text,
    width: int = 400,
    value_width: int = 86,
    bar_height: int = 16,
    label_height: int = 18,
    gap: int = 10,
) -> BarChart:
    """Lay out one bar per item, label above, the longest bar filling the plot width.

    Labels sit above the bars so that long zone names never squeeze the plot, and the
    narrow drawing stays legible when a phone scales it down.
    """
    plot_width = width - value_width
    max_value = max((value for _, value in items), default=Decimal(0))
    row = label_height + bar_height + gap
    bars = []
    for index, (label, value) in enumerate(items):
        share = Decimal(value) / max_value if max_value > 0 else Decimal(0)
        bar_width = (share * plot_width).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        top = gap + index * row
        bars.append(
            Bar(
                label=label,
                value=value,
                value_text=value_text(value),
                label_y=top + label_height - 5,
                y=top + label_height,
                width=bar_width,
                text_x=bar_width + 6,
                text_y=top + label_height + bar_height - 3,
            )
        )
    return BarChart(
        key=key,
        title=title,
        bars=bars,
        width=width,
        height=gap + len(items) * row,
        plot_width=plot_width,
        bar_height=bar_height,
        max_value=max_value,
    )
