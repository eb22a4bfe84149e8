"""Reads for the wildlife pages: a fixed number of queries each, money computed by rules."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.urls import reverse

from documents.models import District
from documents.selectors import StatusInfo, status_of
from gazette_site.history import attach_printed
from gazette_site.http import BadInput
from search.registry import SearchRecord
from wildlife import rules
from wildlife.models import (
    BreedingEntity,
    CompensationPlan,
    Disposal,
    DisposalMethod,
    ScopeCategory,
    Species,
    StockRegistration,
)

ZERO = Decimal("0.00")


def plan_get() -> CompensationPlan | None:
    """Return the plan in force for this app (the first batch of 威政办字〔2020〕50号)."""
    return CompensationPlan.objects.select_related("document").order_by("batch", "pk").first()


def plan_status(*, plan: CompensationPlan, as_of: dt.date) -> StatusInfo:
    """Return the plan document's status on a date, repeals by other documents included."""
    return status_of(plan.document, as_of=as_of)


def species_list(*, plan: CompensationPlan, printed: bool = False) -> list[Species]:
    """The plan's species; with ``printed``, each has ``printed_diff`` (one more query)."""
    species = plan.species.order_by("number")
    if printed:
        return attach_printed(species, ["price", "juvenile_price"])
    return list(species)


def scope_list(*, plan: CompensationPlan) -> list[ScopeCategory]:
    return list(plan.scopes.order_by("number"))


def method_list(*, plan: CompensationPlan) -> list[DisposalMethod]:
    return list(plan.methods.order_by("number"))


def district_list() -> list[District]:
    return list(District.objects.order_by("position", "name"))


# --- the calculator -------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteLine:
    species: Species
    quantity: Decimal
    juvenile: bool
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Quote:
    lines: list[QuoteLine]
    shares: rules.Shares


def quote_line(*, species: Species, quantity: Decimal, juvenile: bool) -> QuoteLine:
    """Price one requested line or raise BadInput with the reason in Chinese."""
    problem = rules.quantity_problem(quantity, unit=species.unit, per_animal=species.per_animal)
    if problem:
        raise BadInput(f"{species.name}：{problem}")
    try:
        price = rules.unit_price(
            species_name=species.name,
            price=species.price,
            juvenile_price=species.juvenile_price,
            juvenile=juvenile,
        )
    except ValueError as exc:
        raise BadInput(str(exc))
    return QuoteLine(
        species=species,
        quantity=quantity,
        juvenile=juvenile,
        unit_price=price,
        amount=rules.line_amount(quantity=quantity, unit_price=price),
    )


def quote(*, plan: CompensationPlan, lines: list[QuoteLine]) -> Quote:
    """Add up priced lines and split the total between city and county."""
    total = sum((line.amount for line in lines), ZERO)
    shares = rules.split_shares(
        total, city_parts=plan.city_share_parts, county_parts=plan.county_share_parts
    )
    return Quote(lines=lines, shares=shares)


def parse_items(raw: str | None, *, species_by_name: dict[str, Species]) -> list[QuoteLine]:
    """Read `<species>:<quantity>[:juvenile],...` into priced lines, or raise BadInput."""
    if raw is None or not raw.strip():
        raise BadInput(
            "缺少 items 参数，格式为 物种:数量[:juvenile]，多项用逗号分隔，例如 蓝孔雀:10,王锦蛇:2.5。"
        )
    parts = [p.strip() for p in raw.replace("，", ",").split(",")]
    if len(parts) > 50:
        raise BadInput("一次最多计算 50 项。")
    lines = []
    for n, part in enumerate(parts, start=1):
        fields = [f.strip() for f in part.replace("：", ":").split(":")]
        if len(fields) not in (2, 3) or not fields[0]:
            raise BadInput(f"第{n}项“{part}”格式不对，应为 物种:数量 或 物种:数量:juvenile。")
        species = species_by_name.get(fields[0])
        if species is None:
            allowed = "、".join(species_by_name)
            raise BadInput(f"第{n}项：“{fields[0]}”不在补偿标准中。可选物种：{allowed}。")
        try:
            quantity = Decimal(fields[1])
        except ArithmeticError:
            raise BadInput(f"第{n}项：数量“{fields[1]}”不是有效数字。")
        if not quantity.is_finite():
            raise BadInput(f"第{n}项：数量“{fields[1]}”不是有效数字。")
        try:
            juvenile = rules.parse_juvenile(fields[2]) if len(fields) == 3 else False
        except ValueError as exc:
            raise BadInput(f"第{n}项：{exc}")
        try:
            lines.append(quote_line(species=species, quantity=quantity, juvenile=juvenile))
        except BadInput as exc:
            raise BadInput(f"第{n}项：{exc}")
    return lines


# --- registry rows and their money ----------------------------------------------------

ROW_FIELDS = (
    "pk",
    "quantity",
    "is_juvenile",
    "converted_to_non_food",
    "signed_by_both",
    "entity_id",
    "entity__district_id",
    "entity__scope__city_compensated",
    "species_id",
    "species__name",
    "species__unit",
    "species__price",
    "species__juvenile_price",
)


@dataclass
class RegistrationRow:
    """A registration reduced to what the reports need, with its computed amount."""

    pk: int
    entity_id: int
    district_id: int
    species_id: int
    species_name: str
    unit: str
    quantity: Decimal
    is_juvenile: bool
    signed_by_both: bool
    amount: Decimal
    disposed: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.quantity - self.disposed


def registration_rows(
    queryset: QuerySet[StockRegistration], *, with_disposals: bool = True
) -> list[RegistrationRow]:
    """Load registrations in one query (plus one for disposals) and price each by the rules."""
    disposed = {}
    if with_disposals:
        disposed = dict(
            Disposal.objects.filter(registration__in=queryset.values("pk"))
            .values("registration_id")
            .annotate(total=Sum("quantity"))
            .order_by()
            .values_list("registration_id", "total")
        )
    rows = []
    for values in queryset.order_by().values(*ROW_FIELDS):
        scope_ok = values["entity__scope__city_compensated"]
        rows.append(
            RegistrationRow(
                pk=values["pk"],
                entity_id=values["entity_id"],
                district_id=values["entity__district_id"],
                species_id=values["species_id"],
                species_name=values["species__name"],
                unit=values["species__unit"],
                quantity=values["quantity"],
                is_juvenile=values["is_juvenile"],
                signed_by_both=values["signed_by_both"],
                amount=rules.registration_amount(
                    species_name=values["species__name"],
                    quantity=values["quantity"],
                    price=values["species__price"],
                    juvenile_price=values["species__juvenile_price"],
                    juvenile=values["is_juvenile"],
                    converted_to_non_food=values["converted_to_non_food"],
                    scope_compensated=True if scope_ok is None else scope_ok,
                ),
                disposed=disposed.get(values["pk"]) or ZERO,
            )
        )
    return rows


# --- the public list (公示) -----------------------------------------------------------


@dataclass
class EntityGroup:
    entity: BreedingEntity
    registrations: list[StockRegistration]
    amount: Decimal


def public_list_entities(
    *, entities: QuerySet[BreedingEntity], species: Species | None
) -> QuerySet[BreedingEntity]:
    """Prepare filtered entities with their (species-filtered) registrations."""
    registrations = StockRegistration.objects.select_related("species").order_by(
        "species__number", "is_juvenile"
    )
    if species is not None:
        registrations = registrations.filter(species=species)
    return entities.select_related("district", "scope").prefetch_related(
        Prefetch("registrations", queryset=registrations, to_attr="shown_registrations")
    )


def entity_groups(entities: Iterable[BreedingEntity]) -> list[EntityGroup]:
    """Price each shown entity's registrations (entities from public_list_entities)."""
    groups = []
    for entity in entities:
        shown = entity.shown_registrations
        for registration in shown:
            registration.entity = entity  # already loaded; avoids a query per row
            registration.amount = registration.compensation()
        groups.append(
            EntityGroup(
                entity=entity,
                registrations=shown,
                amount=sum((r.amount for r in shown), ZERO),
            )
        )
    return groups


def public_list_total(
    *, entities: QuerySet[BreedingEntity], species: Species | None
) -> tuple[int, Decimal]:
    """Count and add up every registration matching the filters (all pages)."""
    queryset = StockRegistration.objects.filter(entity__in=entities.values("pk"))
    if species is not None:
        queryset = queryset.filter(species=species)
    rows = registration_rows(queryset, with_disposals=False)
    return len(rows), sum((r.amount for r in rows), ZERO)


# --- reports --------------------------------------------------------------------------


@dataclass
class DistrictLine:
    district: District
    entities: int = 0
    registrations: int = 0
    total: Decimal = ZERO
    city: Decimal = ZERO
    county: Decimal = ZERO
    compensated: int = 0  # registrations with an amount > 0
    fully_disposed: int = 0
    partly_disposed: int = 0

    @property
    def not_disposed(self) -> int:
        return self.compensated - self.fully_disposed - self.partly_disposed

    @property
    def progress_percent(self) -> Decimal | None:
        if not self.compensated:
            return None
        return (Decimal(100) * self.fully_disposed / self.compensated).quantize(Decimal("0.1"))


@dataclass
class SpeciesLine:
    species_id: int
    name: str
    unit: str
    juvenile: bool
    registrations: int = 0
    quantity: Decimal = ZERO
    amount: Decimal = ZERO


@dataclass
class MethodLine:
    method: DisposalMethod
    records: int = 0
    quantities: dict[str, Decimal] = field(default_factory=dict)  # unit → quantity


@dataclass
class Report:
    plan: CompensationPlan
    districts: list[DistrictLine]
    species: list[SpeciesLine]
    methods: list[MethodLine]
    total: Decimal
    city: Decimal
    county: Decimal
    registrations: int
    entities: int

    @property
    def is_empty(self) -> bool:
        return self.registrations == 0


def compensation_report(*, plan: CompensationPlan) -> Report:
    """Totals by district (with the city share each district receives), by species, by method."""
    districts = district_list()
    rows = registration_rows(StockRegistration.objects.filter(species__plan=plan))
    by_district = {d.pk: DistrictLine(district=d) for d in districts}
    entities_seen: dict[int, set[int]] = defaultdict(set)
    species_lines: dict[tuple[int, bool], SpeciesLine] = {}
    for species in species_list(plan=plan):
        species_lines[(species.pk, False)] = SpeciesLine(
            species_id=species.pk, name=species.name, unit=species.unit, juvenile=False
        )
        if species.has_juvenile_price:
            species_lines[(species.pk, True)] = SpeciesLine(
                species_id=species.pk, name=species.name, unit=species.unit, juvenile=True
            )
    for row in rows:
        line = by_district[row.district_id]
        entities_seen[row.district_id].add(row.entity_id)
        line.registrations += 1
        line.total += row.amount
        if row.amount > 0:
            line.compensated += 1
            if row.remaining <= 0:
                line.fully_disposed += 1
            elif row.disposed > 0:
                line.partly_disposed += 1
        sline = species_lines[(row.species_id, row.is_juvenile)]
        sline.registrations += 1
        sline.quantity += row.quantity
        sline.amount += row.amount
    for line in by_district.values():
        line.entities = len(entities_seen[line.district.pk])
        # The split is applied once per district: that is the amount the city transfers.
        shares = rules.split_shares(
            line.total, city_parts=plan.city_share_parts, county_parts=plan.county_share_parts
        )
        line.total, line.city, line.county = shares.total, shares.city, shares.county
    method_lines = {m.pk: MethodLine(method=m) for m in method_list(plan=plan)}
    disposal_totals = (
        Disposal.objects.filter(method__plan=plan)
        .values("method_id", "registration__species__unit")
        .annotate(quantity=Sum("quantity"), records=Count("pk"))
        .order_by()
    )
    for item in disposal_totals:
        mline = method_lines[item["method_id"]]
        mline.records += item["records"]
        unit = item["registration__species__unit"]
        mline.quantities[unit] = mline.quantities.get(unit, ZERO) + item["quantity"]
    lines = list(by_district.values())
    return Report(
        plan=plan,
        districts=lines,
        species=list(species_lines.values()),
        methods=list(method_lines.values()),
        total=sum((d.total for d in lines), ZERO),
        city=sum((d.city for d in lines), ZERO),
        county=sum((d.county for d in lines), ZERO),
        registrations=len(rows),
        entities=sum(d.entities for d in lines),
    )


def pending_disposals(*, plan: CompensationPlan) -> list[tuple[StockRegistration, RegistrationRow]]:
    """List compensated registrations whose animals are not all disposed of yet."""
    rows = {
        row.pk: row
        for row in registration_rows(StockRegistration.objects.filter(species__plan=plan))
        if row.amount > 0 and row.remaining > 0
    }
    registrations = StockRegistration.objects.filter(pk__in=list(rows)).select_related(
        "entity__district", "species"
    )
    return [(r, rows[r.pk]) for r in registrations]


# --- search ---------------------------------------------------------------------------


def species_search_records() -> Iterable[SearchRecord]:
    """Offer each species' compensation standard to the portal search."""
    plan = plan_get()
    if plan is None:
        return
    for species in species_list(plan=plan):
        juvenile = ""
        if species.has_juvenile_price:
            juvenile = (
                f"；幼体（{species.juvenile_definition}）每{species.unit}"
                f"{species.juvenile_price.normalize():f}元"
            )
        yield SearchRecord(
            key=f"wildlife.species:{species.pk}",
            kind="species",
            title=f"{species.name} 退出补偿标准",
            body=(
                f"{plan.standard_title}：{species.name}，每{species.unit}"
                f"{species.price.normalize():f}元{juvenile}。补偿资金由市县两级财政按照"
                f"{plan.split_label}的比例承担。在养禁食陆生野生动物 人工繁育主体 退出补偿"
            ),
            url=f"{reverse('wildlife:overview')}#species-{species.number}",
            doc_number=plan.doc_number,
            date=plan.signed_date,
            facets={"year": plan.signed_date.year},
        )
