"""Each database's index holds exactly our tokens and answers short queries from the index."""

import re

import pytest
from django.db import connection

from search.backends import PostgresBackend, SQLiteBackend, backend_for
from search.models import SearchEntry
from search.query import parse_query
from search.text import token_texts

pytestmark = pytest.mark.django_db


def test_the_backend_matches_the_database_in_use():
    backend = backend_for()
    assert backend.vendor == connection.vendor
    assert (
        type(backend) is {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}[connection.vendor]
    )


def test_queries_become_phrases_joined_by_and_in_both_dialects():
    query = parse_query('献 "无偿献血" 威政发[2020]7号')
    assert SQLiteBackend.fts_query(SQLiteBackend(), query) == (
        '"无偿 偿献 献血" AND "威政 政发 发 2020 7" AND "献" *'
    )
    assert PostgresBackend.ts_query(PostgresBackend(), query) == (
        "('无偿' <-> '偿献' <-> '献血') & "
        "('威政' <-> '政发' <-> '发' <-> '2020' <-> '7') & ('献':*)"
    )


def _indexed_positions(entry) -> dict[str, list[tuple[int, str]]]:
    """Read back what the database indexed for an entry: per column, (position, token)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_terms "
                "USING fts5vocab(main, search_fts, instance)"
            )
            cursor.execute(
                "SELECT col, offset, term FROM temp.search_fts_terms WHERE doc = %s", [entry.id]
            )
            found: dict[str, list] = {"head": [], "title": [], "body": []}
            for col, offset, term in cursor.fetchall():
                found[col].append((offset, term))
            return {col: sorted(items) for col, items in found.items()}
        cursor.execute(
            "SELECT head_vec::text, title_vec::text, doc_vec::text FROM search_pgvector "
            "WHERE id = %s",
            [entry.id],
        )
        vectors = cursor.fetchone()
    found = {}
    for col, vector in zip(["head", "title", "doc"], vectors, strict=True):
        items = []
        for lexeme, positions in re.findall(r"'((?:[^']|'')*)':([\d,]+)", vector):
            items.extend((int(p) - 1, lexeme.replace("''", "'")) for p in positions.split(","))
        found[col] = sorted(items)
    return found


@pytest.mark.parametrize("key_kind", ["document", "provision"])
def test_the_index_holds_exactly_the_tokens_at_their_positions(key_kind):
    entry = SearchEntry.objects.filter(kind=key_kind, doc_number="威政发〔2020〕7号").order_by(
        "id"
    )[1 if key_kind == "provision" else 0]
    title = f"{entry.title} {entry.doc_number}"
    expected_title = list(enumerate(token_texts(title)))
    expected_body = list(enumerate(token_texts(entry.body)))
    assert len(expected_body) > 20
    found = _indexed_positions(entry)
    assert found["head"] == list(enumerate(token_texts(entry.head)))
    assert found["title"] == expected_title
    if connection.vendor == "sqlite":
        assert found["body"] == expected_body
    else:
        # Title, one position of gap, then the body; PostgreSQL keeps 256 positions a lexeme.
        gap = len(expected_title) + 1
        shifted = expected_title + [(gap + i, t) for i, t in expected_body]
        kept: dict[str, int] = {}
        capped = []
        for position, token in shifted:
            kept[token] = kept.get(token, 0) + 1
            if kept[token] <= 256 and position < 16383:
                capped.append((position, token))
        assert found["doc"] == sorted(capped)


@pytest.mark.parametrize("q", ["献", "献血"])
def test_one_and_two_character_queries_are_answered_from_the_index(q):
    matched = backend_for().match(SearchEntry.objects.all(), parse_query(q))
    sql, params = matched.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan and "search_fts" in plan
        else:
            # On a tiny table a scan may be cheaper; show the index can serve the query.
            # Plain index scans (e.g. of the primary key, then a filter) are off too, so
            # the plan shows whether the GIN index can answer the query.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "search_pgvector_doc_vec" in plan


# --- PostgreSQL: newest hits by walking the entries or from the GIN index ---------------


def test_the_walk_is_tried_only_for_common_terms_and_never_costs_more_than_the_index():
    from search.backends import walk_budget

    rows, want = 250_000, 401
    # Rare (a word found nowhere, a 2 % word): the index hands over few entries.
    assert walk_budget(None, rows, want) is None
    assert walk_budget(0.0, rows, want) is None
    assert walk_budget(0.02, rows, want) is None
    # Common: about want / share entries are walked, with a margin, and never more than
    # the share × rows entries the index would hand over.
    for share in (0.05, 0.2, 0.6, 1.0):
        budget = walk_budget(share, rows, want)
        assert want / share <= budget <= share * rows + 1
        assert budget <= rows
    assert walk_budget(0.2, 0, want) is None  # nothing analysed yet


def _statistics(**shares):
    from search.backends import TokenStatistics

    return TokenStatistics(rows=1000, columns={"doc_vec": shares})


def test_the_share_of_a_query_is_read_from_the_token_statistics():
    from search.query import any_of

    stats = _statistics(献血=0.5, 无偿=0.2, 偿献=0.25, 血=0.3, 发展=0.4, 市政=0.1)
    # Overlapping bigrams: no commoner than the rarest.
    assert stats.share(parse_query("无偿献血"), "doc_vec") == pytest.approx(0.2)
    # Separate words: all of them (independent), or any of them (the commonest).
    assert stats.share(parse_query("献血 发展"), "doc_vec") == pytest.approx(0.5 * 0.4)
    assert stats.share(any_of(["献血", "发展"]), "doc_vec") == pytest.approx(0.5)
    # A token the statistics do not list is rarer than all they list: half the least.
    assert stats.share(parse_query("量子"), "doc_vec") == pytest.approx(0.05)
    # Deciding whether to walk, such a token counts as in no entry: it may well be in none.
    assert stats.share(parse_query("量子"), "doc_vec", unlisted=0.0) == 0
    assert stats.share(parse_query("无偿献血 量子"), "doc_vec", unlisted=0.0) == 0
    # One character: every token it begins.
    assert stats.share(parse_query("献"), "doc_vec") == pytest.approx(0.5)
    # No statistics (never analysed) or another column: unknown.
    assert stats.share(parse_query("献血"), "head_vec") is None
    assert _statistics().share(parse_query("献血"), "doc_vec") is None


QUERIES_BOTH_WAYS = [
    "献血",
    "的",
    "补偿标准",
    "无偿献血",
    "献 免费",
    "威政发〔2020〕7号",
    "量子纠缠",
    "市",
]


@pytest.mark.parametrize("q", QUERIES_BOTH_WAYS)
@pytest.mark.parametrize("part", ["all", "head", "title"])
def test_the_newest_hits_are_the_same_however_they_are_found(q, part, monkeypatch):
    """Walking the newest entries and asking the index give the newest hits of a plain match."""
    from search.backends import TokenStatistics

    backend = backend_for()
    query = parse_query(q)
    entries = SearchEntry.objects.all()
    expected = list(
        backend.match(entries, query, part).order_by("-id").values_list("id", flat=True)
    )
    limit = 5
    ways = [None]
    if isinstance(backend, PostgresBackend):
        rows = SearchEntry.objects.count()
        column = PostgresBackend.VECTORS[part]
        common = TokenStatistics(rows=rows, columns={column: {"": 1.0}})
        # "": every token begins with it, so a prefix is common; tokens missing are rare.
        walk_all = TokenStatistics(rows=rows, columns={column: _every_token_common(query)})
        ways = [common, walk_all, TokenStatistics(rows=0, columns={})]
    for statistics in ways:
        if statistics is not None:
            monkeypatch.setattr(PostgresBackend, "statistics", lambda self, s=statistics: s)
        for filtered in (False, True):
            ids, more = backend.hit_ids(
                entries.filter(kind__in=["document", "provision"]) if filtered else entries,
                query,
                part=part,
                limit=limit,
                filtered=filtered,
            )
            wanted = expected
            if filtered:
                kinds = dict(SearchEntry.objects.filter(id__in=expected).values_list("id", "kind"))
                wanted = [pk for pk in expected if kinds[pk] in ("document", "provision")]
            # The newest hits, in order; fewer than asked for only when the page is told
            # that more may match (a phrase checked on the newest candidates only).
            assert ids == wanted[: len(ids)], (statistics, filtered)
            assert ids == wanted[:limit] or more
            assert more or len(wanted) <= limit


def _every_token_common(query) -> dict[str, float]:
    return {token.text: 1.0 for term in query.terms for token in term.tokens}


def test_the_token_statistics_are_read_after_a_rebuild():
    backend = backend_for()
    if not isinstance(backend, PostgresBackend):
        # SQLite's FTS5 walks its own doclists, newest first: nothing to estimate.
        assert not hasattr(backend, "statistics")
        return
    from search.services import index_rebuild

    index_rebuild()  # ANALYZE at its end
    statistics = backend.statistics()
    assert statistics.rows == SearchEntry.objects.count()
    # 的 begins tokens in most entries of the real gazette; 量子 is in none.
    assert statistics.share(parse_query("的"), "doc_vec") > 0.5
    assert "量子" not in statistics.columns["doc_vec"]
