"""Public pages and open data of the gazette."""

from __future__ import annotations

import datetime as dt
from functools import partial
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from documents import akn, pdf, references, rules, selectors
from documents.filters import DocumentFilter
from documents.models import (
    Document,
    ExternalWork,
    Issue,
    Organisation,
    ProvisionKind,
    RelationKind,
)
from documents.text import split_carried_measure
from gazette_site.contract import attachment_pages, declared
from gazette_site.formatting import cn_date
from gazette_site.http import BadInput, json_error, json_ok, parse_as_of, today
from gazette_site.pagination import paginate, paginate_data
from gazette_site.readings import open_data as readings_open_data
from gazette_site.readings import printed_items
from gazette_site.tools import calculators, datasets, tools_for
from gazette_text import parse_doc_number


def _as_of(request) -> tuple:
    """Read ?as_of for an HTML page: a bad value shows today with the message (and HTTP 400)."""
    try:
        return parse_as_of(request), ""
    except BadInput as exc:
        return today(), f"{exc} 以下按今天（{today().isoformat()}）计算。"


def _status(as_of_error: str) -> int:
    return 400 if as_of_error else 200


@require_safe
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


@require_safe
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


@require_safe
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


@require_safe
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


def document_context(document: Document, *, as_of: dt.date, page_url: str) -> dict:
    """Everything the document page and its PDF show, in reading order (body loaded)."""
    return {
        **_summary_context(document, as_of=as_of),
        **_body_context(document, page_url=page_url),
    }


def _summary_context(document: Document, *, as_of: dt.date) -> dict:
    """What depends on the date asked for, or is read by document_summary() anyway."""
    issuers = [link.organisation for link in document.issuer_links.all()]
    return {
        "document": document,
        "status": selectors.status_of(document, as_of=as_of),
        "as_of": as_of,
        "issuers": issuers,
        "signature": [o.full_name or o.name for o in issuers],
    }


# The keys of _body_context(): the page's text, relations and notes, the same on every date.
BODY_KEYS = (
    "notice_lines",
    "measure_title",
    "measure_lines",
    "provisions",
    "toc",
    "has_chapters",
    "attachments",
    "repeals",
    "based_on",
    "cites",
    "repealed_by",
    "cited_by",
    "tasks",
    "division",
    "appointments",
    "notes",
    "tools",
    "cited_by_references",
    "cited_works",
    "official_source",
)


def _body_context(document: Document, *, page_url: str) -> dict:
    provisions = list(document.provisions.all())
    _annotate_provisions(page_url, document, provisions)
    citations = list(document.document_citations)
    citations += [ref for p in provisions for ref in p.cited_by]
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
    notice_lines, measure_title, measure_lines = _preamble(document)
    attachments = list(document.attachments.all())
    for a in attachments:
        a.printed_rows = sum(len(b.get("rows", [])) for b in a.blocks if b.get("type") == "table")
    _show_structured(document, attachments)
    return {
        "notice_lines": notice_lines,
        "measure_title": measure_title,
        "measure_lines": measure_lines,
        "provisions": provisions,
        "toc": [p for p in provisions if p.kind in _toc_kinds(provisions)],
        "has_chapters": any(p.kind == ProvisionKind.CHAPTER for p in provisions),
        "attachments": attachments,
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
        "cited_by_references": selectors.citing_entries(citations),
        "cited_works": _cited_works(document, provisions),
        "official_source": document.is_stub
        and rules.official_source(title=document.title, doc_number_code=document.issuer_code),
    }


def _lazy_body_context(document: Document, *, page_url: str) -> dict:
    """_body_context() loaded on first use: not at all when the page's cached parts are found."""
    loaded: dict = {}

    def value(key: str):
        if not loaded:
            selectors.load_document_body(document)
            loaded.update(_body_context(document, page_url=page_url))
        return loaded[key]

    return {key: SimpleLazyObject(partial(value, key)) for key in BODY_KEYS}


def _preamble(document: Document) -> tuple[list, str, list]:
    """The notice's lines, the carried measure's title and its lines, references linked."""
    lines = document.preamble.split("\n")
    linked = references.linked_lines(document.preamble, document.preamble_references)
    printed = [(line, html) for line, html in zip(lines, linked, strict=True) if line.strip()]
    notice, title, _ = split_carried_measure([line for line, _ in printed])
    html = [h for _, h in printed]
    if not title:
        return html, "", []
    return html[: len(notice)], title, html[len(notice) + 1 :]


def _show_structured(document: Document, attachments: list) -> None:
    """Give each attachment an app shows as data of its own that app's template and rows."""
    pages = attachment_pages()
    for a in attachments:
        page = pages.get((document.doc_number, a.anchor))
        a.structured = None
        if page is not None and page.template:
            a.structured = {"template": page.template, "rows": declared(page.rows)()}


@require_safe
def document_detail(request, slug: str):
    as_of, as_of_error = _as_of(request)
    try:
        document = selectors.document_summary(slug)
    except Document.DoesNotExist:
        raise Http404("没有这个文件")
    page_url = request.build_absolute_uri(document.get_absolute_url())
    # The text, relations and notes are cached as two parts of the page under the data
    # version, apart from the status of the date asked for: another ?as_of or query string
    # reads three rows instead of rendering every provision again.
    context = {
        **_summary_context(document, as_of=as_of),
        **_lazy_body_context(document, page_url=page_url),
    }
    context.update(
        page_url=page_url,
        as_of_error=as_of_error,
        og_title=document.title,
        description=f"{document.title}（{document.doc_number}）全文"
        + (f"，{cn_date(document.signed_date)}印发" if document.signed_date else "")
        + "。",
    )
    return render(request, "documents/document_detail.html", context, status=_status(as_of_error))


@require_safe
def document_pdf(request, slug: str):
    try:
        document = selectors.document_detail(slug)
    except Document.DoesNotExist:
        raise Http404("没有这个文件")
    if document.is_stub:
        raise Http404("本站尚未收录该文件的全文，无法生成PDF。")
    page_url = request.build_absolute_uri(document.get_absolute_url())

    def build() -> bytes:
        context = document_context(document, as_of=today(), page_url=page_url)
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


@require_safe
def issue_pdf(request, year: int, number: int):
    issue = get_object_or_404(Issue, year=year, number=number)
    page_url = request.build_absolute_uri(issue.get_absolute_url())
    slugs = list(issue.documents.order_by("position").values_list("slug", "pk"))

    def build() -> bytes:
        as_of = today()
        documents = [
            document_context(
                selectors.document_detail(slug),
                as_of=as_of,
                page_url=request.build_absolute_uri(reverse("documents:detail", args=[slug])),
            )
            for slug, _ in slugs
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


def _annotate_provisions(page_url: str, document, provisions) -> None:
    """Give each provision its linked lines, citation, permalink and what cites it."""
    by_id = {p.pk: p for p in provisions}
    for p in provisions:
        chain = [p]
        while chain[0].parent_id in by_id:
            chain.insert(0, by_id[chain[0].parent_id])
        p.lines = references.linked_lines(p.text, p.references.all())
        p.citation = references.citation(document, p, chain)
        p.permalink = f"{page_url}#{p.anchor}"
        p.cited_by = selectors.citing_entries(p.citations.all())


def _cited_works(document, provisions) -> list:
    """Every document or placeholder the text refers to, once, in order of first mention."""
    refs = [*document.preamble_references, *(r for p in provisions for r in p.references.all())]
    works: dict = {}
    for ref in refs:
        target = ref.target_external or ref.target_document
        if target is None and ref.target_provision_id:
            target = ref.target_provision.document
        if target is not None and target != document:
            works.setdefault((type(target).__name__, target.pk), target)
    return list(works.values())


@require_safe
def document_akn(request, slug: str):
    """The document as Akoma Ntoso 3.0 XML, its status computed for ?as_of (default today)."""
    as_of, _ = _as_of(request)
    try:
        document = selectors.document_detail(slug)
    except Document.DoesNotExist:
        raise Http404("没有这个文件")
    if document.is_stub:
        raise Http404("本站尚未收录该文件的全文")
    status = selectors.status_of(document, as_of=as_of)
    body = akn.document_xml(
        document, as_of=as_of, repealed_by=document.repealed_by_relations, status=status
    )
    response = HttpResponse(body, content_type="application/akn+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}.akn.xml"'
    return response


@require_safe
def external_work(request, slug: str):
    """A placeholder for a work outside the gazette: where its text is, and who cites it."""
    try:
        work = selectors.external_work(slug)
    except ExternalWork.DoesNotExist:
        raise Http404("没有这个被引用文件")
    return render(
        request,
        "documents/external_work.html",
        {"work": work, "cited_by_references": selectors.citing_entries(work.citations.all())},
    )


def _toc_kinds(provisions) -> tuple[str, ...]:
    """Articles make the side contents of a measure; numbered parts that of a plan."""
    if any(p.kind == ProvisionKind.ARTICLE for p in provisions):
        return (ProvisionKind.CHAPTER, ProvisionKind.ARTICLE)
    return (ProvisionKind.SECTION, ProvisionKind.SUBSECTION)


@require_safe
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


@require_safe
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


@require_safe
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
            "issuers": printed_items(
                d, "issuers", [link.organisation.name for link in d.issuer_links.all()]
            ),
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
            "appointments": [
                {
                    "action": a.get_action_display(),
                    "person": a.person,
                    "position_title": a.position_title,
                    "term_note": a.term_note,
                    "note": a.source_note,
                }
                for a in d.appointments.all()
            ],
            "readings": readings_open_data(d),
        }
        for d in documents
    ]
    return json_ok({"pagination": pagination, "results": payload})


@require_safe
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


@require_safe
def provisions_json(request):
    """Every provision of the full documents, or of one (?document=文号), in printed order."""
    raw = request.GET.get("document")
    number = None
    if raw is not None:
        number = parse_doc_number(raw)
        if number is None:
            return json_error(f"文号（document）“{raw}”无法识别，应形如 威政发〔2020〕7号。")
    provisions = selectors.provisions_for_data(doc_number=number.canonical if number else None)
    base = request.build_absolute_uri("/")[:-1]
    return json_ok(
        [
            {
                "doc_number": p.document.doc_number,
                "anchor": p.anchor,
                "kind": p.kind,
                "label": p.label,
                "heading": p.heading,
                "text": p.text,
                "parent": p.parent.anchor if p.parent_id else None,
                "position": p.position,
                "url": f"{base}{p.document.get_absolute_url()}#{p.anchor}",
            }
            for p in provisions
        ]
    )
