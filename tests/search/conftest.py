"""Helpers for the search tests: ask the JSON endpoint, match the way the index should."""

from __future__ import annotations

import pytest

from search.models import SearchEntry
from search.query import parse_query
from search.text import find_phrase, normalise, spans


def fetch_all(client, **params) -> list[dict]:
    """Return every hit of a search, page after page, from /search.json."""
    hits: list[dict] = []
    page = 1
    while True:
        response = client.get("/search.json", {**params, "page": page})
        assert response.status_code == 200, response.content.decode()
        data = response.json()
        hits.extend(data["results"])
        if page >= data["pages"]:
            assert len(hits) == data["total"]
            return hits
        page += 1


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
