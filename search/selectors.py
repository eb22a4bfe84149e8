"""Answer a search: the hits of one page with snippets, the total and every filter's counts.

The work per page is bounded, whatever the number of hits. Entry ids follow dates, so
the index hands over the newest hits first: we take at most WINDOW of them (and up to
TIER_WINDOW heading and title hits, which rank first), rank them, count the filters over them and
read the text of the 20 shown. When a query has more hits than that, the total comes
from the index where it can count cheaply (SQLite) and the filter counts describe the
WINDOW hits taken, which the page says. A page costs at most six SQL queries.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.safestring import SafeString

from documents.models import DocumentKind, Status
from gazette_site.http import BadInput, parse_date, parse_page, today
from search import registry
from search.backends import (
    DAY_SHIFT,
    EXACT_NUMBER,
    EXACT_TITLE,
    IN_BODY,
    IN_HEAD,
    IN_TITLE,
    backend_for,
)
from search.filters import SearchFilter
from search.models import SearchEntry
from search.query import ParsedQuery, parse_query
from search.snippets import highlight, snippet

PAGE_SIZE = 20
WINDOW = 400  # hits taken, newest first: ranked, counted, and pages enough (20) to browse
TIER_WINDOW = 200  # heading and title hits taken besides, so that they rank first
SORTS = {"relevance": "相关度", "date": "日期"}
FACETS = [
    ("dataset", "数据集"),
    ("status", "时效"),
    ("issue", "期次"),
    ("year", "年份"),
    ("section", "栏目"),
    ("issuer", "发文机关"),
    ("doc_kind", "文种"),
]
KIND_LABELS = {"document": "文件", "provision": "条款"}
STATUS_LABELS = dict(Status.choices)
SUGGESTIONS = ["献血", "补偿标准", "验资报告", "蓝孔雀", "威政发〔2020〕7号"]
_FACET_FIELDS = ("source", "issue", "issue_label", "year", "section", "doc_kind", "issuers")
_TIMELINE_FIELDS = (
    "status_0",
    "change_1",
    "status_1",
    "change_2",
    "status_2",
    "change_3",
    "status_3",
)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    selected: str = ""


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    dataset: str
    dataset_label: str
    title: str
    title_html: SafeString
    url: str
    snippet: SafeString
    doc_number: str
    date: dt.date | None
    issue_label: str
    status: str
    status_label: str
    score: int


@dataclass
class SearchResults:
    query: ParsedQuery
    as_of: dt.date
    sort: str
    page: int
    total: int
    hits: list[Hit]
    facets: list[Facet]
    exact_url: str | None = None
    filters: dict[str, str] = field(default_factory=dict)
    complete: bool = True  # every hit was ranked and counted (not only the newest WINDOW)
    total_known: bool = True  # `total` is exact (else it is at least that many)
    ranked: int = 0  # hits ranked, so pages beyond them cannot be shown

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.total, self.ranked) / PAGE_SIZE))

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.hits else 0

    @property
    def last(self) -> int:
        return self.first + len(self.hits) - 1 if self.hits else 0


def _count(rows: list[dict]) -> tuple[dict[str, Counter], dict]:
    """Count the hits per value of every filter."""
    counts: dict[str, Counter] = {name: Counter() for name, _label in FACETS}
    labels: dict[tuple[str, str], str] = {}
    for row in rows:
        counts["dataset"][row["source"]] += 1
        if row["status_now"]:
            counts["status"][row["status_now"]] += 1
        if row["issue"]:
            counts["issue"][row["issue"]] += 1
            labels[("issue", row["issue"])] = row["issue_label"]
        if row["year"]:
            counts["year"][str(row["year"])] += 1
        if row["section"]:
            counts["section"][row["section"]] += 1
        if row["doc_kind"]:
            counts["doc_kind"][row["doc_kind"]] += 1
        if row["issuers"]:
            # A joint document counts once for each of its issuers.
            for name in row["issuers"].strip("|").split("|"):
                counts["issuer"][name] += 1
    return counts, labels


def _facets(counts: dict, labels: dict, selected: dict[str, str]) -> list[Facet]:
    source_labels = {s.name: s.label for s in registry.sources()}
    kind_order = [k for k, _ in DocumentKind.choices]
    status_order = [s for s, _ in Status.choices]
    facets = []
    for name, label in FACETS:
        found: Counter = counts[name]
        chosen = selected.get(name, "")
        if chosen and chosen not in found:
            found[chosen] = 0  # keep the chosen value visible (with 0) so it can be removed
        options = []
        for value, count in found.items():
            if name == "dataset":
                text = source_labels.get(value, value)
            elif name == "status":
                text = STATUS_LABELS.get(value, value)
            elif name == "year":
                text = f"{value}年"
            else:
                text = labels.get((name, value), value)
            options.append(FacetOption(value, text, count, value == chosen))
        if name == "year" or name == "issue":
            options.sort(key=lambda o: o.value, reverse=True)
        elif name == "status":
            options.sort(
                key=lambda o: status_order.index(o.value) if o.value in status_order else 9
            )
        elif name == "doc_kind":
            options.sort(key=lambda o: kind_order.index(o.value) if o.value in kind_order else 99)
        else:
            options.sort(key=lambda o: (-o.count, o.value))
        facets.append(Facet(name, label, options, chosen))
    return facets


def _hit(entry: SearchEntry, score: int, status: str, query, source_labels) -> Hit:
    status = status or ""
    return Hit(
        kind=entry.kind,
        kind_label=KIND_LABELS.get(entry.kind, source_labels.get(entry.source, "")),
        dataset=entry.source,
        dataset_label=source_labels.get(entry.source, entry.source),
        title=entry.title,
        title_html=highlight(entry.title, query),
        url=entry.url,
        snippet=snippet(entry.body, query),
        doc_number=entry.doc_number,
        date=entry.date,
        issue_label=entry.issue_label,
        status=status,
        status_label=STATUS_LABELS.get(status, ""),
        score=score,
    )


_ROW_FIELDS = ("id", "kind", "doc_number_key", "title_key", "url", *_FACET_FIELDS)


def _window_rows(queryset, as_of: dt.date) -> list[dict]:
    """Read the small columns of the window's entries, with each one's status on `as_of`.

    Plain cursor rows: up to a few thousand of them, and Django's per-value converters
    (dates from SQLite text) would cost more than the query.
    """
    sql, params = queryset.values_list(*_ROW_FIELDS, *_TIMELINE_FIELDS).query.sql_with_params()
    day = as_of.isoformat()
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for values in cursor.fetchall():
            row = dict(zip(_ROW_FIELDS, values, strict=False))
            s0, c1, s1, c2, s2, c3, s3 = values[len(_ROW_FIELDS) :]
            # The stretch of the status timeline that contains the day (ISO dates compare
            # as text, whether the database returned text or dates).
            if c1 is None or day < str(c1):
                row["status_now"] = s0
            elif c2 is None or day < str(c2):
                row["status_now"] = s1
            elif c3 is None or day < str(c3):
                row["status_now"] = s2
            else:
                row["status_now"] = s3
            rows.append(row)
    return rows


def _score(row: dict, query: ParsedQuery, heads: set[int], titles: set[int]) -> int:
    if (
        query.doc_number is not None
        and row["kind"] == "document"
        and row["doc_number_key"] == query.doc_number.canonical
    ):
        return EXACT_NUMBER
    if query.key and row["title_key"] == query.key[:300]:
        return EXACT_TITLE
    if row["id"] in heads:
        return IN_HEAD
    if row["id"] in titles:
        return IN_TITLE
    return IN_BODY


def _rank_key(sort: str):
    # Ids are (day << DAY_SHIFT) + order of writing: newest day first, then as printed.
    if sort == "date":
        return lambda r: (-(r["id"] >> DAY_SHIFT), -r["score"], r["id"])
    return lambda r: (-r["score"], -(r["id"] >> DAY_SHIFT), r["id"])


def search(params, *, baseline: bool = False) -> SearchResults:
    """Run a search from request parameters (q, filters, as_of, sort, page); BadInput if wrong."""
    query = parse_query(params.get("q"))
    as_of = parse_date(params.get("as_of"), field="时效日期（as_of）", default=today())
    sort = (params.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise BadInput("排序方式只能是 relevance（相关度）或 date（日期）。")
    page = parse_page(params.get("page"), maximum=WINDOW // PAGE_SIZE)
    filterset = SearchFilter(params, queryset=SearchEntry.objects.all(), as_of=as_of)
    if not filterset.is_valid():
        raise BadInput(filterset.error_text())
    selected = {
        name: str(value)
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "")
    }
    backend = backend_for(baseline=baseline)
    entries = filterset.qs
    filtered = bool(selected)

    def newest(part: str, limit: int) -> tuple[list[int], bool]:
        return backend.hit_ids(entries, query, part=part, limit=limit, filtered=filtered)

    hits, more = newest("all", WINDOW)
    complete = not more
    heads = set(newest("head", TIER_WINDOW)[0])
    titles = set(newest("title", TIER_WINDOW)[0])
    # Exact numbers and titles rank first even when they are older than the window.
    exact = Q()
    if query.doc_number is not None:
        exact |= Q(kind="document", doc_number_key=query.doc_number.canonical)
    if query.key:
        exact |= Q(title_key=query.key[:300])
    window = set(hits) | heads | titles
    # They contain the query by construction (their title field holds the number, or
    # equals the query), so they need no second look-up in the index.
    rows = _window_rows(entries.filter(backend.ids(sorted(window)) | exact), as_of)
    for row in rows:
        row["score"] = _score(row, query, heads, titles)
    rows.sort(key=_rank_key(sort))

    exact_url = next((r["url"] for r in rows if r["score"] == EXACT_NUMBER), None)
    total = len(rows)
    total_known = complete
    if not complete:
        counted = backend.count(entries, query, filtered=filtered)
        if counted is not None:
            total, total_known = counted, True
    counts, labels = _count(rows)

    offset = (page - 1) * PAGE_SIZE
    shown = rows[offset : offset + PAGE_SIZE]
    texts = SearchEntry.objects.in_bulk([r["id"] for r in shown]) if shown else {}
    source_labels = {s.name: s.label for s in registry.sources()}
    return SearchResults(
        query=query,
        as_of=as_of,
        sort=sort,
        page=page,
        total=total,
        hits=[
            _hit(texts[r["id"]], r["score"], r["status_now"], query, source_labels)
            for r in shown
            if r["id"] in texts
        ],
        facets=_facets(counts, labels, selected),
        exact_url=exact_url,
        filters=selected,
        complete=complete,
        total_known=total_known,
        ranked=len(rows),
    )
