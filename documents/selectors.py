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
)
from django.db.models.functions import Coalesce

from documents.models import (
    Document,
    DocumentIssuer,
    DocumentRelation,
    Issue,
    Organisation,
    Provision,
    RelationKind,
    Responsibility,
    Status,
)
from documents.rules import document_status, repeal_date


@dataclass(frozen=True)
class StatusInfo:
    status: Status | None
    as_of: dt.date
    repealed_on: dt.date | None

    @property
    def label(self) -> str:
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
    )
    return StatusInfo(status, as_of, repealed_on)


def annotate_status(documents: QuerySet[Document], *, as_of: dt.date) -> QuerySet[Document]:
    """Add `status_code` and `repealed_on` computed in SQL, as documents.rules.document_status.

    repealed_on: the earliest start (施行日期, else 成文日期) of a repealing document.
    The CASE follows rules.document_status branch by branch; tests compare the two.
    """
    repealers = (
        DocumentRelation.objects.filter(target=OuterRef("pk"), kind=RelationKind.REPEALS)
        .annotate(start=Coalesce("source__effective_from", "source__signed_date"))
        .filter(start__isnull=False)
        .order_by("start")
        .values("start")[:1]
    )
    documents = documents.annotate(
        repealed_on=Subquery(repealers, output_field=DateField()),
        starts_on=Coalesce("effective_from", "signed_date"),
    )
    return documents.annotate(
        status_code=Case(
            When(
                Q(repealed_on__lte=as_of)
                & (Q(effective_to__isnull=True) | Q(repealed_on__lte=F("effective_to"))),
                then=Value(Status.REPEALED.value),
            ),
            When(effective_to__lt=as_of, then=Value(Status.EXPIRED.value)),
            When(starts_on__isnull=True, then=Value(None)),
            When(starts_on__gt=as_of, then=Value(Status.NOT_YET.value)),
            default=Value(Status.IN_FORCE.value),
            output_field=CharField(),
        )
    )


def status_from_annotation(document: Document, *, as_of: dt.date) -> StatusInfo:
    """The StatusInfo of a document read through annotate_status()."""
    code = document.status_code
    return StatusInfo(Status(code) if code else None, as_of, document.repealed_on)


def with_sql_status(documents, *, as_of: dt.date) -> list[Document]:
    """Attach `status_info` from annotate_status() to each document of a page."""
    documents = list(documents)
    for doc in documents:
        doc.status_info = status_from_annotation(doc, as_of=as_of)
    return documents


def _issuers() -> Prefetch:
    return Prefetch(
        "issuer_links",
        queryset=DocumentIssuer.objects.select_related("organisation").order_by("position"),
    )


def _count_of(model, field: str) -> Subquery:
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
    return (
        Document.objects.select_related("issue", "section")
        .prefetch_related(
            _issuers(),
            repealers_prefetch(),
            Prefetch("provisions", queryset=Provision.objects.order_by("position")),
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
                queryset=Responsibility.objects.select_related(
                    "organisation", "provision"
                ).order_by("provision__position", "position"),
            ),
            "appointments",
        )
        .get(slug=slug)
    )


def documents_for_data() -> QuerySet[Document]:
    """Every full document in open-data order; page it, then load_documents_for_data()."""
    return Document.objects.filter(is_stub=False).order_by(
        "issue__year", "issue__number", "position", "doc_number"
    )


# A list shows neither the text nor the notes: a synthetic or long document's body is tens of KB.
LIST_DEFERRED = ("body", "preamble", "addressees", "source_note")


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
        )
    )


def document_list() -> QuerySet[Document]:
    """Full documents (newest issue first), then stubs; page it, then load_document_list()."""
    return Document.objects.order_by(
        "is_stub", "-issue__year", "-issue__number", "position", "doc_number"
    )


def load_document_list(ids: list[int], *, as_of: dt.date) -> QuerySet[Document]:
    """One page of document_list() with status computed in SQL."""
    return (
        annotate_status(Document.objects.filter(pk__in=ids).order_by(), as_of=as_of)
        .defer(*LIST_DEFERRED)
        .select_related("issue", "section")
    )


def issues_for_data() -> QuerySet[Issue]:
    """Every issue with its contents, oldest first; page it."""
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
