"""Writes of the rewards app; every one validates the whole rule set before it saves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Sum

from gazette_site.formatting import wan_yuan
from gazette_site.services import record_delete, record_save, records_delete
from rewards import rules
from rewards.models import (
    AwardPrize,
    AwardScheme,
    AwardWinner,
    Clawback,
    Institution,
    Measure,
    MeasureKind,
    Sector,
    SectorBudget,
)
from rewards.selectors import scheme_figures

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
        raise CommandError("金融发展贡献奖方案数额不一致：" + " ".join(lines))


# --------------------------------------------------------------------------- roster


def award_measure_for_year(year: int) -> Measure | None:
    """Return the award measure in force during some day of the year, if any."""
    for measure in Measure.objects.select_related("document").filter(kind=MeasureKind.AWARD):
        start, end = measure.effective_from, measure.effective_to
        if start and end and rules.year_within(year, effective_from=start, effective_to=end):
            return measure
    return None


def award_year_problem(year: int) -> str | None:
    """Say why a year cannot have awards, or None when it can (威政发〔2020〕6号 第十三条)."""
    if award_measure_for_year(year) is not None:
        return None
    measures = list(Measure.objects.select_related("document").filter(kind=MeasureKind.AWARD))
    if not measures:
        return f"{year}年没有可依据的金融业发展奖励办法。"
    spans = "、".join(
        f"《{m.title}》（{m.doc_number}）有效期为{m.validity_text}（{m.validity_article}）"
        for m in measures
    )
    return f"{year}年不在奖励办法有效期内：{spans}。"


def prize_resolve(*, year: int, sector: str, name: str) -> AwardPrize:
    """Find the prize a roster line names, or say in Chinese why there is none."""
    problem = award_year_problem(year)
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


def _lock_scheme(scheme_id: int) -> None:
    # Two clerks filling the last place of a prize at once must not both succeed:
    # lock the year's scheme for the rest of the transaction (PostgreSQL; SQLite
    # already serialises writers).
    if connection.in_atomic_block:
        list(AwardScheme.objects.select_for_update().filter(pk=scheme_id).values_list("pk"))


def award_winner_problems(*, winner: AwardWinner) -> list[str]:
    """Check a roster line against quota, budget, duplicates and validity (第六条、第十三条)."""
    prize = AwardPrize.objects.select_related("scheme", "recipient").get(pk=winner.prize_id)
    institution = Institution.objects.get(pk=winner.institution_id)
    year = prize.scheme.year
    year_problem = award_year_problem(year)
    if year_problem:
        return [year_problem]
    _lock_scheme(prize.scheme_id)
    others = AwardWinner.objects.exclude(pk=winner.pk) if winner.pk else AwardWinner.objects.all()
    budget = (
        SectorBudget.objects.filter(scheme_id=prize.scheme_id, sector=prize.sector)
        .values_list("budget", flat=True)
        .first()
    )
    awarded = others.filter(prize__scheme_id=prize.scheme_id, prize__sector=prize.sector).aggregate(
        total=Sum("amount")
    )["total"] or Decimal(0)
    facts = rules.RosterFacts(
        year=year,
        institution=institution.name,
        institution_sector=institution.sector,
        prize=prize.name,
        prize_sector=prize.sector,
        prize_count=prize.count,
        prize_taken=others.filter(prize=prize).count(),
        amount=_winner_amount(winner, prize),
        sector_budget=budget,
        sector_awarded=awarded,
        holds_prize_already=others.filter(prize=prize, institution=institution).exists(),
        recipient=prize.recipient.name if prize.recipient else None,
        growth_indicator=prize.growth_indicator,
        min_growth_pct=prize.min_growth_pct,
        growth_pct=winner.growth_pct,
    )
    return rules.roster_problems(facts)


def _winner_amount(winner: AwardWinner, prize: AwardPrize) -> Decimal:
    """Keep the amount of a line whose prize is unchanged; a new or moved line takes the prize's."""
    if winner.pk and winner.amount is not None:
        old_prize = AwardWinner.objects.filter(pk=winner.pk).values_list("prize_id", flat=True)
        if list(old_prize) == [prize.pk]:
            return winner.amount
    winner.amount = prize.amount
    return winner.amount


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


def clawback_problems(*, clawback: Clawback) -> list[str]:
    """Check that a clawback recovers no more than the institution won that year (第八条)."""
    awarded = AwardWinner.objects.filter(
        institution_id=clawback.institution_id, prize__scheme__year=clawback.year
    ).aggregate(total=Sum("amount"))["total"]
    name = Institution.objects.filter(pk=clawback.institution_id).values_list("name", flat=True)
    name = next(iter(name), "该机构")
    if not awarded:
        return [f"{name}在{clawback.year}年的获奖名单中没有记录，无法登记追回；请先录入获奖名单。"]
    earlier = Clawback.objects.filter(
        institution_id=clawback.institution_id, year=clawback.year
    ).exclude(pk=clawback.pk)
    recovered = earlier.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if recovered + clawback.amount > awarded:
        return [
            f"{name}在{clawback.year}年共获奖金{wan_yuan(awarded)}，已追回{wan_yuan(recovered)}，"
            f"再追回{wan_yuan(clawback.amount)}将超过所获奖金（第八条）。"
        ]
    return []


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
    return record_save(instance=clawback, acting_user=acting_user, reason=reason)
