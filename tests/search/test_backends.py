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
