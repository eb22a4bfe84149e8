"""The scheme page, the tiers open data and the public roster, as a citizen sees them."""

import re
from decimal import Decimal

import pytest

from gazette_site.caching import PUBLIC_REQUEST_QUERIES
from rewards import services
from rewards.models import AwardPrize, Clawback, ClawbackReason, Sector
from tests.rewards.conftest import revise_scheme, wan

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page as text, tags removed, so assertions read like what a user sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --------------------------------------------------------------------------- scheme page


def test_scheme_page_shows_printed_figures_beside_their_sums(client, scheme_2020):
    response = client.get("/rewards/schemes/2020/", {"as_of": "2021-06-01"})
    assert response.status_code == 200
    text = text_of(response)
    assert "2020年威海市金融发展贡献奖" in text
    assert "奖金总额（每年不超过） 300万元 300万元" in text
    assert "（一）金融机构和地方金融组织（不超过） 260万元 260万元" in text
    assert "1. 银行业金融机构：168万元" in text
    assert "一等奖 3名 15万元 45万元" in text
    assert "二等奖 7名 9万元 63万元" in text
    assert "威海市金融风险防控奖 增设 2名 10万元 20万元" in text
    # The check of each sum is editors' material, inside the page's closed disclosure.
    notes = text[text.index("关于本页数据的说明") :]
    assert "银行业金融机构奖金：规定 168万元，合计 168万元， ✓ 一致" in notes
    assert "核对" not in text[: text.index("关于本页数据的说明")]
    assert "三等奖 5名 6万元 30万元" in text
    assert "获奖机构 推定 6名 2万元 12万元" in text  # the name is the portal's, marked
    assert "人民银行威海市中心支行" in text and "不低于8%" in text
    assert "✗" not in text
    assert "现行有效" in text and "按 2021年6月1日 计" in text
    html = response.content.decode()
    assert 'href="/documents/wzf-2020-6/#第六条"' in html
    assert 'href="/documents/wzf-2020-6/#第十三条"' in html
    # Readings are shown as notes.
    assert "奖项记作“获奖机构”" in text


def test_index_is_the_newest_scheme_and_says_when_expired(client, scheme_2020):
    response = client.get("/rewards/", {"as_of": "2026-01-01"})
    assert response.status_code == 200
    text = text_of(response)
    assert "2020年威海市金融发展贡献奖" in text
    assert "已失效" in text and "2026年1月1日本办法已不在有效期内" in text


def test_scheme_page_flags_figures_that_do_not_add_up(client, prize):
    AwardPrize.objects.filter(pk=prize(Sector.BANK, "二等奖").pk).update(count=8)
    text = text_of(client.get("/rewards/schemes/2020/"))
    assert "本年度方案数额不一致" in text
    assert "银行业金融机构奖金：规定 168万元，合计 177万元， ✗ 不一致" in text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/rewards/schemes/2019/", 404),
        ("/rewards/?as_of=2020-02-30", 400),
        ("/rewards/?as_of=x", 400),
    ],
)
def test_scheme_page_bad_requests(client, scheme_2020, url, status):
    response = client.get(url)
    assert response.status_code == status


def test_scheme_page_query_count_is_fixed(client, scheme_2020, django_assert_max_num_queries):
    # Scheme + measure + document, sectors, prizes + recipients, the list of years, and the
    # repeals recorded against the document (its status).
    with django_assert_max_num_queries(5 + PUBLIC_REQUEST_QUERIES):
        client.get("/rewards/schemes/2020/")
    revise_scheme(scheme_2020, {}, year=2021)
    with django_assert_max_num_queries(5 + PUBLIC_REQUEST_QUERIES):
        client.get("/rewards/schemes/2021/")


# --------------------------------------------------------------------------- tiers.json


def test_tiers_json_contract(client, scheme_2020):
    response = client.get("/data/rewards/tiers.json", {"year": "2020"})
    assert response.status_code == 200
    tiers = response.json()
    assert tiers[0] == {
        "sector": "银行业金融机构",
        "prize": "一等奖",
        "prize_inferred": False,
        "count": 3,
        "amount_wan": 15,
        "subtotal_wan": 45,
    }
    assert all(
        set(t) == {"sector", "prize", "prize_inferred", "count", "amount_wan", "subtotal_wan"}
        for t in tiers
    )
    assert len(tiers) == 14
    by_sector = {}
    for t in tiers:
        by_sector[t["sector"]] = by_sector.get(t["sector"], 0) + t["subtotal_wan"]
    assert by_sector == {
        "银行业金融机构": 168,
        "保险业金融机构": 56,
        "证券业金融机构": 24,
        "地方金融组织": 12,
        "监管机构": 40,
    }
    assert sum(by_sector.values()) == 300
    # Without a year: the newest scheme.
    assert client.get("/data/rewards/tiers.json").json() == tiers


def test_tiers_json_follows_a_revised_year(client, scheme_2020):
    revise_scheme(
        scheme_2020,
        {(Sector.LOCAL_FINANCE, "获奖机构"): (8, Decimal("15000"))},
        year=2022,
    )
    tiers = client.get("/data/rewards/tiers.json", {"year": "2022"}).json()
    local = next(t for t in tiers if t["sector"] == "地方金融组织")
    assert local == {
        "sector": "地方金融组织",
        "prize": "获奖机构",
        "prize_inferred": False,  # named by the clerk who entered the revision
        "count": 8,
        "amount_wan": 1.5,
        "subtotal_wan": 12,
    }


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("", "缺少年度"),
        ("abc", "“abc”不是整数"),
        ("-2020", "不能小于 1"),
        ("2019", "没有2019年的金融发展贡献奖方案；已有方案的年度：2020"),
        ("99999", "不能大于 9999"),
    ],
)
def test_tiers_json_bad_year_is_a_400_in_chinese(client, scheme_2020, year, message):
    response = client.get("/data/rewards/tiers.json", {"year": year})
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_tiers_json_query_count(client, scheme_2020, django_assert_max_num_queries):
    with django_assert_max_num_queries(3 + PUBLIC_REQUEST_QUERIES):
        client.get("/data/rewards/tiers.json", {"year": "2020"})


# --------------------------------------------------------------------------- roster page


def fill_roster():
    for n in range(3):
        services.award_winner_add(
            year=2020, sector=Sector.BANK, prize_name="一等奖", institution_name=f"银行{n}"
        )
    services.award_winner_add(
        year=2020, sector=Sector.BANK, prize_name="威海市新增信贷投放奖", institution_name="银行0"
    )
    for n in range(6):
        services.award_winner_add(
            year=2020,
            sector=Sector.LOCAL_FINANCE,
            prize_name="获奖机构",
            institution_name=f"小贷{n}",
        )
    services.award_winner_add(
        year=2020, sector=Sector.INSURANCE, prize_name="一等奖", institution_name="保险甲"
    )


def test_roster_lists_winners_and_totals_against_budget(client, scheme_2020):
    fill_roster()
    text = text_of(client.get("/rewards/roster/", {"year": "2020"}))
    assert "共 11 条" in text
    assert "2020年 银行业金融机构 一等奖 银行0 15万元" in text
    assert "2020年 银行业金融机构 威海市新增信贷投放奖 银行0 10万元" in text
    # year, sector, winners / places, awarded, budget, remaining
    assert "2020年 银行业金融机构 4 / 16 55万元 168万元 113万元" in text
    assert "2020年 地方金融组织 6 / 6 12万元 12万元 0万元" in text
    assert "合计 77万元 300万元" in text


def test_roster_filters_by_sector_and_prize(client, scheme_2020):
    fill_roster()
    response = client.get("/rewards/roster/", {"year": "2020", "sector": "bank", "prize": "一等奖"})
    text = text_of(response)
    assert "共 3 条" in text
    assert "保险甲" not in text and "小贷0" not in text
    # Totals stay per sector, against the whole sector's budget.
    assert "2020年 银行业金融机构 4 / 16 55万元 168万元 113万元" in text
    assert "地方金融组织 6 / 6" not in text
    insurers = text_of(client.get("/rewards/roster/", {"prize": "一等奖", "sector": "insurance"}))
    assert "共 1 条" in insurers and "保险甲" in insurers


def test_roster_empty_state(client, scheme_2020):
    text = text_of(client.get("/rewards/roster/"))
    assert "还没有获奖记录" in text
    assert "2020年 监管机构 0 / 2 0万元 40万元 40万元" in text


def test_roster_shows_clawbacks(client, scheme_2020):
    fill_roster()
    Clawback.objects.create(
        institution=services.institution_resolve(name="小贷3", sector=Sector.LOCAL_FINANCE),
        year=2020,
        amount=wan(2),
        reason=ClawbackReason.SALARIES,
    )
    text = text_of(client.get("/rewards/roster/", {"year": "2020"}))
    assert "2020年 小贷3 20,000元 抵扣高管人员和工作人员薪资" in text


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "2019"},
        {"sector": "bank'"},
        {"prize": "特等奖"},
        {"year": "2020", "sector": "x"},
    ],
)
def test_roster_bad_filters_are_a_400_in_chinese(client, scheme_2020, params):
    response = client.get("/rewards/roster/", params)
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()


def test_roster_bad_page_number_is_a_400_with_a_chinese_message(client, scheme_2020):
    fill_roster()
    assert client.get("/rewards/roster/", {"page": "1"}).status_code == 200
    for page, words in (("zz", "不是整数"), ("-1", "不能小于 1"), ("999", "超出范围：共")):
        response = client.get("/rewards/roster/", {"page": page})
        assert response.status_code == 400
        assert "页码（page）" in response.content.decode()
        assert words in response.content.decode()


def test_roster_query_count_does_not_grow(client, scheme_2020, django_assert_max_num_queries):
    # Filter choices (years, prize names), the measure, count + page, budgets, places,
    # awarded sums, clawbacks.
    with django_assert_max_num_queries(9 + PUBLIC_REQUEST_QUERIES):
        client.get("/rewards/roster/", {"year": "2020"})
    fill_roster()
    with django_assert_max_num_queries(9 + PUBLIC_REQUEST_QUERIES):
        client.get("/rewards/roster/", {"year": "2020"})
    with django_assert_max_num_queries(9 + PUBLIC_REQUEST_QUERIES):
        client.get("/rewards/roster/")


def test_every_cited_article_exists_on_its_document_page(client, scheme_2020):
    """The citation links point at anchors the documents app really renders."""
    pages = [
        "/rewards/",
        "/rewards/roster/",
        "/rewards/ip-compensation/?loss=100&business_year=1",
        "/rewards/eligibility/?applicant=local&sector=bank&level=legal_entity&operating_years=1&disqualified=1",
    ]
    cited: set[tuple[str, str]] = set()
    for url in pages:
        html = client.get(url).content.decode()
        cited |= set(re.findall(r'href="(/documents/[a-z0-9-]+/)#([^"]+)"', html))
    assert ("/documents/wzf-2020-6/", "第六条") in cited
    assert ("/documents/wsjf-2020-56/", "第八条") in cited
    documents = {}
    for path, anchor in sorted(cited):
        if path not in documents:
            response = client.get(path)
            assert response.status_code == 200, f"{path} 不存在（documents 的数据是否已载入？）"
            documents[path] = response.content.decode()
        assert f'id="{anchor}"' in documents[path], f"{path}#{anchor}"


def test_ip_page_bad_date_is_a_400(client):
    response = client.get("/rewards/ip-compensation/", {"as_of": "2021-02-30"})
    assert response.status_code == 400
    assert "不是有效日期" in response.content.decode()
