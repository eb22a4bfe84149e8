"""Answer a search: the hits of one page with snippets, the total and every filter's counts.

Whatever the number of hits, a results page costs at most four SQL queries: the
exact document number (only when the query is one), the counts of every filter in
one statement, the ranking of the page's hits, and their text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, QuerySet
from django.utils.safestring import SafeString

from documents.models import DocumentKind, Status
from gazette_site.http import BadInput, parse_date, parse_int, today
from search import registry
from search.backends import backend_for
from search.filters import SearchFilter, status_on
from search.models import SearchEntry
from search.query import ParsedQuery, parse_query
from search.snippets import highlight, snippet

PAGE_SIZE = 20
MAX_PAGE = 500
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

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.hits else 0

    @property
    def last(self) -> int:
        return self.first + len(self.hits) - 1 if self.hits else 0


def _counts(
    queryset: QuerySet, as_of: dt.date
) -> tuple[dict[str, Counter], dict[tuple[str, str], str]]:
    """Count the hits per value of every filter in one statement."""
    hits = (
        queryset.annotate(status_now=status_on(as_of))
        .order_by()
        .values(
            "source", "issue", "issue_label", "year", "section", "doc_kind", "issuers", "status_now"
        )
    )
    sql, params = hits.query.sql_with_params()
    statement = f"""
        WITH hits AS MATERIALIZED ({sql})
        SELECT 'dataset', source, '', COUNT(*) FROM hits GROUP BY source
        UNION ALL SELECT 'issue', issue, MAX(issue_label), COUNT(*) FROM hits
            WHERE issue <> '' GROUP BY issue
        UNION ALL SELECT 'year', CAST(year AS TEXT), '', COUNT(*) FROM hits
            WHERE year IS NOT NULL GROUP BY year
        UNION ALL SELECT 'section', section, '', COUNT(*) FROM hits
            WHERE section <> '' GROUP BY section
        UNION ALL SELECT 'doc_kind', doc_kind, '', COUNT(*) FROM hits
            WHERE doc_kind <> '' GROUP BY doc_kind
        UNION ALL SELECT 'issuer', issuers, '', COUNT(*) FROM hits
            WHERE issuers <> '' GROUP BY issuers
        UNION ALL SELECT 'status', status_now, '', COUNT(*) FROM hits
            WHERE status_now <> '' GROUP BY status_now
    """
    counts: dict[str, Counter] = {name: Counter() for name, _label in FACETS}
    labels: dict[tuple[str, str], str] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for facet, value, label, count in cursor.fetchall():
            if facet == "issuer":
                # Hits are grouped by their whole list of issuers; a joint document counts
                # once for each of its issuers.
                for name in value.strip("|").split("|"):
                    counts[facet][name] += count
                continue
            counts[facet][str(value)] += count
            if label:
                labels[(facet, str(value))] = label
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


def search(params, *, baseline: bool = False) -> SearchResults:
    """Run a search from request parameters (q, filters, as_of, sort, page); BadInput if wrong."""
    query = parse_query(params.get("q"))
    as_of = parse_date(params.get("as_of"), field="时效日期（as_of）", default=today())
    sort = (params.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise BadInput("排序方式只能是 relevance（相关度）或 date（日期）。")
    page = parse_int(params.get("page"), field="页码", minimum=1, maximum=MAX_PAGE, default=1)
    filterset = SearchFilter(params, queryset=SearchEntry.objects.all(), as_of=as_of)
    if not filterset.is_valid():
        raise BadInput(filterset.error_text())
    selected = {
        name: str(value)
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "")
    }
    backend = backend_for(baseline=baseline)
    matched = backend.match(filterset.qs, query)

    exact_url = None
    if query.doc_number is not None:
        exact_url = (
            SearchEntry.objects.filter(kind="document", doc_number_key=query.doc_number.canonical)
            .values_list("url", flat=True)
            .first()
        )

    counts, labels = _counts(matched, as_of)
    total = sum(counts["dataset"].values())
    order = ["-score", F("date").desc(nulls_last=True), "id"]
    if sort == "date":
        order = [F("date").desc(nulls_last=True), "-score", "id"]
    hits: list[Hit] = []
    offset = (page - 1) * PAGE_SIZE
    if offset < total:
        # Rank by the small columns first, then read the text of the 20 chosen rows only:
        # sorting whole rows would read every hit's body.
        top = list(
            matched.annotate(status_now=status_on(as_of))
            .order_by(*order)
            .values_list("id", "score", "status_now")[offset : offset + PAGE_SIZE]
        )
        texts = SearchEntry.objects.in_bulk(
            [pk for pk, _score, _status in top],
            field_name="id",
        )
        source_labels = {s.name: s.label for s in registry.sources()}
        hits = [
            _hit(texts[pk], score, status, query, source_labels)
            for pk, score, status in top
            if pk in texts
        ]
    return SearchResults(
        query=query,
        as_of=as_of,
        sort=sort,
        page=page,
        total=total,
        hits=hits,
        facets=_facets(counts, labels, selected),
        exact_url=exact_url,
        filters=selected,
    )
