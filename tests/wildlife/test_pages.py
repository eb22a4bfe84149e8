"""The public pages: what a citizen or clerk sees, with a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.test import Client

from gazette_site.caching import PUBLIC_REQUEST_QUERIES

pytestmark = pytest.mark.django_db

PAGES = ["/wildlife/", "/wildlife/calculator/", "/wildlife/public-list/", "/wildlife/reports/"]


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_pages_make_sense_when_the_registry_is_empty(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "/documents/wzbz-2020-50/" in text(response)


def test_overview_shows_the_standard_and_cites_it(client):
    page = text(client.get("/wildlife/"))
    for name, price in [("豪猪", "800"), ("果子狸", "1200"), ("虎纹蛙", "5"), ("王锦蛇", "100")]:
        assert re.search(rf"<td>{name}</td><td>[只斤]</td><td class=\"num\">{price}</td>", page)
    assert "注：蓝孔雀幼体（当年孵化的）每只 200 元。" in page
    assert 'href="/documents/wzbz-2020-50/#附件2"' in page
    assert 'href="/documents/wzbz-2020-50/#附件1"' in page
    assert 'href="/documents/wzbz-2020-50/#二-（四）"' in page
    assert "5:5" in page


def test_overview_status_is_computed_for_the_date_shown(client):
    before = text(client.get("/wildlife/?as_of=2020-07-15"))
    assert "尚未截止" in before and "按2020年7月15日计算" in before
    after = text(client.get("/wildlife/?as_of=2020-09-01"))
    assert "已截止" in after and "时限已过" in after


def test_overview_reads_the_plan_status_from_the_documents_app(client, plan):
    # The plan states no validity period: it is not shown as 现行有效.
    assert "未载明有效期" in text(client.get("/wildlife/?as_of=2020-09-01"))
    # A clerk records in the documents app that the plan ended with its work deadline.
    document = plan.document
    document.effective_to = dt.date(2020, 8, 31)
    document.save()
    assert "已失效" in text(client.get("/wildlife/?as_of=2020-09-01"))
    assert "现行有效" in text(client.get("/wildlife/?as_of=2020-08-31"))


def test_overview_bad_as_of_is_a_clear_400(client):
    response = client.get("/wildlife/?as_of=2020-13-45")
    assert response.status_code == 400
    assert "不是有效日期" in text(response)


def test_calculator_page_prices_and_splits(client):
    response = client.get(
        "/wildlife/calculator/",
        {
            "species_1": "蓝孔雀",
            "quantity_1": "3",
            "juvenile_1": "on",
            "species_2": "王锦蛇",
            "quantity_2": "1.25",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "蓝孔雀（幼体）" in page and "200元/只" in page
    assert "725元" in page  # 3 × 200 + 1.25 × 100
    assert "362.50元" in page
    assert 'href="/documents/wzbz-2020-50/#附件2"' in page


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"species_1": "蓝孔雀", "quantity_1": "1.5"}, "须为整数"),
        ({"species_1": "豪猪", "quantity_1": "1", "juvenile_1": "on"}, "豪猪没有幼体补偿标准"),
        ({"species_1": "孔雀", "quantity_1": "1"}, "没有“孔雀”这个物种"),
        ({"species_1": "", "quantity_1": "3"}, "请选择物种"),
        ({"species_1": "刺猬", "quantity_1": "x"}, "不是数字"),
        ({"species_1": "蓝孔雀", "quantity_1": "1e9"}, "不是数字"),
        ({"species_1": "蓝孔雀", "quantity_1": "1000000000"}, "应在 0.01 到 10万只 之间"),
        ({"species_1": "蓝孔雀", "quantity_1": "9" * 30}, "应在 0.01 到 10万只 之间"),
        ({"species_1": "", "quantity_1": ""}, "请至少填写一项"),
    ],
)
def test_calculator_page_bad_input(client, params, needle):
    response = client.get("/wildlife/calculator/", params)
    assert response.status_code == 400
    assert needle in text(response)
    # One plain message per problem: no stock Django wording, no second, wrong message.
    assert "确保该变量" not in text(response) and "请填写数量" not in text(response)


def test_calculator_reads_counts_written_with_wan(client):
    page = text(client.get("/wildlife/calculator/", {"species_1": "蓝孔雀", "quantity_1": "1万只"}))
    assert "10,000只" in page or "10000只" in page


def test_public_list_is_empty_without_invented_farms(client):
    page = text(client.get("/wildlife/public-list/"))
    assert "尚无登记数据" in page


def test_public_list_filters(client, make_entity, register):
    a = make_entity("甲养殖场", "环翠区", 1)
    b = make_entity("乙养殖场", "荣成市", 4)
    register(a, "蓝孔雀", 2)
    register(a, "刺猬", 4)
    register(b, "刺猬", 10)
    page = text(client.get("/wildlife/public-list/"))
    assert "甲养殖场" in page and "乙养殖场" in page
    assert "补偿金额合计 <strong>2,300元</strong>" in page
    page = text(client.get("/wildlife/public-list/", {"district": "荣成市"}))
    assert "乙养殖场" in page and "甲养殖场" not in page
    page = text(client.get("/wildlife/public-list/", {"species": "蓝孔雀"}))
    assert "甲养殖场" in page and "乙养殖场" not in page
    assert "补偿金额合计 <strong>1,600元</strong>" in page
    page = text(client.get("/wildlife/public-list/", {"scope": "4"}))
    assert "乙养殖场" in page and "甲养殖场" not in page
    page = text(client.get("/wildlife/public-list/", {"scope": "none"}))
    assert "没有符合筛选条件" in page


@pytest.mark.parametrize("query", ["district=火星", "species=孔雀", "scope=9", "scope=abc"])
def test_public_list_bad_filters_are_a_clear_400(client, query):
    response = client.get(f"/wildlife/public-list/?{query}")
    assert response.status_code == 400
    assert "筛选条件有误" in text(response)


def test_public_list_bad_page_number_is_a_400_with_a_chinese_message(client, make_entity, register):
    register(make_entity(), "刺猬", 1)
    assert client.get("/wildlife/public-list/?page=1").status_code == 200
    for page, words in (("abc", "不是整数"), ("999", "超出范围：共 1 页")):
        response = client.get("/wildlife/public-list/", {"page": page})
        assert response.status_code == 400
        assert f"页码（page）“{page}”{words}" in text(response) or words in text(response)


def make_many(make_entity, register, count, start=0):
    districts = ["环翠区", "文登区", "荣成市", "乳山市", "南海新区"]
    for n in range(start, start + count):
        farm = make_entity(f"养殖场{n}", districts[n % len(districts)], 1 + n % 5)
        register(farm, "刺猬", 1 + n)
        register(farm, "蓝孔雀", 2, juvenile=bool(n % 2))


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        # The plan's status looks up repeals recorded in documents; the overview and the
        # calculator read the price history once, to mark prices changed since the print.
        ("/wildlife/", 6),
        ("/wildlife/calculator/?species_1=刺猬&quantity_1=2", 3),
        ("/wildlife/public-list/", 8),
        ("/wildlife/public-list/?district=环翠区&species=刺猬&scope=1", 11),
        ("/wildlife/reports/", 7),
        ("/data/wildlife/species.json", 2),
        ("/wildlife/compensation.json?items=刺猬:2,蓝孔雀:1:juvenile", 2),
    ],
)
def test_queries_do_not_grow_with_data(
    client, make_entity, register, django_assert_max_num_queries, url, limit
):
    make_many(make_entity, register, 3)
    with django_assert_max_num_queries(limit + PUBLIC_REQUEST_QUERIES):
        assert client.get(url).status_code == 200
    make_many(make_entity, register, 40, start=3)
    with django_assert_max_num_queries(limit + PUBLIC_REQUEST_QUERIES):
        assert client.get(url).status_code == 200


def test_registry_page_is_for_staff_only(client, staff_user, make_entity, register):
    register(make_entity(), "刺猬", 3)
    response = client.get("/wildlife/registry/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    staff = Client()
    staff.force_login(staff_user)
    page = text(staff.get("/wildlife/registry/"))
    assert "甲养殖场" in page and "记录处置" in page


def test_registry_page_queries_are_fixed(
    client, staff_user, make_entity, register, django_assert_max_num_queries
):
    client.force_login(staff_user)
    make_many(make_entity, register, 3)
    with django_assert_max_num_queries(8):
        assert client.get("/wildlife/registry/").status_code == 200
    make_many(make_entity, register, 30, start=3)
    with django_assert_max_num_queries(8):
        assert client.get("/wildlife/registry/").status_code == 200


def test_every_cited_anchor_exists_on_the_document_page(client):
    from wildlife.views import ANCHORS

    document = text(client.get("/documents/wzbz-2020-50/"))
    for anchor in ANCHORS.values():
        assert f'id="{anchor}"' in document, anchor
    cited = set()
    for url in PAGES:
        cited |= set(re.findall(r'href="/documents/wzbz-2020-50/#([^"]+)"', text(client.get(url))))
    assert cited and cited <= set(ANCHORS.values())
