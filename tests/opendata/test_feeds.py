"""Atom feeds: issues, sections, issuing bodies, saved searches and data changes."""

from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Group, User

from documents.models import Section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, url: str) -> ElementTree.Element:
    """Fetch a feed and check what RFC 4287 requires of it and of each entry."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    assert ":" in feed.findtext(f"{ATOM}id")
    return feed


def titles(feed) -> list[str]:
    return [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]


def test_new_issues_feed(client):
    feed = atom(client, "/feeds/issues.atom")
    assert titles(feed) == ["威海市人民政府公报 2020年第8期（总第144期）"]


def test_documents_per_section_and_per_issuing_body(client):
    section = atom(client, "/feeds/sections/部门规范性文件.atom")
    assert any("威发改发〔2020〕227号" in t for t in titles(section))
    assert all("威政发" not in t for t in titles(section))
    body = atom(client, "/feeds/organisations/市人民政府.atom")
    assert any("威政发〔2020〕7号" in t for t in titles(body))
    assert Section.objects.filter(name="部门规范性文件").exists()
    assert client.get("/feeds/sections/没有.atom").status_code == 404


def test_saved_search_feed(client):
    feed = atom(client, "/search/feed/?q=献血")
    assert any("无偿献血管理办法" in t for t in titles(feed))
    bad = client.get("/search/feed/?q=")
    assert bad.status_code == 400 and "请输入要搜索的文字" in bad.content.decode()


def test_a_clerks_change_appears_with_old_and_new_values(client):
    clerk = User.objects.create_user("feed-clerk", password="pw", is_staff=True)
    clerk.groups.add(Group.objects.get(name="野生动物数据维护员"))
    client.force_login(clerk)
    from wildlife.models import Species

    species = Species.objects.get(name="蓝孔雀")
    old = species.price
    response = client.post(
        f"/admin/wildlife/species/{species.pk}/change/",
        {**_admin_form(species), "price": "950"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    feed = atom(client, "/data/changes/wildlife/species.atom")
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "物种补偿标准“蓝孔雀”修改"
    summary = entry.findtext(f"{ATOM}summary")
    assert f"{old:.2f} → 950.00" in summary or f"{old} → 950" in summary, summary
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "feed-clerk"
    for dataset in ("documents", "provisions", "intermediary", "rewards/tiers"):
        atom(client, f"/data/changes/{dataset}.atom")


def _admin_form(instance) -> dict:
    from django.forms.models import model_to_dict

    return {k: ("" if v is None else v) for k, v in model_to_dict(instance).items()}


def test_feeds_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    from gazette_site import opendata

    # Each count includes the read of the data version (the cache key of public answers).
    with django_assert_num_queries(2):
        atom(client, "/feeds/issues.atom")
    with django_assert_num_queries(3):
        atom(client, "/feeds/sections/市政府文件.atom")
    dataset = opendata.get("intermediary")
    # Per model: its latest records, then the records before them (none to read when no edit).
    with django_assert_max_num_queries(2 * len(dataset.history_models) + 1):
        atom(client, "/data/changes/intermediary.atom")
