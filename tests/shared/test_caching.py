"""Public pages: ETag and 304 until the data changes, cached copies that never go stale."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document, Organisation
from gazette_site import dataversion
from gazette_site.importing import spreadsheet_import
from tests.importing.support import OrganisationResource, csv_bytes, upload
from wildlife.models import Species

pytestmark = pytest.mark.django_db

DOC = "/documents/wzf-2020-7/"
QUOTE = "/wildlife/compensation.json?items=蓝孔雀:10"


def test_public_page_sends_etag_and_answers_304_until_the_data_changes(client):
    first = client.get(DOC)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first["Last-Modified"].endswith("GMT")

    again = client.get(DOC, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    document = Document.objects.get(slug="wzf-2020-7")
    document.title = "威海市无偿献血奖励办法（改）"
    document.save()

    changed = client.get(DOC, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "威海市无偿献血奖励办法（改）" in changed.content.decode()
    assert client.get(DOC, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_cached_copy_is_served_then_replaced_after_an_edit(client):
    assert client.get(DOC)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(DOC)
    assert hit["X-Page-Cache"] == "hit"
    assert len(queries) == 1  # the data version; nothing is rendered
    assert "Content-Security-Policy" in hit

    organisation = Organisation.objects.get(slug="市卫生健康委")
    organisation.name = "威海市卫生健康委员会（测试）"
    organisation.save()
    fresh = client.get(DOC)
    assert fresh["X-Page-Cache"] == "miss"


def test_calculator_answers_are_cached_per_query_string_and_follow_a_price_change(client):
    before = json.loads(client.get(QUOTE).content)
    assert client.get(QUOTE)["X-Page-Cache"] == "hit"
    other = client.get("/wildlife/compensation.json?items=蓝孔雀:2")
    assert other["X-Page-Cache"] == "miss"
    assert json.loads(other.content)["total_yuan"] * 5 == before["total_yuan"]

    species = Species.objects.get(name="蓝孔雀")
    species.price = species.price + Decimal(100)
    species.save()

    after = client.get(QUOTE)
    assert after["X-Page-Cache"] == "miss"
    assert json.loads(after.content)["total_yuan"] == before["total_yuan"] + 1000


def test_every_kind_of_write_starts_a_new_data_version(client):
    def version():
        return dataversion.current()[0]

    species = Species.objects.get(name="蓝孔雀")
    species.save()
    start = version()
    species.history.first().delete()  # a history row
    assert version() != start

    start = version()
    report = spreadsheet_import(
        resource=OrganisationResource(),
        uploaded_file=upload(
            "units.csv",
            csv_bytes(
                [["名称", "全称", "网址标识"], ["缓存测试局", "威海市缓存测试局", "cache-test"]]
            ),
        ),
        user=None,
        dry_run=False,
    )
    assert report.saved
    assert version() != start

    start = version()
    dry = spreadsheet_import(
        resource=OrganisationResource(),
        uploaded_file=upload(
            "units.csv",
            csv_bytes(
                [
                    ["名称", "全称", "网址标识"],
                    ["缓存测试二局", "威海市缓存测试二局", "cache-test-2"],
                ]
            ),
        ),
        user=None,
        dry_run=True,
    )
    assert not dry.saved
    assert version() == start  # a preview rolls back, and so does its version

    start = version()
    Organisation.objects.filter(name="缓存测试局").delete()
    assert version() != start


def test_admin_and_staff_requests_are_never_cached(client):
    client.force_login(User.objects.create_superuser("cache-admin"))
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 200
    assert "ETag" not in admin_page
    assert "no-store" in admin_page["Cache-Control"]
    staff_view = client.get(DOC)
    assert staff_view.status_code == 200
    assert "ETag" not in staff_view and "X-Page-Cache" not in staff_view
    # Nor the parts of the page: staff get the document's text read afresh every time.
    with CaptureQueriesContext(connection) as again:
        assert client.get(DOC + "?as_of=2021-01-01").status_code == 200
    assert sum("documents_provision" in q["sql"] for q in again.captured_queries) >= 1


def test_bad_input_is_answered_but_not_cached(client):
    response = client.get("/wildlife/compensation.json?items=不存在的动物:1")
    assert response.status_code == 400
    assert "error" in json.loads(response.content)
    assert "X-Page-Cache" not in response


def test_unknown_address_gets_the_chinese_404_page(client):
    response = client.get("/nope/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert "Content-Security-Policy" in response


def test_pages_are_served_uncached_when_the_cache_is_down(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = client.get(DOC)
    assert response.status_code == 200
    assert "威海市无偿献血管理办法" in response.content.decode()
    assert "ETag" in response
    # get and set of the page, and of each of the two parts of the document page it holds
    assert [r.message for r in caplog.records].count("page cache unavailable") == 6


def test_a_failing_page_gets_the_chinese_500_page(client, settings):
    settings.ROOT_URLCONF = "tests.shared.urls_failing"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器暂时无法处理请求" in html and "a bug in a view" not in html
    assert "ETag" not in response
