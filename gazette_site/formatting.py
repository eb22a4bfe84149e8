"""Chinese formatting of dates and money, shared by every app."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


def to_fen(amount: Decimal | int | str) -> Decimal:
    """Round a yuan amount to the fen, half up (四舍五入)."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def cn_date(value: dt.date | None) -> str:
    """Show a date as 2020年8月18日."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def cn_month(value: dt.date | None) -> str:
    """Show a month as 2020年8月."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月"


def _plain(amount: Decimal) -> str:
    """Write a decimal without trailing zeros, with thousands separators."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return text


def yuan(amount: Decimal | int | str | None) -> str:
    """Show a yuan amount as 1,680,000元, or to the fen as 134.50元."""
    if amount is None or amount == "":
        return ""
    amount = to_fen(amount)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}元"
    return f"{amount:,.2f}元"


def wan_yuan(amount_yuan: Decimal | int | str | None) -> str:
    """Show a yuan amount in 万元, as 168万元."""
    if amount_yuan is None or amount_yuan == "":
        return ""
    return f"{_plain(Decimal(amount_yuan) / TEN_THOUSAND)}万元"


def whole_minutes(delta: dt.timedelta | None) -> int:
    """Show a duration in whole minutes (a 30-minute cool-off as 30)."""
    if delta is None:
        return 0
    return int(delta.total_seconds() // 60)


def plain_number(value) -> str:
    """Write a figure as the gazette prints it: 5, 0.10, 0.125 (no padding beyond the fen)."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        value = value.normalize()
        return f"{value:.2f}" if value.as_tuple().exponent >= -2 else format(value, "f")
    return str(value)
