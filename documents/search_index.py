"""What the documents app offers to search: each document and each provision."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from search.registry import SearchRecord, SearchSource, register


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
    from documents.rules import repeal_date

    repealed_on = repeal_date(
        repealer_start_dates=[r.source.in_force_from for r in document.repealed_by_relations]
    )
    return {
        "in_force_from": document.in_force_from.isoformat() if document.in_force_from else None,
        "effective_to": document.effective_to.isoformat() if document.effective_to else None,
        "repealed_on": repealed_on.isoformat() if repealed_on else None,
    }


def document_records() -> Iterator[SearchRecord]:
    """Yield one record per full document and one per provision."""
    from documents.models import Document, DocumentIssuer, DocumentRelation, RelationKind

    documents = (
        Document.objects.filter(is_stub=False)
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
    )
    for doc in documents:
        facets = _facets(doc, _status_dates(doc))
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
            )


def register_sources() -> None:
    """Offer the gazette's documents and provisions to the portal's search."""
    from documents.models import (
        Document,
        DocumentIssuer,
        DocumentRelation,
        Issue,
        Organisation,
        Provision,
        Section,
    )

    # Issue, section and organisation names appear in the records' facets.
    register(
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
        )
    )
