"""Writes of the rewards app; every one validates the whole rule set before it saves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gazette_site.services import record_delete, record_save, records_delete
from rewards import rules, validation
from rewards.models import (
    AwardPrize,
    AwardScheme,
    AwardWinner,
    Clawback,
    Institution,
    Measure,
    Sector,
    SectorBudget,
)
from rewards.selectors import scheme_figures


def refuse(problems: list[str]) -> None:
    """Stop a write whose record breaks a rule of the measure, with the reasons in Chinese."""
    if problems:
        raise ValidationError(problems)


# --------------------------------------------------------------------------- schemes


@dataclass(frozen=True)
class PrizeSpec:
    """A prize as a year's scheme sets it."""

    sector: str
    name: str
    count: int
    amount: Decimal
    position: int = 1
    is_additional: bool = False
    recipient: Institution | None = None
    requirements: str = ""
    growth_indicator: str = ""
    min_growth_pct: Decimal | None = None


def award_scheme_problems(*, scheme: AwardScheme) -> list[str]:
    """List what does not add up in a stored scheme (威政发〔2020〕6号 第六条)."""
    return rules.scheme_problems(scheme_figures(scheme))


@transaction.atomic
def award_scheme_save(
    *,
    measure: Measure,
    year: int,
    total_cap: Decimal,
    institution_cap: Decimal,
    regulator_cap: Decimal,
    min_operating_years: int,
    budgets: Mapping[str, Decimal],
    prizes: Sequence[PrizeSpec],
    source_note: str = "",
    acting_user=None,
    reason: str = "",
) -> AwardScheme:
    """Create or replace a year's scheme as a whole; refuse it when its sums do not add up."""
    figures = rules.SchemeFigures(
        total_cap=total_cap,
        institution_cap=institution_cap,
        regulator_cap=regulator_cap,
        budgets=dict(budgets),
        prizes=[rules.PrizeFigures(p.sector, p.name, p.count, p.amount) for p in prizes],
    )
    problems = rules.scheme_problems(figures)
    if problems:
        raise ValidationError(problems)

    scheme = AwardScheme.objects.select_for_update().filter(year=year).first() or AwardScheme(
        year=year
    )
    scheme.measure = measure
    scheme.total_cap = total_cap
    scheme.institution_cap = institution_cap
    scheme.regulator_cap = regulator_cap
    scheme.min_operating_years = min_operating_years
    scheme.source_note = source_note
    scheme.full_clean()
    record_save(instance=scheme, acting_user=acting_user, reason=reason)

    records_delete(
        objects=SectorBudget.objects.filter(scheme=scheme).exclude(sector__in=list(budgets)),
        acting_user=acting_user,
        reason=reason,
    )
    for sector, budget in budgets.items():
        row = SectorBudget.objects.filter(scheme=scheme, sector=sector).first() or SectorBudget(
            scheme=scheme, sector=sector
        )
        row.budget = budget
        row.full_clean()
        record_save(instance=row, acting_user=acting_user, reason=reason)

    wanted = {(p.sector, p.name) for p in prizes}
    for old in AwardPrize.objects.filter(scheme=scheme).prefetch_related("winners"):
        if (old.sector, old.name) not in wanted:
            if old.winners.all():
                raise ValidationError(f"{old}已有获奖名单，不能从方案中删除；请先处理获奖名单。")
            record_delete(instance=old, acting_user=acting_user, reason=reason)
    for spec in prizes:
        prize = AwardPrize.objects.filter(
            scheme=scheme, sector=spec.sector, name=spec.name
        ).first() or AwardPrize(scheme=scheme, sector=spec.sector, name=spec.name)
        for attr in (
            "count",
            "amount",
            "position",
            "is_additional",
            "recipient",
            "requirements",
            "growth_indicator",
            "min_growth_pct",
        ):
            setattr(prize, attr, getattr(spec, attr))
        prize.full_clean()
        record_save(instance=prize, acting_user=acting_user, reason=reason)
    return scheme


def check_all_schemes() -> dict[int, list[str]]:
    """Return the problems of every stored scheme, by year (empty when all add up)."""
    found = {}
    for scheme in AwardScheme.objects.prefetch_related("sectors", "prizes"):
        problems = rules.scheme_problems(scheme_figures(scheme))
        if problems:
            found[scheme.year] = problems
    return found


def after_fixtures_loaded() -> None:
    """Refuse fixtures whose schemes do not add up, so `load_gazette` rolls them back."""
    found = check_all_schemes()
    if found:
        lines = [f"{year}年：{'；'.join(problems)}" for year, problems in found.items()]
        raise ValidationError("金融发展贡献奖方案数额不一致：" + " ".join(lines))


# --------------------------------------------------------------------------- roster


def prize_resolve(*, year: int, sector: str, name: str) -> AwardPrize:
    """Find the prize a roster line names, or say in Chinese why there is none."""
    problem = validation.award_year_problem(year)
    if problem:
        raise ValidationError(problem)
    prize = (
        AwardPrize.objects.select_related("scheme", "recipient")
        .filter(scheme__year=year, sector=sector, name=name)
        .first()
    )
    if prize is not None:
        return prize
    if not AwardScheme.objects.filter(year=year).exists():
        raise ValidationError(f"还没有{year}年的金融发展贡献奖方案，请先录入当年方案。")
    names = list(
        AwardPrize.objects.filter(scheme__year=year, sector=sector).values_list("name", flat=True)
    )
    label = Sector(sector).label
    if not names:
        raise ValidationError(f"{year}年方案中没有{label}的奖项。")
    raise ValidationError(
        f"{year}年{label}没有名为“{name}”的奖项，可选：" + "、".join(names) + "。"
    )


@transaction.atomic
def award_winner_create(
    *,
    prize: AwardPrize,
    institution: Institution,
    growth_pct: Decimal | None = None,
    note: str = "",
    acting_user=None,
    reason: str = "",
) -> AwardWinner:
    """Add a winner to a year's roster, refusing it when it breaks a rule of the measure."""
    winner = AwardWinner(prize=prize, institution=institution, growth_pct=growth_pct, note=note)
    winner.full_clean()
    refuse(validation.award_winner_problems(winner=winner))
    return record_save(instance=winner, acting_user=acting_user, reason=reason)


def institution_resolve(
    *, name: str, sector: str, acting_user=None, reason: str = ""
) -> Institution:
    """Find an institution by name, or create it in the given sector."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("获奖机构名称不能为空。")
    institution = Institution.objects.filter(name=name).first()
    if institution is None:
        institution = Institution(name=name, sector=sector)
        institution.full_clean()
        record_save(instance=institution, acting_user=acting_user, reason=reason)
    return institution


@transaction.atomic
def award_winner_add(
    *,
    year: int,
    sector: str,
    prize_name: str,
    institution_name: str,
    growth_pct: Decimal | None = None,
    note: str = "",
    acting_user=None,
    reason: str = "",
) -> AwardWinner:
    """Add a roster line given as a clerk writes it: year, sector, prize and institution names."""
    prize = prize_resolve(year=year, sector=sector, name=prize_name)
    institution = institution_resolve(
        name=institution_name, sector=sector, acting_user=acting_user, reason=reason
    )
    return award_winner_create(
        prize=prize,
        institution=institution,
        growth_pct=growth_pct,
        note=note,
        acting_user=acting_user,
        reason=reason,
    )


# --------------------------------------------------------------------------- clawbacks


@transaction.atomic
def clawback_create(
    *,
    institution: Institution,
    year: int,
    amount: Decimal,
    grounds: str,
    detail: str = "",
    decided_on=None,
    acting_user=None,
    reason: str = "",
) -> Clawback:
    """Record award money recovered for misuse on the given grounds (威政发〔2020〕6号 第八条).

    ``grounds`` is the clawback's own 追回原因 (a ClawbackReason); ``reason`` is the
    history's, why this record was entered.
    """
    clawback = Clawback(
        institution=institution,
        year=year,
        amount=amount,
        reason=grounds,
        detail=detail,
        decided_on=decided_on,
    )
    clawback.full_clean()
    refuse(validation.clawback_problems(clawback=clawback))
    return record_save(instance=clawback, acting_user=acting_user, reason=reason)
