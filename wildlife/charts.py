"""A horizontal bar chart computed on the server and drawn as inline SVG (no CDN, no JS)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gazette_site.formatting import wan_yuan, yuan


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    value_text: str
    y: int
    width: Decimal  # in SVG units, proportional to value
    text_x: Decimal


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int
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
    width: int = 720,
    label_width: int = 190,
    value_width: int = 110,
    bar_height: int = 26,
    gap: int = 12,
) -> BarChart:
    """Lay out one bar per item, the longest bar filling the plot width."""
    plot_width = width - label_width - value_width
    max_value = max((value for _, value in items), default=Decimal(0))
    bars = []
    for index, (label, value) in enumerate(items):
        share = Decimal(value) / max_value if max_value > 0 else Decimal(0)
        bar_width = (share * plot_width).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        bars.append(
            Bar(
                label=label,
                value=value,
                value_text=money_text(value),
                y=gap + index * (bar_height + gap),
                width=bar_width,
                text_x=label_width + bar_width + 6,
            )
        )
    height = gap + len(items) * (bar_height + gap)
    return BarChart(
        title=title,
        bars=bars,
        width=width,
        height=height,
        label_width=label_width,
        plot_width=plot_width,
        bar_height=bar_height,
        max_value=max_value,
    )
