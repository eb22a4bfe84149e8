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
    return f"{plain_number(Decimal(amount_yuan) / TEN_THOUSAND, grouped=True)}万元"


def whole_minutes(delta: dt.timedelta | None) -> int:
    """Show a duration in whole minutes (a 30-minute cool-off as 30)."""
    if delta is None:
        return 0
    return int(delta.total_seconds() // 60)


def plain_number(value, *, grouped: bool = False, large_units: bool = False) -> str:
    """Write a figure without padding: as the gazette prints it in a table, or as prose reads.

    By default as in the gazette's tables: 5, 0.10, 0.125 (at least two places once there
    is a fraction, no separators). `grouped` writes it for running text: 1,500 and 0.1, with
    thousands separated and at most two places. `large_units` also writes whole 万 and 亿
    as such (10亿, 100万), as people state a range.
    """
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        if not grouped:
            return str(value)
        value = Decimal(value)
    if large_units:
        for mark, size in (("亿", Decimal(100_000_000)), ("万", TEN_THOUSAND)):
            if value >= size and value % size == 0:
                return f"{plain_number(value / size, grouped=grouped)}{mark}"
    if value == value.to_integral_value():
        return f"{int(value):,}" if grouped else str(int(value))
    if grouped:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    value = value.normalize()
    return f"{value:.2f}" if value.as_tuple().exponent >= -2 else format(value, "f")
