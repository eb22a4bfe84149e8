"""The pricing pages' query forms: the month calculator and an enterprise's twelve-month table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django import forms
from django.core.exceptions import ValidationError

from gazette_site.forms import ParsedField, QueryForm
from gazette_site.http import BadInput, parse_decimal, parse_int
from pricing import selectors

# Bounds that keep arithmetic finite; no enterprise comes near them.
MAX_YEARS = 100
MAX_VOLUME = Decimal("1000000000000")
MAX_RATE = Decimal("100")
FIRST_YEAR, LAST_YEAR = 1900, 2999

TABLE_MONTHS = 12
# Each month's fields in the table (kwh_1, m3_1, …) and the field whose value they default to.
MONTH_FIELDS = (("kwh", "kwh"), ("m3", "water_m3"))

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


class CalculatorForm(QueryForm):
    """One month's surcharge, from consecutive years or (on the page) an enterprise's history."""

    consecutive_years = ParsedField(
        partial(parse_int, field=FIELDS["consecutive_years"], maximum=MAX_YEARS),
        label=FIELDS["consecutive_years"],
    )
    enterprise = ParsedField(lambda v: (v or "").strip(), label=FIELDS["enterprise"])
    month = ParsedField(partial(parse_month, field=FIELDS["month"]), label=FIELDS["month"])
    kwh = ParsedField(partial(parse_volume, name="kwh"), label=FIELDS["kwh"])
    water_m3 = ParsedField(partial(parse_volume, name="water_m3"), label=FIELDS["water_m3"])
    other_kwh_rate = ParsedField(parse_other_rate, label=FIELDS["other_kwh_rate"])

    def __init__(self, *args, allow_enterprise: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = None  # the enterprise asked for, once found
        if not allow_enterprise:
            del self.fields["enterprise"]
        elif (self.data.get("enterprise") or "").strip():
            # The enterprise's own history gives the consecutive years.
            del self.fields["consecutive_years"]

    def clean_enterprise(self):
        code = self.cleaned_data["enterprise"]
        self.enterprise = selectors.enterprise_get(code) if code else None
        if code and self.enterprise is None:
            raise ValidationError(f"找不到统一社会信用代码为“{code}”的企业。")
        return code

    def input(self) -> CalculatorInput:
        data = self.cleaned_data
        return CalculatorInput(
            consecutive_years=data.get("consecutive_years"),
            enterprise=data.get("enterprise", ""),
            month=data["month"],
            kwh=data["kwh"],
            water_m3=data["water_m3"],
            other_kwh_rate=data["other_kwh_rate"],
        )


class EnterpriseTableForm(QueryForm):
    """Twelve months of use for an enterprise's table: one volume for all, or each month's own."""

    start = ParsedField(partial(parse_month, field=FIELDS["start"]), label=FIELDS["start"])
    kwh = ParsedField(partial(parse_volume, name="kwh", default=Decimal(0)), label=FIELDS["kwh"])
    water_m3 = ParsedField(
        partial(parse_volume, name="water_m3", default=Decimal(0)), label=FIELDS["water_m3"]
    )
    other_kwh_rate = ParsedField(parse_other_rate, label=FIELDS["other_kwh_rate"])

    def __init__(self, *args, default_start: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].parse = partial(
            parse_month, field=FIELDS["start"], default=default_start
        )
        for i in range(1, TABLE_MONTHS + 1):
            for name, base in MONTH_FIELDS:
                self.fields[f"{name}_{i}"] = forms.CharField(
                    label=f"第{i}个月 {FIELDS[base]}", required=False, strip=False
                )

    def clean(self):
        """Read each month's volumes; a month left blank takes the volume given for all."""
        data = super().clean()
        volumes = []
        for i in range(1, TABLE_MONTHS + 1):
            row = []
            for name, base in MONTH_FIELDS:
                key = f"{name}_{i}"
                try:
                    row.append(
                        parse_volume(
                            self.data.get(key), name=base, default=data.get(base, Decimal(0))
                        )
                    )
                except BadInput as error:
                    self.add_error(key, f"第{i}个月：{error}")
                    row.append(Decimal(0))
            volumes.append(tuple(row))
        data["volumes"] = volumes
        return data
