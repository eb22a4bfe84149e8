"""Printed values beside their readings: open data and pages never pass a reading off as print."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
SOURCE_LINES = settings.GAZETTE_SOURCE.read_text(encoding="utf-8").split("\n")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def open_data(client) -> dict[int, dict]:
    items: dict[int, dict] = {}
    url = "/data/intermediary.json?limit=30"
    while url:
        body = client.get(url.removeprefix("http://testserver")).json()
        items.update({item["no"]: item for item in body["results"]})
        url = body["pagination"]["next"]
    return items


@pytest.fixture
def items(client):
    return open_data(client)


@pytest.mark.parametrize(
    ("no", "field"),
    [
        (18, "fee_basis"),
        (27, "fee_basis"),
        (28, "name"),
        (30, "name"),
        (49, "name"),
        (56, "name"),
        (58, "name"),
    ],
)
def test_open_data_serves_the_printed_value_with_the_reading(items, no, field):
    readings = [r for m in items[no]["matters"] for r in m["readings"] if r["field"] == field]
    assert readings, f"第{no}项没有{field}的读法"
    for reading in readings:
        # The printed value is on the line it cites, character for character.
        assert squeezed(reading["printed"]) in squeezed(SOURCE_LINES[reading["line"] - 1])
        assert reading["value"] != reading["printed"] and reading["basis"].endswith("。")
        assert reading["inferred"] is False
        # The matter is served as printed; the reading is the annotation.
        matter = next(m for m in items[no]["matters"] if reading in m["readings"])
        assert reading["printed"] in matter[field]
        assert matter[field] != reading["value"]


def test_item_30_keeps_both_printed_matter_names(items):
    lines = sorted(
        r["line"] for m in items[30]["matters"] for r in m["readings"] if r["field"] == "name"
    )
    assert lines == [583, 585]


def test_the_missing_tenth_department_is_marked_inferred(items):
    inferred = sorted(no for no, item in items.items() if item["department_inferred"])
    assert inferred == [27, 28, 29, 30, 31]
    for no in inferred:
        (reading,) = items[no]["readings"]
        assert reading["field"] == "department" and reading["inferred"] is True
        assert reading["printed"] is None and reading["value"] == items[no]["department"]
    # Departments with a printed heading carry no reading.
    assert all(not items[no]["readings"] for no in items if no not in inferred)


def test_the_item_page_shows_the_printed_value_and_marks_the_inference(client):
    page = client.get("/intermediary/items/30/").content.decode()
    assert "危险化学品生产企业安全许可" in page  # as printed on line 583
    assert "第583行印作" in page and "推定" in page
    fee = client.get("/intermediary/items/18/").content.decode()
    assert "(鲁〔2017〕43号)" in fee and "读作" in fee
