"""Reads of the catalogue; every function runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet

from documents.models import Document
from gazette_site.readings import is_inferred, printed_value
from gazette_site.readings import open_data as readings_open_data
from intermediary.models import (
    Catalogue,
    Department,
    IntermediaryService,
    MatterType,
    NoticeRule,
    ServiceLink,
    ServiceMatter,
)
from search.registry import SearchRecord


class Status:
    """Which items a list shows, by whether they had been abolished on the day asked about."""

    CURRENT = "current"
    ABOLISHED = "abolished"
    ALL = "all"
    CHOICES = [(CURRENT, "现行项目"), (ABOLISHED, "已取消项目"), (ALL, "全部项目")]


@dataclass(frozen=True)
class Criteria:
    """What a catalogue list is filtered by."""

    as_of: dt.date
    department: int | None = None
    matter_type: str = ""
    fee_basis: str = ""
    q: str = ""
    status: str = Status.CURRENT


def _ordered_links() -> QuerySet[ServiceLink]:
    return ServiceLink.objects.select_related("matter").order_by("position", "pk")


def service_queryset() -> QuerySet[IntermediaryService]:
    """Return items with their department and their links (and matters) prefetched."""
    return IntermediaryService.objects.select_related("department").prefetch_related(
        Prefetch("links", queryset=_ordered_links())
    )


def abolished_q(as_of: dt.date) -> Q:
    """Match items abolished on or before the day."""
    return Q(abolished_on__isnull=False, abolished_on__lte=as_of)


def filter_services(
    queryset: QuerySet[IntermediaryService], criteria: Criteria, *, skip: Iterable[str] = ()
) -> QuerySet[IntermediaryService]:
    """Apply the catalogue filters except those named in `skip`.

    Matter type and fee basis must hold on the same link: an item matches 行政许可 +
    市场调节价 when one of its matters is a 行政许可 served at 市场调节价.
    """
    skip = set(skip)
    if criteria.department is not None and "department" not in skip:
        queryset = queryset.filter(department__order=criteria.department)
    link_condition = Q()
    if criteria.matter_type and "matter_type" not in skip:
        link_condition &= Q(matter__matter_type=criteria.matter_type)
    if criteria.fee_basis and "fee_basis" not in skip:
        link_condition &= Q(fee_basis=criteria.fee_basis)
    if link_condition:
        queryset = queryset.filter(
            Exists(ServiceLink.objects.filter(link_condition, service=OuterRef("pk")))
        )
    if criteria.q and "q" not in skip:
        for term in criteria.q.split():
            in_links = ServiceLink.objects.filter(
                Q(matter__name__icontains=term)
                | Q(sub_items__icontains=term)
                | Q(legal_basis__icontains=term)
                | Q(fee_basis__icontains=term),
                service=OuterRef("pk"),
            )
            queryset = queryset.filter(
                Q(name__icontains=term) | Q(department__name__icontains=term) | Exists(in_links)
            )
    if "status" not in skip:
        if criteria.status == Status.CURRENT:
            queryset = queryset.exclude(abolished_q(criteria.as_of))
        elif criteria.status == Status.ABOLISHED:
            queryset = queryset.filter(abolished_q(criteria.as_of))
    return queryset


def service_list(criteria: Criteria, *, ordering: str = "no") -> QuerySet[IntermediaryService]:
    """Return the filtered items, in the order asked for (序号 by default)."""
    return filter_services(service_queryset(), criteria).order_by(ordering)


@dataclass(frozen=True)
class Facets:
    """Item counts per filter value, each given the other filters."""

    departments: list[tuple[Department, int]]
    matter_types: list[tuple[str, str, int]]
    fee_bases: list[tuple[str, int]]
    statuses: list[tuple[str, str, int]]


def facet_counts(criteria: Criteria) -> Facets:
    """Count the items each filter value would show, the other filters applied (6 queries)."""
    base = IntermediaryService.objects.all()
    per_department = dict(
        filter_services(base, criteria, skip={"department"})
        .order_by()
        .values_list("department__order")
        .annotate(n=Count("pk"))
    )
    linkless = filter_services(base, criteria, skip={"matter_type", "fee_basis"}).values("pk")

    def per_link_value(column: str, condition: Q) -> dict[str, int]:
        links = ServiceLink.objects.filter(condition, service__in=linkless)
        return dict(
            links.order_by().values_list(column).annotate(n=Count("service", distinct=True))
        )

    per_type = per_link_value(
        "matter__matter_type",
        Q(fee_basis=criteria.fee_basis) if criteria.fee_basis else Q(),
    )
    per_fee = per_link_value(
        "fee_basis",
        Q(matter__matter_type=criteria.matter_type) if criteria.matter_type else Q(),
    )
    abolished = abolished_q(criteria.as_of)
    per_status = filter_services(base, criteria, skip={"status"}).aggregate(
        current=Count("pk", filter=~abolished),
        abolished=Count("pk", filter=abolished),
        all=Count("pk"),
    )
    departments = list(Department.objects.order_by("order"))
    fee_values = fee_basis_values()
    return Facets(
        departments=[(d, per_department.get(d.order, 0)) for d in departments],
        matter_types=[
            (value, label, per_type.get(value, 0)) for value, label in MatterType.choices
        ],
        fee_bases=[(fee, per_fee.get(fee, 0)) for fee in fee_values],
        statuses=[(value, label, per_status[value]) for value, label in Status.CHOICES],
    )


def fee_basis_values() -> list[str]:
    """Return every fee basis in use, in order of first appearance."""
    return list(
        ServiceLink.objects.order_by()
        .values_list("fee_basis", flat=True)
        .annotate(first=Min("pk"))
        .order_by("first")
    )


def service_detail(no: int) -> IntermediaryService | None:
    """Return an item with its links, matters and the other items serving those matters."""
    others = ServiceLink.objects.select_related("service", "service__department").order_by(
        "service__no"
    )
    return (
        IntermediaryService.objects.select_related("department")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=_ordered_links().prefetch_related(
                    Prefetch("matter__links", queryset=others, to_attr="all_links")
                ),
            )
        )
        .filter(no=no)
        .first()
    )


def matter_detail(pk: int) -> ServiceMatter | None:
    """Return a matter with every link to it (its items and their departments)."""
    links = ServiceLink.objects.select_related("service", "service__department").order_by(
        "service__no"
    )
    return (
        ServiceMatter.objects.prefetch_related(Prefetch("links", queryset=links))
        .filter(pk=pk)
        .first()
    )


def matter_index() -> QuerySet[ServiceMatter]:
    """Return every matter with the number of items serving it."""
    return ServiceMatter.objects.annotate(service_count=Count("links")).order_by("pk")


def department_detail(order: int) -> Department | None:
    """Return a department with its items (and their links) prefetched."""
    services = service_queryset().order_by("no")
    return (
        Department.objects.prefetch_related(Prefetch("services", queryset=services))
        .filter(order=order)
        .first()
    )


def catalogue_rows() -> list[IntermediaryService]:
    """Every item in catalogue order, shown on the notice's page in place of the printed table."""
    return list(service_queryset().order_by("no"))


def catalogue_notice() -> Catalogue | None:
    """Return the catalogue with the notice that publishes it (one query)."""
    return Catalogue.objects.select_related("document").order_by("pk").first()


def notice_rules() -> QuerySet[NoticeRule]:
    """Return the notice's rules for the catalogue, in print order."""
    return NoticeRule.objects.order_by("position")


def export_links(services: QuerySet[IntermediaryService]) -> QuerySet[ServiceLink]:
    """Return the links of the given items, one spreadsheet row each, in catalogue order."""
    return (
        ServiceLink.objects.filter(service__in=services.values("pk"))
        .select_related("service", "service__department", "matter")
        .order_by("service__no", "position", "pk")
    )


def open_data(services: Iterable[IntermediaryService], *, as_of: dt.date) -> list[dict]:
    """Lay items out as the open-data contract of /data/intermediary.json."""
    notice = catalogue_notice()
    doc_number = notice.doc_number if notice else ""
    return [
        {
            "no": service.no,
            "name": service.name,
            "department": service.department.name,
            "department_inferred": is_inferred(service.department, "name"),
            "fee_basis": service.printed_fee_basis_summary,
            "time_limit": service.time_limit_summary,
            "abolished": service.is_abolished(as_of),
            "abolished_on": service.abolished_on.isoformat() if service.abolished_on else None,
            "abolished_by": service.abolished_by,
            "matters": [
                {
                    "name": printed_value(link, "matter", link.matter.name),
                    "sub_items": link.sub_item_list,
                    "type": link.matter.matter_type,
                    "basis": link.legal_basis,
                    "fee_basis": printed_value(link, "fee_basis"),
                    "time_limit": link.time_limit,
                    "matter_url": link.matter.get_absolute_url(),
                    "readings": readings_open_data(link, {"matter": "name"})
                    + readings_open_data(link.matter, {"matter_type": "type"}),
                }
                for link in service.links.all()
            ],
            "department_no": service.department.order,
            "url": service.get_absolute_url(),
            "source_note": service.source_note,
            "document": doc_number,
            "readings": readings_open_data(service.department, {"name": "department"}),
        }
        for service in services
    ]


def search_records() -> Iterator[SearchRecord]:
    """Offer every item to the portal's search: its name, matters, sub-items and bases."""
    catalogue = catalogue_notice()
    doc_number = catalogue.doc_number if catalogue else ""
    notice = (
        Document.objects.filter(intermediary_catalogue=catalogue)
        .values("signed_date", "section__name", "issue__year", "issue__number")
        .first()
    ) or {}
    signed_on = notice.get("signed_date")
    issue = (
        f"{notice['issue__year']}-{notice['issue__number']:02d}"
        if notice.get("issue__year")
        else ""
    )
    for service in service_queryset().order_by("no"):
        links = list(service.links.all())
        title = f"{service.no}. {service.name}"
        if service.abolished_on is not None:
            title += "（已取消）"
        body_parts = [service.name, service.department.name]
        for link in links:
            body_parts += [link.matter.name, *link.sub_item_list, link.fee_basis, link.legal_basis]
        yield SearchRecord(
            key=f"intermediary.item:{service.no}",
            kind="intermediary_item",
            title=title,
            body="\n".join(part for part in body_parts if part),
            url=service.get_absolute_url(),
            doc_number=doc_number,
            date=signed_on,
            facets={
                "issue": issue,
                "section": notice.get("section__name") or "",
                "heading": f"中介服务项目清单 · {service.department.name}",
                "in_force_from": signed_on,
                "repealed_on": service.abolished_on,
                "department": service.department.name,
                "matter_types": sorted({link.matter.matter_type for link in links}),
            },
        )
