"""IP-pledge loan risk compensation (威市监发〔2020〕56号 第八条): shares, caps, and bad input."""

import datetime as dt
from decimal import Decimal

import pytest

from documents.models import Document
from gazette_site.caching import PUBLIC_REQUEST_QUERIES
from gazette_site.formatting import to_fen
from gazette_site.http import BadInput
from rewards import rules
from rewards.models import IpCompensationParameters

URL = "/rewards/ip-compensation.json"
PAGE = "/rewards/ip-compensation/"


@pytest.fixture
def figures(db) -> rules.IpFigures:
    p = IpCompensationParameters.objects.get(measure__document__doc_number="威市监发〔2020〕56号")
    return rules.IpFigures(
        article=p.article,
        provincial_pct=p.provincial_pct,
        city_pct=p.city_pct,
        first_year_city_cap=p.first_year_city_cap,
        later_city_cap_ceiling=p.later_city_cap_ceiling,
    )


def compute(figures, loss, year=1, cap=None):
    return rules.ip_compensation(
        loss=Decimal(loss),
        business_year=year,
        figures=figures,
        city_cap=None if cap is None else Decimal(cap),
    )


def test_fixture_holds_the_printed_figures(figures):
    assert figures == rules.IpFigures(
        "第八条", Decimal(40), Decimal(20), Decimal(1_000_000), Decimal(1_500_000)
    )


@pytest.mark.parametrize(
    ("loss", "provincial", "city", "bank"),
    [
        ("1000000", "400000", "200000", "400000"),
        ("4999999.99", "2000000.00", "1000000.00", "1999999.99"),  # 999,999.998 rounds to the cap
        ("5000000", "2000000", "1000000", "2000000"),  # exactly at the first-year cap
        ("5000000.05", "2000000.02", "1000000", "2000000.03"),  # just above: capped
        ("8000000", "3200000", "1000000", "3800000"),
        ("0", "0", "0", "0"),
        ("0.01", "0.00", "0.00", "0.01"),
    ],
)
def test_first_business_year(figures, loss, provincial, city, bank):
    result = compute(figures, loss)
    assert (result.provincial, result.city, result.bank_remaining) == (
        Decimal(provincial),
        Decimal(city),
        Decimal(bank),
    )
    assert result.city_cap == Decimal(1_000_000)
    assert result.provincial + result.city + result.bank_remaining == Decimal(loss)


@pytest.mark.parametrize(
    ("loss", "cap", "city"),
    [
        ("7499999.99", None, "1500000.00"),
        ("7500000", None, "1500000"),
        ("7500000.10", None, "1500000"),
        ("6000000", None, "1200000"),
        ("6000000", "1200000", "1200000"),
        ("6000000.10", "1200000", "1200000"),
        ("6000000", "800000", "800000"),
        ("9000000", "1500000", "1500000"),
    ],
)
def test_later_business_years_cap_by_performance_up_to_the_ceiling(figures, loss, cap, city):
    result = compute(figures, loss, year=2, cap=cap)
    assert result.city == Decimal(city)
    assert result.city_cap == Decimal(cap or 1_500_000)
    assert result.provincial == to_fen(Decimal(loss) * Decimal("0.4"))


def test_later_year_cap_above_the_ceiling_is_refused(figures):
    with pytest.raises(
        BadInput, match="最高不超过1,500,000元（第八条），填写的1,500,000.01元超过了这一数额"
    ):
        compute(figures, "9000000", year=3, cap="1500000.01")


def test_first_year_takes_no_performance_cap(figures):
    with pytest.raises(BadInput, match="第一个业务年度市级单笔补偿上限由第八条规定为1,000,000元"):
        compute(figures, "100", year=1, cap="500000")


def test_figures_come_from_the_database(client, db):
    # A clerk edits the figures in admin (with history); the calculator follows.
    params = IpCompensationParameters.objects.get()
    params.city_pct = Decimal(25)
    params.save()
    # The printed version first, then the edit.
    assert params.history.count() == 2
    data = client.get(URL, {"loss": "1000000", "business_year": "1"}).json()
    assert data == {
        "provincial": 400000,
        "city": 250000,
        "bank_remaining": 350000,
        "city_cap": 1000000,
    }


# --------------------------------------------------------------------------- the JSON endpoint


@pytest.mark.django_db
def test_json_contract(client):
    response = client.get(URL, {"loss": "6000000", "business_year": "1"})
    assert response.status_code == 200
    assert response.json() == {
        "provincial": 2400000,
        "city": 1000000,
        "bank_remaining": 2600000,
        "city_cap": 1000000,
    }
    later = client.get(
        URL, {"loss": "1234567.89", "business_year": "2", "city_cap": "200000"}
    ).json()
    assert later == {
        "provincial": 493827.16,
        "city": 200000,
        "bank_remaining": 540740.73,
        "city_cap": 200000,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"business_year": "1"}, "请填写本金损失"),
        ({"loss": "", "business_year": "1"}, "请填写本金损失"),
        ({"loss": "-1", "business_year": "1"}, "本金损失应在 0 到 10亿元 之间"),
        ({"loss": "一百万", "business_year": "1"}, "“一百万”不是数字"),
        ({"loss": "NaN", "business_year": "1"}, "不是数字"),
        ({"loss": "Infinity", "business_year": "1"}, "不是数字"),
        ({"loss": "1e400", "business_year": "1"}, "不是数字"),
        ({"loss": "100.005", "business_year": "1"}, "最多保留两位小数"),
        ({"loss": "100"}, "缺少业务年度"),
        ({"loss": "100", "business_year": "0"}, "业务年度不能小于 1"),
        ({"loss": "100", "business_year": "第一年"}, "不是整数"),
        ({"loss": "100", "business_year": "1.5"}, "不是整数"),
        ({"loss": "100", "business_year": "2", "city_cap": "-5"}, "应在 0 到 10亿元 之间"),
        ({"loss": "100", "business_year": "2", "city_cap": "abc"}, "不是数字"),
        ({"loss": "100", "business_year": "2", "city_cap": "1600000"}, "最高不超过1,500,000元"),
        ({"loss": "100", "business_year": "1", "city_cap": "100"}, "请不要填写市级补偿上限"),
        ({"loss": "20亿", "business_year": "1"}, "本金损失应在 0 到 10亿元 之间，填写的是“20亿”"),
        ({"loss": "1e9", "business_year": "1"}, "可以写 300万、1.5亿 或 1,000,000"),
    ],
)
def test_json_bad_input_is_a_400_in_chinese(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert message in response.json()["error"]


# --------------------------------------------------------------------------- the page


@pytest.mark.django_db
def test_page_answers_and_cites(client):
    response = client.get(PAGE, {"loss": "6000000", "business_year": "1", "as_of": "2021-03-01"})
    assert response.status_code == 200
    text = response.content.decode()
    assert '<td class="num" id="ip-provincial">2,400,000元</td>' in text
    assert '<td class="num" id="ip-city">1,000,000元</td>' in text
    assert '<td class="num" id="ip-bank">2,600,000元</td>' in text
    assert "按 {} 计".format("2021年3月1日") in text and "现行有效" in text
    assert 'href="/documents/wsjf-2020-56/#第八条"' in text
    # The conditions of the enterprise (第三条) and the bank (第六条), each with its article.
    assert 'href="/documents/wsjf-2020-56/#第三条">第三条（一）</a>' in text
    assert 'href="/documents/wsjf-2020-56/#第六条">第六条（三）</a>' in text
    assert "信保基金业务评级为C级以上" in text
    assert "只针对知识产权质押贷款的损失部分进行风险补偿" in text
    assert "100万元" in text and "150万元" in text


@pytest.mark.django_db
def test_page_says_when_the_measure_has_expired(client):
    text = client.get(PAGE, {"as_of": "2024-01-01"}).content.decode()
    assert "已失效" in text and "有效期至 2023年8月22日" in text


@pytest.mark.django_db
def test_a_clerks_correction_in_the_documents_app_reaches_the_page(client):
    params = {"loss": "6000000", "business_year": "1", "as_of": "2021-03-01"}
    assert "现行有效" in client.get(PAGE, params).content.decode()
    document = Document.objects.get(doc_number="威市监发〔2020〕56号")
    document.effective_to = dt.date(2021, 2, 28)
    document.save()
    text = client.get(PAGE, params).content.decode()
    assert "已失效" in text and "有效期至 2021年2月28日" in text


@pytest.mark.django_db
def test_page_bad_input_is_a_400_with_the_message(client):
    response = client.get(PAGE, {"loss": "-3", "business_year": "1"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "本金损失应在 0 到 10亿元 之间" in text
    assert 'value="-3"' in text  # what the user typed is kept


@pytest.mark.django_db
def test_page_query_count_is_fixed(client, django_assert_max_num_queries):
    # Parameters with measure and document, conditions, repeals of the document (its status).
    with django_assert_max_num_queries(3 + PUBLIC_REQUEST_QUERIES):
        client.get(PAGE, {"loss": "6000000", "business_year": "2", "city_cap": "1000000"})
    with django_assert_max_num_queries(1 + PUBLIC_REQUEST_QUERIES):
        client.get(URL, {"loss": "6000000", "business_year": "2"})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "written", ["300万", "300万元", "3,000,000", "3000000元", "300 万", "０.03亿"]
)
def test_amounts_are_read_as_people_write_them(client, written):
    answer = client.get(URL, {"loss": written, "business_year": "1"}).json()
    assert (
        answer["provincial"]
        == client.get(URL, {"loss": "3000000", "business_year": "1"}).json()["provincial"]
    )
    assert answer["provincial"] > 0


@pytest.mark.django_db
def test_the_page_shows_no_field_codes_in_its_messages(client):
    body = client.get(PAGE, {"loss": "abc", "business_year": "x"}).content.decode()
    assert "不是数字" in body
    for code in ("loss", "business_year", "city_cap"):
        assert f"（{code}" not in body and f"{code}）" not in body
