"""Read the calculator's query string into checked values, with Chinese messages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from gazette_site.http import BadInput, parse_decimal, parse_int

# Bounds that keep arithmetic finite; no enterprise comes near them.
MAX_YEARS = 100
MAX_VOLUME = Decimal("1000000000000")
MAX_RATE = Decimal("100")
FIRST_YEAR, LAST_YEAR = 1900, 2999

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

FIELDS = {
    "consecutive_years": "连续列入D类年数",
    "enterprise": "企业",
    "month": "月份",
    "kwh": "当月用电量",
    "water_m3": "当月计划内用水量",
    "other_kwh_rate": "已执行的其他差别电价加价",
    "start": "起始月份",
}


def parse_month(value: str | None, *, field: str, default: dt.date | None = None) -> dt.date:
    """Parse YYYY-MM into the month's first day, or raise BadInput naming the field."""
    if value is None or value.strip() == "":
        if default is not None:
            return default
        raise BadInput(f"缺少{field}，请按 YYYY-MM 格式填写，例如 2021-05。")
    match = _MONTH.match(value.strip())
    if not match:
        raise BadInput(f"{field}“{value}”格式不对，请按 YYYY-MM 格式填写，例如 2021-05。")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise BadInput(f"{field}“{value}”中的月份应在1到12之间。")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(f"{field}“{value}”的年份超出范围（{FIRST_YEAR}—{LAST_YEAR}年）。")
    return dt.date(year, month, 1)


def parse_volume(value: str | None, *, name: str, default: Decimal | None = None) -> Decimal:
    """Parse a month's kWh or m³."""
    return parse_decimal(value, field=FIELDS[name], maximum=MAX_VOLUME, default=default)


def parse_other_rate(value: str | None) -> Decimal:
    """Parse the other differential electricity surcharge per kWh (optional, default 0)."""
    return parse_decimal(
        value, field=FIELDS["other_kwh_rate"], maximum=MAX_RATE, default=Decimal(0)
    )


@dataclass(frozen=True)
class CalculatorInput:
    consecutive_years: int | None
    enterprise: str
    month: dt.date
    kwh: Decimal
    water_m3: Decimal
    other_kwh_rate: Decimal


def read_calculator(query, *, allow_enterprise: bool) -> tuple[CalculatorInput | None, dict]:
    """Check every field; return the input, or None and one Chinese message per bad field."""
    errors: dict[str, str] = {}
    values: dict = {}
    enterprise = (query.get("enterprise") or "").strip() if allow_enterprise else ""
    values["enterprise"] = enterprise

    def read(name, parse):
        try:
            values[name] = parse(query.get(name))
        except BadInput as error:
            errors[name] = str(error)

    if enterprise:
        values["consecutive_years"] = None
    else:
        read(
            "consecutive_years",
            lambda v: parse_int(v, field=FIELDS["consecutive_years"], maximum=MAX_YEARS),
        )
    read("month", lambda v: parse_month(v, field=FIELDS["month"]))
    read("kwh", lambda v: parse_volume(v, name="kwh"))
    read("water_m3", lambda v: parse_volume(v, name="water_m3"))
    read("other_kwh_rate", parse_other_rate)
    if errors:
        return None, errors
    return CalculatorInput(**values), {}
