"""The preview runs a fixed number of queries, however many documents and readings a draft has."""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing import services


def _preview_queries(client, draft) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/admin/publishing/draftissue/{draft.pk}/change/")
    assert response.status_code == 200
    return len(ctx)


def test_preview_query_count_is_fixed(
    client, publisher, second_issue_text, django_assert_num_queries
):
    client.force_login(publisher)
    small = services.draft_create(
        text=second_issue_text, source_name="a.txt", source_format="txt", acting_user=publisher
    )
    whole = services.draft_create(
        text=Path(settings.GAZETTE_SOURCE).read_text(encoding="utf-8"),
        source_name="b.txt",
        source_format="txt",
        acting_user=publisher,
    )
    assert whole.documents.count() == 12
    with django_assert_num_queries(10):
        client.get(f"/admin/publishing/draftissue/{small.pk}/change/")
    # 2020-08 is published already: the page also compares it with the site (3 queries more).
    assert _preview_queries(client, whole) == 10 + 3
