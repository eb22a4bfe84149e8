"""Turn a parsed issue into fixture records a clerk can review and `load_gazette` loads.

Records use natural keys (文号, 锚点, 单位名称) instead of ids, so loading the same
issue twice updates in place, and a stub document cited today becomes the full
document when its own issue is loaded later.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.urls import reverse
from django.utils.text import slugify

from documents.parsing import (
    ORGANISATION_ALIASES,
    ORGANISATION_FULL_NAMES,
    DocumentDraft,
    IssueDraft,
    parse_issue,
)
from documents.readings import issue_readings
from gazette_site.contract import attachment_pages
from gazette_text import parse_doc_number


def _date(value):
    return value.isoformat() if value else None


def _org_record(name: str) -> dict:
    return {
        "model": "documents.organisation",
        "fields": {
            "name": name,
            "full_name": ORGANISATION_FULL_NAMES.get(name, ""),
            "slug": slugify(name, allow_unicode=True) or name,
        },
    }


def issue_records(draft: IssueDraft) -> list[dict]:
    """Return fixture records for an issue and everything in it."""
    issue_key = [draft.year, draft.number]
    records: list[dict] = [
        {
            "model": "documents.issue",
            "fields": {
                "year": draft.year,
                "number": draft.number,
                "cumulative_number": draft.cumulative_number,
                "sponsor": draft.sponsor,
                "published_on": None,
                "source_note": "\n".join(draft.notes),
            },
        }
    ]
    for position, name in enumerate(draft.sections, start=1):
        records.append(
            {
                "model": "documents.section",
                "fields": {"issue": issue_key, "name": name, "position": position},
            }
        )

    organisations: list[str] = []
    for doc in draft.documents:
        for name in [*doc.issuers, *(r.organisation for r in doc.responsibilities)]:
            if name not in organisations:
                organisations.append(name)
    records.extend(_org_record(name) for name in organisations)
    for alias, name in ORGANISATION_ALIASES.items():
        if name in organisations:
            records.append(
                {
                    "model": "documents.organisationalias",
                    "fields": {"organisation": [name], "name": alias},
                }
            )

    full_numbers = {doc.doc_number for doc in draft.documents}
    stubs: dict[str, str] = {}
    for doc in draft.documents:
        for rel in doc.relations:
            if rel.target_number not in full_numbers and rel.target_number not in stubs:
                stubs[rel.target_number] = rel.cited_title

    for position, doc in enumerate(draft.documents, start=1):
        records.append(_document_record(doc, issue_key, position))
    for number, title in stubs.items():
        parsed = parse_doc_number(number)
        records.append(
            {
                "model": "documents.document",
                "fields": {
                    "issue": None,
                    "section": None,
                    "position": None,
                    "page": None,
                    "doc_number": number,
                    "issuer_code": parsed.code,
                    "doc_year": parsed.year,
                    "serial": parsed.serial,
                    "slug": parsed.slug,
                    "title": title,
                    "kind": "",
                    "signed_date": None,
                    "effective_from": None,
                    "effective_to": None,
                    "registration_no": "",
                    "addressees": "",
                    "preamble": "",
                    "body": "",
                    "is_stub": True,
                    "source_note": "本站尚未收录该文件全文，标题取自引用它的文件。",
                },
            }
        )
    for doc in draft.documents:
        records.extend(_document_children(doc))
    return records


def _document_record(doc: DocumentDraft, issue_key: list[int], position: int) -> dict:
    return {
        "model": "documents.document",
        "fields": {
            "issue": issue_key,
            "section": [*issue_key, doc.section],
            "position": position,
            "page": doc.page,
            "doc_number": doc.doc_number,
            "issuer_code": doc.number.code,
            "doc_year": doc.number.year,
            "serial": doc.number.serial,
            "slug": doc.number.slug,
            "title": doc.title,
            "kind": doc.kind,
            "signed_date": _date(doc.signed_date),
            "effective_from": _date(doc.effective_from),
            "effective_to": _date(doc.effective_to),
            "registration_no": doc.registration_no,
            "addressees": doc.addressees,
            "preamble": doc.preamble,
            "body": doc.body,
            "attachment_list": doc.attachment_list,
            "readings": [r.as_data() for r in doc.printed_readings],
            "is_stub": False,
            "source_note": "\n".join(doc.notes),
        },
    }


def _document_children(doc: DocumentDraft) -> list[dict]:
    key = [doc.doc_number]
    records: list[dict] = []
    for position, name in enumerate(doc.issuers, start=1):
        records.append(
            {
                "model": "documents.documentissuer",
                "fields": {"document": key, "organisation": [name], "position": position},
            }
        )
    for position, p in enumerate(doc.provisions, start=1):
        records.append(
            {
                "model": "documents.provision",
                "fields": {
                    "document": key,
                    "parent": [doc.doc_number, p.parent_anchor] if p.parent_anchor else None,
                    "kind": p.kind,
                    "label": p.label,
                    "anchor": p.anchor,
                    "heading": p.heading,
                    "heading_end": p.heading_end,
                    "text": p.text,
                    "position": position,
                },
            }
        )
    pages = attachment_pages()
    for position, a in enumerate(doc.attachments, start=1):
        page = pages.get((doc.doc_number, a.anchor))
        records.append(
            {
                "model": "documents.attachment",
                "fields": {
                    "document": key,
                    "label": a.label,
                    "anchor": a.anchor,
                    "title": a.title,
                    "blocks": a.blocks,
                    "link": reverse(page.url_name) if page else "",
                    "position": position,
                    "source_note": "\n".join([*a.notes, page.note if page else ""]).strip(),
                },
            }
        )
    for rel in doc.relations:
        records.append(
            {
                "model": "documents.documentrelation",
                "fields": {
                    "source": key,
                    "target": [rel.target_number],
                    "kind": rel.kind,
                    "provision_anchor": rel.provision_anchor,
                    "cited_title": rel.cited_title,
                },
            }
        )
    for position, r in enumerate(doc.responsibilities, start=1):
        records.append(
            {
                "model": "documents.responsibility",
                "fields": {
                    "document": key,
                    "provision": [doc.doc_number, r.provision_anchor]
                    if r.provision_anchor
                    else None,
                    "organisation": [r.organisation],
                    "printed_name": r.printed_name,
                    "is_lead": r.is_lead,
                    "duty": r.duty,
                    "position": position,
                },
            }
        )
    for position, a in enumerate(doc.appointments, start=1):
        records.append(
            {
                "model": "documents.appointment",
                "fields": {
                    "document": key,
                    "action": a.action,
                    "person": a.person,
                    "position_title": a.position_title,
                    "term_note": a.term_note,
                    "position": position,
                    "source_note": a.note,
                },
            }
        )
    return records


def apply_readings(draft: IssueDraft, readings: dict) -> None:
    """Apply the issue's documents readings (its readings file, section documents)."""
    by_number = {doc.doc_number: doc for doc in draft.documents}
    for entry in readings.get("tables_without_header", []):
        doc = by_number[entry["document"]]
        attachment = next(a for a in doc.attachments if a.anchor == entry["attachment"])
        table = next(b for b in attachment.blocks if b["type"] == "table")
        table["rows"] = [*table["header"], *table["rows"]]
        table["header"] = []
        attachment.notes.append(entry["note"])


def render_fixture(source: Path) -> str:
    """Parse an issue's text, apply its readings and return the fixture file's content."""
    draft = parse_issue(source.read_text(encoding="utf-8"))
    apply_readings(draft, issue_readings(source, "documents"))
    return json.dumps(issue_records(draft), ensure_ascii=False, indent=1) + "\n"
