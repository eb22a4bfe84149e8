"""Public pages, downloads and open data of the intermediary-service catalogue."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gazette_site.http import BadInput, json_error, json_ok, parse_as_of, parse_int
from gazette_site.opendata import table_response
from gazette_site.pagination import paginate, paginate_data, parse_page
from intermediary.filters import ServiceFilter
from intermediary.models import MatterType
from intermediary.resources import ServiceLinkResource
from intermediary.selectors import (
    Status,
    catalogue_notice,
    department_detail,
    export_links,
    facet_counts,
    matter_detail,
    matter_index,
    notice_rules,
    open_data,
    service_detail,
    service_queryset,
)

MAX_PER_PAGE = 200
DOWNLOAD_NAME = "中介服务项目清单"


def _document_context(notice=None) -> dict:
    """The notice that publishes the catalogue, as the pages cite it."""
    notice = notice or catalogue_notice()
    return {
        "doc_number": notice.doc_number if notice else "",
        "document_url": notice.document_url() if notice else "",
        "repealed_doc_number": notice.repeals if notice else "",
    }


def _bad_request(request, messages: list[str]):
    """Answer a page request whose query string cannot be used: 400 with the reasons."""
    return render(
        request,
        "intermediary/bad_request.html",
        {"errors": messages, **_document_context()},
        status=400,
    )


def _query(request, *, drop: tuple[str, ...] = (), **values) -> str:
    """Return the request's query string without `drop`, with `values` set."""
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    for key, value in values.items():
        params[key] = value
    return params.urlencode()


def _filtered(request, *, default_status: str) -> tuple[ServiceFilter, dt.date]:
    """Validate the query string; return the bound filter and the as_of date, or raise BadInput."""
    as_of = parse_as_of(request)
    filterset = ServiceFilter(
        request.GET, queryset=service_queryset(), as_of=as_of, default_status=default_status
    )
    if not filterset.is_valid():
        raise BadInput("；".join(filterset.error_messages()))
    return filterset, as_of


def _listing(request, services) -> tuple:
    """Page the services when ?per_page= asks for it (else all on one page); raise BadInput."""
    per_page = parse_int(
        request.GET.get("per_page"), field="每页条数", minimum=1, maximum=MAX_PER_PAGE, default=0
    )
    if not per_page:
        if parse_page(request.GET.get("page")) != 1:
            raise BadInput("未分页时只有第1页；要分页请同时指定每页条数。")
        rows = list(services)
        return None, rows, len(rows)
    pages = paginate(request, services, per_page=per_page)
    return pages, list(pages.page.object_list), pages.page.paginator.count


@require_safe
def catalogue(request):
    """Show the catalogue: one row per item, filters with counts, downloads, the notice's rules."""
    try:
        filterset, as_of = _filtered(request, default_status=Status.CURRENT)
        criteria = filterset.criteria()
        pages, rows, total = _listing(request, filterset.qs)
    except BadInput as error:
        return _bad_request(request, [str(error)])
    facets = facet_counts(criteria)
    notice = catalogue_notice()
    signed_on = notice.signed_date if notice else None
    context = {
        "signed_on": signed_on,
        "not_yet_published": signed_on is not None and as_of < signed_on,
        "services": rows,
        "total": total,
        "pages": pages,
        "page": pages.page if pages else None,
        "download_query": _query(request, drop=("page", "per_page"), status=criteria.status),
        "criteria": criteria,
        "facets": facets,
        "form": filterset.form,
        "sort": filterset.ordering,
        "as_of": as_of,
        "rules": notice_rules(),
        "is_filtered": any(
            request.GET.get(k) for k in ("department", "matter_type", "fee_basis", "q", "status")
        ),
        **_document_context(notice),
    }
    return render(request, "intermediary/catalogue.html", context)


@require_safe
def service_page(request, no: int):
    """Show one item: its matters with sub-items, types, bases, fees, time limits, other items."""
    try:
        as_of = parse_as_of(request)
    except BadInput as error:
        return _bad_request(request, [str(error)])
    service = service_detail(no)
    if service is None:
        raise Http404(f"清单中没有第{no}项。")
    links = list(service.links.all())
    for link in links:
        link.other_links = [
            other for other in link.matter.all_links if other.service_id != service.pk
        ]
    context = {
        "service": service,
        "links": links,
        "abolished": service.is_abolished(as_of),
        "as_of": as_of,
        **_document_context(),
    }
    return render(request, "intermediary/service.html", context)


@require_safe
def matter_page(request, pk: int):
    """Show every item an applicant may need for one matter."""
    try:
        as_of = parse_as_of(request)
    except BadInput as error:
        return _bad_request(request, [str(error)])
    matter = matter_detail(pk)
    if matter is None:
        raise Http404("没有这个政务服务事项。")
    links = list(matter.links.all())
    current = [link for link in links if not link.service.is_abolished(as_of)]
    abolished = [link for link in links if link.service.is_abolished(as_of)]
    sub_items: dict[str, list] = {}
    for link in current:
        for sub in link.sub_item_list:
            sub_items.setdefault(sub, []).append(link.service)
    context = {
        "matter": matter,
        "current": current,
        "abolished_links": abolished,
        "sub_items": sub_items,
        "as_of": as_of,
        **_document_context(),
    }
    return render(request, "intermediary/matter.html", context)


@require_safe
def matter_list(request):
    """List every matter by type, with how many items serve it."""
    matters = list(matter_index())
    groups = [
        (label, [m for m in matters if m.matter_type == value])
        for value, label in MatterType.choices
    ]
    return render(
        request,
        "intermediary/matter_list.html",
        {"groups": groups, "total": len(matters), **_document_context()},
    )


@require_safe
def department_page(request, order: int):
    """Show one department's items."""
    try:
        as_of = parse_as_of(request)
    except BadInput as error:
        return _bad_request(request, [str(error)])
    department = department_detail(order)
    if department is None:
        raise Http404("没有这个部门。")
    services = list(department.services.all())
    context = {
        "department": department,
        "services": services,
        "current_count": sum(1 for s in services if not s.is_abolished(as_of)),
        "as_of": as_of,
        **_document_context(),
    }
    return render(request, "intermediary/department.html", context)


@require_safe
def open_data_json(request):
    """Serve /data/intermediary.json: every item (abolished ones flagged), the same filters."""
    try:
        filterset, as_of = _filtered(request, default_status=Status.ALL)
        page, pagination = paginate_data(request, filterset.qs, per_page=100)
    except BadInput as error:
        return json_error(str(error))
    return json_ok({"pagination": pagination, "results": open_data(page, as_of=as_of)})


@require_safe
def download(request, file_format: str):
    """Download the filtered catalogue as CSV or XLSX, one row per item–matter link."""
    try:
        filterset, as_of = _filtered(request, default_status=Status.CURRENT)
    except BadInput as error:
        return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")
    resource = ServiceLinkResource()
    dataset = resource.export(
        queryset=export_links(filterset.qs), force_native_type=file_format == "xlsx"
    )
    return table_response(
        headers=list(dataset.headers),
        rows=dataset,
        file_format=file_format,
        filename=f"intermediary-{as_of.isoformat()}",
        download_name=f"{DOWNLOAD_NAME}-{as_of.isoformat()}",
    )
