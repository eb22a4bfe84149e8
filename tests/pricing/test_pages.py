"""The public pages: content a reader checks, bad query strings, and a fixed number of queries."""

import datetime as dt

import pytest

from documents.models import District
from gazette_site.caching import PUBLIC_REQUEST_QUERIES

pytestmark = pytest.mark.django_db

DOC = "/documents/wfgf-2020-227/"


def published(year):
    return dt.date(year + 1, 4, 15)


def history(*pairs):
    return [(year, grade, published(year)) for year, grade in pairs]


@pytest.fixture
def cohort(enterprise_with, district, other_district):
    """Five enterprises whose runs at 2021 are 4, 2, 1 (broken), 1 (gap), and one never D."""
    return {
        "four": enterprise_with(
            history((2018, "D"), (2019, "D"), (2020, "D"), (2021, "D")), name="甲四年"
        ),
        "two": enterprise_with(
            history((2020, "D"), (2021, "D")), name="乙两年", district_obj=other_district
        ),
        "broken": enterprise_with(history((2019, "D"), (2020, "B"), (2021, "D")), name="丙中断"),
        "gap": enterprise_with(history((2019, "D"), (2021, "D")), name="丁缺年"),
        "never": enterprise_with(history((2021, "A")), name="戊A类"),
    }


# --- schedule -------------------------------------------------------------------------


def test_schedule_shows_rates_rules_and_sources(client):
    response = client.get("/pricing/")
    assert response.status_code == 200
    html = response.content.decode()
    for rate in ("0.05", "0.10", "0.15", "0.30", "0.45"):
        assert f">{rate}<" in html
    assert "连续三年及以上" in html
    for anchor in ("#一", "#二", "#三-（一）"):
        assert f'href="{DOC}{anchor}"' in html
    assert "《威海市节约用水条例》" in html and "本站不计算" in html
    assert "不重复加价" in html
    assert "四舍五入到分" in html
    assert "2020年7月18日" in html and "2022年2月28日" in html
    assert "/pricing/surcharge.json" in html


@pytest.mark.parametrize(
    "as_of,status",
    [
        ("2020-07-17", "尚未施行"),
        ("2020-07-18", "现行有效"),
        ("2022-02-28", "现行有效"),
        ("2022-03-01", "已失效"),
    ],
)
def test_schedule_status_is_computed_for_the_date(client, as_of, status):
    html = client.get("/pricing/", {"as_of": as_of}).content.decode()
    assert status in html
    day = dt.date.fromisoformat(as_of)
    assert f"按{day.year}年{day.month}月{day.day}日计算" in html


def test_schedule_says_plainly_that_the_notice_has_expired(client):
    html = client.get("/pricing/", {"as_of": "2026-01-01"}).content.decode()
    assert "已于2022年2月28日期满" in html


def test_schedule_bad_as_of(client):
    response = client.get("/pricing/", {"as_of": "2021-02-30"})
    assert response.status_code == 400
    assert "不是有效日期" in response.content.decode()


def test_schedule_queries(client, django_assert_max_num_queries):
    # One of them reads the rates' history, to point out rates changed since the print.
    with django_assert_max_num_queries(5 + PUBLIC_REQUEST_QUERIES):
        client.get("/pricing/")


# --- calculator -----------------------------------------------------------------------


def test_calculator_form_without_input(client):
    response = client.get("/pricing/calculator/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="calc" method="get"' in html
    assert 'name="consecutive_years"' in html and 'name="month"' in html
    assert 'id="result"' not in html


def test_calculator_from_consecutive_years(client):
    response = client.get(
        "/pricing/calculator/",
        {"consecutive_years": "3", "month": "2021-06", "kwh": "20000", "water_m3": "800"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2021年6月：按本通知应加价" in html
    assert "3,360元" in html  # 20000 × 0.15 + 800 × 0.45
    assert "连续三年及以上" in html
    assert f'href="{DOC}#一"' in html and f'href="{DOC}#二"' in html
    assert f'href="{DOC}"' in html  # the validity window


def test_calculator_no_double_surcharge_cites_its_rule(client):
    html = client.get(
        "/pricing/calculator/",
        {
            "consecutive_years": "1",
            "month": "2021-06",
            "kwh": "1000",
            "water_m3": "0",
            "other_kwh_rate": "0.08",
        },
    ).content.decode()
    assert "不重复加价" in html
    assert "0.08" in html
    assert "本通知不再另收电价加价" in html


def test_calculator_partial_and_outside_months_say_why(client):
    july = client.get(
        "/pricing/calculator/",
        {"consecutive_years": "1", "month": "2020-07", "kwh": "3100", "water_m3": "0"},
    ).content.decode()
    assert "14/31" in july and "2020年7月18日" in july
    march = client.get(
        "/pricing/calculator/",
        {"consecutive_years": "1", "month": "2022-03", "kwh": "3100", "water_m3": "0"},
    ).content.decode()
    assert "晚于" in march and "2022年2月28日" in march and "0元" in march


def test_calculator_from_an_enterprise_history(client, cohort):
    enterprise = cohort["two"]
    response = client.get(
        "/pricing/calculator/",
        {
            "enterprise": enterprise.credit_code,
            "month": "2021-04",
            "kwh": "1000",
            "water_m3": "100",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert enterprise.name in html
    # 2021-04: only the 2020 result (published 2021-04-15) exists, and it is not yet counted.
    assert "不计入该月" in html and "2020年度D类（2021年4月15日公布）" in html
    assert f'href="{DOC}#三-（一）"' in html
    may = client.get(
        "/pricing/calculator/",
        {
            "enterprise": enterprise.credit_code,
            "month": "2021-05",
            "kwh": "1000",
            "water_m3": "100",
        },
    ).content.decode()
    assert "共1年" in may and "65元" in may  # 1000 × 0.05 + 100 × 0.15


def test_calculator_lists_only_class_d_enterprises(client, cohort):
    html = client.get("/pricing/calculator/").content.decode()
    assert cohort["four"].name in html
    assert cohort["never"].name not in html


def test_calculator_unknown_enterprise(client):
    response = client.get(
        "/pricing/calculator/",
        {"enterprise": "NOPE", "month": "2021-05", "kwh": "1", "water_m3": "1"},
    )
    assert response.status_code == 400
    assert "找不到统一社会信用代码为“NOPE”的企业" in response.content.decode()


def test_calculator_bad_input_lists_every_field(client):
    response = client.get(
        "/pricing/calculator/",
        {"consecutive_years": "x", "month": "2021", "kwh": "-1", "water_m3": "abc"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    for words in ("不是整数", "YYYY-MM", "不能小于", "不是有效数字"):
        assert words in html
    assert 'aria-invalid="true"' in html


def test_calculator_queries_do_not_grow_with_enterprises(
    client, cohort, enterprise_with, django_assert_max_num_queries
):
    params = {
        "enterprise": cohort["four"].credit_code,
        "month": "2021-06",
        "kwh": "1",
        "water_m3": "1",
    }
    with django_assert_max_num_queries(6 + PUBLIC_REQUEST_QUERIES):
        client.get("/pricing/calculator/", params)
    for _ in range(15):
        enterprise_with(history((2019, "D"), (2020, "D"), (2021, "D")))
    with django_assert_max_num_queries(6 + PUBLIC_REQUEST_QUERIES):
        client.get("/pricing/calculator/", params)


# --- enterprise page --------------------------------------------------------------------


def test_enterprise_page_history_and_twelve_months(client, cohort):
    enterprise = cohort["two"]
    response = client.get(enterprise.get_absolute_url(), {"kwh": "1000", "water_m3": "100"})
    assert response.status_code == 200
    html = response.content.decode()
    assert enterprise.credit_code in html and "荣成市" in html
    assert "2021年度" in html and "2020年度" in html and "D类（限制发展类）" in html
    # Default start: the month after the first class-D result was published (2021-04-15).
    assert "默认从2021年5月起" in html
    assert html.count('name="kwh_') == 12
    # 2021-05 … 2022-02 in force (10 months): 1 year until 2022-04 → 0.05 × 1000 + 0.15 × 100
    assert "650元" in html  # 10 × 65
    assert "晚于" in html  # 2022-03 and 2022-04 are outside the window


def test_enterprise_page_per_month_volumes(client, cohort):
    enterprise = cohort["four"]
    response = client.get(
        enterprise.get_absolute_url(),
        {"start": "2021-06", "kwh": "0", "water_m3": "0", "kwh_1": "1000"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    # 2021-06: the 2020 result makes three consecutive years (2018–2020) → 0.15 × 1000
    assert "150元" in html


def test_enterprise_page_other_surcharge(client, cohort):
    html = client.get(
        cohort["four"].get_absolute_url(),
        {"start": "2021-06", "kwh": "1000", "water_m3": "0", "other_kwh_rate": "0.2"},
    ).content.decode()
    assert "实际执行 0.20" in html
    assert f'href="{DOC}#一"' in html


def test_enterprise_page_without_results(client, enterprise_with):
    enterprise = enterprise_with()
    response = client.get(enterprise.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "尚未录入这家企业的评价结果" in html
    assert "默认从2020年7月起" in html


def test_enterprise_page_bad_query(client, cohort):
    response = client.get(cohort["four"].get_absolute_url(), {"start": "June", "kwh_2": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "起始月份" in html and "第2个月" in html


def test_unknown_enterprise_is_404(client):
    assert client.get("/pricing/enterprises/91110000600037341L/").status_code == 404


def test_enterprise_page_queries_do_not_grow(
    client, enterprise_with, django_assert_max_num_queries
):
    small = enterprise_with(history((2020, "D")))
    large = enterprise_with(history(*[(y, "D") for y in range(2005, 2022)]))
    for enterprise in (small, large):
        with django_assert_max_num_queries(5 + PUBLIC_REQUEST_QUERIES):
            assert client.get(enterprise.get_absolute_url()).status_code == 200


# --- class-D list -----------------------------------------------------------------------


def test_class_d_list_empty(client):
    response = client.get("/pricing/class-d/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "尚未录入任何D类评价结果" in html
    assert "本期公报没有刊载任何企业名单" in html


def test_class_d_list_latest_year_with_runs(client, cohort):
    response = client.get("/pricing/class-d/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "（2021年度）" in html
    for key in ("four", "two", "broken", "gap"):
        assert cohort[key].name in html
    assert cohort["never"].name not in html
    assert "2022年5月" in html  # charged from the month after 2022-04-15
    rows = {
        key: html.split(cohort[key].name, 1)[1].split("</tr>", 1)[0]
        for key in ("four", "two", "broken", "gap")
    }
    assert '<td class="num">4</td>' in rows["four"]
    assert '<td class="num">2</td>' in rows["two"]
    assert '<td class="num">1</td>' in rows["broken"]
    assert '<td class="num">1</td>' in rows["gap"]


@pytest.mark.parametrize(
    "years,expected",
    [("1", {"broken", "gap"}), ("2", {"two"}), ("3", {"four"})],
)
def test_class_d_list_filter_by_consecutive_years(client, cohort, years, expected):
    html = client.get(
        "/pricing/class-d/", {"year": "2021", "consecutive_years": years}
    ).content.decode()
    shown = {key for key in ("four", "two", "broken", "gap") if cohort[key].name in html}
    assert shown == expected


def test_class_d_list_filter_by_district_and_year(client, cohort, other_district):
    html = client.get(
        "/pricing/class-d/", {"year": "2021", "district": other_district.pk}
    ).content.decode()
    assert cohort["two"].name in html and cohort["four"].name not in html
    html = client.get("/pricing/class-d/", {"year": "2019"}).content.decode()
    assert "（2019年度）" in html
    assert {k for k in cohort if cohort[k].name in html} == {"four", "broken", "gap"}


def test_class_d_list_filter_by_name(client, cohort):
    html = client.get("/pricing/class-d/", {"name": "中断"}).content.decode()
    assert cohort["broken"].name in html and cohort["four"].name not in html


@pytest.mark.parametrize(
    "params,words",
    [
        ({"district": "abc"}, "区市选择无效"),
        ({"district": "99999"}, "区市选择无效"),
        ({"consecutive_years": "9"}, "连续年数“9”无效"),
        ({"year": "1999"}, "没有1999年度的D类评价结果"),
        ({"year": "abc"}, "没有abc年度"),
        ({"page": "abc"}, "页码"),
        ({"page": "0"}, "页码"),
        ({"page": "5"}, "超出范围"),
    ],
)
def test_class_d_list_bad_query_strings(client, cohort, params, words):
    response = client.get("/pricing/class-d/", params)
    assert response.status_code == 400
    assert words in response.content.decode()


def test_class_d_list_queries_do_not_grow(client, enterprise_with, django_assert_max_num_queries):
    district = District.objects.get(name="文登区")
    enterprise_with(history((2020, "D"), (2021, "D")), district_obj=district)
    with django_assert_max_num_queries(9 + PUBLIC_REQUEST_QUERIES):
        client.get("/pricing/class-d/", {"consecutive_years": "2"})
    for _ in range(60):
        enterprise_with(history((2020, "D"), (2021, "D")), district_obj=district)
    with django_assert_max_num_queries(9 + PUBLIC_REQUEST_QUERIES):
        response = client.get("/pricing/class-d/", {"consecutive_years": "2"})
    assert "共 61 家" in response.content.decode()
    assert "第 1 / 2 页" in response.content.decode()


# --- empty states ------------------------------------------------------------------------


def test_calculator_without_enterprises_says_to_type_the_years(client):
    html = client.get("/pricing/calculator/").content.decode()
    assert "目前还没有录入D类企业的评价结果，请直接填写年数" in html


def test_pages_without_a_schedule_explain_instead_of_failing(client, policy):
    # Rows point at their policy with PROTECT: a policy goes only once its rows are gone.
    policy.surcharges.all().delete()
    policy.rules.all().delete()
    policy.delete()
    for url in (
        "/pricing/",
        "/pricing/calculator/?consecutive_years=1&month=2021-06&kwh=1&water_m3=1",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "尚未载入威发改发〔2020〕227号的加价标准" in response.content.decode()
    assert client.get("/pricing/class-d/").status_code == 200
    response = client.get(
        "/pricing/surcharge.json",
        {"consecutive_years": 1, "month": "2021-06", "kwh": 1, "water_m3": 1},
    )
    assert response.status_code == 503
    assert "尚未录入" in response.json()["error"]
