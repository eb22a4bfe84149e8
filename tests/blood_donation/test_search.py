"""The portal's search is offered the calculator and the rules."""

import pytest

from blood_donation.models import HonourLevel, Measure
from blood_donation.selectors import search_records
from search.registry import source_for_model, sources

pytestmark = pytest.mark.django_db


def test_registered_with_search():
    names = [s.name for s in sources()]
    assert "blood_donation" in names
    assert any(s.name == "blood_donation" for s in source_for_model(Measure))
    assert any(s.name == "blood_donation" for s in source_for_model(HonourLevel))


def test_calculator_record_answers_donation_words():
    records = list(search_records())
    calculator = next(r for r in records if r.kind == "calculator")
    assert calculator.url == "/blood-donation/"
    assert calculator.doc_number == "威政发〔2020〕7号"
    for word in ("献血", "免费用血", "无偿献血"):
        assert word in calculator.title + calculator.body
    assert len({r.key for r in records}) == len(records)


def test_records_follow_the_data(measure):
    measure.unlimited_threshold_ml = 1200
    measure.save()
    calculator = next(r for r in search_records() if r.kind == "calculator")
    assert "累计献血 1200 毫升及以上" in calculator.body


@pytest.mark.parametrize("query", ["献血", "免费用血", "无偿献血 计算器"])
def test_portal_search_finds_the_calculator(client, query):
    data = client.get("/search.json", {"q": query}).json()
    urls = [hit["url"] for hit in data["results"]]
    assert "/blood-donation/" in urls


def test_portal_search_finds_the_fines(client):
    data = client.get("/search.json", {"q": "冒名献血", "dataset": "blood_donation"}).json()
    assert [hit["url"] for hit in data["results"]] == ["/blood-donation/#fines"]
