"""How faithfully the portal holds each document: its text from the database against the print.

The text of a document is re-derived from what the database holds and the page shows
(title, 文号, 主送, the notice, every provision with its label and heading, the 附件 list,
the signature, every attachment's label, title, paragraphs and table cells) and
compared, white space removed, with the document's span of the issue's text, character by
character. Every difference must be listed, with its reason, in the issue's readings file
(section ``fidelity``); an unlisted one is a loss or an addition.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from documents.readings import issue_readings
from documents.text import split_carried_measure
from gazette_site.formatting import cn_date
from gazette_text import clean_source_lines

_SPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    """Text without any white space: layout is not content."""
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class Allowed:
    """A difference the readings file explains: printed text shown as stored, and why."""

    document: str
    printed: str
    stored: str
    reason: str


@dataclass
class Difference:
    printed: str
    stored: str
    allowed: Allowed | None = None


@dataclass
class Fidelity:
    """One document compared with its span of the print."""

    doc_number: str
    printed_chars: int
    matched_chars: int  # printed characters the stored text holds as they are
    explained_chars: int = 0  # printed characters shown otherwise, for a listed reason
    differences: list[Difference] = field(default_factory=list)

    @property
    def percent(self) -> float:
        """Printed characters held character for character."""
        return 100.0 * self.matched_chars / self.printed_chars if self.printed_chars else 100.0

    @property
    def explained_percent(self) -> float:
        """The same, counting the listed differences as explained."""
        done = self.matched_chars + self.explained_chars
        return 100.0 * done / self.printed_chars if self.printed_chars else 100.0

    @property
    def unexplained(self) -> list[Difference]:
        return [d for d in self.differences if d.allowed is None]


def allowed_differences(source: Path) -> list[Allowed]:
    """The differences the issue's readings file lists, each with its reason."""
    section = issue_readings(source, "fidelity")
    return [
        Allowed(d["document"], plain(d["printed"]), plain(d["stored"]), d["reason"])
        for d in section.get("allowed", [])
    ]


def source_spans(text: str) -> dict[str, str]:
    """Each document's span of the issue's text (running heads removed), by 文号."""
    from documents.parsing import parse_toc, split_documents

    lines, _dropped = clean_source_lines(text)
    _sections, toc, body_start = parse_toc(lines)
    spans = split_documents(lines, toc, body_start)
    return {
        entry.doc_number or entry.title: "\n".join(lines[start:end])
        for entry, (start, end) in zip(toc, spans, strict=True)
    }


def document_text(document) -> str:
    """The document's text as the database holds it, in printed order."""
    parts = [document.title, document.doc_number, document.registration_no]
    if document.addressees:
        parts.append(f"{document.addressees}：")
    lines = [line for line in document.preamble.split("\n") if line.strip()]
    notice, measure_title, _ = split_carried_measure(lines)
    signature = _signature(document)
    parts += notice
    if measure_title:
        parts += [*signature, measure_title, *lines[len(notice) + 1 :]]
    for p in document.provisions.all():
        if p.kind == "paragraph":
            parts.append(p.text)
        else:
            parts.append(f"{p.label}{p.heading}{p.heading_end}{p.text}")
    parts.append(document.attachment_list)
    if not measure_title:
        parts += signature
    for a in document.attachments.all():
        parts += [a.label, a.title]
        for block in a.blocks:
            if block.get("type") == "table":
                parts.append(block.get("caption", ""))
                parts += ["".join(row) for row in [*block["header"], *block["rows"]]]
            else:
                parts.append(block.get("text", ""))
    return "\n".join(p for p in parts if p)


def _signature(document) -> list[str]:
    if not document.signed_date or document.kind == "名单":
        return []
    names = [link.organisation.full_name or link.organisation.name for link in _issuers(document)]
    return [*names, cn_date(document.signed_date)]


def _issuers(document) -> list:
    return list(document.issuer_links.select_related("organisation").order_by("position"))


def compare(doc_number: str, printed: str, stored: str, allowed: list[Allowed]) -> Fidelity:
    """Align the print and the stored text; every unequal stretch is a difference."""
    a, b = plain(printed), plain(stored)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    result = Fidelity(doc_number, len(a), 0)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.matched_chars += i2 - i1
            continue
        diff = Difference(a[i1:i2], b[j1:j2])
        diff.allowed = next(
            (
                x
                for x in allowed
                if x.document in (doc_number, "*")
                and x.printed == diff.printed
                and x.stored == diff.stored
            ),
            None,
        )
        if diff.allowed is not None:
            result.explained_chars += i2 - i1
        result.differences.append(diff)
    return result


def issue_fidelity(source: Path) -> list[Fidelity]:
    """Compare every full-text document of the issue with its span of the print."""
    from documents.models import Document

    spans = source_spans(Path(source).read_text(encoding="utf-8"))
    allowed = allowed_differences(source)
    documents = (
        Document.objects.filter(is_stub=False, issue__isnull=False)
        .prefetch_related("provisions", "attachments")
        .order_by("position")
    )
    results = []
    for document in documents:
        printed = spans.get(document.doc_number, spans.get(document.title, ""))
        results.append(compare(document.doc_number, printed, document_text(document), allowed))
    return results
