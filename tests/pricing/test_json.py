"""GET /pricing/surcharge.json: the published contract, and HTTP 400 in Chinese for bad input."""

import datetime as dt

import pytest

from documents.models import Document
from gazette_site.caching import PUBLIC_REQUEST_QUERIES

pytestmark = pytest.mark.django_db

URL = "/pricing/surcharge.json"
KEYS = {
    "in_force",
    "electricity_rate",
    "water_rate",
    "applied_electricity_rate",
    "electricity_yuan",
    "water_yuan",
    "total_yuan",
}


def get(client, **params):
    return client.get(URL, params)


def test_contract_keys_and_values(client):
    response = get(client, consecutive_years=2, month="2021-06", kwh="10000", water_m3="500")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == KEYS
    assert data == {
        "in_force": True,
        "electricity_rate": 0.1,
        "water_rate": 0.3,
        "applied_electricity_rate": 0.1,
        "electricity_yuan": 1000,
        "water_yuan": 150,
        "total_yuan": 1150,
    }


@pytest.mark.parametrize("years,rate,water", [(1, 0.05, 0.15), (3, 0.15, 0.45), (4, 0.15, 0.45)])
def test_steps(client, years, rate, water):
    data = get(client, consecutive_years=years, month="2021-06", kwh="1", water_m3="1").json()
    assert (data["electricity_rate"], data["water_rate"]) == (rate, water)


def test_other_surcharge_equal_owes_nothing_under_this_notice(client):
    data = get(
        client,
        consecutive_years=1,
        month="2021-06",
        kwh="1000",
        water_m3="0",
        other_kwh_rate="0.05",
    ).json()
    assert data["applied_electricity_rate"] == 0.05
    assert data["electricity_yuan"] == 0
    assert data["total_yuan"] == 0


def test_other_surcharge_lower_pays_the_difference(client):
    data = get(
        client, consecutive_years=3, month="2021-06", kwh="1000", water_m3="0", other_kwh_rate="0.1"
    ).json()
    assert data["applied_electricity_rate"] == 0.15
    assert data["electricity_yuan"] == 50


def test_other_surcharge_higher(client):
    data = get(
        client,
        consecutive_years=2,
        month="2021-06",
        kwh="1000",
        water_m3="10",
        other_kwh_rate="0.3",
    ).json()
    assert data["applied_electricity_rate"] == 0.3
    assert data["electricity_yuan"] == 0
    assert data["water_yuan"] == 3


def test_validity_window(client):
    june = get(client, consecutive_years=2, month="2020-06", kwh="3100", water_m3="310").json()
    assert june["in_force"] is False and june["total_yuan"] == 0
    july = get(client, consecutive_years=2, month="2020-07", kwh="3100", water_m3="310").json()
    assert july["in_force"] is True
    assert (july["electricity_yuan"], july["water_yuan"]) == (140, 42)
    feb = get(client, consecutive_years=2, month="2022-02", kwh="1000", water_m3="0").json()
    assert feb["in_force"] is True and feb["electricity_yuan"] == 100
    march = get(client, consecutive_years=2, month="2022-03", kwh="1000", water_m3="0").json()
    assert march["in_force"] is False and march["electricity_yuan"] == 0
    assert march["electricity_rate"] == 0


def test_a_clerks_correction_in_the_documents_app_reaches_the_calculator(client):
    def june_2021():
        return get(client, consecutive_years=2, month="2021-06", kwh="1000", water_m3="0").json()

    assert june_2021()["in_force"] is True
    document = Document.objects.get(doc_number="威发改发〔2020〕227号")
    document.effective_to = dt.date(2021, 5, 31)
    document.save()
    assert june_2021() | {"electricity_yuan": 0, "in_force": False} == june_2021()
    assert "已于2021年5月31日期满" in client.get("/pricing/").content.decode()


def test_rounded_to_the_fen(client):
    data = get(client, consecutive_years=1, month="2021-06", kwh="0.1", water_m3="0.1").json()
    assert (data["electricity_yuan"], data["water_yuan"], data["total_yuan"]) == (0.01, 0.02, 0.03)


@pytest.mark.parametrize(
    "params,words",
    [
        ({"month": "2021-06", "kwh": "1", "water_m3": "1"}, "缺少连续列入D类年数"),
        (
            {"consecutive_years": "两年", "month": "2021-06", "kwh": "1", "water_m3": "1"},
            "不是整数",
        ),
        ({"consecutive_years": "-1", "month": "2021-06", "kwh": "1", "water_m3": "1"}, "不能小于"),
        ({"consecutive_years": "1.5", "month": "2021-06", "kwh": "1", "water_m3": "1"}, "不是整数"),
        ({"consecutive_years": "101", "month": "2021-06", "kwh": "1", "water_m3": "1"}, "不能大于"),
        ({"consecutive_years": "1", "kwh": "1", "water_m3": "1"}, "缺少月份"),
        ({"consecutive_years": "1", "month": "2021/06", "kwh": "1", "water_m3": "1"}, "YYYY-MM"),
        ({"consecutive_years": "1", "month": "2021-13", "kwh": "1", "water_m3": "1"}, "1到12"),
        ({"consecutive_years": "1", "month": "2021-06-01", "kwh": "1", "water_m3": "1"}, "YYYY-MM"),
        ({"consecutive_years": "1", "month": "0001-01", "kwh": "1", "water_m3": "1"}, "超出范围"),
        ({"consecutive_years": "1", "month": "2021-06", "water_m3": "1"}, "缺少当月用电量"),
        (
            {"consecutive_years": "1", "month": "2021-06", "kwh": "abc", "water_m3": "1"},
            "不是有效数字",
        ),
        ({"consecutive_years": "1", "month": "2021-06", "kwh": "-5", "water_m3": "1"}, "不能小于"),
        (
            {"consecutive_years": "1", "month": "2021-06", "kwh": "NaN", "water_m3": "1"},
            "不是有效数字",
        ),
        (
            {"consecutive_years": "1", "month": "2021-06", "kwh": "1e999", "water_m3": "1"},
            "不能大于",
        ),
        ({"consecutive_years": "1", "month": "2021-06", "kwh": "1"}, "缺少当月计划内用水量"),
        (
            {
                "consecutive_years": "1",
                "month": "2021-06",
                "kwh": "1",
                "water_m3": "1",
                "other_kwh_rate": "x",
            },
            "其他差别电价加价",
        ),
        (
            {
                "consecutive_years": "1",
                "month": "2021-06",
                "kwh": "1",
                "water_m3": "1",
                "other_kwh_rate": "-0.1",
            },
            "不能小于",
        ),
    ],
)
def test_bad_input_is_http_400_with_a_chinese_message(client, params, words):
    response = get(client, **params)
    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"error"}
    assert words in data["error"]


def test_only_get(client):
    assert client.post(URL, {"consecutive_years": 1}).status_code == 405


def test_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3 + PUBLIC_REQUEST_QUERIES):
        get(client, consecutive_years=2, month="2021-06", kwh="1", water_m3="1")
