"""Pure rules of 威发改发〔2020〕227号: credit codes, consecutive class-D years, monthly surcharges.

Figures (rates, the validity window) are never written here: callers pass them in from the
database, where the schedule is kept as editable data.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gazette_site.formatting import cn_date, cn_month, to_fen

CLASS_D = "D"
ELECTRICITY = "electricity"
WATER = "water"
ZERO = Decimal(0)

# GB 32100-2015: 31 characters (no I, O, S, V, Z) and weights 3^(i) mod 31.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_LENGTH = 18

# A sanity floor for evaluation years typed by hand, not a figure of the notice.
FIRST_PLAUSIBLE_YEAR = 2000

ROUNDING_NOTE = "金额按元计算，四舍五入到分（0.01元）；电费加价和水费加价分别取整后相加得到合计。"


def rate_text(rate: Decimal) -> str:
    """Write a rate per unit with at least two decimals and no trailing noise: 0.05, 0.10, 0.1234."""
    rate = Decimal(rate).normalize()
    if rate.as_tuple().exponent > -2:
        rate = rate.quantize(Decimal("0.01"))
    return f"{rate:f}"


# --- 统一社会信用代码 -------------------------------------------------------------


def credit_code_check_char(body: str) -> str:
    """Compute the check character of a credit code's first 17 characters (GB 32100-2015)."""
    if len(body) != CREDIT_CODE_LENGTH - 1:
        raise ValueError("body must be 17 characters")
    total = sum(
        CREDIT_CODE_CHARS.index(char) * weight
        for char, weight in zip(body, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code_problem(code: str | None) -> str | None:
    """Say in Chinese why a credit code is invalid under GB 32100-2015, or None when valid."""
    if code is None or code == "":
        return "请填写统一社会信用代码（18位）。"
    if len(code) != CREDIT_CODE_LENGTH:
        return f"统一社会信用代码应为18位，“{code}”是{len(code)}位。"
    if any("a" <= char <= "z" for char in code):
        return f"统一社会信用代码中的字母应为大写：“{code}”应写作“{code.upper()}”。"
    bad = [char for char in code if char not in CREDIT_CODE_CHARS]
    if bad:
        return (
            f"统一社会信用代码“{code}”含有不允许的字符“{bad[0]}”"
            "（只用数字和大写字母，不用I、O、S、V、Z）。"
        )
    if credit_code_check_char(code[:17]) != code[17]:
        return f"统一社会信用代码“{code}”的校验码（第18位）不符，请核对号码。"
    return None


# --- months ------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    """Return the first day of the day's month."""
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    """Return the first day of the month after the day's month."""
    return (month_start(day) + dt.timedelta(days=32)).replace(day=1)


def month_length(month: dt.date) -> int:
    """Return the number of days in the month."""
    return calendar.monthrange(month.year, month.month)[1]


def month_end(month: dt.date) -> dt.date:
    """Return the last day of the month."""
    return month.replace(day=month_length(month))


def months_from(start: dt.date, count: int) -> list[dt.date]:
    """List `count` consecutive months beginning with the start's month."""
    months = [month_start(start)]
    while len(months) < count:
        months.append(next_month(months[-1]))
    return months


def charging_start_month(published_on: dt.date) -> dt.date:
    """First month charged after a result is published: 次月抄见表量起 (威发改发〔2020〕227号 三（一）)."""
    return next_month(published_on)


# --- evaluations ---------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationFact:
    """An evaluation result as the rules need it."""

    year: int
    grade: str
    published_on: dt.date


def publication_window(year: int) -> tuple[dt.date, dt.date]:
    """Return the plausible publication dates of a year's results: that year or the next."""
    return dt.date(year, 1, 1), dt.date(year + 1, 12, 31)


def publication_date_problem(
    year: int, published_on: dt.date, *, today: dt.date | None = None
) -> str | None:
    """Say in Chinese why a publication date is implausible for the year, or None."""
    if not FIRST_PLAUSIBLE_YEAR <= year <= dt.MAXYEAR - 1:
        return f"评价年度{year}不合理（应为{FIRST_PLAUSIBLE_YEAR}年以后的四位年份）。"
    if today is not None and year > today.year:
        return f"评价年度{year}晚于今年（{today.year}年）。"
    first, last = publication_window(year)
    if not first <= published_on <= last:
        return (
            f"{year}年度评价结果的公布日期应在{cn_date(first)}至{cn_date(last)}之间，"
            f"{cn_date(published_on)}不在此范围。"
        )
    if today is not None and published_on > today:
        return (
            f"公布日期{cn_date(published_on)}晚于今天（{cn_date(today)}），尚未公布的结果不能录入。"
        )
    return None


def d_run(evaluations: Iterable[EvaluationFact], *, month: dt.date) -> tuple[EvaluationFact, ...]:
    """Return the run of consecutive class-D years that applies to a month, latest first (威发改发〔2020〕227号 一、二、三（一））."""
    # Only results published before the month count: charging starts with the meter
    # reading of the month after publication.
    start = month_start(month)
    known = {e.year: e for e in evaluations if e.published_on < start}
    if not known:
        return ()
    run: list[EvaluationFact] = []
    year = max(known)
    while year in known and known[year].grade == CLASS_D:
        run.append(known[year])
        year -= 1
    return tuple(run)


def consecutive_d_years(evaluations: Iterable[EvaluationFact], *, month: dt.date) -> int:
    """Count consecutive class-D years for a month's meter reading (威发改发〔2020〕227号 一、二)."""
    return len(d_run(evaluations, month=month))


def d_run_ending(evaluations: Iterable[EvaluationFact], *, year: int) -> int:
    """Count consecutive class-D evaluation years ending with a year, 0 if not D (威发改发〔2020〕227号 一、二)."""
    grades = {e.year: e.grade for e in evaluations}
    count = 0
    while grades.get(year - count) == CLASS_D:
        count += 1
    return count


# --- the schedule --------------------------------------------------------------------

_NUMERALS = "零一二三四五六七八九十"


def _numeral(n: int) -> str:
    if n == 2:
        return "两"
    return _NUMERALS[n] if 0 <= n <= 10 else str(n)


def step_label(consecutive_years: int, *, and_more: bool = False) -> str:
    """Name a step as the notice does: 第一年 / 连续两年 / 连续三年及以上."""
    suffix = "及以上" if and_more else ""
    if consecutive_years == 1 and not and_more:
        return "第一年"
    return f"连续{_numeral(consecutive_years)}年{suffix}"


@dataclass(frozen=True)
class Step:
    """One step of the schedule (a `Surcharge` row)."""

    resource: str
    consecutive_years: int
    and_more: bool
    rate: Decimal

    @property
    def label(self) -> str:
        return step_label(self.consecutive_years, and_more=self.and_more)


@dataclass(frozen=True)
class Schedule:
    """A notice's validity window and steps."""

    doc_number: str
    effective_from: dt.date
    effective_to: dt.date
    steps: tuple[Step, ...]


def step_for(steps: Sequence[Step], *, resource: str, consecutive_years: int) -> Step | None:
    """Find the step for a number of consecutive class-D years (威发改发〔2020〕227号 一、二)."""
    if consecutive_years < 1:
        return None
    mine = [s for s in steps if s.resource == resource]
    for step in mine:
        if step.consecutive_years == consecutive_years:
            return step
    open_ended = [s for s in mine if s.and_more and s.consecutive_years <= consecutive_years]
    return max(open_ended, key=lambda s: s.consecutive_years, default=None)


def days_in_force(month: dt.date, *, effective_from: dt.date, effective_to: dt.date) -> int:
    """Count the days of a month inside the validity window (威发改发〔2020〕227号 正文末段：施行日期和有效期)."""
    first = max(month_start(month), effective_from)
    last = min(month_end(month), effective_to)
    return max((last - first).days + 1, 0)


def electricity_rates(rate: Decimal, other_kwh_rate: Decimal) -> tuple[Decimal, Decimal]:
    """Apply the highest surcharge, never both; return (applied, part due here) (威发改发〔2020〕227号 一)."""
    applied = max(rate, other_kwh_rate)
    return applied, applied - other_kwh_rate


@dataclass(frozen=True)
class MonthSurcharge:
    """What an enterprise owes under the notice for one month's meter reading."""

    month: dt.date
    in_force: bool
    days_in_force: int
    days_in_month: int
    consecutive_years: int
    step_label: str
    electricity_rate: Decimal
    water_rate: Decimal
    other_kwh_rate: Decimal
    applied_electricity_rate: Decimal
    electricity_part_rate: Decimal
    kwh: Decimal
    water_m3: Decimal
    electricity_yuan: Decimal
    water_yuan: Decimal
    total_yuan: Decimal
    reasons: tuple[str, ...]

    @property
    def partial(self) -> bool:
        return self.in_force and self.days_in_force < self.days_in_month

    @property
    def share(self) -> str:
        return f"{self.days_in_force}/{self.days_in_month}"

    @property
    def other_is_higher(self) -> bool:
        return self.other_kwh_rate > 0 and self.other_kwh_rate >= self.electricity_rate


def surcharge_for_month(
    schedule: Schedule,
    *,
    consecutive_years: int,
    month: dt.date,
    kwh: Decimal,
    water_m3: Decimal,
    other_kwh_rate: Decimal = ZERO,
) -> MonthSurcharge:
    """Compute a month's class-D surcharge on electricity and planned water (威发改发〔2020〕227号 一、二、三（一））."""
    month = month_start(month)
    length = month_length(month)
    days = days_in_force(
        month, effective_from=schedule.effective_from, effective_to=schedule.effective_to
    )
    reasons: list[str] = []
    window = f"{cn_date(schedule.effective_from)}至{cn_date(schedule.effective_to)}"
    if days == 0:
        when = "早于" if month < schedule.effective_from else "晚于"
        reasons.append(
            f"{cn_month(month)}{when}{schedule.doc_number}的有效期（{window}），"
            "该月不按本通知加价。"
        )
        return MonthSurcharge(
            month=month,
            in_force=False,
            days_in_force=0,
            days_in_month=length,
            consecutive_years=consecutive_years,
            step_label="",
            electricity_rate=ZERO,
            water_rate=ZERO,
            other_kwh_rate=other_kwh_rate,
            applied_electricity_rate=other_kwh_rate,
            electricity_part_rate=ZERO,
            kwh=kwh,
            water_m3=water_m3,
            electricity_yuan=to_fen(0),
            water_yuan=to_fen(0),
            total_yuan=to_fen(0),
            reasons=tuple(reasons),
        )

    electricity = step_for(
        schedule.steps, resource=ELECTRICITY, consecutive_years=consecutive_years
    )
    water = step_for(schedule.steps, resource=WATER, consecutive_years=consecutive_years)
    electricity_rate = electricity.rate if electricity else ZERO
    water_rate = water.rate if water else ZERO
    label = electricity.label if electricity else (water.label if water else "")
    if consecutive_years < 1:
        reasons.append("未列入D类（或最近一次已公布的评价结果不是D类），不按本通知加价。")
    elif electricity or water:
        reasons.append(f"连续列入D类{consecutive_years}年，按“{label}”的标准加价。")
    else:
        reasons.append(f"加价标准表中没有连续{consecutive_years}年的标准，不加价。")

    applied, part = electricity_rates(electricity_rate, other_kwh_rate)
    if other_kwh_rate > 0 and electricity_rate > 0:
        if other_kwh_rate >= electricity_rate:
            reasons.append(
                "企业已执行的其他差别电价加价不低于本通知标准，按最高标准执行、不重复加价，"
                "本通知不再另收电价加价。"
            )
        else:
            reasons.append(
                "企业已执行其他差别电价加价，按最高标准执行、不重复加价：本通知只收两者之差。"
            )

    share = Decimal(days) / Decimal(length)
    if days < length:
        reasons.append(
            f"本通知自{cn_date(schedule.effective_from)}起施行、有效期至"
            f"{cn_date(schedule.effective_to)}，{cn_month(month)}共{length}天中有{days}天在有效期内，"
            f"按{days}/{length}折算当月抄见表量计收。"
        )
    electricity_yuan = to_fen(kwh * part * share)
    water_yuan = to_fen(water_m3 * water_rate * share)
    return MonthSurcharge(
        month=month,
        in_force=True,
        days_in_force=days,
        days_in_month=length,
        consecutive_years=consecutive_years,
        step_label=label,
        electricity_rate=electricity_rate,
        water_rate=water_rate,
        other_kwh_rate=other_kwh_rate,
        applied_electricity_rate=applied,
        electricity_part_rate=part,
        kwh=kwh,
        water_m3=water_m3,
        electricity_yuan=electricity_yuan,
        water_yuan=water_yuan,
        total_yuan=electricity_yuan + water_yuan,
        reasons=tuple(reasons),
    )


def surcharge_table(
    schedule: Schedule,
    evaluations: Sequence[EvaluationFact],
    *,
    months: Sequence[dt.date],
    volumes: Sequence[tuple[Decimal, Decimal]],
    other_kwh_rate: Decimal = ZERO,
) -> list[MonthSurcharge]:
    """Compute an enterprise's surcharge month by month from its evaluation history (威发改发〔2020〕227号)."""
    return [
        surcharge_for_month(
            schedule,
            consecutive_years=consecutive_d_years(evaluations, month=month),
            month=month,
            kwh=kwh,
            water_m3=m3,
            other_kwh_rate=other_kwh_rate,
        )
        for month, (kwh, m3) in zip(months, volumes, strict=True)
    ]
