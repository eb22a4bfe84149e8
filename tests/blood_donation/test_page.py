"""The calculator page: answers with their articles, notices, bad input, fixed queries."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from documents.models import Document
from gazette_site.caching import PUBLIC_REQUEST_QUERIES
from tests.blood_donation.html_helpers import page_text as text
from tests.blood_donation.html_helpers import text_of

URL = "/blood-donation/"
ARTICLE = "/documents/wzf-2020-7/#"

pytestmark = pytest.mark.django_db


def page(client, params=None, status=200):
    response = client.get(URL, params or {})
    assert response.status_code == status
    return response.content.decode()


DONATIONS = {
    "donation_date": ["2021-01-01", "2022-01-01"],
    "donation_ml": ["400", "300"],
    "as_of": "2023-01-01",
}


def test_empty_form_shows_rules_and_no_answer(client):
    html = page(client)
    assert "无偿献血免费用血计算器" in html
    assert 'id="answer-self"' not in html
    assert 'name="donation_date"' in html
    # The reading of 第二十条 in plain words, with the figures from the database.
    plain = text(html)
    assert "累计献血达到 1000 毫升及以上：献血者本人终身享受无限量的免费用血" in plain
    assert (
        "从献血之日起 5 年内（到满 5 年的那一天为止，含这一天），可以免费用该次献血量 5 倍的血"
        in plain
    )
    assert "配偶、父母、子女、配偶父母、子女配偶合计共享与献血者累计献血量相等的免费用血" in plain
    assert "扣完为止，不会出现负数" in plain
    assert f'href="{ARTICLE}第二十条"' in html
    assert timezone.localdate().isoformat() in html  # as-of date defaults to today


def test_answers_with_articles(client):
    html = page(client, {**DONATIONS, "used_self": "100", "birth": "1990-05-20"})
    plain = text(html)
    assert "3400 毫升" in text_of(html, "answer-self")
    assert "700 毫升" in text_of(html, "answer-relatives")
    assert "暂未达到表彰标准" in plain
    assert "再献 1300 毫升" in plain
    assert "可以献血" in text_of(html, "answer-age")
    how = text_of(html, "answer-how")
    assert "免费部分可以在就诊的医疗机构予以核销" in how
    assert "由血站报销" in how
    for anchor in ("第二十条", "第二十一条", "第二十六条", "第三条"):
        assert f'href="{ARTICLE}{anchor}"' in html
    # The rows come back filled, followed by blank rows for more donations.
    assert 'value="2021-01-01"' in html and 'value="2022-01-01"' in html
    assert html.count('class="bd-row"') == 2 + 3 + 1  # filled, blank, template


def test_unlimited_donor(client):
    params = {
        "donation_date": ["2021-01-01", "2021-07-01", "2022-01-01"],
        "donation_ml": ["400", "400", "200"],
        "as_of": "2030-01-01",
    }
    html = page(client, params)
    assert "终身无限量" in text_of(html, "answer-self")
    assert "1000 毫升" in text_of(html, "answer-relatives")


def test_used_more_than_entitlement_says_zero(client):
    html = page(client, {**DONATIONS, "used_self": "99999", "used_relatives": "800"})
    self_part = text_of(html, "answer-self")
    assert "0 毫升" in self_part and "剩余按 0 毫升计" in self_part
    assert "剩余按 0 毫升计" in text_of(html, "answer-relatives")


def test_honour_levels_on_the_page(client):
    ten = {"donation_date": [f"{2000 + i}-03-01" for i in range(10)], "donation_ml": ["400"] * 10}
    html = page(client, {**ten, "as_of": "2021-01-01"})
    honour = text_of(html, "answer-honour")
    assert "报请上级有关部门给予表彰和奖励" in honour
    assert "已达到最高一档" in honour
    five = {"donation_date": ten["donation_date"][:5], "donation_ml": ["400"] * 5}
    honour = text_of(page(client, {**five, "as_of": "2021-01-01"}), "answer-honour")
    assert "由市人民政府和市红十字会给予通报表扬和奖励" in honour
    assert "再献 2000 毫升（累计达到 4000 毫升）" in honour


@pytest.mark.parametrize(
    ("as_of", "words"),
    [("2020-10-31", "本办法尚未施行"), ("2025-11-01", "本办法已不再有效")],
)
def test_out_of_validity_notice_still_answers(client, as_of, words):
    html = page(
        client, {**DONATIONS, "donation_date": ["2020-01-01", "2020-02-01"], "as_of": as_of}
    )
    notice = text_of(html, "validity-notice")
    assert words in notice
    assert 'id="answer-self"' in html  # what the measure provided is still shown


@pytest.mark.parametrize("as_of", ["2020-11-01", "2025-10-31"])
def test_no_notice_inside_validity(client, as_of):
    html = page(
        client, {**DONATIONS, "donation_date": ["2020-01-01", "2020-02-01"], "as_of": as_of}
    )
    assert 'id="validity-notice"' not in html
    assert "现行有效" in html


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"donation_date": "2021-01-01", "donation_ml": "250"}, "不是允许的献血量"),
        ({"donation_date": "2024-01-01", "donation_ml": "400"}, "晚于计算日期"),
        ({"donation_date": "2021-02-30", "donation_ml": "400"}, "不是有效日期"),
        ({"donation_date": "2021-01-01", "donation_ml": ""}, "缺少献血量"),
        ({"donation_date": "", "donation_ml": "200"}, "缺少献血日期"),
        ({"donation_date": "2021-01-01", "donation_ml": "400", "used_self": "-5"}, "不能为负数"),
        (
            {"donation_date": "2021-01-01", "donation_ml": "400", "used_relatives": "-1"},
            "不能为负数",
        ),
        ({"donation_date": "2021-01-01", "donation_ml": "400", "used_self": "abc"}, "不是整数"),
        ({"as_of": "2023-13-01"}, "计算日期“2023-13-01”不是有效日期"),
        ({"birth": "1990-02-31"}, "出生日期“1990-02-31”不是有效日期"),
        ({"birth": "2030-01-01"}, "晚于献血日期"),
        ({"birth": "1990-01-01", "on": "下周"}, "计划献血日期“下周”不是有效日期"),
        ({"repeat_no_reaction": "maybe"}, "只能是 0（否）或 1（是）"),
    ],
)
def test_bad_input_is_explained_and_kept(client, params, words):
    params = {"as_of": "2023-01-01", **params}
    html = page(client, params, status=400)
    errors = text_of(html, "bd-results")
    assert "输入有误" in errors
    assert words in errors
    assert 'id="answer-self"' not in html
    # What was typed comes back in the form, so nothing is lost.
    for key, value in params.items():
        if value and key != "repeat_no_reaction":
            assert f'value="{value}"' in html


def test_bad_volume_stays_selected_in_its_row(client):
    html = page(
        client,
        {"donation_date": "2021-01-01", "donation_ml": "250", "as_of": "2023-01-01"},
        status=400,
    )
    assert '<option value="250" selected>' in html


def test_bad_date_is_shown_as_typed(client):
    html = page(
        client,
        {"donation_date": "2021-02-30", "donation_ml": "400", "as_of": "2023-01-01"},
        status=400,
    )
    assert 'type="text" value="2021-02-30"' in html


def test_no_js_add_row_button_gives_one_more_blank_row(client):
    plain = page(client, DONATIONS).count('class="bd-row"')
    more = page(client, {**DONATIONS, "add_row": "1"}).count('class="bd-row"')
    assert more == plain + 1


def test_every_error_is_listed_at_once(client):
    html = page(
        client,
        {
            "donation_date": ["2021-01-01", "2021-02-30", "2021-03-01"],
            "donation_ml": ["250", "400", "400"],
            "used_self": "-1",
            "as_of": "2023-01-01",
        },
        status=400,
    )
    results = html[html.index('id="bd-results"') : html.index('id="rules"')]
    assert results.count("<li>") == 3


def test_article_links_for_every_rule(client):
    html = page(client)
    for anchor in (
        "第三条",
        "第十六条",
        "第二十条",
        "第二十六条",
        "第二十八条",
        "第二十九条",
        "第三十条",
    ):
        assert f'href="{ARTICLE}{anchor}"' in html


def test_fines_and_benefits_are_listed(client):
    plain = text(page(client))
    assert "雇佣他人冒名献血 单位 5,000元以上50,000元以下" in plain
    assert "雇佣他人冒名献血 个人 500元以上5,000元以下" in plain
    assert "没收该证件" in plain
    assert "到公立医疗机构就诊免交门诊诊查费" in plain


def test_readings_are_shown_as_notes(client):
    plain = text(page(client))
    assert "《民法典》第二百零一条、第二百零二条" in plain
    assert "对单位和个人按同一幅度录入" in plain


def test_a_clerks_correction_in_the_documents_app_reaches_the_calculator(client):
    def in_force_on(day: str) -> bool:
        params = {"donations": "2020-01-01:400", "as_of": day}
        return client.get("/blood-donation/entitlement.json", params).json()["in_force"]

    assert in_force_on("2022-01-01") is True
    document = Document.objects.get(doc_number="威政发〔2020〕7号")
    document.effective_to = dt.date(2021, 12, 31)
    document.save()
    assert in_force_on("2022-01-01") is False
    assert in_force_on("2021-12-31") is True


def test_post_is_refused(client):
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [1, 60])
def test_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    params = {
        "donation_date": [f"{1960 + i}-01-01" for i in range(count)],
        "donation_ml": ["200"] * count,
        "as_of": "2021-01-01",
        "birth": "1950-01-01",
    }
    # One of them reads the measure's history, to point out figures changed since the print.
    with django_assert_max_num_queries(8 + PUBLIC_REQUEST_QUERIES):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert 'id="answer-self"' in response.content.decode()


def test_json_endpoints_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    donations = ",".join(f"{1960 + i}-01-01:200" for i in range(60))
    with django_assert_max_num_queries(7 + PUBLIC_REQUEST_QUERIES):
        assert (
            client.get("/blood-donation/entitlement.json", {"donations": donations}).status_code
            == 200
        )
    with django_assert_max_num_queries(2 + PUBLIC_REQUEST_QUERIES):
        assert (
            client.get("/blood-donation/age-check.json", {"birth": "1990-01-01"}).status_code == 200
        )


def test_every_article_link_lands_on_an_anchor_of_the_document_page(client):
    html = page(client, {**DONATIONS, "birth": "1990-05-20"})
    anchors = set(re.findall(r'href="/documents/wzf-2020-7/#([^"]+)"', html))
    assert {"第三条", "第十六条", "第二十条", "第二十一条", "第二十六条"} <= anchors
    document = client.get("/documents/wzf-2020-7/")
    assert document.status_code == 200
    body = document.content.decode()
    for anchor in anchors:
        assert f'id="{anchor}"' in body, anchor
