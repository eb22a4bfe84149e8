"""Read the calculator's and the JSON endpoints' query strings; every bad value gets a Chinese message."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import partial
from itertools import zip_longest

from django.core.exceptions import ValidationError

from blood_donation.models import Measure
from blood_donation.rules import Donation
from gazette_site.formatting import cn_date
from gazette_site.forms import ParsedField, QueryForm
from gazette_site.http import BadInput, parse_date, parse_int, today

# A guard against absurd query strings, not a rule of the measure: at the shortest
# interval a lifetime of whole-blood donations is well under this.
MAX_DONATIONS = 200

ITEM_SEPARATORS = re.compile(r"[,，;；\s]+")
FLAG_VALUES = {"": False, "0": False, "1": True}


@dataclass(frozen=True)
class DonationRow:
    """A donation row as typed, kept so a page with errors shows it back unchanged."""

    date: str
    volume: str

    @property
    def date_is_valid(self) -> bool:
        return is_iso_date(self.date)


def is_iso_date(text: str) -> bool:
    """Tell whether a date input can show this value (else it is shown as text, not lost)."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_volume(value: str, *, label: str, measure: Measure) -> int:
    """Read a whole-blood volume and check it is one the measure allows."""
    allowed = measure.whole_blood_volumes
    choices = "、".join(str(v) for v in allowed)
    hint = f"全血每次只能献 {choices} 毫升（{measure.doc_number} {measure.volume_article}）。"
    text = value.strip().removesuffix("毫升").removesuffix("ml").removesuffix("mL").strip()
    try:
        volume = int(text)
    except ValueError:
        raise BadInput(f"{label}“{value}”不是整数毫升数；{hint}")
    if volume not in allowed:
        raise BadInput(f"{label}“{value}”毫升不是允许的献血量；{hint}")
    return volume


def parse_donation(
    date_text: str, volume_text: str, *, label: str, as_of: dt.date, measure: Measure
) -> Donation:
    """Read one donation and refuse one dated after the as-of date."""
    donated_on = parse_date(date_text, field=f"{label}的献血日期")
    volume = parse_volume(volume_text, label=f"{label}的献血量", measure=measure)
    if donated_on > as_of:
        raise BadInput(
            f"{label}的献血日期 {cn_date(donated_on)} 晚于计算日期 {cn_date(as_of)}，"
            "无法计入；请改正献血日期或计算日期。"
        )
    return Donation(donated_on=donated_on, volume_ml=volume)


def parse_donation_list(text: str | None, *, as_of: dt.date, measure: Measure) -> list[Donation]:
    """Read `YYYY-MM-DD:ML,YYYY-MM-DD:ML` (the JSON endpoint's `donations`)."""
    items = [item for item in ITEM_SEPARATORS.split(text or "") if item]
    if not items:
        raise BadInput(
            "缺少献血记录（donations），格式为 YYYY-MM-DD:毫升，多条用逗号分隔，例如 2020-08-18:400。"
        )
    if len(items) > MAX_DONATIONS:
        raise BadInput(f"献血记录最多 {MAX_DONATIONS} 条，收到 {len(items)} 条。")
    donations = []
    for number, item in enumerate(items, start=1):
        date_text, sep, volume_text = item.replace("：", ":").partition(":")
        if not sep or not date_text or not volume_text:
            raise BadInput(
                f"第 {number} 条献血记录“{item}”格式有误，应为 YYYY-MM-DD:毫升，例如 2020-08-18:400。"
            )
        donations.append(
            parse_donation(
                date_text, volume_text, label=f"第 {number} 条", as_of=as_of, measure=measure
            )
        )
    return donations


def parse_donation_rows(
    dates: Sequence[str], volumes: Sequence[str], *, as_of: dt.date, measure: Measure
) -> tuple[list[Donation], list[DonationRow], list[str]]:
    """Read the page's donation rows; blank rows are skipped, every bad row is reported."""
    rows = [
        DonationRow(date=(d or "").strip(), volume=(v or "").strip())
        for d, v in zip_longest(dates, volumes)
    ]
    rows = [row for row in rows if row.date or row.volume]
    if len(rows) > MAX_DONATIONS:
        return [], rows[:MAX_DONATIONS], [f"献血记录最多 {MAX_DONATIONS} 条，收到 {len(rows)} 条。"]
    donations, errors = [], []
    for number, row in enumerate(rows, start=1):
        label = f"第 {number} 条献血记录"
        if not row.date:
            errors.append(f"{label}缺少献血日期。")
            continue
        if not row.volume:
            errors.append(f"{label}缺少献血量。")
            continue
        try:
            donations.append(
                parse_donation(row.date, row.volume, label=label, as_of=as_of, measure=measure)
            )
        except BadInput as exc:
            errors.append(str(exc))
    return donations, rows, errors


def parse_used(value: str | None, *, field: str) -> int:
    """Read a volume already used free of charge (ml, whole number, not negative)."""
    if value is not None and value.strip().startswith("-"):
        raise BadInput(f"{field}“{value}”不能为负数。")
    return parse_int(value, field=field, default=0)


def parse_flag(value: str | None, *, field: str) -> bool:
    """Read a yes/no flag written 0 or 1 (a checked box sends 1)."""
    key = (value or "").strip()
    if key not in FLAG_VALUES:
        raise BadInput(f"{field}“{value}”无法识别，只能是 0（否）或 1（是）。")
    return FLAG_VALUES[key]


def parse_birth(value: str | None, *, on: dt.date, required: bool) -> dt.date | None:
    """Read a date of birth, which cannot be after the donation date."""
    if not required and (value is None or not value.strip()):
        return None
    birth = parse_date(value, field="出生日期")
    if birth > on:
        raise BadInput(f"出生日期 {cn_date(birth)} 晚于献血日期 {cn_date(on)}，请检查。")
    return birth


@dataclass
class CalculatorInput:
    """Everything the calculator page was asked, read and checked."""

    as_of: dt.date
    rows: list[DonationRow] = dataclass_field(default_factory=list)
    donations: list[Donation] = dataclass_field(default_factory=list)
    used_self_ml: int = 0
    used_relatives_ml: int = 0
    birth: dt.date | None = None
    on: dt.date | None = None
    repeat_no_reaction: bool = False
    errors: list[str] = dataclass_field(default_factory=list)


def read_calculator(
    query, *, measure_for: Callable[[dt.date], Measure | None]
) -> tuple[Measure | None, CalculatorInput]:
    """Read the page's query string; collect every bad value instead of stopping at the first."""
    errors: list[str] = []
    try:
        as_of = parse_date(query.get("as_of"), field="计算日期", default=today())
    except BadInput as exc:
        errors.append(str(exc))
        as_of = today()
    measure = measure_for(as_of)
    form = CalculatorInput(as_of=as_of, errors=errors)
    if measure is None:
        return None, form
    form.donations, form.rows, row_errors = parse_donation_rows(
        query.getlist("donation_date"), query.getlist("donation_ml"), as_of=as_of, measure=measure
    )
    if not errors:
        # With an unreadable as-of date every row would be judged against today: say only that.
        errors.extend(row_errors)
    used = (
        ("used_self_ml", "used_self", "本人已免费用血量"),
        ("used_relatives_ml", "used_relatives", "亲属已免费用血量"),
    )
    for attribute, param, label in used:
        try:
            setattr(form, attribute, parse_used(query.get(param), field=label))
        except BadInput as exc:
            errors.append(str(exc))
    try:
        form.on = parse_date(query.get("on"), field="计划献血日期", default=as_of)
        form.birth = parse_birth(query.get("birth"), on=form.on, required=False)
    except BadInput as exc:
        errors.append(str(exc))
    try:
        form.repeat_no_reaction = parse_flag(query.get("repeat_no_reaction"), field="多次献血者")
    except BadInput as exc:
        errors.append(str(exc))
    return measure, form


def _checked(parse, value, **kwargs):
    """Run a parser inside a form's clean_<field>: its BadInput becomes the field's error."""
    try:
        return parse(value, **kwargs)
    except BadInput as error:
        raise ValidationError(str(error)) from error


class EntitlementForm(QueryForm):
    """The entitlement endpoint's query: as_of, donations, volumes already used free."""

    as_of = ParsedField(
        lambda v: parse_date(v, field="时效计算日期", default=today()), label="计算日期"
    )
    donations = ParsedField(lambda v: v, label="献血记录")
    used_self = ParsedField(
        partial(parse_used, field="本人已免费用血量（used_self）"), label="本人已免费用血量"
    )
    used_relatives = ParsedField(
        partial(parse_used, field="亲属已免费用血量（used_relatives）"), label="亲属已免费用血量"
    )

    def __init__(self, *args, measure_for: Callable[[dt.date], Measure | None], **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_for = measure_for
        self.measure: Measure | None = None
        self.no_measure = False  # a readable date that no measure governs

    def clean_donations(self):
        as_of = self.cleaned_data.get("as_of")
        if as_of is None:
            return []
        self.measure = self.measure_for(as_of)
        if self.measure is None:
            self.no_measure = True
            return []
        text = self.cleaned_data["donations"]
        return _checked(parse_donation_list, text, as_of=as_of, measure=self.measure)


class AgeCheckForm(QueryForm):
    """The age-check endpoint's query: the donation date, the birth date, the repeat-donor flag."""

    on = ParsedField(
        lambda v: parse_date(v, field="献血日期（on）", default=today()), label="献血日期"
    )
    birth = ParsedField(lambda v: v, label="出生日期")
    repeat_no_reaction = ParsedField(
        partial(parse_flag, field="是否既往无献血反应的多次献血者（repeat_no_reaction）"),
        label="多次献血者",
    )

    def clean_birth(self):
        on = self.cleaned_data.get("on")
        if on is None:
            return None
        return _checked(parse_birth, self.cleaned_data["birth"], on=on, required=True)
