"""Reads for the documents pages: each returns everything a page needs in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from documents.choices import DocumentKind, Status
from documents.models import (
    Document,
    DocumentIssuer,
    DocumentRelation,
    ExternalWork,
    Issue,
    Organisation,
    Provision,
    Reference,
    RelationKind,
    Responsibility,
)
from documents.rules import carries_status, document_status, repeal_date


@dataclass(frozen=True)
class StatusInfo:
    status: Status | None
    as_of: dt.date
    repealed_on: dt.date | None
    applies: bool = True
    # The repealing document prints no date of its own (自本通知下发之日): its signed date is assumed.
    repeal_assumed: bool = False

    @property
    def label(self) -> str:
        if not self.applies:
            return "不适用时效"
        return self.status.label if self.status else "时效未知"

    @property
    def css(self) -> str:
        return self.status.value if self.status else "unknown"


def repealers_prefetch() -> Prefetch:
    return Prefetch(
        "incoming",
        queryset=DocumentRelation.objects.filter(kind=RelationKind.REPEALS).select_related(
            "source"
        ),
        to_attr="repealed_by_relations",
    )


def status_of(document: Document, *, as_of: dt.date) -> StatusInfo:
    """Compute a document's status; needs `repealed_by_relations` prefetched."""
    relations = getattr(document, "repealed_by_relations", None)
    if relations is None:
        relations = list(
            document.incoming.filter(kind=RelationKind.REPEALS).select_related("source")
        )
    repealed_on = repeal_date(repealer_start_dates=[r.source.in_force_from for r in relations])
    status = document_status(
        in_force_from=document.in_force_from,
        effective_to=document.effective_to,
        repealed_on=repealed_on,
        as_of=as_of,
        kind=document.kind,
    )
    assumed = repealed_on is not None and all(
        r.source.effective_from is None for r in relations if r.source.in_force_from == repealed_on
    )
    return StatusInfo(status, as_of, repealed_on, carries_status(document.kind), assumed)


def annotate_status(qs: QuerySet[Document], *, as_of: dt.date) -> QuerySet[Document]:
    """Add `status_code` (a Status value, or "" when none) computed in SQL for a date.

    The same decision as `documents.rules.document_status`, so a list can be filtered
    and counted by status in the database; tests check both agree on every document.
    """
    repealer_start = (
        DocumentRelation.objects.filter(target=OuterRef("pk"), kind=RelationKind.REPEALS)
        .annotate(start=Coalesce("source__effective_from", "source__signed_date"))
        .filter(start__isnull=False)
        .order_by("start")
        .values("start")[:1]
    )
    qs = qs.annotate(
        in_force_start=Coalesce("effective_from", "signed_date"),
        repealed_on=Subquery(repealer_start, output_field=DateField()),
    )
    return qs.annotate(
        status_code=Case(
            When(kind=DocumentKind.LIST, then=Value("")),
            When(
                Q(repealed_on__lte=as_of)
                & (Q(effective_to__isnull=True) | Q(repealed_on__lte=F("effective_to"))),
                then=Value(Status.REPEALED.value),
            ),
            When(
                effective_to__lt=as_of,
                kind=DocumentKind.ACTION_PLAN,
                then=Value(Status.ENDED.value),
            ),
            When(effective_to__lt=as_of, then=Value(Status.EXPIRED.value)),
            When(in_force_start__isnull=True, then=Value("")),
            When(in_force_start__gt=as_of, then=Value(Status.NOT_YET.value)),
            When(effective_to__isnull=True, then=Value(Status.NO_TERM.value)),
            default=Value(Status.IN_FORCE.value),
            output_field=CharField(),
        )
    )


def _issuers() -> Prefetch:
    return Prefetch(
        "issuer_links",
        queryset=DocumentIssuer.objects.select_related("organisation").order_by("position"),
    )


def _count_of(model, field: str) -> Coalesce:
    """COUNT(*) of `model` rows whose `field` is the outer row, as a correlated subquery."""
    counted = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def issue_list() -> QuerySet[Issue]:
    """Every issue, newest first; page it, then load_issue_list()."""
    return Issue.objects.order_by("-year", "-number")


def load_issue_list(ids: list[int]) -> QuerySet[Issue]:
    """One page of issue_list() with each issue's document count."""
    return Issue.objects.filter(pk__in=ids).annotate(document_count=_count_of(Document, "issue"))


def latest_issue() -> Issue | None:
    return Issue.objects.order_by("-year", "-number").first()


def latest_documents(*, limit: int) -> list[Document]:
    """The most recently signed documents printed here."""
    return list(
        Document.objects.filter(is_stub=False)
        .exclude(signed_date__isnull=True)
        .order_by("-signed_date", "doc_number")[:limit]
    )


def issue_contents(issue: Issue, *, as_of: dt.date) -> list[tuple]:
    """Return [(section, [documents with status])] in printed order."""
    documents = with_sql_status(
        annotate_status(Document.objects.filter(issue=issue), as_of=as_of)
        .select_related("section")
        .order_by("position"),
        as_of=as_of,
    )
    grouped: dict[int, list[Document]] = defaultdict(list)
    for doc in documents:
        grouped[doc.section_id].append(doc)
    return [(s, grouped.get(s.id, [])) for s in issue.sections.order_by("position")]


def document_detail(slug: str) -> Document:
    """Return a document with everything its page shows."""
    document = document_summary(slug)
    load_document_body(document)
    return document


def document_summary(slug: str) -> Document:
    """Return a document with what its status and header need (issue, issuers, repeals)."""
    return (
        Document.objects.select_related("issue", "section")
        .prefetch_related(_issuers(), repealers_prefetch())
        .get(slug=slug)
    )


def load_document_body(document: Document) -> Document:
    """Load the rest of what a document's page shows: provisions, references, relations, ..."""
    prefetch_related_objects(
        [document],
        Prefetch(
            "provisions",
            queryset=Provision.objects.order_by("position").prefetch_related(
                Prefetch("references", queryset=_outgoing_references()),
                Prefetch("citations", queryset=_citing_references()),
            ),
        ),
        Prefetch(
            "references",
            queryset=_outgoing_references().filter(provision__isnull=True),
            to_attr="preamble_references",
        ),
        Prefetch("citations", queryset=_citing_references(), to_attr="document_citations"),
        "attachments",
        Prefetch(
            "outgoing",
            queryset=DocumentRelation.objects.select_related("target").order_by("kind", "id"),
        ),
        Prefetch(
            "incoming",
            queryset=DocumentRelation.objects.select_related("source").order_by("kind", "id"),
            to_attr="all_incoming",
        ),
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("organisation", "provision").order_by(
                "provision__position", "position"
            ),
        ),
        "appointments",
    )
    return document


def _outgoing_references() -> QuerySet[Reference]:
    return Reference.objects.select_related(
        "target_document", "target_provision__document", "target_external"
    ).order_by("start")


def _citing_references() -> QuerySet[Reference]:
    return Reference.objects.select_related("document", "provision").order_by(
        "document__doc_number", "provision__position", "start"
    )


def external_work(slug: str) -> ExternalWork:
    """Return a placeholder with the references that cite it."""
    return ExternalWork.objects.prefetch_related(
        Prefetch("citations", queryset=_citing_references())
    ).get(slug=slug)


def citing_entries(references) -> list[Reference]:
    """One entry per citing document and provision (a title and its 文号 are one citation)."""
    seen: set = set()
    entries = []
    for ref in references:
        place = (ref.document_id, ref.provision_id, ref.sentence)
        if place not in seen:
            seen.add(place)
            entries.append(ref)
    return entries


# A list shows neither the text nor the notes: a synthetic or long document's body is tens of KB.
LIST_DEFERRED = ("body", "preamble", "addressees", "source_note")


def documents_for_data() -> QuerySet[Document]:
    """Every full document in open-data order; page it, then load_documents_for_data()."""
    return Document.objects.filter(is_stub=False).order_by(
        "issue__year", "issue__number", "position", "doc_number"
    )


def load_documents_for_data(ids: list[int], *, as_of: dt.date) -> QuerySet[Document]:
    """One page of documents_for_data() with status (SQL), issuers, relations and counts."""
    return (
        annotate_status(Document.objects.filter(pk__in=ids).order_by(), as_of=as_of)
        .defer(*LIST_DEFERRED)
        .select_related("section", "issue")
        .annotate(provision_count=_count_of(Provision, "document"))
        .prefetch_related(
            _issuers(),
            Prefetch(
                "outgoing",
                queryset=DocumentRelation.objects.select_related("target")
                .defer(*(f"target__{name}" for name in LIST_DEFERRED))
                .order_by("id"),
            ),
            "appointments",
        )
    )


def document_list(*, as_of: dt.date) -> QuerySet[Document]:
    """Return every full document with its SQL-computed status, in printed order."""
    return annotate_status(
        Document.objects.filter(is_stub=False)
        .select_related("issue", "section")
        .prefetch_related(_issuers())
        .order_by("-issue__year", "-issue__number", "position"),
        as_of=as_of,
    )


def stub_list(*, as_of: dt.date) -> QuerySet[Document]:
    """Return the documents cited but not yet printed here, with status."""
    return annotate_status(
        Document.objects.filter(is_stub=True).order_by("doc_number"), as_of=as_of
    )


def status_from_annotation(document: Document, *, as_of: dt.date) -> StatusInfo:
    """Turn `annotate_status`'s code into the StatusInfo the templates show."""
    code = document.status_code
    return StatusInfo(
        Status(code) if code else None, as_of, document.repealed_on, carries_status(document.kind)
    )


def with_sql_status(documents, *, as_of: dt.date) -> list[Document]:
    """Attach `status_info` from annotate_status() to each document (of a page)."""
    documents = list(documents)
    for doc in documents:
        doc.status_info = status_from_annotation(doc, as_of=as_of)
    return documents


def load_document_list(ids: list[int], *, as_of: dt.date) -> QuerySet[Document]:
    """One page of document_list() with status in SQL, without the long text fields."""
    return (
        annotate_status(Document.objects.filter(pk__in=ids).order_by(), as_of=as_of)
        .defer(*LIST_DEFERRED)
        .select_related("issue", "section")
        .prefetch_related(_issuers())
    )


def issues_for_data() -> QuerySet[Issue]:
    return Issue.objects.prefetch_related(
        Prefetch(
            "documents",
            queryset=Document.objects.select_related("section").order_by("position"),
        )
    ).order_by("year", "number")


def organisation_list() -> QuerySet[Organisation]:
    """Every organisation by name; page it, then load_organisation_list()."""
    return Organisation.objects.order_by("name")


def load_organisation_list(ids: list[int]) -> QuerySet[Organisation]:
    """One page of organisation_list() with how many documents each issued and its tasks."""
    return Organisation.objects.filter(pk__in=ids).annotate(
        issued=_count_of(DocumentIssuer, "organisation"),
        tasks=_count_of(Responsibility, "organisation"),
    )


def organisation_detail(slug: str, *, as_of: dt.date) -> tuple[Organisation, list, list]:
    """Return an organisation, the documents it issued and its duties across documents."""
    organisation = Organisation.objects.prefetch_related("aliases").get(slug=slug)
    issued = with_sql_status(
        annotate_status(
            Document.objects.filter(issuer_links__organisation=organisation), as_of=as_of
        )
        .defer(*LIST_DEFERRED)
        .select_related("issue")
        .order_by("-signed_date"),
        as_of=as_of,
    )
    duties = list(
        Responsibility.objects.filter(organisation=organisation)
        .select_related("document", "provision")
        .order_by("document__signed_date", "document__doc_number", "provision__position")
    )
    return organisation, issued, duties


def provisions_for_data(*, doc_number: str | None) -> QuerySet[Provision]:
    """Provisions of full documents (one document's when a number is given), in printed order."""
    provisions = Provision.objects.filter(document__is_stub=False)
    if doc_number is not None:
        provisions = provisions.filter(document__doc_number=doc_number)
    return provisions.select_related("document", "parent").order_by(
        "document__issue__year", "document__issue__number", "document__position", "position"
    )
