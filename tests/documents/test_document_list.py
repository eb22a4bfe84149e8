"""The documents list: filters and sorts by year, section, issuing body, kind and status."""

import re

import pytest

from documents.models import Document

pytestmark = pytest.mark.django_db


def numbers(response) -> list[str]:
    return re.findall(r'<td data-label="文号">([^<]+)</td>', response.content.decode())


def test_unfiltered_list_has_every_printed_document_in_printed_order(client):
    listed = numbers(client.get("/documents/"))
    printed = list(
        Document.objects.filter(is_stub=False)
        .order_by("position")
        .values_list("doc_number", flat=True)
    )
    assert listed == printed and len(listed) == 12


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=办法", {"威政发〔2020〕6号", "威政发〔2020〕7号", "威市监发〔2020〕56号"}),
        ("section=部门规范性文件", {"威发改发〔2020〕227号", "威市监发〔2020〕56号"}),
        ("issuer=市发展改革委", {"威发改发〔2020〕227号"}),
        (
            "status=no_term&as_of=2026-11-29",
            {
                "威政发〔2020〕8号",
                "威政字〔2020〕48号",
                "威政字〔2020〕49号",
                "威政办发〔2020〕5号",
                "威政办字〔2020〕50号",
            },
        ),
        ("status=ended&as_of=2026-11-29", {"威政办字〔2020〕48号"}),
        (
            "status=not_yet&as_of=2020-08-01",
            {
                "威政发〔2020〕6号",
                "威政发〔2020〕7号",
                "威政发〔2020〕8号",
                "威政字〔2020〕48号",
                "威政字〔2020〕49号",
                "威政办发〔2020〕5号",
                "威政办字〔2020〕48号",
                "威政办字〔2020〕50号",
                "威政办字〔2020〕51号",
                "威市监发〔2020〕56号",
            },
        ),
        ("year=2019", set()),
    ],
)
def test_filters(client, query, expected):
    response = client.get("/documents/?" + query)
    assert response.status_code == 200
    assert set(numbers(response)) == expected


def test_sort_by_signed_date_newest_first(client):
    listed = numbers(client.get("/documents/?sort=-signed"))
    dates = [Document.objects.get(doc_number=n).signed_date for n in listed]
    assert dates == sorted(dates, reverse=True)


def test_status_filter_shows_the_date_and_the_appointment_list_never_matches(client):
    body = client.get("/documents/?status=in_force&as_of=2021-06-01").content.decode()
    assert "2021年6月1日" in body
    assert "威政任〔2020〕7号" not in numbers(client.get("/documents/?status=in_force"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=valid", "时效：时效只能选"),
        ("year=abc", "发文年份：年份应为四位数字"),
        ("kind=条例", "文种：没有“条例”这个文种"),
        ("sort=random", "排序：排序方式只能选页面上列出的几种"),
    ],
)
def test_bad_filters_are_a_400_with_a_chinese_sentence(client, query, message):
    response = client.get("/documents/?" + query)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Select a valid choice" not in body and "Enter a whole number" not in body
