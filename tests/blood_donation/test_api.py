"""The two JSON endpoints, exactly as the contract in docs/blood_donation.md names their fields."""

import pytest

ENTITLEMENT = "/blood-donation/entitlement.json"
AGE = "/blood-donation/age-check.json"

pytestmark = pytest.mark.django_db


def get_json(client, url, params, status=200):
    response = client.get(url, params)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    return response.json()


class TestEntitlement:
    def test_answers_the_contract_fields(self, client):
        data = get_json(
            client,
            ENTITLEMENT,
            {
                "as_of": "2023-01-01",
                "donations": "2021-01-01:400,2022-01-01:300",
                "used_self": "100",
                "used_relatives": "50",
            },
        )
        assert data == {
            "cumulative_ml": 700,
            "unlimited": False,
            "self_ml": 3400,
            "relatives_ml": 650,
            "honour": "none",
            "in_force": True,
        }

    def test_unlimited_answers_null_self(self, client):
        data = get_json(
            client,
            ENTITLEMENT,
            {"as_of": "2024-01-01", "donations": "2021-01-01:400,2021-07-01:400,2022-01-01:200"},
        )
        assert data["unlimited"] is True
        assert data["self_ml"] is None
        assert data["relatives_ml"] == 1000

    @pytest.mark.parametrize(
        ("count", "honour"),
        [(4, "none"), (5, "city_commendation"), (9, "city_commendation"), (10, "reported_upward")],
    )
    def test_honour_at_2000_and_4000(self, client, count, honour):
        donations = ",".join(f"{2000 + i}-03-01:400" for i in range(count))
        data = get_json(client, ENTITLEMENT, {"as_of": "2024-01-01", "donations": donations})
        assert data["cumulative_ml"] == 400 * count
        assert data["honour"] == honour

    @pytest.mark.parametrize(
        ("as_of", "in_force"),
        [("2020-10-31", False), ("2020-11-01", True), ("2025-10-31", True), ("2025-11-01", False)],
    )
    def test_in_force_window(self, client, as_of, in_force):
        data = get_json(client, ENTITLEMENT, {"as_of": as_of, "donations": "2020-01-01:200"})
        assert data["in_force"] is in_force
        # Outside the window the measure's answer is still given.
        assert data["relatives_ml"] == 200

    def test_as_of_defaults_to_today(self, client):
        data = get_json(client, ENTITLEMENT, {"donations": "2020-01-01:200"})
        assert data["cumulative_ml"] == 200

    def test_full_width_separators_are_accepted(self, client):
        data = get_json(
            client,
            ENTITLEMENT,
            {"as_of": "2021-06-01", "donations": "2021-01-01：400，2021-03-01：200"},
        )
        assert data["cumulative_ml"] == 600

    @pytest.mark.parametrize(
        ("params", "words"),
        [
            ({"donations": "2021-01-01:250"}, "不是允许的献血量"),
            ({"donations": "2021-01-01:500"}, "200、300、400"),
            ({"donations": "2021-01-01:abc"}, "不是整数"),
            ({"donations": "2021-01-01:400", "as_of": "2020-12-31"}, "晚于计算日期"),
            ({"donations": "2021-02-30:400"}, "不是有效日期"),
            ({"donations": "yesterday:400"}, "不是有效日期"),
            ({"donations": "2021-01-01:400", "as_of": "2021/06/01"}, "不是有效日期"),
            ({"donations": "2021-01-01"}, "格式有误"),
            ({"donations": ":400"}, "格式有误"),
            ({"donations": ""}, "缺少献血记录"),
            ({}, "缺少献血记录"),
            ({"donations": "2021-01-01:400", "used_self": "-1"}, "不能为负数"),
            ({"donations": "2021-01-01:400", "used_relatives": "-200"}, "不能为负数"),
            ({"donations": "2021-01-01:400", "used_self": "1.5"}, "不是整数"),
            ({"donations": "2021-01-01:400", "used_relatives": "很多"}, "不是整数"),
            ({"donations": ",".join(["2021-01-01:200"] * 201)}, "最多 200 条"),
        ],
    )
    def test_bad_input_answers_400_in_chinese(self, client, params, words):
        params = {"as_of": "2021-06-01", **params}
        data = get_json(client, ENTITLEMENT, params, status=400)
        assert words in data["error"]

    def test_post_is_refused(self, client):
        assert client.post(ENTITLEMENT).status_code == 405


class TestAgeCheck:
    @pytest.mark.parametrize(
        ("birth", "repeat", "age", "may"),
        [
            ("2004-06-16", "0", 17, False),
            ("2004-06-15", "0", 18, True),
            ("1967-06-15", "0", 55, True),
            ("1966-06-15", "0", 56, False),
            ("1966-06-15", "1", 56, True),
            ("1962-06-15", "1", 60, True),
            ("1961-06-15", "1", 61, False),
        ],
    )
    def test_answers_the_contract_fields(self, client, birth, repeat, age, may):
        data = get_json(
            client, AGE, {"birth": birth, "on": "2022-06-15", "repeat_no_reaction": repeat}
        )
        assert set(data) == {"age", "may_donate", "reason"}
        assert data["age"] == age
        assert data["may_donate"] is may
        assert "周岁" in data["reason"]

    def test_repeat_flag_defaults_to_no(self, client):
        data = get_json(client, AGE, {"birth": "1966-06-15", "on": "2022-06-15"})
        assert data["may_donate"] is False

    @pytest.mark.parametrize(
        ("params", "words"),
        [
            ({}, "缺少出生日期"),
            ({"birth": "1990-13-01"}, "不是有效日期"),
            ({"birth": "1990-01-01", "on": "明天"}, "不是有效日期"),
            ({"birth": "2030-01-01", "on": "2022-06-15"}, "晚于献血日期"),
            ({"birth": "1990-01-01", "repeat_no_reaction": "yes"}, "只能是 0（否）或 1（是）"),
            ({"birth": "1990-01-01", "repeat_no_reaction": "2"}, "只能是 0（否）或 1（是）"),
        ],
    )
    def test_bad_input_answers_400_in_chinese(self, client, params, words):
        data = get_json(client, AGE, params, status=400)
        assert words in data["error"]
