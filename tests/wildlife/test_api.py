"""Open data and the calculator endpoint, per the issue's contract."""

from decimal import Decimal

import pytest

from wildlife.parsing import parse_plan, read_source

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_species_json_is_the_printed_standard(client):
    data = get_json(client, "/data/wildlife/species.json")
    printed = parse_plan(read_source()).species
    assert data == [
        {
            "name": row["name"],
            "unit": row["unit"],
            "price_yuan": int(row["price"]),
            "juvenile_price_yuan": int(row["juvenile_price"]) if row["juvenile_price"] else None,
        }
        for row in printed
    ]
    assert {"name": "蓝孔雀", "unit": "只", "price_yuan": 800, "juvenile_price_yuan": 200} in data
    assert {"name": "王锦蛇", "unit": "斤", "price_yuan": 100, "juvenile_price_yuan": None} in data


def test_compensation_json_contract(client):
    data = get_json(
        client, "/wildlife/compensation.json?items=蓝孔雀:10,蓝孔雀:3:juvenile,王锦蛇:2.5"
    )
    assert set(data) == {"total_yuan", "city_yuan", "county_yuan", "lines"}
    assert data["lines"] == [
        {"species": "蓝孔雀", "quantity": 10, "unit_price_yuan": 800, "amount_yuan": 8000},
        {"species": "蓝孔雀", "quantity": 3, "unit_price_yuan": 200, "amount_yuan": 600},
        {"species": "王锦蛇", "quantity": 2.5, "unit_price_yuan": 100, "amount_yuan": 250},
    ]
    assert data["total_yuan"] == 8850
    assert data["city_yuan"] == 4425 and data["county_yuan"] == 4425


def test_calculator_agrees_with_every_printed_price(client):
    for row in parse_plan(read_source()).species:
        data = get_json(client, f"/wildlife/compensation.json?items={row['name']}:3")
        assert data["total_yuan"] == int(row["price"] * 3)
        assert data["lines"][0]["unit_price_yuan"] == int(row["price"])


def test_split_with_an_odd_fen_total(client, species):
    frog = species["虎纹蛙"]
    frog.price = Decimal("0.05")  # as a clerk could edit it in admin
    frog.save()
    data = get_json(client, "/wildlife/compensation.json?items=虎纹蛙:3")
    assert data["total_yuan"] == 0.15
    assert data["city_yuan"] == 0.08 and data["county_yuan"] == 0.07


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("", "缺少 items"),
        ("?items=", "缺少 items"),
        ("?items=孔雀:1", "可选物种：豪猪、果子狸"),
        ("?items=蓝孔雀:0", "数量须大于0"),
        ("?items=蓝孔雀:-2", "数量须大于0"),
        ("?items=蓝孔雀:1.5", "须为整数"),
        ("?items=蓝孔雀:abc", "不是有效数字"),
        ("?items=蓝孔雀:NaN", "不是有效数字"),
        ("?items=蓝孔雀:Infinity", "不是有效数字"),
        ("?items=蓝孔雀", "格式不对"),
        ("?items=蓝孔雀:1:2:3", "格式不对"),
        ("?items=豪猪:1:juvenile", "豪猪没有幼体补偿标准"),
        ("?items=蓝孔雀:1:old", "无法识别"),
        ("?items=王锦蛇:1.234", "最多保留2位小数"),
        ("?items=" + ",".join(["刺猬:1"] * 51), "最多计算 50 项"),
    ],
)
def test_bad_input_answers_400_in_chinese(client, query, needle):
    data = get_json(client, f"/wildlife/compensation.json{query}", status=400)
    assert needle in data["error"]


def test_fullwidth_separators_are_accepted(client):
    data = get_json(client, "/wildlife/compensation.json?items=刺猬：2，黑水鸡：1")
    assert data["total_yuan"] == 160
