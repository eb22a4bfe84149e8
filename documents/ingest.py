"""Parse and validate any gazette text and describe it as JSON-ready data; no database writes.

    parse_text(text: str) -> IngestResult
    parse_bytes(data: bytes) -> IngestResult          # decodes first; TextError if unreadable

`IngestResult.data` is the dict `manage.py ingest --json` prints:

    {"issue": {"year", "number", "cumulative", "contents": [{"title", "doc_number", "page"}]} | None,
     "documents": [{"doc_number" | None, "title", "issuers", "section", "signed_date",
                    "effective_from", "effective_to", "registration_no", "chapters", "articles",
                    "items", "attachments": [{"title", "rows"}], "repeals", "based_on", "cites",
                    "readings": [{"line", "seen", "chosen"}], ...}],
     "readings": [{"line", "seen", "chosen"}], "problems": ["…"]}

`IngestResult.parsed` holds the drafts (`documents.general.ParsedText`) for a caller that
stores them. `problems` lists what validation found wrong (Chinese); an empty list means
the text can be stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from documents.extractors import extractors_for
from documents.general import ParsedText, counts, find_basis, find_repeals, parse_any
from documents.parsing import DocumentDraft, Reading
from gazette_text import TextError, decode_bytes, iso


@dataclass
class IngestResult:
    data: dict
    parsed: ParsedText

    @property
    def problems(self) -> list[str]:
        return self.data["problems"]


def parse_bytes(data: bytes) -> IngestResult:
    """Decode a file's bytes (UTF-8 with or without BOM, GB18030/GBK) and parse them."""
    return parse_text(decode_bytes(data))


def parse_text(text: str) -> IngestResult:
    """Parse a decoded text of any shape and validate it; raise TextError if nothing is readable."""
    try:
        parsed = parse_any(text)
    except TextError:
        raise
    except (ValueError, IndexError, KeyError) as exc:
        raise TextError(f"无法解析该文本：{exc}") from exc
    if not parsed.documents:
        raise TextError("文本中没有找到任何文件。")
    issue = parsed.issue
    data = {
        "issue": None
        if issue is None
        else {
            "year": issue.year,
            "number": issue.number,
            "cumulative": issue.cumulative_number,
            "sponsor": issue.sponsor,
            "contents": [
                {
                    "title": e.title,
                    "doc_number": e.doc_number or None,
                    "page": e.page,
                    "section": e.section,
                }
                for e in issue.toc
            ],
        },
        "documents": [document_data(d) for d in parsed.documents],
        "readings": [reading_data(r) for r in parsed.readings],
    }
    data["problems"] = validate(data)
    return IngestResult(data, parsed)


def reading_data(reading: Reading) -> dict:
    return {"line": reading.line, "seen": reading.seen, "chosen": reading.chosen}


def document_data(draft: DocumentDraft) -> dict:
    paragraphs = draft.body.split("\n") if draft.body else []
    relations = draft.relations
    return {
        "doc_number": draft.doc_number or None,
        "title": draft.title,
        "kind": draft.kind,
        "issuers": draft.issuers,
        "section": draft.section,
        "page": draft.page or None,
        "first_line": draft.first_line,
        "signed_date": iso(draft.signed_date),
        "adopted_date": iso(draft.adopted_date),
        "approved_date": iso(draft.approved_date),
        "published_date": iso(draft.published_date),
        "effective_from": iso(draft.effective_from),
        "effective_to": iso(draft.effective_to),
        "registration_no": draft.registration_no,
        **counts(draft),
        "carried_titles": draft.carried_titles,
        "attachments": [{"title": a.title, "rows": a.rows} for a in draft.attachments],
        "repeals": find_repeals(draft.body),
        "based_on": [r.target_number for r in relations if r.kind == "based_on"]
        or find_basis(paragraphs),
        "cites": [r.target_number for r in relations if r.kind == "cites"],
        "readings": [reading_data(r) for r in draft.readings],
        "extractors": [{"app": e.app, "label": e.label} for e in extractors_for(draft)],
    }


def validate(data: dict) -> list[str]:
    """What a clerk must look at before the drafts are stored."""
    problems = []
    for n, doc in enumerate(data["documents"], start=1):
        name = doc["title"] or f"第{n}个文件"
        if not doc["title"]:
            problems.append(f"第{n}个文件没有读出标题。")
        if (
            doc["effective_from"]
            and doc["effective_to"]
            and doc["effective_to"] < doc["effective_from"]
        ):
            problems.append(f"《{name}》的有效期截止日早于施行日。")
    issue = data["issue"]
    if issue is not None and len(issue["contents"]) != len(data["documents"]):
        problems.append("目录条目数与正文文件数不一致。")
    return problems
