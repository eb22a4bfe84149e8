"""sitemap.xml lists every public page with lastmod; robots.txt points to it."""

from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Pages that are not for crawling: they answer a query, or are files, feeds or admin.
NOT_PAGES = {"search:page", "data_bulk", "data_bulk_archive", "robots", "data_changes"}
NOT_PAGES |= {"wildlife:registry"}  # staff only
NOT_PAGES |= {"documents:detail_pdf", "documents:issue_pdf"}  # PDF files of listed pages
NOT_PAGE_SUFFIXES = (".json", ".csv", ".xlsx", ".atom", ".xml", ".zip")


def _page_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            ns = f"{entry.namespace}:" if entry.namespace else namespace
            names |= _page_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            route = str(entry.pattern)
            if not route.endswith(NOT_PAGE_SUFFIXES) and "feed" not in route:
                names.add(namespace + entry.name)
    return names - NOT_PAGES


def test_sitemap_lists_every_public_page_with_lastmod(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = ElementTree.fromstring(response.content).findall(f"{SM}url")
    assert all(u.findtext(f"{SM}lastmod") for u in urls)
    paths = [unquote(urlsplit(u.findtext(f"{SM}loc")).path) for u in urls]
    covered = set()
    for path in paths:
        match = resolve(path)
        covered.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    from pricing.models import Enterprise

    expected = _page_names()
    if not Enterprise.objects.exists():  # the gazette lists no enterprise; clerks add them
        expected.discard("pricing:enterprise")
    assert expected <= covered, expected - covered
    for must in ("/documents/wzf-2020-7/", "/documents/wzz-2018-40/", "/issues/2020/8/", "/data/"):
        assert must in paths
    from documents.models import Document, ExternalWork

    assert ExternalWork.objects.get(title="中华人民共和国献血法").get_absolute_url() in paths
    details = [p for p in paths if resolve(p).view_name == "documents:detail"]
    assert len(details) == Document.objects.count()


def test_sitemap_pages_answer(client):
    urls = ElementTree.fromstring(client.get("/sitemap.xml").content).findall(f"{SM}url")
    for url in urls:
        path = urlsplit(url.findtext(f"{SM}loc")).path
        assert client.get(path).status_code == 200, path


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
