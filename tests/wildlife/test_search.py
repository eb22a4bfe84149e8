"""The species standard is offered to the portal's search."""

import pytest

from search.registry import sources

pytestmark = pytest.mark.django_db


def test_wildlife_source_is_registered_with_every_species():
    source = next(s for s in sources() if s.name == "wildlife")
    records = list(source.records())
    assert len(records) == 13
    peafowl = next(r for r in records if r.title.startswith("蓝孔雀"))
    assert peafowl.url == "/wildlife/#species-5"
    assert "每只800元" in peafowl.body and "幼体（当年孵化的）每只200元" in peafowl.body
    assert peafowl.doc_number == "威政办字〔2020〕50号"


def test_searching_blue_peafowl_finds_the_compensation_standard(client):
    data = client.get("/search.json", {"q": "蓝孔雀"}).json()
    hits = [r for r in data["results"] if r["dataset"] == "wildlife"]
    assert hits and hits[0]["url"] == "/wildlife/#species-5"
    assert "800元" in hits[0]["snippet"]
    page = client.get("/search/", {"q": "蓝孔雀"}).content.decode()
    assert "/wildlife/#species-5" in page


def test_anchor_of_the_search_hit_exists_on_the_page(client):
    page = client.get("/wildlife/").content.decode()
    assert 'id="species-5"' in page
