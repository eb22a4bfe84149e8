"""Helpers for the search tests: ask the JSON endpoint, match the way the index should."""

from __future__ import annotations

import pytest

from search.models import SearchEntry
from search.query import parse_query
from search.text import find_phrase, normalise, spans


def fetch_documents(client, **params) -> list[dict]:
    """Return every result (document or dataset) of a search, page after page, from /search.json."""
    documents: list[dict] = []
    page = 1
    while True:
        response = client.get("/search.json", {**params, "page": page})
        assert response.status_code == 200, response.content.decode()
        data = response.json()
        documents.extend(data["documents"])
        if page >= data["pages"]:
            assert len(documents) == data["total"]
            return documents
        page += 1


def fetch_all(client, **params) -> list[dict]:
    """Return the hits shown on every page (each document's own hit and its best matches)."""
    hits: list[dict] = []
    page = 1
    while True:
        data = client.get("/search.json", {**params, "page": page}).json()
        hits.extend(data["results"])
        if page >= data["pages"]:
            return hits
        page += 1


def index_urls(q: str, **filters) -> set[str]:
    """Every entry the index matches for the query as typed (all of them, not a page)."""
    from search.backends import backend_for

    entries = SearchEntry.objects.filter(**filters)
    return set(backend_for().match(entries, parse_query(q)).values_list("url", flat=True))


def expected_keys(raw: str) -> set[str]:
    """Match every index row in Python, term by term, to check what the database answers."""
    query = parse_query(raw)
    found = set()
    for row in SearchEntry.objects.values("key", "head", "title", "doc_number", "body"):
        texts = [row["head"], f"{row['title']} {row['doc_number']}", row["body"]]
        token_lists = [spans(normalise(text)[0]) for text in texts]
        if all(
            any(find_phrase(tokens, list(term.tokens)) for tokens in token_lists)
            for term in query.terms
        ):
            found.add(row["key"])
    return found


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw-tests-only")
    client.force_login(user)
    return user
