"""PDFs of a document and of a whole issue, typeset by WeasyPrint with the machine's Noto CJK.

A PDF is rendered once per version of its data and then served from the cache: the version
is the latest change recorded (simple_history) to the document, its provisions or its
attachments, so a clerk's correction makes a new PDF.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.template.loader import render_to_string

from documents.models import Attachment, Document, Provision

PDF_CSS = settings.BASE_DIR / "static" / "css" / "pdf.css"


def data_version(document_ids: list[int]) -> str:
    """A token that changes whenever the documents, their provisions or attachments change."""
    stamps = [
        Document.history.filter(id__in=document_ids).aggregate(m=Max("history_date"))["m"],
        Provision.history.filter(document_id__in=document_ids).aggregate(m=Max("history_date"))[
            "m"
        ],
        Attachment.history.filter(document_id__in=document_ids).aggregate(m=Max("history_date"))[
            "m"
        ],
    ]
    text = "|".join(str(s) for s in stamps) + "|" + ",".join(map(str, sorted(document_ids)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def render_pdf(*, template: str, context: dict, base_url: str) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=PDF_CSS)])


def cached_pdf(*, key: str, version: str, build) -> bytes:
    """Return the cached PDF for this version, building it when the data changed."""
    cache_key = f"pdf:{key}:{version}"
    pdf = cache.get(cache_key)
    if pdf is None:
        pdf = build()
        cache.set(cache_key, pdf, timeout=None)
    return pdf
