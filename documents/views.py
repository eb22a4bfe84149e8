"""Public pages and open data of the gazette."""

from __future__ import annotations

import datetime as dt
from functools import partial
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from documents import pdf, selectors
from documents.filters import DocumentFilter
from documents.models import Document, Issue, Organisation, ProvisionKind, RelationKind
from documents.text import split_carried_measure
from gazette_site.formatting import cn_date
from gazette_site.http import BadInput, json_error, json_ok, parse_as_of, today
from gazette_site.pagination import paginate, paginate_data
from gazette_site.tools import calculators, datasets, tools_for


def _as_of(request) -> tuple:
    """Read ?as_of for an HTML page: a bad value shows today with the message (and HTTP 400)."""
    try:
        return parse_as_of(request), ""
    except BadInput as exc:
        return today(), f"{exc} 以下按今天（{today().isoformat()}）计算。"


def _status(as_of_error: str) -> int:
    return 400 if as_of_error else 200


def home(request):
    as_of, as_of_error = _as_of(request)
    issue = selectors.latest_issue()
    contents = selectors.issue_contents(issue, as_of=as_of) if issue else []
    return render(
        request,
        "documents/home.html",
        {
            "issue": issue,
            "contents": contents,
            "as_of": as_of,
            "as_of_error": as_of_error,
            "calculators": calculators(),
            "datasets": datasets(),
            "latest": selectors.latest_documents(limit=5),
        },
        status=_status(as_of_error),
    )


def bad_request(request, exc: BadInput):
    """The Chinese 400 page, naming what was wrong."""
    return render(request, "400.html", {"message": str(exc)}, status=400)


def issue_list(request):
    try:
        pages = paginate(
            request, selectors.issue_list(), per_page=120, load=selectors.load_issue_list
        )
    except BadInput as exc:
        return bad_request(request, exc)
    years: dict[int, list[Issue]] = {}
    for issue in pages.page:
        years.setdefault(issue.year, []).append(issue)
    return render(request, "documents/issue_list.html", {"years": years, "pages": pages})


def issue_detail(request, year: int, number: int):
    as_of, as_of_error = _as_of(request)
    issue = get_object_or_404(Issue, year=year, number=number)
    contents = selectors.issue_contents(issue, as_of=as_of)
    return render(
        request,
        "documents/issue_detail.html",
        {"issue": issue, "contents": contents, "as_of": as_of, "as_of_error": as_of_error},
        status=_status(as_of_error),
    )


def document_list(request):
    as_of, as_of_error = _as_of(request)
    filterset = DocumentFilter(request.GET or None, queryset=selectors.document_list(as_of=as_of))
    valid = filterset.is_valid() if filterset.is_bound else True
    pages = None
    documents = []
    if valid:
        try:
            pages = paginate(
                request,
                filterset.qs,
                load=partial(selectors.load_document_list, as_of=as_of),
            )
        except BadInput as exc:
            return bad_request(request, exc)
        documents = selectors.with_sql_status(pages.page, as_of=as_of)
    stubs = list(selectors.stub_list(as_of=as_of))
    for d in stubs:
        d.status_info = selectors.status_from_annotation(d, as_of=as_of)
    return render(
        request,
        "documents/document_list.html",
        {
            "filter": filterset,
            "filter_errors": [] if valid else filterset.errors_text(),
            "filtered": filterset.is_bound
            and any(v for k, v in request.GET.items() if k not in ("as_of", "sort")),
            "documents": documents,
            "pages": pages,
            "stubs": stubs,
            "as_of": as_of,
            "as_of_error": as_of_error,
        },
        status=200 if valid and not as_of_error else 400,
    )


def document_context(document: Document, *, as_of: dt.date) -> dict:
    """Everything the document page and its PDF show, in reading order."""
    status = selectors.status_of(document, as_of=as_of)
    provisions = list(document.provisions.all())
    outgoing = list(document.outgoing.all())
    incoming = document.all_incoming
    responsibilities = list(document.responsibilities.all())
    tasks: dict = {}
    division = []
    for r in responsibilities:
        if r.provision_id:
            tasks.setdefault(r.provision, []).append(r)
        else:
            division.append(r)
    notice_lines, measure_title, measure_lines = split_carried_measure(
        [line for line in document.preamble.splitlines() if line.strip()]
    )
    attachments = list(document.attachments.all())
    for a in attachments:
        a.printed_rows = sum(len(b.get("rows", [])) for b in a.blocks if b.get("type") == "table")
    issuers = [link.organisation for link in document.issuer_links.all()]
    return {
        "document": document,
        "status": status,
        "as_of": as_of,
        "issuers": issuers,
        "signature": [o.full_name or o.name for o in issuers],
        "notice_lines": notice_lines,
        "measure_title": measure_title,
        "measure_lines": measure_lines,
        "provisions": provisions,
        "toc": [p for p in provisions if p.kind in _toc_kinds(provisions)],
        "has_chapters": any(p.kind == ProvisionKind.CHAPTER for p in provisions),
        "attachments": attachments,
        "catalogue": _structured_catalogue(document, attachments),
        "repeals": [r for r in outgoing if r.kind == RelationKind.REPEALS],
        "based_on": [r for r in outgoing if r.kind == RelationKind.BASED_ON],
        "cites": [r for r in outgoing if r.kind == RelationKind.CITES],
        "repealed_by": [r for r in incoming if r.kind == RelationKind.REPEALS],
        "cited_by": [r for r in incoming if r.kind != RelationKind.REPEALS],
        "tasks": list(tasks.items()),
        "division": division,
        "appointments": list(document.appointments.all()),
        "notes": [n for n in document.source_note.splitlines() if n.strip()],
        "tools": tools_for(document.doc_number),
    }


def _structured_catalogue(document: Document, attachments: list) -> list | None:
    """The intermediary list's items as the catalogue app holds them, for 49号's attachment."""
    if not any(a.link == "/intermediary/" for a in attachments):
        return None
    from intermediary.selectors import service_queryset

    return list(service_queryset().order_by("no"))


def document_detail(request, slug: str):
    as_of, as_of_error = _as_of(request)
    try:
        document = selectors.document_detail(slug)
    except Document.DoesNotExist:
        raise Http404("没有这个文件")
    context = document_context(document, as_of=as_of)
    context.update(
        as_of_error=as_of_error,
        og_title=document.title,
        description=f"{document.title}（{document.doc_number}）全文"
        + (f"，{cn_date(document.signed_date)}印发" if document.signed_date else "")
        + "。",
    )
    return render(request, "documents/document_detail.html", context, status=_status(as_of_error))


def document_pdf(request, slug: str):
    try:
        document = selectors.document_detail(slug)
    except Document.DoesNotExist:
        raise Http404("没有这个文件")
    if document.is_stub:
        raise Http404("本站尚未收录该文件的全文，无法生成PDF。")
    page_url = request.build_absolute_uri(document.get_absolute_url())

    def build() -> bytes:
        context = document_context(document, as_of=today())
        context.update(page_url=page_url, generated_on=today())
        return pdf.render_pdf(
            template="documents/document_pdf.html", context=context, base_url=page_url
        )

    content = pdf.cached_pdf(
        key=f"doc:{document.pk}:{page_url}",
        version=pdf.data_version([document.pk]),
        build=build,
    )
    return _pdf_response(content, f"{document.doc_number}.pdf")


def issue_pdf(request, year: int, number: int):
    issue = get_object_or_404(Issue, year=year, number=number)
    page_url = request.build_absolute_uri(issue.get_absolute_url())
    slugs = list(issue.documents.order_by("position").values_list("slug", "pk"))

    def build() -> bytes:
        as_of = today()
        documents = [
            document_context(selectors.document_detail(slug), as_of=as_of) for slug, _ in slugs
        ]
        context = {
            "issue": issue,
            "contents": selectors.issue_contents(issue, as_of=as_of),
            "documents": documents,
            "page_url": page_url,
            "generated_on": as_of,
        }
        return pdf.render_pdf(
            template="documents/issue_pdf.html", context=context, base_url=page_url
        )

    content = pdf.cached_pdf(
        key=f"issue:{issue.pk}:{page_url}",
        version=pdf.data_version([pk for _, pk in slugs]),
        build=build,
    )
    return _pdf_response(content, f"威海市人民政府公报{issue.year}年第{issue.number}期.pdf")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"inline; filename=\"document.pdf\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _toc_kinds(provisions) -> tuple[str, ...]:
    """Articles make the side contents of a measure; numbered parts that of a plan."""
    if any(p.kind == ProvisionKind.ARTICLE for p in provisions):
        return (ProvisionKind.CHAPTER, ProvisionKind.ARTICLE)
    return (ProvisionKind.SECTION, ProvisionKind.SUBSECTION)


def organisation_list(request):
    try:
        pages = paginate(
            request,
            selectors.organisation_list(),
            per_page=100,
            load=selectors.load_organisation_list,
        )
    except BadInput as exc:
        return bad_request(request, exc)
    return render(
        request,
        "documents/organisation_list.html",
        {"organisations": pages.page, "pages": pages},
    )


def organisation_detail(request, slug: str):
    as_of, as_of_error = _as_of(request)
    try:
        organisation, issued, duties = selectors.organisation_detail(slug, as_of=as_of)
    except Organisation.DoesNotExist:
        raise Http404("没有这个单位")
    leads = [d for d in duties if d.is_lead]
    joins = [d for d in duties if not d.is_lead]
    return render(
        request,
        "documents/organisation_detail.html",
        {
            "organisation": organisation,
            "issued": issued,
            "leads": leads,
            "joins": joins,
            "as_of": as_of,
            "as_of_error": as_of_error,
        },
        status=_status(as_of_error),
    )


def _iso(value):
    return value.isoformat() if value else None


def documents_json(request):
    try:
        as_of = parse_as_of(request)
        page, pagination = paginate_data(
            request,
            selectors.documents_for_data(),
            load=partial(selectors.load_documents_for_data, as_of=as_of),
        )
    except BadInput as exc:
        return json_error(str(exc))
    documents = selectors.with_sql_status(page, as_of=as_of)
    base = request.build_absolute_uri("/")[:-1]
    payload = [
        {
            "doc_number": d.doc_number,
            "title": d.title,
            "section": d.section.name if d.section_id else None,
            "issue": f"{d.issue.year}-{d.issue.number:02d}" if d.issue_id else None,
            "kind": d.kind,
            "issuers": [link.organisation.name for link in d.issuer_links.all()],
            "signed_date": _iso(d.signed_date),
            "effective_from": _iso(d.effective_from),
            "effective_to": _iso(d.effective_to),
            "registration_no": d.registration_no or None,
            "status": d.status_info.label if d.status_info.status else None,
            "status_code": d.status_info.status.value if d.status_info.status else None,
            "as_of": as_of.isoformat(),
            "url": base + d.get_absolute_url(),
            "repeals": [r.target.doc_number for r in d.outgoing.all() if r.kind == "repeals"],
            "based_on": [r.target.doc_number for r in d.outgoing.all() if r.kind == "based_on"],
            "cites": [r.target.doc_number for r in d.outgoing.all() if r.kind == "cites"],
            "provision_count": d.provision_count,
        }
        for d in documents
    ]
    return json_ok({"pagination": pagination, "results": payload})


def issues_json(request):
    try:
        page, pagination = paginate_data(request, selectors.issues_for_data(), per_page=12)
    except BadInput as exc:
        return json_error(str(exc))
    payload = [
        {
            "year": issue.year,
            "number": issue.number,
            "cumulative_number": issue.cumulative_number,
            "sponsor": issue.sponsor,
            "url": request.build_absolute_uri(issue.get_absolute_url()),
            "toc": [
                {
                    "doc_number": d.doc_number,
                    "title": d.title,
                    "section": d.section.name if d.section_id else None,
                    "page": d.page,
                }
                for d in issue.documents.all()
            ],
        }
        for issue in page
    ]
    return json_ok({"pagination": pagination, "results": payload})
