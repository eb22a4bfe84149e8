"""Answer a search: the documents of one page with their best matches, totals and filter counts.

Hits are grouped by document (a document and its provisions are one result; a dataset's
records are one result under the dataset), and totals and filter counts count those
groups. When the words as typed match few documents, the query is also read word by word
(search/understand.py) and documents are ranked by how much of it they contain, where
(title, heading) and how close together (in one provision); exact matches stay first.

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
from collections import Counter, namedtuple
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from django.db import connection
from django.db.models import Q
from django.utils.safestring import SafeString

from documents.choices import DocumentKind, Status
from gazette_site.http import BadInput, parse_date, today
from gazette_site.pagination import parse_page
from gazette_text import parse_doc_number
from gazette_text.docnumber import parse_short_doc_number
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
from search.filters import SearchFilter, status_on
from search.models import SearchEntry, Synonym
from search.query import ParsedQuery, any_of, one_typo, parse_query
from search.snippets import contains, snippet
from search.snippets import highlight as mark_title
from search.text import compact, normalise_text
from search.understand import MAX_WORDS, SPECIFIC, Word, rarity, synonym_map, words_of

PAGE_SIZE = 20  # documents per page
MATCHES_SHOWN = 3  # best matches shown under each document
CONSIDERED = 12  # hits of a document read to choose its best matches
FEW = 3  # fewer documents than this for the query as typed: also read it word by word
COVERAGE = 0.5  # a result must hold more than this share of the query's words (by weight)
# SQL queries of one page at most: three index passes, the window's rows and a count (or
# PostgreSQL's token statistics, read once per process and five minutes); the
# synonym list, one look-up per word, one for a mistyped character, their rows; the texts.
MAX_QUERIES = 5 + 1 + MAX_WORDS + 1 + 1 + 1
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
    heading_html: SafeString  # a provision's label and heading, a record's own title
    url: str
    snippet: SafeString
    doc_number: str
    date: dt.date | None
    issue_label: str
    status: str
    status_label: str
    score: int


@dataclass(frozen=True)
class DocumentResult:
    """One result: a document with its best-matching provisions, or a dataset with its records."""

    kind: str  # "document" or "dataset"
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
    matches: list[Hit]  # up to MATCHES_SHOWN best matches inside it
    hits: list[Hit]  # the document's own hit (if it matched) and `matches`
    more: int  # further matches not shown
    more_url: str  # the document with the matched words highlighted
    exact: bool  # contains the query as typed (not only its words apart)
    score: float


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
    total_known: bool = True  # `total` is exact (else it is an estimate, labelled 约)
    ranked: int = 0  # documents ranked, so pages beyond them cannot be shown
    documents: list[DocumentResult] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the words tried one by one, if any
    candidates: list[DocumentResult] = field(default_factory=list)  # for a short 文号
    nearest: list[DocumentResult] = field(default_factory=list)  # when nothing is found

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.total, self.ranked) / PAGE_SIZE))

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.documents else 0

    @property
    def last(self) -> int:
        return self.first + len(self.documents) - 1 if self.documents else 0

    @property
    def one_word(self) -> bool:
        """One term as typed: "drop a word" is no advice (its words were tried apart already)."""
        return len(self.query.terms) <= 1


def _count(groups: list[list[dict]]) -> tuple[dict[str, Counter], dict]:
    """Count the documents (groups of hits) per value of every filter."""
    counts: dict[str, Counter] = {name: Counter() for name, _label in FACETS}
    labels: dict[tuple[str, str], str] = {}
    for members in groups:
        # A document's provisions repeat its facets: look at each combination once.
        seen = {
            (r["source"], r["status_now"], r["issue"], r["issue_label"], r["year"])
            + (r["section"], r["doc_kind"], r["issuers"])
            for r in members
        }
        values: dict[str, set] = {name: set() for name, _label in FACETS}
        for source, status, issue, issue_label, year, section, doc_kind, issuers in seen:
            values["dataset"].add(source)
            if status:
                values["status"].add(status)
            if issue:
                values["issue"].add(issue)
                labels[("issue", issue)] = issue_label
            if year:
                values["year"].add(str(year))
            if section:
                values["section"].add(section)
            if doc_kind:
                values["doc_kind"].add(doc_kind)
            if issuers:
                # A joint document counts once for each of its issuers.
                values["issuer"].update(issuers.strip("|").split("|"))
        for name, found in values.items():
            counts[name].update(found)
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


def _hit(entry, score: int, status: str, query, source_labels, body=None, heading=None) -> Hit:
    """One hit; `body` and `heading` are its snippet and heading when already marked."""
    status = status or ""
    return Hit(
        kind=entry.kind,
        kind_label=KIND_LABELS.get(entry.kind, source_labels.get(entry.source, "")),
        dataset=entry.source,
        dataset_label=source_labels.get(entry.source, entry.source),
        title=entry.title,
        heading_html=mark_title(entry.head or entry.title, query) if heading is None else heading,
        url=entry.url,
        snippet=snippet(entry.body, query) if body is None else body,
        doc_number=entry.doc_number,
        date=entry.date,
        issue_label=entry.issue_label,
        status=status,
        status_label=STATUS_LABELS.get(status, ""),
        score=score,
    )


# What a shown hit needs of its entry (not the digest, keys and timeline).
_TEXT_FIELDS = (
    "kind",
    "source",
    "title",
    "head",
    "url",
    "body",
    "doc_number",
    "date",
    "issue_label",
)
ShownEntry = namedtuple("ShownEntry", ("id", *_TEXT_FIELDS))
_ROW_FIELDS = (
    "id",
    "kind",
    "doc_number_key",
    "title_key",
    "head",
    "title",
    "doc_number",
    "url",
    *_FACET_FIELDS,
)


def _window_rows(queryset, as_of: dt.date) -> list[dict]:
    """Read the small columns of the window's entries, with each one's status on `as_of`.

    Plain cursor rows: up to a few thousand of them, and Django's per-value converters
    would cost more than the query. The status is picked from the stored timeline in SQL
    (the filter's own expression), so no date column is read at all.
    """
    sql, params = (
        queryset.annotate(status_now=status_on(as_of))
        .values_list(*_ROW_FIELDS, "status_now")
        .query.sql_with_params()
    )
    fields = (*_ROW_FIELDS, "status_now")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [dict(zip(fields, values, strict=True)) for values in cursor.fetchall()]
    for row in rows:
        row["group"] = group_key(row)  # asked for again and again while ranking
    return rows


def _indexed_title(row: dict) -> str:
    """The text of an entry's title column in the index: its title and document number."""
    return f"{row['title']} {row['doc_number']}" if row["doc_number"] else row["title"]


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


def group_key(row: dict) -> str:
    """A document and its provisions are one result; a dataset's records are one result."""
    if "group" in row:
        return row["group"]
    if row["kind"] in KIND_LABELS:
        return row["url"].split("#", 1)[0]
    return f"dataset:{row['source']}"


def _groups(rows: list[dict]) -> dict[str, list[dict]]:
    """Group ranked rows, keeping the order in which each group first appears."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(group_key(row), []).append(row)
    return groups


def _weights(documents: list[int], words: list[Word]) -> list[float]:
    """Weigh each word by how few documents hold it (inverse document frequency).

    A word found nowhere weighs like the others' mean when it names a subject (火星 in
    火星基地: the gazette does not cover it, so half a match is no match), and nothing when
    it is a common word (一只 in 蓝孔雀多少钱一只), judged by its frequency in general Chinese.
    """
    most = max(documents, default=0) + 1
    weights = [math.log(1 + most / n) if n else 0.0 for n in documents]
    known = [w for w in weights if w]
    mean = sum(known) / len(known) if known else 1.0
    return [
        w if w else (mean if rarity(word.text) >= SPECIFIC else 0.0)
        for w, word in zip(weights, words, strict=True)
    ]


def _contains(text: str, alternatives: tuple[str, ...]) -> bool:
    return any(alternative in text for alternative in alternatives)


def _head_key(row: dict) -> str:
    row["head_key"] = compact(row["head"])
    return row["head_key"]


def _word_scores(members, keys, weights, credits) -> tuple[float, float, float, float]:
    """How much of the query a group covers: anywhere, in its title, in one entry, in headings.

    `keys` holds each word's alternatives, compacted as titles are.
    """
    total = sum(weights) or 1.0
    everywhere: set[int] = set()
    best_entry = 0.0
    for row in members:
        everywhere |= row["words"]
        best_entry = max(best_entry, sum(weights[i] * credits[i] for i in row["words"]))
    coverage = sum(weights[i] * credits[i] for i in everywhere) / total
    title = next((r["title_key"] for r in members if r["kind"] == "document"), "")
    title = title or members[0]["title_key"]
    heads = " ".join(r.get("head_key") or _head_key(r) for r in members)
    in_title = sum(w for key, w in zip(keys, weights, strict=True) if _contains(title, key))
    in_head = sum(w for key, w in zip(keys, weights, strict=True) if _contains(heads, key))
    return coverage, in_title / total, best_entry / total, in_head / total


def _segmented(entries, query, backend, filtered, as_of, known: dict[int, dict]):
    """Look the query's words up one by one; return the words and rows carrying `words`."""
    free = [t.text for t in query.terms if not t.phrase]
    if len(free) != len(query.terms):
        return [], [], []
    synonyms = synonym_map([s.term_list() for s in Synonym.objects.all()])
    words = words_of(" ".join(free), synonyms)
    as_typed = len(words) == 1 and words[0].text == compact(query.raw)
    if not words or (as_typed and len(words[0].alternatives) == 1):
        return words, [], []
    found: list[set[int]] = []
    credits: list[float] = []
    for word in words:
        ids, _more = backend.hit_ids(
            entries, any_of(word.alternatives), part="all", limit=WINDOW, filtered=filtered
        )
        found.append(set(ids))
        credits.append(1.0)
    missing = [i for i, ids in enumerate(found) if not ids]
    runs = [compact(text) for text in free]
    typo = one_typo([run for run in runs if any(words[i].text in run for i in missing)])
    if missing and typo is not None:
        # A word found nowhere may be a mistyped character: where its run occurs with one
        # character different, count every word of that run as found.
        ids, _more = backend.hit_ids(entries, typo, part="all", limit=WINDOW, filtered=filtered)
        for i, word in enumerate(words):
            if any(word.text in run for run in runs if run in typo.raw.split()):
                found[i] |= set(ids)
    wanted = set().union(*found) - set(known)
    rows = list(known.values())
    if wanted:
        rows += _window_rows(entries.filter(backend.ids(sorted(wanted))), as_of)
    for row in rows:
        row["words"] = {i for i, ids in enumerate(found) if row["id"] in ids}
    rows = [r for r in rows if r["words"]]
    # How many documents (not entries: a document's title repeats in all its articles)
    # hold each word.
    holders: list[set[str]] = [set() for _word in words]
    for row in rows:
        for i in row["words"]:
            holders[i].add(group_key(row))
    weights = _weights([len(h) for h in holders], words)
    return words, rows, list(zip(weights, credits, strict=True))


def _short_number_rows(entries, raw, backend, filtered, as_of) -> list[dict] | None:
    """The documents a number typed without its year (威政发7号, 7号文) may mean, or None."""
    short = parse_short_doc_number(raw)
    if short is None:
        return None
    query = parse_query(f"{short.code} {short.serial}号".strip())
    # A title ends with its number, so 号 is a token of its own: exact, not a costly prefix.
    *rest, last = query.terms
    number = replace(last, tokens=(*last.tokens[:-1], replace(last.tokens[-1], prefix=False)))
    query = replace(query, terms=(*rest, number))
    ids, _more = backend.hit_ids(entries, query, part="title", limit=WINDOW, filtered=filtered)
    if not ids:
        return []
    rows = _window_rows(entries.filter(backend.ids(ids), kind="document"), as_of)
    return [
        r
        for r in rows
        if (number := parse_doc_number(r["doc_number_key"])) and short.matches(number)
    ]


def _documents_before_their_data(ranked: list[list[dict]]) -> list[list[dict]]:
    """Put a gazette document right before a dataset drawn from it that ranks higher.

    A dataset (a table of rates, a list of species) is taken from one document; the
    document is what a citizen asked for, the data is the next thing to look at.
    """
    result = list(ranked)
    for members in ranked:
        if members[0]["kind"] in KIND_LABELS:
            continue
        numbers = {r["doc_number_key"] for r in members}
        if len(numbers) != 1 or not next(iter(numbers)):
            continue
        number = numbers.pop()
        at = result.index(members)
        source = next(
            (
                i
                for i, other in enumerate(result)
                if i > at
                and other[0]["kind"] in KIND_LABELS
                and other[0]["doc_number_key"] == number
            ),
            None,
        )
        if source is not None:
            result.insert(at, result.pop(source))
    return result


def _occurrences(text: str, words: list[str]) -> int:
    """Count how often the words occur in a text (normalised, so 无偿献 血 counts)."""
    normalised = normalise_text(text)
    return sum(normalised.count(word) for word in words if word)


def _more_url(url: str, highlight_words: list[str]) -> str:
    """Link to a page with the words highlighted (URL text fragments, kept by browsers)."""
    if not highlight_words:
        return url
    base = url.split("#", 1)[0]
    return base + "#:~:" + "&".join(f"text={quote(w, safe='')}" for w in highlight_words[:4])


def search(params, *, baseline: bool = False, legacy: bool = False) -> SearchResults:
    """Run a search from request parameters (q, filters, as_of, sort, page); BadInput if wrong.

    `legacy` answers with the query as typed only (no words apart, no short numbers), the
    way search worked before; the relevance benchmark compares both.
    """
    query = parse_query(params.get("q"))
    as_of = parse_date(params.get("as_of"), field="时效日期（as_of）", default=today())
    sort = (params.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise BadInput("排序方式只能是 relevance（相关度）或 date（日期）。")
    page = parse_page(params.get("page"), maximum=WINDOW // PAGE_SIZE)
    entries, selected = SearchEntry.objects.all(), {}
    if any(params.get(name) for name in SearchFilter.base_filters):
        # Building the filter form costs more than a query: only when a filter is given.
        filterset = SearchFilter(params, queryset=entries, as_of=as_of)
        if not filterset.is_valid():
            raise BadInput(filterset.error_text())
        selected = {
            name: str(value)
            for name, value in filterset.form.cleaned_data.items()
            if value not in (None, "")
        }
        entries = filterset.qs
    backend = backend_for(baseline=baseline)
    filtered = bool(selected)

    short_rows = None
    if not legacy and query.doc_number is None:
        short_rows = _short_number_rows(entries, query.raw, backend, filtered, as_of)
    if short_rows:
        for row in short_rows:
            row["score"] = EXACT_NUMBER
        short_rows.sort(key=_rank_key(sort))
        exact_url = short_rows[0]["url"] if len(short_rows) == 1 else None
        return _results(
            query=query,
            as_of=as_of,
            sort=sort,
            page=page,
            selected=selected,
            ranked=[[row] for row in short_rows],
            exact_url=exact_url,
            candidates=len(short_rows) > 1,
            highlight=query,
        )

    def newest(part: str, limit: int) -> tuple[list[int], bool]:
        return backend.hit_ids(entries, query, part=part, limit=limit, filtered=filtered)

    hits, more = newest("all", WINDOW)
    complete = not more
    # With every hit in hand, headings and titles are checked in their text below: two
    # index passes saved, which for a document number (2020, 7 in every title) are most
    # of the page's time.
    from_text = complete and backend.parts_within_all
    heads = set() if from_text else set(newest("head", TIER_WINDOW)[0])
    titles = set() if from_text else set(newest("title", TIER_WINDOW)[0])
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
    if from_text:
        heads = {row["id"] for row in rows if contains(row["head"], query)}
        titles = {row["id"] for row in rows if contains(_indexed_title(row), query)}
    for row in rows:
        row["score"] = _score(row, query, heads, titles)
    rows.sort(key=_rank_key(sort))
    ranked = list(_groups(rows).values())
    exact_url = next((r["url"] for r in rows if r["score"] == EXACT_NUMBER), None)

    total, total_known = len(ranked), complete
    if not complete:
        # Estimate the documents from the hits (counted by FTS5, or estimated by PostgreSQL's
        # statistics) and the window's hits per document; the page says 约.
        counted = backend.count(entries, query, filtered=filtered)
        if counted is None:
            counted = backend.estimate(query, filtered=filtered)
        if counted:
            total = max(total, round(counted * len(ranked) / max(1, len(rows))))

    words: list[Word] = []
    nearest: list[list[dict]] = []
    highlight = query
    exact_keys = set(_groups(rows))
    if not legacy and len(ranked) < FEW:
        known = {row["id"]: row for row in rows}
        words, found, weighing = _segmented(entries, query, backend, filtered, as_of, known)
        if found:
            weights = [w for w, _c in weighing]
            credits = [c for _w, c in weighing]
            exact_keys = set(_groups(rows))
            scored = []
            keys = [tuple(compact(a) for a in word.alternatives) for word in words]
            for key, members in _groups(found).items():
                if key in exact_keys:
                    continue
                coverage, in_title, close, in_head = _word_scores(members, keys, weights, credits)
                score = coverage + 0.5 * in_title + 0.3 * close + 0.2 * in_head
                for row in members:
                    row["score"] = 0
                    row["weight"] = sum(weights[i] for i in row["words"])
                members.sort(key=lambda r: (-r["weight"], r["id"]))
                scored.append((coverage, score, members))
            scored.sort(
                key=lambda s: (
                    -round(s[1], 6),
                    s[2][0]["kind"] not in KIND_LABELS,
                    -(max(r["id"] for r in s[2]) >> DAY_SHIFT),
                )
            )
            kept = [members for coverage, _score, members in scored if coverage > COVERAGE + 1e-9]
            if sort == "date":
                kept.sort(key=lambda members: -(max(r["id"] for r in members) >> DAY_SHIFT))
            ranked = ranked + kept
            nearest = [members for coverage, _s, members in scored if coverage <= COVERAGE + 1e-9][
                :3
            ]
            total, total_known = len(ranked), True
            highlight = any_of(
                [t.text for t in query.terms] + [a for word in words for a in word.alternatives]
            )
    if sort == "relevance":
        ranked = _documents_before_their_data(ranked)
    return _results(
        query=query,
        as_of=as_of,
        sort=sort,
        page=page,
        selected=selected,
        ranked=ranked,
        exact_url=exact_url,
        total=total,
        total_known=total_known,
        complete=complete,
        words=[w.text for w in words] if len(words) > 1 or ranked == [] else [],
        nearest=nearest if not ranked else [],
        highlight=highlight,
        exact_keys=exact_keys,
    )


def _results(
    *,
    query,
    as_of,
    sort,
    page,
    selected,
    ranked: list[list[dict]],
    exact_url,
    highlight,
    total=None,
    total_known=True,
    complete=True,
    candidates=False,
    words=(),
    nearest=(),
    exact_keys=None,
) -> SearchResults:
    """Read the texts of the page's documents (one query) and build the results."""
    counts, labels = _count(ranked)
    offset = (page - 1) * PAGE_SIZE
    shown = ranked[offset : offset + PAGE_SIZE]
    near = list(nearest)
    # The best matches of a document are chosen among its first CONSIDERED hits by how
    # often the words occur in their text (every article of a document matches its title).
    wanted_ids = {row["id"] for members in shown + near for row in members[:CONSIDERED]}
    documents = {
        group_key(members[0]) for members in shown + near if members[0]["kind"] in KIND_LABELS
    }
    texts: dict = {}
    if wanted_ids or documents:
        # Plain rows, not model instances: a page reads a few hundred of them.
        sql, params = (
            SearchEntry.objects.filter(
                backend_for().ids(sorted(wanted_ids))
                | Q(kind="document", url__in=sorted(documents))
            )
            .values_list("id", *_TEXT_FIELDS)
            .query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for values in cursor.fetchall():
                entry = ShownEntry(*values)
                texts[entry.id] = entry
                if entry.kind == "document":
                    texts[entry.url] = entry
    source_labels = {s.name: s.label for s in registry.sources()}
    words_to_mark = [t.text for t in highlight.terms]
    marks = [compact(word) for word in words_to_mark]

    def build(members: list[dict], exact: bool) -> DocumentResult:
        key = group_key(members[0])
        best = [r for r in members if r["id"] in texts]
        head = texts.get(key) if members[0]["kind"] in KIND_LABELS else None
        inside = [r for r in best if head is None or r["id"] != head.id]
        inside.sort(key=lambda r: (-r["score"], -_occurrences(texts[r["id"]].body, marks), r["id"]))
        matches = [
            _hit(texts[r["id"]], r["score"], r["status_now"], highlight, source_labels)
            for r in inside[:MATCHES_SHOWN]
        ]
        more = max(
            0, len([r for r in members if head is None or r["id"] != head.id]) - len(matches)
        )
        first = members[0]
        if head is not None:
            own = next((r for r in members if r["id"] == head.id), None)
            body_snippet = snippet(head.body, highlight) if own is not None else SafeString("")
            title_html = mark_title(head.title, highlight)
            own_hits = (
                [
                    _hit(
                        head,
                        own["score"],
                        own["status_now"],
                        highlight,
                        source_labels,
                        body=body_snippet,
                        heading=title_html if (head.head or head.title) == head.title else None,
                    )
                ]
                if own is not None
                else []
            )
            status = first["status_now"] or ""
            return DocumentResult(
                kind="document",
                kind_label=KIND_LABELS["document"],
                dataset=head.source,
                dataset_label=source_labels.get(head.source, head.source),
                title=head.title,
                title_html=title_html,
                url=head.url,
                snippet=body_snippet,
                doc_number=head.doc_number,
                date=head.date,
                issue_label=head.issue_label,
                status=status,
                status_label=STATUS_LABELS.get(status, ""),
                matches=matches,
                hits=own_hits + matches,
                more=more,
                more_url=_more_url(head.url, words_to_mark),
                exact=exact,
                score=max(r["score"] for r in members),
            )
        numbers = {texts[r["id"]].doc_number for r in best}
        label = source_labels.get(first["source"], first["source"])
        top_url = "/" + first["url"].strip("/").split("/", 1)[0] + "/"
        return DocumentResult(
            kind="dataset",
            kind_label="数据",
            dataset=first["source"],
            dataset_label=label,
            title=label,
            title_html=mark_title(label, highlight),
            url=top_url,
            snippet=SafeString(""),
            doc_number=numbers.pop() if len(numbers) == 1 else "",
            date=None,
            issue_label=first["issue_label"],
            status="",
            status_label="",
            matches=matches,
            hits=matches,
            more=more,
            more_url=top_url,
            exact=exact,
            score=max(r["score"] for r in members),
        )

    built = [
        build(members, exact=exact_keys is None or group_key(members[0]) in exact_keys)
        for members in shown
    ]
    flat = [hit for document in built for hit in document.hits]
    return SearchResults(
        query=query,
        as_of=as_of,
        sort=sort,
        page=page,
        total=len(ranked) if total is None else total,
        hits=flat,
        facets=_facets(counts, labels, selected),
        exact_url=exact_url,
        filters=selected,
        complete=complete,
        total_known=total_known,
        ranked=len(ranked),
        documents=built,
        words=list(words),
        candidates=built if candidates else [],
        nearest=[build(members, exact=False) for members in near],
    )
