"""What the documents app offers to search: each document and each provision.

Every record carries the scope of its document (`documents.document:<pk>`), so an edit
re-indexes only the documents it touches: one document for a document, provision, issuer
link or relation; the documents of an issue, section or organisation for those.
Records are read in batches of documents, oldest first, so a rebuild keeps memory flat.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from documents.models import (
    Document,
    DocumentIssuer,
    DocumentRelation,
    Issue,
    Organisation,
    Provision,
    RelationKind,
    Section,
)
from documents.rules import repeal_date
from search.registry import SearchRecord, SearchSource


def _facets(document, status_dates: dict) -> dict:
    issue = document.issue
    return {
        "issue": f"{issue.year}-{issue.number:02d}" if issue else "",
        "issue_label": f"{issue.year}年第{issue.number}期" if issue else "",
        "year": document.doc_year or (issue.year if issue else None),
        "section": document.section.name if document.section_id else "",
        "issuers": [link.organisation.name for link in document.issuer_links.all()],
        "doc_kind": document.kind,
        **status_dates,
    }


def _status_dates(document) -> dict:
    repealed_on = repeal_date(
        repealer_start_dates=[r.source.in_force_from for r in document.repealed_by_relations]
    )
    return {
        "in_force_from": document.in_force_from.isoformat() if document.in_force_from else None,
        "effective_to": document.effective_to.isoformat() if document.effective_to else None,
        "repealed_on": repealed_on.isoformat() if repealed_on else None,
    }


BATCH = 500  # documents read (with their provisions) at a time


def _scope(document_id: int) -> str:
    return f"documents.document:{document_id}"


def _records(documents) -> Iterator[SearchRecord]:
    documents = (
        documents.filter(is_stub=False)
        .select_related("issue", "section")
        .prefetch_related(
            Prefetch(
                "issuer_links",
                queryset=DocumentIssuer.objects.select_related("organisation").order_by("position"),
            ),
            Prefetch(
                "incoming",
                queryset=DocumentRelation.objects.filter(kind=RelationKind.REPEALS).select_related(
                    "source"
                ),
                to_attr="repealed_by_relations",
            ),
            "provisions",
        )
        .order_by("signed_date", "pk")
    )
    for doc in documents.iterator(chunk_size=BATCH):
        facets = _facets(doc, _status_dates(doc))
        scope = _scope(doc.pk)
        url = doc.get_absolute_url()
        yield SearchRecord(
            key=f"documents.document:{doc.pk}",
            kind="document",
            title=doc.title,
            body=doc.body,
            url=url,
            doc_number=doc.doc_number,
            date=doc.signed_date,
            facets=facets,
            scope=scope,
        )
        for p in doc.provisions.all():
            heading = f"{p.label}{(' ' + p.heading) if p.heading else ''}"
            yield SearchRecord(
                key=f"documents.provision:{p.pk}",
                kind="provision",
                title=f"{doc.title} {heading}",
                body=p.text,
                url=f"{url}#{p.anchor}",
                doc_number=doc.doc_number,
                date=doc.signed_date,
                facets={**facets, "heading": heading},
                scope=scope,
            )


def document_records() -> Iterator[SearchRecord]:
    """Yield one record per full document and one per provision."""
    return _records(Document.objects.all())


def records_in(scopes: set[str]) -> Iterator[SearchRecord]:
    """Yield the current records of the given documents (scopes from `scopes_for`)."""
    ids = sorted(int(scope.rsplit(":", 1)[1]) for scope in scopes)
    for start in range(0, len(ids), BATCH):
        yield from _records(Document.objects.filter(pk__in=ids[start : start + BATCH]))


def scopes_for(instance) -> set[str]:
    """The documents whose records an edit of `instance` may change (ids, not values)."""
    if isinstance(instance, Document):
        ids = [instance.pk]
    elif isinstance(instance, Provision | DocumentIssuer):
        ids = [instance.document_id]
    elif isinstance(instance, DocumentRelation):
        ids = [instance.source_id, instance.target_id]
    elif isinstance(instance, Issue):
        ids = Document.objects.filter(issue_id=instance.pk).values_list("pk", flat=True)
    elif isinstance(instance, Section):
        ids = Document.objects.filter(section_id=instance.pk).values_list("pk", flat=True)
    elif isinstance(instance, Organisation):
        ids = DocumentIssuer.objects.filter(organisation_id=instance.pk).values_list(
            "document_id", flat=True
        )
    else:
        return set()
    return {_scope(pk) for pk in ids if pk is not None}


def sources() -> list[SearchSource]:
    """Offer the gazette's documents and provisions to the portal's search."""
    # Issue, section and organisation names appear in the records' facets.
    return [
        SearchSource(
            name="documents",
            label="公报文件与条款",
            models=(
                Document,
                Provision,
                DocumentIssuer,
                DocumentRelation,
                Issue,
                Section,
                Organisation,
            ),
            records=document_records,
            scopes_for=scopes_for,
            records_in=records_in,
        )
    ]
