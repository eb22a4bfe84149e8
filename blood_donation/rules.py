"""Pure rules of the voluntary blood-donation measure; every figure is passed in.

The figures live in the database (`Measure` and its rows, editable in admin); the
models turn them into the small frozen dataclasses below, so these functions can be
tested and reasoned about without a database.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

# Codes of the honour answer; "none" is not a row in the database.
NO_HONOUR = "none"


@dataclass(frozen=True)
class EntitlementFigures:
    """The figures of the free-blood rule."""

    unlimited_threshold_ml: int
    window_years: int
    window_multiple: int
    lifetime_multiple: int
    relatives_multiple: int


@dataclass(frozen=True)
class AgeFigures:
    """The donor age range and its extension for repeat donors."""

    min_age: int
    max_age: int
    repeat_donor_max_age: int


@dataclass(frozen=True)
class HonourThreshold:
    """One honour level: from min_ml (included) up to below_ml (excluded, None = no end)."""

    code: str
    min_ml: int
    below_ml: int | None


@dataclass(frozen=True)
class Donation:
    """One whole-blood donation."""

    donated_on: dt.date
    volume_ml: int


@dataclass(frozen=True)
class DonationLine:
    """What one donation contributes to the donor's own entitlement on a date."""

    donated_on: dt.date
    volume_ml: int
    window_ends_on: dt.date
    in_window: bool
    free_ml: int


@dataclass(frozen=True)
class Entitlement:
    """The donor's and the relatives' free blood on a date."""

    cumulative_ml: int
    unlimited: bool
    self_gross_ml: int | None  # before subtracting what was used; None when unlimited
    self_ml: int | None  # what is left; None when unlimited
    relatives_gross_ml: int
    relatives_ml: int
    used_self_ml: int
    used_relatives_ml: int
    lines: tuple[DonationLine, ...]

    @property
    def self_overdrawn(self) -> bool:
        return self.self_gross_ml is not None and self.used_self_ml > self.self_gross_ml

    @property
    def relatives_overdrawn(self) -> bool:
        return self.used_relatives_ml > self.relatives_gross_ml


@dataclass(frozen=True)
class Honour:
    """The honour a cumulative volume earns, and how far the next one is."""

    code: str
    next_code: str | None
    next_threshold_ml: int | None
    missing_ml: int | None


@dataclass(frozen=True)
class AgeCheck:
    """Whether a person may donate on a date because of age, and why."""

    age: int
    may_donate: bool
    reason: str


def add_years(day: dt.date, years: int) -> dt.date:
    """Return the corresponding day `years` later; without one, the month's last day.

    This is how 《民法典》第二百零二条 ends a period counted in years
    (2020-02-29 + 5 years = 2025-02-28). Beyond the calendar's end, date.max.
    """
    year = day.year + years
    if year > dt.MAXYEAR:
        return dt.date.max
    last_day = calendar.monthrange(year, day.month)[1]
    return dt.date(year, day.month, min(day.day, last_day))


def window_end(donated_on: dt.date, figures: EntitlementFigures) -> dt.date:
    """Return the last day of a donation's multiple-volume window (威政发〔2020〕7号 第二十条)."""
    return add_years(donated_on, figures.window_years)


def entitlement(
    donations: Sequence[Donation],
    *,
    as_of: dt.date,
    used_self_ml: int,
    used_relatives_ml: int,
    figures: EntitlementFigures,
) -> Entitlement:
    """Compute free-blood entitlement (威政发〔2020〕7号 第二十条)."""
    cumulative = sum(d.volume_ml for d in donations)
    lines = []
    for donation in sorted(donations, key=lambda d: d.donated_on):
        ends_on = window_end(donation.donated_on, figures)
        in_window = as_of <= ends_on
        multiple = figures.window_multiple if in_window else figures.lifetime_multiple
        lines.append(
            DonationLine(
                donated_on=donation.donated_on,
                volume_ml=donation.volume_ml,
                window_ends_on=ends_on,
                in_window=in_window,
                free_ml=donation.volume_ml * multiple,
            )
        )
    unlimited = cumulative >= figures.unlimited_threshold_ml
    self_gross = None if unlimited else sum(line.free_ml for line in lines)
    relatives_gross = cumulative * figures.relatives_multiple
    return Entitlement(
        cumulative_ml=cumulative,
        unlimited=unlimited,
        self_gross_ml=self_gross,
        self_ml=None if self_gross is None else max(self_gross - used_self_ml, 0),
        relatives_gross_ml=relatives_gross,
        relatives_ml=max(relatives_gross - used_relatives_ml, 0),
        used_self_ml=used_self_ml,
        used_relatives_ml=used_relatives_ml,
        lines=tuple(lines),
    )


def honour(cumulative_ml: int, thresholds: Sequence[HonourThreshold]) -> Honour:
    """Find the honour a cumulative volume earns (威政发〔2020〕7号 第二十六条)."""
    code = NO_HONOUR
    for level in thresholds:
        if cumulative_ml >= level.min_ml and (
            level.below_ml is None or cumulative_ml < level.below_ml
        ):
            code = level.code
            break
    higher = sorted((t for t in thresholds if t.min_ml > cumulative_ml), key=lambda t: t.min_ml)
    if not higher:
        return Honour(code=code, next_code=None, next_threshold_ml=None, missing_ml=None)
    nxt = higher[0]
    return Honour(
        code=code,
        next_code=nxt.code,
        next_threshold_ml=nxt.min_ml,
        missing_ml=nxt.min_ml - cumulative_ml,
    )


def age_on(birth: dt.date, on: dt.date) -> int:
    """Count full years of age (周岁) on a date, as 威政发〔2020〕7号 第三条 counts them."""
    # A 29 February birthday is reached on 1 March in common years.
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_check(
    *, birth: dt.date, on: dt.date, repeat_no_reaction: bool, figures: AgeFigures
) -> AgeCheck:
    """Check the donor's age on the donation date (威政发〔2020〕7号 第三条)."""
    age = age_on(birth, on)
    low, high, extended = figures.min_age, figures.max_age, figures.repeat_donor_max_age
    if age < low:
        return AgeCheck(age, False, f"献血当日年满 {age} 周岁，未满 {low} 周岁，不能献血。")
    if age <= high:
        return AgeCheck(
            age, True, f"献血当日年满 {age} 周岁，在 {low} 周岁至 {high} 周岁之间，可以献血。"
        )
    if age <= extended and repeat_no_reaction:
        return AgeCheck(
            age,
            True,
            f"献血当日年满 {age} 周岁，已超过 {high} 周岁；作为既往无献血反应、符合健康检查要求的"
            f"多次献血者主动要求再次献血，年龄可以延长至 {extended} 周岁，可以献血。",
        )
    if age <= extended:
        return AgeCheck(
            age,
            False,
            f"献血当日年满 {age} 周岁，已超过 {high} 周岁，不能献血；只有既往无献血反应、"
            f"符合健康检查要求的多次献血者主动要求再次献血的，年龄才可以延长至 {extended} 周岁。",
        )
    return AgeCheck(
        age,
        False,
        f"献血当日年满 {age} 周岁，已超过 {extended} 周岁（多次献血者可延长到的最高年龄），不能献血。",
    )
