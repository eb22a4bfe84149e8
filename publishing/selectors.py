"""Reads of the publishing app: a draft's preview, its blocking checks and warnings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from documents.choices import Status
from documents.models import Document, Issue, ProvisionKind, RelationKind
from documents.rules import document_status, repeal_date
from gazette_site.formatting import cn_date
from gazette_text import parse_doc_number
from publishing import rules
from publishing.models import DraftDocument, DraftIssue, DraftReading

RELATION_LABELS = dict(RelationKind.choices)
# Fields compared when an issue is published again (the parser's text against the site's).
REPUBLISH_FIELDS = ("title", "signed_date", "effective_from", "effective_to", "preamble", "body")


@dataclass
class RelationView:
    kind: str
    kind_label: str
    target_number: str
    cited_title: str
    resolves: str  # published / placeholder / draft / new_placeholder
    resolves_label: str
    url: str = ""
    effect: str = ""


@dataclass
class ReadingView:
    reading: DraftReading
    source_line: str


@dataclass
class DocumentView:
    document: DraftDocument
    status: str
    status_note: str
    counts: dict[str, int]
    attachments: list[str]
    body: str
    relations: list[RelationView]
    responsibilities: list[dict]
    readings: list[ReadingView]
    corrections: dict[str, tuple[str, str]]


@dataclass
class Difference:
    doc_number: str
    field: str
    label: str
    published_value: object
    draft_value: object
    edited_by_clerk: bool

    @property
    def key(self) -> str:
        return f"{self.doc_number}:{self.field}"

    @staticmethod
    def _shown(value) -> str:
        return cn_date(value) if isinstance(value, dt.date) else (value or "")

    @property
    def published_shown(self) -> str:
        return self._shown(self.published_value)

    @property
    def draft_shown(self) -> str:
        return self._shown(self.draft_value)


@dataclass
class Preview:
    draft: DraftIssue
    as_of: dt.date
    masthead: str
    contents: list[dict]
    documents: list[DocumentView]
    blocking: list[str]
    warnings: list[str]
    republish: bool
    differences: list[Difference] = field(default_factory=list)


def draft_list():
    return DraftIssue.objects.select_related("created_by", "published_by", "issue")


def _documents(draft: DraftIssue) -> list[DraftDocument]:
    return list(
        draft.documents.prefetch_related(
            Prefetch("readings", queryset=DraftReading.objects.select_related("checked_by"))
        )
    )


def _children(records: list[dict]) -> dict[str, list[dict]]:
    by_owner: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        fields = record["fields"]
        for key in ("document", "source"):
            if isinstance(fields.get(key), list):
                by_owner[fields[key][0]].append(record)
                break
    return by_owner


def _check(draft, documents, published: dict[str, Document], issues) -> tuple[list, list]:
    """Return (blocking problems, warnings) in Chinese."""
    blocking: list[str] = []
    warnings: list[str] = []
    lines = draft.source_text.splitlines()
    for number, printed in rules.impossible_dates(lines):
        blocking.append(f"原文第{number}行的日期“{printed}”不存在。")
    if draft.parse_error:
        blocking.append(draft.parse_error)
        return blocking, warnings
    if not (draft.year and draft.number and draft.cumulative_number):
        blocking.append("没有读出期次（如“2020年第8期(总第144期)”），无法确定这是哪一期。")
    same_issue = next((i for i in issues if (i.year, i.number) == (draft.year, draft.number)), None)
    for issue in issues:
        if issue.cumulative_number == draft.cumulative_number and issue is not same_issue:
            blocking.append(f"总第{draft.cumulative_number}期已被 {issue.label} 使用。")
    if same_issue and same_issue.cumulative_number != draft.cumulative_number:
        blocking.append(
            f"{draft.year}年第{draft.number}期已发布为总第{same_issue.cumulative_number}期，"
            f"草稿却是总第{draft.cumulative_number}期。"
        )
    if not documents:
        blocking.append("草稿中没有读出任何文件。")
    if len(documents) != len(draft.contents):
        blocking.append(
            f"目录有 {len(draft.contents)} 条，正文读出 {len(documents)} 个文件，两者不一致。"
        )
    if draft.dropped_lines:
        warnings.append(f"删去了 {draft.dropped_lines} 行页眉或页码（不属正文）。")
    seen: set[str] = set()
    unchecked = 0
    for doc in documents:
        name = doc.title or f"第{doc.position}份文件"
        if not doc.title.strip():
            blocking.append(f"第{doc.position}份文件（{doc.doc_number or '无文号'}）没有标题。")
        number = parse_doc_number(doc.doc_number) if doc.doc_number else None
        if number is None:
            blocking.append(
                f"《{name}》的文号“{doc.doc_number}”无法识别，应形如 威政发〔2020〕7号。"
            )
        else:
            if number.canonical in seen:
                blocking.append(f"文号 {number.canonical} 在本期中出现了两次。")
            seen.add(number.canonical)
            other = published.get(number.canonical)
            if (
                other is not None
                and not other.is_stub
                and other.issue_id != getattr(same_issue, "pk", None)
            ):
                where = other.issue.label if other.issue_id else "本站"
                blocking.append(f"文号 {number.canonical} 已在 {where} 发布（《{other.title}》）。")
        problem = rules.validity_problem(doc.effective_from, doc.effective_to)
        if problem:
            blocking.append(f"《{name}》：{problem}。")
        if doc.section not in {c["section"] for c in draft.contents}:
            blocking.append(f"《{name}》的栏目“{doc.section}”不在本期目录中。")
        if not doc.signed_date:
            warnings.append(f"《{name}》没有读出成文日期。")
        if not doc.effective_from:
            basis = f"按成文日期{cn_date(doc.signed_date)}计" if doc.signed_date else "无法计算效力"
            warnings.append(f"《{name}》没有写明施行日期，{basis}。")
        if not doc.issuer_list():
            warnings.append(f"《{name}》没有读出发文机关。")
        unchecked += sum(1 for r in doc.readings.all() if not r.checked)
    if unchecked:
        blocking.append(f"还有 {unchecked} 处解析判断未核对（见下方标黄处），核对后才能发布。")
    return blocking, warnings


def _lookups(draft: DraftIssue, documents: list[DraftDocument]):
    numbers = {
        r["fields"]["doc_number"] for r in draft.records if r["model"] == "documents.document"
    }
    numbers |= {
        r["fields"]["target"][0]
        for r in draft.records
        if r["model"] == "documents.documentrelation"
    }
    for doc in documents:
        number = parse_doc_number(doc.doc_number) if doc.doc_number else None
        if number:
            numbers.add(number.canonical)
    published = {
        d.doc_number: d
        for d in Document.objects.filter(doc_number__in=numbers).select_related("issue")
    }
    issues = (
        list(
            Issue.objects.filter(year=draft.year, number=draft.number)
            | Issue.objects.filter(cumulative_number=draft.cumulative_number)
        )
        if draft.year
        else []
    )
    return published, issues


def blocking_problems(draft: DraftIssue) -> list[str]:
    documents = _documents(draft)
    published, issues = _lookups(draft, documents)
    return _check(draft, documents, published, issues)[0]


def draft_preview(draft: DraftIssue, *, as_of: dt.date) -> Preview:
    """Everything the preview page shows, in a fixed number of queries."""
    documents = _documents(draft)
    published, issues = _lookups(draft, documents)
    blocking, warnings = _check(draft, documents, published, issues)
    lines = draft.source_text.splitlines()
    children = _children(draft.records)
    in_draft = {d.parsed.get("doc_number") for d in documents}
    starts = {d.parsed.get("doc_number"): d.effective_from or d.signed_date for d in documents}
    repealed_by_draft: dict[str, list] = defaultdict(list)
    for record in draft.records:
        f = record["fields"]
        if record["model"] == "documents.documentrelation" and f["kind"] == RelationKind.REPEALS:
            repealed_by_draft[f["target"][0]].append(starts.get(f["source"][0]))

    views = []
    for doc in documents:
        key = doc.parsed.get("doc_number")
        own = children.get(key, [])
        kinds = defaultdict(int)
        for r in own:
            if r["model"] == "documents.provision":
                kinds[r["fields"]["kind"]] += 1
        attachments = [
            f"{r['fields']['label']} {r['fields']['title']}"
            for r in own
            if r["model"] == "documents.attachment"
        ]
        status = document_status(
            in_force_from=doc.effective_from or doc.signed_date,
            effective_to=doc.effective_to,
            repealed_on=repeal_date(repealer_start_dates=repealed_by_draft.get(key, [])),
            as_of=as_of,
        )
        relations = [
            _relation_view(r["fields"], published, in_draft, starts)
            for r in own
            if r["model"] == "documents.documentrelation"
        ]
        duties = [r["fields"] for r in own if r["model"] == "documents.responsibility"]
        body = next(
            (
                r["fields"]["body"]
                for r in draft.records
                if r["model"] == "documents.document" and r["fields"]["doc_number"] == key
            ),
            "",
        )
        views.append(
            DocumentView(
                document=doc,
                status=Status(status).label if status else "无法确定",
                status_note="" if doc.effective_from else "未写明施行日期，按成文日期计",
                counts={
                    "章": kinds[ProvisionKind.CHAPTER],
                    "条": kinds[ProvisionKind.ARTICLE],
                    "项（一、）": kinds[ProvisionKind.SECTION],
                    "附件": len(attachments),
                },
                attachments=attachments,
                body=body,
                relations=relations,
                responsibilities=[
                    {
                        "name": d["printed_name"],
                        "organisation": d["organisation"][0],
                        "lead": d["is_lead"],
                        "task": d["provision"][1] if d["provision"] else "",
                    }
                    for d in duties
                ],
                readings=[
                    ReadingView(r, lines[r.line - 1] if r.line and r.line <= len(lines) else "")
                    for r in doc.readings.all()
                ],
                corrections=_corrections(doc),
            )
        )
    republish = any((i.year, i.number) == (draft.year, draft.number) for i in issues)
    return Preview(
        draft=draft,
        as_of=as_of,
        masthead=(
            f"{draft.year}年第{draft.number}期（总第{draft.cumulative_number}期）"
            if draft.year
            else "（未读出期次）"
        ),
        contents=draft.contents,
        documents=views,
        blocking=blocking,
        warnings=warnings,
        republish=republish,
        differences=republish_differences(draft) if republish else [],
    )


def _shown(name: str, value: str) -> str:
    if value and name in ("signed_date", "effective_from", "effective_to"):
        return cn_date(dt.date.fromisoformat(value))
    return value


def _corrections(doc: DraftDocument) -> dict[str, tuple[str, str]]:
    """The clerk's fixes by Chinese field name, dates as 2020年8月18日."""
    return {
        str(DraftDocument._meta.get_field(name).verbose_name): (
            _shown(name, before),
            _shown(name, after),
        )
        for name, (before, after) in doc.corrections().items()
    }


def _relation_view(fields, published, in_draft, starts) -> RelationView:
    number = fields["target"][0]
    target = published.get(number)
    effect = ""
    if number in in_draft:
        resolves, label, url = "draft", "本期草稿中的文件", ""
    elif target is None:
        resolves, label, url = "new_placeholder", "新建存目（本站尚无此文件）", ""
    elif target.is_stub:
        resolves, label, url = "placeholder", "已有存目（尚未收录全文）", target.get_absolute_url()
    else:
        resolves, label, url = (
            "published",
            f"已发布（{target.issue.label if target.issue_id else '本站'}）",
            target.get_absolute_url(),
        )
    if fields["kind"] == RelationKind.REPEALS:
        start = starts.get(fields["source"][0])
        effect = f"发布后自{cn_date(start)}起显示为已废止" if start else "废止日期无法确定"
    return RelationView(
        kind=fields["kind"],
        kind_label=RELATION_LABELS[fields["kind"]],
        target_number=number,
        cited_title=fields["cited_title"],
        resolves=resolves,
        resolves_label=label,
        url=url,
        effect=effect,
    )


def republish_differences(draft: DraftIssue) -> list[Difference]:
    """Fields where a document already published in this issue differs from the draft.

    A difference whose published value was last set by a clerk (not by publishing) is
    marked, so the page leaves it unticked and the clerk's edit stays unless chosen.
    """
    from publishing.services import FROM_PRINT_REASONS, effective_records

    records = [
        r
        for r in effective_records(draft)
        if r["model"] == "documents.document" and not r["fields"]["is_stub"]
    ]
    numbers = [r["fields"]["doc_number"] for r in records]
    current = {
        d.doc_number: d
        for d in Document.objects.filter(
            doc_number__in=numbers,
            is_stub=False,
            issue__year=draft.year,
            issue__number=draft.number,
        )
    }
    if not current:
        return []
    history = defaultdict(list)
    for h in Document.history.filter(id__in=[d.pk for d in current.values()]).order_by(
        "id", "-history_date", "-history_id"
    ):
        history[h.id].append(h)
    differences = []
    for record in records:
        fields = record["fields"]
        document = current.get(fields["doc_number"])
        if document is None:
            continue
        for name in REPUBLISH_FIELDS:
            value = fields[name]
            if name in ("signed_date", "effective_from", "effective_to") and value:
                value = dt.date.fromisoformat(value)
            if value == getattr(document, name):
                continue
            differences.append(
                Difference(
                    doc_number=document.doc_number,
                    field=name,
                    label=str(Document._meta.get_field(name).verbose_name),
                    published_value=getattr(document, name),
                    draft_value=value,
                    edited_by_clerk=_last_set_by_clerk(
                        history[document.pk], name, FROM_PRINT_REASONS
                    ),
                )
            )
    return differences


def _last_set_by_clerk(records: list, name: str, from_print: tuple[str, ...]) -> bool:
    for newer, older in zip(records, records[1:], strict=False):
        if getattr(newer, name) != getattr(older, name):
            return not (newer.history_change_reason or "").startswith(from_print)
    if not records:
        return False
    # No change since the oldest entry: the value is the one set then. Fixtures load without
    # history, so when that entry is a person's edit of some field we cannot tell which; the
    # clerk's value then stays unless chosen.
    return not (records[-1].history_change_reason or "").startswith(from_print)
