"""Writes of the publishing app: drafts from uploads, a clerk's fixes, and publishing.

The admin pages and `manage.py ingest` call these same functions.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.apps import apps
from django.db import transaction
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.text import slugify

from documents.drafts import issue_records
from documents.ingest import parse_text
from documents.models import Document, Issue, Organisation, OrganisationAlias, Section
from gazette_site.history import printed_reason
from gazette_site.services import record_save, records_delete
from gazette_text import TextError, parse_doc_number
from publishing import domain, rules
from publishing.models import CORRECTABLE_FIELDS, DraftDocument, DraftIssue, DraftReading

PUBLISH_REASON = "发布公报"
# History entries that record the print (publishing, or a fixture's first entry), not a clerk.
FROM_PRINT_REASONS = (PUBLISH_REASON, "印刷版")
DATE_FIELDS = ("signed_date", "effective_from", "effective_to")


class PublishRefused(Exception):
    """The draft cannot be published; `messages` say why, in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("；".join(messages))
        self.messages = messages


def _parse(text: str):
    """Return (parsed text, problem) — the parser meets arbitrary text, so failure is a message."""
    try:
        return parse_text(text).parsed, ""
    except TextError as exc:
        return None, f"解析器无法读完这份文本：{exc}"


def _parsed_fields(doc) -> dict[str, str]:
    return {
        "doc_number": doc.doc_number,
        "title": doc.title,
        "section": doc.section,
        "signed_date": doc.signed_date.isoformat() if doc.signed_date else "",
        "effective_from": doc.effective_from.isoformat() if doc.effective_from else "",
        "effective_to": doc.effective_to.isoformat() if doc.effective_to else "",
        "issuers": "、".join(doc.issuers),
    }


def _fill(draft: DraftIssue, text: str, *, acting_user, reason: str) -> None:
    """Parse `text` into the draft: masthead, records, documents and their readings."""
    parsed, error = _parse(text)
    issue = parsed.issue if parsed else None
    if parsed and issue is None:
        error = (
            "这份文本没有刊头和目录（如“2020年第8期(总第144期)”与“目录”），"
            "不是完整的一期公报，不能发布；下面是从中读出的文件。"
        )
    draft.source_text = text
    draft.parse_error = error
    draft.year = issue.year if issue else None
    draft.number = issue.number if issue else None
    draft.cumulative_number = issue.cumulative_number if issue else None
    draft.sponsor = issue.sponsor if issue else ""
    draft.contents = (
        [
            {"section": e.section, "title": e.title, "doc_number": e.doc_number, "page": e.page}
            for e in issue.toc
        ]
        if issue
        else []
    )
    draft.records = issue_records(issue) if issue else []
    draft.dropped_lines = len(parsed.readings) if parsed else 0
    record_save(instance=draft, acting_user=acting_user, reason=reason)
    if not parsed:
        return
    lines = text.splitlines()
    for position, doc in enumerate(parsed.documents, start=1):
        fields = _parsed_fields(doc)
        values = {
            name: (dt.date.fromisoformat(fields[name]) if fields[name] else None)
            if name in DATE_FIELDS
            else fields[name]
            for name in CORRECTABLE_FIELDS
        }
        document = DraftDocument(draft=draft, position=position, parsed=fields, **values)
        document.domain = domain.recognised(doc, text)
        record_save(instance=document, acting_user=acting_user, reason=reason)
        for index, found in enumerate(doc.readings, start=1):
            note = f"“{found.seen}”：{found.chosen}" if found.seen else found.chosen
            reading = DraftReading(
                document=document,
                position=index,
                note=note,
                # A quoted print form pins the line more closely than the document's start.
                line=rules.reading_line(note, lines) or found.line,
            )
            record_save(instance=reading, acting_user=acting_user, reason=reason)


@transaction.atomic
def draft_create(
    *, text: str, source_name: str, source_format: str, acting_user, reason: str = ""
) -> DraftIssue:
    """Store an uploaded issue as a draft; nothing public changes."""
    draft = DraftIssue(source_name=source_name[:200], source_format=source_format)
    draft.created_by = acting_user
    _fill(draft, text, acting_user=acting_user, reason=reason or f"上传：{source_name}")
    return draft


@transaction.atomic
def draft_reupload(
    *,
    draft: DraftIssue,
    text: str,
    source_name: str,
    source_format: str,
    acting_user,
    reason: str = "",
) -> list[str]:
    """Replace a draft's text, keeping each fix whose original reading the new text still gives.

    Returns what happened to each earlier fix, in Chinese.
    """
    draft = DraftIssue.objects.select_for_update().get(pk=draft.pk)
    if draft.state != DraftIssue.State.DRAFT:
        raise PublishRefused(["该草稿已发布，不能再替换文本。"])
    old = {
        d.parsed.get("doc_number") or f"#{d.position}": d
        for d in draft.documents.prefetch_related("readings")
    }
    fixes = {key: d.corrections() for key, d in old.items()}
    checked = {key: {r.note: r for r in d.readings.all() if r.checked} for key, d in old.items()}
    reason = reason or f"重新上传：{source_name}"
    records_delete(objects=draft.documents.all(), acting_user=acting_user, reason=reason)
    draft.source_name, draft.source_format = source_name[:200], source_format
    _fill(draft, text, acting_user=acting_user, reason=reason)
    report: list[str] = []
    for document in draft.documents.prefetch_related("readings"):
        key = document.parsed.get("doc_number") or f"#{document.position}"
        changed = False
        for name, (reading, value) in fixes.pop(key, {}).items():
            if (document.parsed.get(name) or "") == reading:
                setattr(
                    document,
                    name,
                    (dt.date.fromisoformat(value) if value else None)
                    if name in DATE_FIELDS
                    else value,
                )
                changed = True
                report.append(f"{key}：保留了对“{_label(name)}”的更正。")
            else:
                report.append(
                    f"{key}：新文本中“{_label(name)}”已改为“{document.parsed.get(name) or '（空）'}”，"
                    "原来的更正不再适用，未保留。"
                )
        if changed:
            record_save(instance=document, acting_user=acting_user, reason="重新上传后保留更正")
        for reading in document.readings.all():
            before = checked.get(key, {}).get(reading.note)
            if before is not None:
                reading.checked, reading.checked_by = True, before.checked_by
                reading.checked_at = before.checked_at
                record_save(instance=reading, acting_user=acting_user, reason=reason)
    for key, lost in fixes.items():
        for name in lost:
            report.append(f"{key}：新文本中没有这份文件，对“{_label(name)}”的更正未保留。")
    return report


def _label(name: str) -> str:
    return str(DraftDocument._meta.get_field(name).verbose_name)


@transaction.atomic
def draft_document_update(
    *, document: DraftDocument, acting_user, reason: str = "", **values
) -> DraftDocument:
    """Correct a draft document's metadata (文号, 标题, 栏目, dates, 发文机关)."""
    if document.draft.state != DraftIssue.State.DRAFT:
        raise PublishRefused(["该草稿已发布，不能再修改。"])
    for name, value in values.items():
        if name not in CORRECTABLE_FIELDS:
            raise ValueError(f"不可更正的字段：{name}")
        setattr(document, name, value)
    record_save(instance=document, acting_user=acting_user, reason=reason)
    return document


@transaction.atomic
def reading_mark_checked(
    *, reading: DraftReading, acting_user, checked: bool = True, reason: str = ""
) -> None:
    """Record that a clerk has checked (or unchecked) one of the parser's readings."""
    reading.checked = checked
    reading.checked_by = acting_user if checked else None
    reading.checked_at = timezone.now() if checked else None
    record_save(
        instance=reading,
        acting_user=acting_user,
        reason=reason or ("已核对" if checked else "取消核对"),
    )


def effective_records(draft: DraftIssue) -> list[dict]:
    """The parser's records with the clerk's fixes applied, ready to load."""
    records = copy.deepcopy(draft.records)
    renamed: dict[str, str] = {}
    by_number = {d.parsed.get("doc_number"): d for d in draft.documents.all()}
    known_orgs = {r["fields"]["name"] for r in records if r["model"] == "documents.organisation"}
    extra: list[dict] = []
    for record in records:
        fields = record["fields"]
        if record["model"] != "documents.document" or fields["is_stub"]:
            continue
        document = by_number.get(fields["doc_number"])
        if document is None:
            continue
        fixes = document.corrections()
        if "doc_number" in fixes:
            number = parse_doc_number(document.doc_number)
            renamed[fields["doc_number"]] = number.canonical
            fields.update(
                doc_number=number.canonical,
                issuer_code=number.code,
                doc_year=number.year,
                serial=number.serial,
                slug=number.slug,
            )
        for name in ("title", *DATE_FIELDS):
            if name in fixes:
                value = getattr(document, name)
                fields[name] = value.isoformat() if hasattr(value, "isoformat") else value
        if "section" in fixes:
            fields["section"] = [draft.year, draft.number, document.section]
        if "issuers" in fixes:
            extra.append((fields["doc_number"], document.issuer_list()))
    for record in records:
        fields = record["fields"]
        for key in ("document", "source", "target", "provision", "parent"):
            value = fields.get(key)
            if isinstance(value, list) and value and value[0] in renamed:
                fields[key] = [renamed[value[0]], *value[1:]]
    for doc_number, names in extra:
        records = [
            r
            for r in records
            if not (
                r["model"] == "documents.documentissuer" and r["fields"]["document"] == [doc_number]
            )
        ]
        for name in names:
            if name not in known_orgs:
                known_orgs.add(name)
                records.insert(
                    1,
                    {
                        "model": "documents.organisation",
                        "fields": {
                            "name": name,
                            "full_name": "",
                            "slug": slugify(name, allow_unicode=True),
                        },
                    },
                )
        records.extend(
            {
                "model": "documents.documentissuer",
                "fields": {"document": [doc_number], "organisation": [name], "position": position},
            }
            for position, name in enumerate(names, start=1)
        )
    return records


def _natural_key(model: str, fields: dict) -> tuple | None:
    """The key other records use to point at this one (see the models' natural_key)."""
    if model == "documents.issue":
        return (fields["year"], fields["number"])
    if model == "documents.section":
        return (*fields["issue"], fields["name"])
    if model in ("documents.organisation", "documents.document"):
        return (fields["name"] if model == "documents.organisation" else fields["doc_number"],)
    if model == "documents.provision":
        return (fields["document"][0], fields["anchor"])
    return None


def _load(records: list[dict], *, stubs: dict[str, int], user, issue) -> None:
    """Create the records with normal saves, resolving natural keys once each.

    Not loaddata's raw save: history, the search index and caches all hear of each row.
    A placeholder document keeps its id, so links to it lead to the real document.
    """
    ids: dict[tuple[str, tuple], int] = {}

    def resolve(model, key) -> int:
        key = tuple(key) if isinstance(key, list) else (key,)
        label = model._meta.label_lower
        if (label, key) not in ids:
            ids[(label, key)] = model._default_manager.get_by_natural_key(*key).pk
        return ids[(label, key)]

    for record in records:
        model = apps.get_model(record["model"])
        values = {}
        for name, value in record["fields"].items():
            field = model._meta.get_field(name)
            if isinstance(field, ForeignKey):
                values[field.attname] = (
                    None if value is None else resolve(field.related_model, value)
                )
            else:
                values[name] = field.to_python(value)
        instance = model(**values)
        if record["model"] == "documents.document":
            instance.pk = stubs.get(values["doc_number"])
        # The rows as printed: their first history entry is the print (gazette_site.history).
        record_save(
            instance=instance,
            acting_user=user,
            reason=printed_reason(issue=issue, doc_number=_owner(record) or ""),
        )
        key = _natural_key(record["model"], record["fields"])
        if key is not None:
            ids[(record["model"], key)] = instance.pk


def _store_domain_data(
    draft: DraftIssue, created: set[str], *, acting_user, reason: str
) -> list[str]:
    """Let the domain apps store what they read from the documents just created."""
    if not any(d.domain for d in draft.documents.all()):
        return []
    parsed, _ = _parse(draft.source_text)
    final = {d.position: d.doc_number for d in draft.documents.all()}
    notes = []
    for position, document in enumerate(parsed.documents, start=1):
        number = parse_doc_number(final.get(position, ""))
        if number is None or number.canonical not in created:
            continue
        document.doc_number = number.canonical  # the clerk's correction, if any
        notes.extend(
            domain.store(document, draft.source_text, acting_user=acting_user, reason=reason)
        )
    return notes


def _owner(record: dict) -> str | None:
    fields = record["fields"]
    for key in ("document", "source"):
        if isinstance(fields.get(key), list):
            return fields[key][0]
    return None


@transaction.atomic
def draft_publish(
    *, draft_id: int, acting_user, confirmed: set[str] | None = None, reason: str = ""
) -> Issue:
    """Publish a draft in one transaction; raise PublishRefused if a blocking check fails.

    New documents come with their provisions, attachments, relations and duties; a
    placeholder (仅存目) for a document this issue prints becomes that document. For a
    document already published in this issue only the differences named in `confirmed`
    ("文号:字段") are applied, so clerks' later edits stay unless the clerk chose otherwise.
    """
    from publishing import selectors
    from search import services as search_services

    draft = DraftIssue.objects.select_for_update().get(pk=draft_id)
    if draft.state != DraftIssue.State.DRAFT:
        raise PublishRefused(["该草稿已经发布过。如需更新，请重新上传为新草稿。"])
    problems = selectors.blocking_problems(draft)
    if problems:
        raise PublishRefused(problems)
    reason = f"{PUBLISH_REASON} {draft.year}年第{draft.number}期（草稿 {draft.pk}）" + (
        f"：{reason}" if reason else ""
    )
    records = effective_records(draft)

    issue = Issue.objects.filter(year=draft.year, number=draft.number).first()
    numbers = {r["fields"]["doc_number"] for r in records if r["model"] == "documents.document"}
    existing = {d.doc_number: d for d in Document.objects.filter(doc_number__in=numbers)}
    full_new = {
        r["fields"]["doc_number"]
        for r in records
        if r["model"] == "documents.document"
        and not r["fields"]["is_stub"]
        and (
            r["fields"]["doc_number"] not in existing or existing[r["fields"]["doc_number"]].is_stub
        )
    }
    org_names = set(
        Organisation.objects.filter(
            name__in=[
                r["fields"]["name"] for r in records if r["model"] == "documents.organisation"
            ]
        ).values_list("name", flat=True)
    )
    alias_names = set(OrganisationAlias.objects.values_list("name", flat=True))
    section_names = (
        set(Section.objects.filter(issue=issue).values_list("name", flat=True)) if issue else set()
    )

    to_load = []
    for record in records:
        model, fields = record["model"], record["fields"]
        if model == "documents.issue":
            keep = issue is None
        elif model == "documents.section":
            keep = fields["name"] not in section_names
        elif model == "documents.organisation":
            keep = fields["name"] not in org_names
        elif model == "documents.organisationalias":
            keep = fields["name"] not in alias_names
        elif model == "documents.document":
            keep = fields["doc_number"] in full_new or (
                fields["is_stub"] and fields["doc_number"] not in existing
            )
        else:
            keep = _owner(record) in full_new
        if keep:
            to_load.append(record)

    _load(
        to_load,
        stubs={n: d.pk for n, d in existing.items() if d.is_stub},
        user=acting_user,
        issue=draft,
    )

    differences = selectors.republish_differences(draft)
    for diff in differences:
        if confirmed is None or diff.key not in confirmed:
            continue
        document = Document.objects.get(doc_number=diff.doc_number)
        setattr(document, diff.field, diff.draft_value)
        record_save(
            instance=document,
            acting_user=acting_user,
            reason=printed_reason(issue=draft, doc_number=document.doc_number, note="重新发布"),
        )

    notes = _store_domain_data(draft, full_new, acting_user=acting_user, reason=reason)
    issue = Issue.objects.get(year=draft.year, number=draft.number)
    # Inside the transaction: if the index cannot be brought up to date, nothing is published.
    search_services.index_refresh_source(name="documents")

    draft.state = DraftIssue.State.PUBLISHED
    draft.published_by = acting_user
    draft.published_at = timezone.now()
    draft.issue = issue
    draft.publish_notes = "\n".join(notes)
    record_save(instance=draft, acting_user=acting_user, reason=reason)
    return issue
