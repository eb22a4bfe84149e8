"""Reads for the rewards pages; each page's reads take a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.urls import reverse

from documents.choices import Status
from documents.selectors import status_of
from gazette_site.formatting import TEN_THOUSAND, wan_yuan
from gazette_site.http import json_number
from gazette_site.readings import is_inferred
from rewards import rules
from rewards.choices import SECTOR_ORDER
from rewards.models import (
    AwardPrize,
    AwardScheme,
    AwardWinner,
    Clawback,
    Condition,
    ConditionRole,
    IpCompensationParameters,
    Measure,
    MeasureKind,
    Sector,
    SectorBudget,
)
from search.registry import SearchRecord

# --------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class MeasureStatus:
    """A measure's status on a date, for a badge."""

    status: Status | None
    as_of: dt.date

    @property
    def label(self) -> str:
        return self.status.label if self.status else "时效未知"

    @property
    def css(self) -> str:
        return self.status.value if self.status else "unknown"

    @property
    def in_force(self) -> bool:
        return self.status == Status.IN_FORCE


def measure_status(measure: Measure, *, as_of: dt.date) -> MeasureStatus:
    """Compute the measure's status from its document's dates and recorded repeals."""
    return MeasureStatus(status_of(measure.document, as_of=as_of).status, as_of)


# --------------------------------------------------------------------------- schemes


def scheme_figures(scheme: AwardScheme) -> rules.SchemeFigures:
    """Turn a stored scheme (sectors and prizes prefetched or not) into the rules' figures."""
    return rules.SchemeFigures(
        total_cap=scheme.total_cap,
        institution_cap=scheme.institution_cap,
        regulator_cap=scheme.regulator_cap,
        budgets={s.sector: s.budget for s in scheme.sectors.all()},
        prizes=[
            rules.PrizeFigures(p.sector, p.name, p.count, p.amount) for p in scheme.prizes.all()
        ],
    )


def scheme_queryset() -> QuerySet[AwardScheme]:
    return AwardScheme.objects.select_related("measure__document").prefetch_related(
        Prefetch("sectors", queryset=SectorBudget.objects.all()),
        Prefetch("prizes", queryset=AwardPrize.objects.select_related("recipient")),
    )


def scheme_years() -> list[int]:
    """Return the years that have a scheme, newest first."""
    return list(AwardScheme.objects.order_by("-year").values_list("year", flat=True))


def scheme_for_year(year: int | None) -> AwardScheme | None:
    """Return a year's scheme (the newest when year is None) with everything its page shows."""
    qs = scheme_queryset().order_by("-year")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.first()


def scheme_for_date(as_of: dt.date) -> AwardScheme | None:
    """Return the scheme of the date's year, else the newest one (caps only, one query)."""
    schemes = list(AwardScheme.objects.select_related("measure__document").order_by("-year"))
    return next((s for s in schemes if s.year == as_of.year), schemes[0] if schemes else None)


@dataclass
class SectorView:
    sector: str
    label: str
    budget: SectorBudget | None
    prizes: list[AwardPrize]
    sum_line: rules.SumLine | None


@dataclass
class SchemeView:
    """Everything the scheme page shows, grouped as 第六条 prints it."""

    scheme: AwardScheme
    institution_sectors: list[SectorView]
    regulator_sectors: list[SectorView]
    sums: dict[str, rules.SumLine]
    problems: list[str]


def scheme_view(scheme: AwardScheme) -> SchemeView:
    """Group a scheme's prizes by sector and put its stated figures beside their sums."""
    figures = scheme_figures(scheme)
    sums = {line.key: line for line in rules.scheme_sums(figures)}
    budgets = {s.sector: s for s in scheme.sectors.all()}
    prizes: dict[str, list[AwardPrize]] = defaultdict(list)
    for prize in scheme.prizes.all():
        prizes[prize.sector].append(prize)
    institution, regulator = [], []
    for sector in Sector:
        if sector not in budgets and sector not in prizes:
            continue
        view = SectorView(
            sector=sector.value,
            label=sector.label,
            budget=budgets.get(sector),
            prizes=sorted(prizes.get(sector, []), key=lambda p: (p.position, p.pk)),
            sum_line=sums.get(sector.value),
        )
        (regulator if sector == Sector.REGULATOR else institution).append(view)
    return SchemeView(
        scheme=scheme,
        institution_sectors=institution,
        regulator_sectors=regulator,
        sums=sums,
        problems=rules.scheme_problems(figures),
    )


def tiers(scheme: AwardScheme) -> list[dict]:
    """List a scheme's prizes for the open-data endpoint, in printed order (amounts in 万元)."""
    prizes = sorted(scheme.prizes.all(), key=lambda p: (SECTOR_ORDER[p.sector], p.position, p.pk))
    return [
        {
            "sector": p.get_sector_display(),
            "prize": p.name,
            "prize_inferred": is_inferred(p, "name"),
            "count": p.count,
            "amount_wan": json_number(p.amount / TEN_THOUSAND),
            "subtotal_wan": json_number(p.subtotal / TEN_THOUSAND),
        }
        for p in prizes
    ]


# --------------------------------------------------------------------------- roster


def roster_queryset() -> QuerySet[AwardWinner]:
    return AwardWinner.objects.select_related("prize__scheme", "institution").order_by(
        "-prize__scheme__year", "prize__sector", "prize__position", "institution__name"
    )


@dataclass
class BudgetLine:
    """A sector's budget in a year beside what the roster awards."""

    year: int
    sector: str
    label: str
    budget: Decimal
    awarded: Decimal
    winners: int
    places: int

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.awarded

    @property
    def over(self) -> bool:
        return self.awarded > self.budget or self.winners > self.places


@dataclass
class RosterTotals:
    lines: list[BudgetLine] = field(default_factory=list)

    @property
    def budget(self) -> Decimal:
        return sum((line.budget for line in self.lines), Decimal(0))

    @property
    def awarded(self) -> Decimal:
        return sum((line.awarded for line in self.lines), Decimal(0))


def roster_totals(*, years: list[int] | None = None, sector: str | None = None) -> RosterTotals:
    """Sum the roster per year and sector, against each sector's budget (3 queries)."""
    budgets = SectorBudget.objects.select_related("scheme").order_by("-scheme__year")
    places_qs = (
        AwardPrize.objects.order_by().values("scheme__year", "sector").annotate(places=Sum("count"))
    )
    if years:
        budgets = budgets.filter(scheme__year__in=years)
        places_qs = places_qs.filter(scheme__year__in=years)
    if sector:
        budgets = budgets.filter(sector=sector)
        places_qs = places_qs.filter(sector=sector)
    awarded = {
        (row["prize__scheme__year"], row["prize__sector"]): row
        for row in AwardWinner.objects.order_by()
        .values("prize__scheme__year", "prize__sector")
        .annotate(total=Sum("amount"), n=Count("pk"))
    }
    places = {(row["scheme__year"], row["sector"]): row["places"] for row in places_qs}
    lines = []
    for budget in budgets:
        key = (budget.scheme.year, budget.sector)
        row = awarded.get(key, {})
        lines.append(
            BudgetLine(
                year=budget.scheme.year,
                sector=budget.sector,
                label=budget.get_sector_display(),
                budget=budget.budget,
                awarded=row.get("total") or Decimal(0),
                winners=row.get("n", 0),
                places=places.get(key, 0),
            )
        )
    lines.sort(key=lambda line: (-line.year, SECTOR_ORDER[line.sector]))
    return RosterTotals(lines)


def clawback_list(*, year: int | None = None, sector: str | None = None) -> list[Clawback]:
    """Return the clawbacks of a year and sector, newest year first (one query)."""
    qs = Clawback.objects.select_related("institution").order_by("-year", "institution__name")
    if year:
        qs = qs.filter(year=year)
    if sector:
        qs = qs.filter(institution__sector=sector)
    return list(qs)


def prize_names() -> list[str]:
    """Return every prize name used in any year, in printed order."""
    seen: dict[str, tuple] = {}
    for name, sector, position in AwardPrize.objects.values_list("name", "sector", "position"):
        key = (SECTOR_ORDER[sector], position)
        if name not in seen or key < seen[name]:
            seen[name] = key
    return sorted(seen, key=lambda n: seen[n])


# --------------------------------------------------------------------------- conditions and IP


def award_measure() -> Measure | None:
    """Return the newest award measure."""
    return (
        Measure.objects.select_related("document")
        .filter(kind=MeasureKind.AWARD)
        .order_by("-document__effective_from")
        .first()
    )


def disqualifications(measure: Measure) -> list[Condition]:
    return list(
        Condition.objects.filter(measure=measure, role=ConditionRole.DISQUALIFICATION).order_by(
            "position"
        )
    )


@dataclass
class IpContext:
    parameters: IpCompensationParameters
    measure: Measure
    enterprise: list[Condition]
    bank: list[Condition]
    compensation: list[Condition]

    @property
    def figures(self) -> rules.IpFigures:
        return ip_figures(self.parameters)


def ip_figures(p: IpCompensationParameters) -> rules.IpFigures:
    return rules.IpFigures(
        article=p.article,
        provincial_pct=p.provincial_pct,
        city_pct=p.city_pct,
        first_year_city_cap=p.first_year_city_cap,
        later_city_cap_ceiling=p.later_city_cap_ceiling,
    )


def ip_parameters() -> IpCompensationParameters | None:
    """Return the newest IP-pledge compensation figures with their measure (one query)."""
    return (
        IpCompensationParameters.objects.select_related("measure__document")
        .order_by("-measure__document__effective_from")
        .first()
    )


def ip_context() -> IpContext | None:
    """Return the newest IP-pledge compensation parameters with their measure's conditions."""
    parameters = ip_parameters()
    if parameters is None:
        return None
    grouped: dict[str, list[Condition]] = defaultdict(list)
    for condition in Condition.objects.filter(measure=parameters.measure).order_by("position"):
        grouped[condition.role].append(condition)
    return IpContext(
        parameters=parameters,
        measure=parameters.measure,
        enterprise=grouped[ConditionRole.ENTERPRISE],
        bank=grouped[ConditionRole.BANK],
        compensation=grouped[ConditionRole.COMPENSATION],
    )


# --------------------------------------------------------------------------- search


def search_records():
    """Offer each prize, each year's scheme and the IP calculator to the portal's search."""
    schemes = list(scheme_queryset().order_by("-year"))
    for scheme in schemes:
        measure = scheme.measure
        view = scheme_view(scheme)
        lines = []
        for group in (view.institution_sectors, view.regulator_sectors):
            for sector in group:
                for prize in sector.prizes:
                    lines.append(_prize_sentence(prize, sector.label))
                    yield SearchRecord(
                        key=f"rewards.prize:{prize.pk}",
                        kind="reward_tier",
                        title=f"{scheme.year}年威海市金融发展贡献奖 {sector.label}{prize.name}",
                        body=_prize_sentence(prize, sector.label)
                        + f"依据《{measure.title}》第六条。",
                        url=f"{scheme.get_absolute_url()}#{prize.anchor}",
                        doc_number=measure.doc_number,
                        date=measure.signed_date,
                        facets={"year": scheme.year, "sector": sector.label},
                    )
        yield SearchRecord(
            key=f"rewards.scheme:{scheme.pk}",
            kind="reward_scheme",
            title=f"{scheme.year}年威海市金融发展贡献奖奖金分配",
            body=f"奖金总额不超过{wan_yuan(scheme.total_cap)}。" + "".join(lines),
            url=scheme.get_absolute_url(),
            doc_number=measure.doc_number,
            date=measure.signed_date,
            facets={"year": scheme.year},
        )
    context = ip_context()
    if context is not None:
        p = context.parameters
        yield SearchRecord(
            key=f"rewards.ip:{p.pk}",
            kind="calculator",
            title="知识产权质押融资风险补偿计算",
            body=(
                f"合作银行知识产权质押贷款本金损失，省级补偿{p.provincial_pct.normalize():f}%，"
                f"市级补偿{p.city_pct.normalize():f}%，第一个业务年度单笔最高"
                f"{wan_yuan(p.first_year_city_cap)}，以后年度最高{wan_yuan(p.later_city_cap_ceiling)}。"
                + "".join(c.text for c in context.enterprise + context.bank)
            ),
            url=reverse("rewards:ip_compensation"),
            doc_number=context.measure.doc_number,
            date=context.measure.signed_date,
            facets={},
        )


def _prize_sentence(prize: AwardPrize, sector_label: str) -> str:
    if prize.recipient_id:
        return (
            f"{sector_label}：{prize.recipient.name}{prize.requirements}，"
            f"确保{prize.growth_indicator}不低于{prize.min_growth_pct.normalize():f}%，"
            f"给予{wan_yuan(prize.amount)}奖金。"
            if prize.min_growth_pct is not None
            else f"{sector_label}：{prize.recipient.name}，给予{wan_yuan(prize.amount)}奖金。"
        )
    return (
        f"{sector_label}{prize.name}{prize.count}名，每名奖金{wan_yuan(prize.amount)}，"
        f"合计{wan_yuan(prize.subtotal)}。"
    )
