"""The public catalogue: 64 items, filters with counts, downloads with the same filters."""

import csv
import io
import re

import openpyxl
import pytest

from intermediary.models import IntermediaryService

pytestmark = pytest.mark.django_db

CATALOGUE = "/intermediary/"
APPROVAL = "行政审批服务局"


def rows(response) -> list[int]:
    """Return the item numbers of the catalogue table, in page order."""
    return [int(n) for n in re.findall(r'<tr id="item-(\d+)">', response.content.decode())]


def csv_numbers(response) -> list[int]:
    text = response.content.decode("utf-8-sig")
    return [int(row["序号"]) for row in csv.DictReader(io.StringIO(text))]


def xlsx_numbers(response) -> list[int]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    column = values[0].index("序号")
    return [int(row[column]) for row in values[1:]]


def test_the_catalogue_shows_all_64_items_in_order(client):
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert rows(response) == list(range(1, 65))
    assert response.context["total"] == 64
    assert '<strong id="result-count">64</strong>' in response.content.decode()


def test_counts_per_department_agree_with_the_fixture_and_the_rows(client, fixture_data):
    response = client.get(CATALOGUE)
    html = response.content.decode()
    shown = {d.name: count for d, count in response.context["facets"].departments}
    assert shown == dict(fixture_data.per_department())
    assert shown[APPROVAL] == 30 and shown["市应急管理局"] == 5
    for department, count in response.context["facets"].departments:
        assert f">{department.heading}（{count}）</option>" in html
        filtered = client.get(CATALOGUE, {"department": department.order})
        assert len(rows(filtered)) == count
        expected = [
            no for no, item in fixture_data.items.items() if item["department"] == department.order
        ]
        assert rows(filtered) == expected


def test_counts_per_matter_type_agree_with_the_fixture_and_the_rows(client, fixture_data):
    response = client.get(CATALOGUE)
    shown = {value: count for value, _label, count in response.context["facets"].matter_types}
    expected = fixture_data.per_type()
    assert shown == {value: expected.get(value, 0) for value in shown}
    assert sum(expected.values()) > 64  # some items serve matters of several types
    for value, count in shown.items():
        filtered = client.get(CATALOGUE, {"matter_type": value})
        assert rows(filtered) == [
            no for no in fixture_data.items if value in fixture_data.types_of(no)
        ]
        assert len(rows(filtered)) == count


def test_counts_per_fee_basis_agree_with_the_fixture_and_the_rows(client, fixture_data):
    response = client.get(CATALOGUE)
    shown = dict(response.context["facets"].fee_bases)
    assert shown == dict(fixture_data.per_fee())
    assert set(shown) == {
        "市场调节价",
        "政府购买服务",
        "省物价局、财政厅《关于明确特种设备检验检测收费标准等有关问题的复函》(鲁价费函〔2017〕43号)",
    }
    for fee, count in shown.items():
        filtered = client.get(CATALOGUE, {"fee_basis": fee})
        assert rows(filtered) == [
            no for no in fixture_data.items if fee in fixture_data.fees_of(no)
        ]
        assert len(rows(filtered)) == count


def expected_combined(fixture_data) -> list[int]:
    """Items of 行政审批服务局 with a 行政许可 matter served at 市场调节价 (on the same link)."""
    department = next(o for o, name in fixture_data.departments.items() if name == APPROVAL)
    return [
        no
        for no, item in fixture_data.items.items()
        if item["department"] == department
        and any(
            fixture_data.matters[link["matter"]]["matter_type"] == "行政许可"
            and link["fee_basis"] == "市场调节价"
            for link in fixture_data.links_of(no)
        )
    ]


def test_the_combined_filter_works_in_the_page_and_every_download(client, fixture_data):
    expected = expected_combined(fixture_data)
    assert 20 < len(expected) < 30
    assert 34 not in expected and 58 not in expected  # 政府购买服务 only
    assert 59 in expected  # 慈善组织公开募捐资格审批 at 市场调节价
    query = {"department": "11", "matter_type": "行政许可", "fee_basis": "市场调节价"}
    page = client.get(CATALOGUE, query)
    assert rows(page) == expected
    facets = page.context["facets"]
    # Every count shown for a selected value equals the rows shown.
    assert dict((d.order, c) for d, c in facets.departments)[11] == len(expected)
    assert dict((v, c) for v, _l, c in facets.matter_types)["行政许可"] == len(expected)
    assert dict(facets.fee_bases)["市场调节价"] == len(expected)

    downloads = page.context["download_query"]
    assert "status=current" in downloads
    assert (
        f'href="/intermediary/download.csv?{downloads.replace("&", "&amp;")}"'
        in page.content.decode()
    )
    csv_response = client.get(f"/intermediary/download.csv?{downloads}")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert sorted(set(csv_numbers(csv_response))) == expected
    xlsx_response = client.get(f"/intermediary/download.xlsx?{downloads}")
    assert sorted(set(xlsx_numbers(xlsx_response))) == expected
    data = client.get(f"/data/intermediary.json?{downloads}").json()["results"]
    assert [item["no"] for item in data] == expected
    # A download lists every link of each item, as the catalogue does.
    assert len(csv_numbers(csv_response)) == sum(len(fixture_data.links_of(no)) for no in expected)


def test_keyword_finds_names_matters_and_legal_basis(client):
    named = [no for no in rows(client.get(CATALOGUE, {"q": "验资报告"}))]
    assert {7, 32, 42, 56, 60, 62} <= set(named)
    assert rows(client.get(CATALOGUE, {"q": "土地勘测定界规程"})) == [12]
    assert rows(client.get(CATALOGUE, {"q": "慈善组织公开募捐资格审批"})) == [59]
    assert rows(client.get(CATALOGUE, {"q": "验资 民办非企业"})) == [56]


def test_sorting_and_pagination(client):
    assert rows(client.get(CATALOGUE, {"sort": "-no"}))[:3] == [64, 63, 62]
    page = client.get(CATALOGUE, {"per_page": "20", "page": "4"})
    assert rows(page) == [61, 62, 63, 64]
    assert "第 4 / 4 页" in page.content.decode()
    first = client.get(CATALOGUE, {"per_page": "20", "department": "11"})
    assert rows(first) == list(range(32, 52))
    assert "department=11&amp;page=2" in first.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"matter_type": "行政审核"}, "事项类型“行政审核”不在可选范围内"),
        ({"department": "99"}, "部门“99”不在可选范围内"),
        ({"department": "abc"}, "部门“abc”不在可选范围内"),
        ({"fee_basis": "免费"}, "收费依据“免费”不在可选范围内"),
        ({"status": "gone"}, "状态“gone”不在可选范围内"),
        ({"sort": "name"}, "排序方式“name”不在可选范围内"),
        ({"as_of": "2020-02-30"}, "不是有效日期"),
        ({"per_page": "0"}, "每页条数不能小于 1"),
        ({"per_page": "x"}, "不是整数"),
        ({"per_page": "10", "page": "9"}, "页码（page）9 超出范围：共"),
        ({"page": "2"}, "未分页时只有第1页"),
        ({"q": "字" * 101}, "关键词不能超过 100 个字"),
    ],
)
def test_bad_query_strings_get_a_chinese_message(client, query, message):
    page = client.get(CATALOGUE, query)
    assert page.status_code == 400
    assert message in page.content.decode()
    if "page" not in query and "per_page" not in query:
        data = client.get("/data/intermediary.json", query)
        assert data.status_code == 400
        assert message in data.json()["error"]
        download = client.get("/intermediary/download.csv", query)
        assert download.status_code == 400
        assert message in download.content.decode()


def test_every_item_has_at_least_one_typed_matter():
    for service in IntermediaryService.objects.prefetch_related("links__matter"):
        assert service.links.exists()
        assert all(link.matter.matter_type for link in service.links.all())


def test_open_data_contract(client, fixture_data):
    response = client.get("/data/intermediary.json")
    assert response.status_code == 200
    body = response.json()
    assert body["pagination"]["count"] == 64 and body["pagination"]["next"] is None
    data = body["results"]
    assert isinstance(data, list) and len(data) == 64
    for item in data:
        assert {
            "no",
            "name",
            "department",
            "fee_basis",
            "time_limit",
            "abolished",
            "matters",
        } <= set(item)
        assert isinstance(item["no"], int) and isinstance(item["abolished"], bool)
        assert item["matters"], item["no"]
        for matter in item["matters"]:
            assert {"name", "sub_items", "type", "basis"} <= set(matter)
            assert isinstance(matter["sub_items"], list)
    by_no = {item["no"]: item for item in data}
    assert by_no[59]["fee_basis"] == "政府购买服务；市场调节价"
    assert by_no[34]["time_limit"] == "6—7天"
    assert by_no[27]["department"] == "市应急管理局"
    assert by_no[63]["matters"][0]["sub_items"] == [
        "外商投资合伙企业设立登记",
        "外商投资合伙企业变更登记",
    ]
    assert by_no[1]["matters"][0]["type"] == "行政许可"
    assert by_no[12]["matters"][0]["basis"] == fixture_data.links_of(12)[0]["legal_basis"]
    assert not any(item["abolished"] for item in data)


def test_open_data_pages_with_limit_and_next(client):
    first = client.get("/data/intermediary.json", {"limit": 30}).json()
    assert first["pagination"]["pages"] == 3 and len(first["results"]) == 30
    second = client.get(first["pagination"]["next"].removeprefix("http://testserver")).json()
    assert [i["no"] for i in second["results"]] == list(range(31, 61))
    response = client.get("/data/intermediary.json", {"page": "9", "limit": "30"})
    assert response.status_code == 400
    assert response.json() == {"error": "页码（page）9 超出范围：共 3 页。"}
