"""Item, matter and department pages; abolished items; a fixed number of queries per page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gazette_site.caching import PUBLIC_REQUEST_QUERIES
from intermediary.models import (
    Department,
    IntermediaryService,
    MatterType,
    ServiceLink,
    ServiceMatter,
)

pytestmark = pytest.mark.django_db


def matter_pk(name: str) -> int:
    return ServiceMatter.objects.get(name=name).pk


def test_the_catalogue_page_states_the_notice_and_its_rules(client):
    html = client.get("/intermediary/").content.decode()
    assert 'href="/documents/wzz-2020-49/"' in html
    assert "威政字〔2018〕40号" in html
    assert "废止" in html
    assert "合法性审查" in html  # new items only after a legality review
    assert (
        "公开内容包括：中介服务项目名称、关联政务服务事项名称、设定依据、收费依据及标准、服务时限等。"
        in html
    )
    assert "不得设定为中介服务项目" in html


def test_an_item_page_shows_its_matters_sub_items_bases_and_readings(client):
    response = client.get("/intermediary/items/28/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "安全评价报告(预评价、现状评价)" in html
    assert "十、市应急管理局" in html
    for link in ServiceLink.objects.filter(service__no=28).select_related("matter"):
        assert link.matter.name in html
        for sub in link.sub_item_list:
            assert sub in html
    assert "危险化学品生产企业安全生产许可(变更申请)" in html
    assert "第三十一条" in html  # the basis of the 变更申请 row
    assert "缺印第十个部门标题" in html  # the department's reading
    assert "第568行事项名称印作" in html  # the item's own reading
    # The other items serving the same matter are linked.
    assert 'href="/intermediary/items/29/"' in html
    assert 'href="/intermediary/items/27/"' in html


def test_an_item_page_without_legal_basis_says_so(client):
    html = client.get("/intermediary/items/22/").content.decode()
    assert "原文未印设定依据" in html


def test_the_matter_page_lists_every_item_an_applicant_needs(client):
    response = client.get(f"/intermediary/matters/{matter_pk('国有金融资本产权登记')}/")
    assert response.status_code == 200
    assert [link.service.no for link in response.context["current"]] == [7, 8, 9, 10]
    html = response.content.decode()
    assert '<strong id="result-count">4</strong>' in html
    assert "产权注销登记" in response.context["sub_items"]
    assert [s.no for s in response.context["sub_items"]["产权注销登记"]] == [9, 10]

    company = client.get(f"/intermediary/matters/{matter_pk('公司(企业)设立、变更、注销登记')}/")
    assert [link.service.no for link in company.context["current"]] == [32, 62, 63]
    html = company.content.decode()
    assert "行政审批服务局" in html and "市场监管局" in html


def test_the_matter_index_and_department_page(client):
    index = client.get("/intermediary/matters/")
    assert index.status_code == 200
    assert index.context["total"] == ServiceMatter.objects.count()
    department = client.get("/intermediary/departments/10/")
    html = department.content.decode()
    assert department.status_code == 200
    assert "十、市应急管理局" in html and "缺印第十个部门标题" in html
    assert [s.no for s in department.context["services"]] == [27, 28, 29, 30, 31]
    assert client.get("/intermediary/departments/14/").status_code == 404
    assert client.get("/intermediary/matters/99999/").status_code == 404
    assert client.get("/intermediary/items/65/").status_code == 404


def test_an_abolished_item_leaves_the_list_but_stays_reachable(client):
    service = IntermediaryService.objects.get(no=41)
    service.abolished_on = dt.date(2021, 3, 1)
    service.abolished_by = "威政字〔2021〕9号"
    service.full_clean()
    service.save()

    current = client.get("/intermediary/", {"as_of": "2021-06-01"})
    numbers = [s.no for s in current.context["services"]]
    assert 41 not in numbers and len(numbers) == 63
    assert dict((v, c) for v, _l, c in current.context["facets"].statuses) == {
        "current": 63,
        "abolished": 1,
        "all": 64,
    }
    before = client.get("/intermediary/", {"as_of": "2021-02-28"})
    assert 41 in [s.no for s in before.context["services"]]
    only = client.get("/intermediary/", {"as_of": "2021-06-01", "status": "abolished"})
    assert [s.no for s in only.context["services"]] == [41]

    page = client.get("/intermediary/items/41/", {"as_of": "2021-06-01"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "已取消" in html and "2021年3月1日" in html and "威政字〔2021〕9号" in html
    assert "按2021年6月1日计算" in html
    assert 'href="/documents/wzz-2021-9/"' in html

    data = {
        i["no"]: i
        for i in client.get("/data/intermediary.json", {"as_of": "2021-06-01"}).json()["results"]
    }
    assert data[41]["abolished"] is True and data[41]["abolished_on"] == "2021-03-01"
    assert data[40]["abolished"] is False

    matter = client.get(
        f"/intermediary/matters/{matter_pk('对外劳务合作经营资格核准')}/", {"as_of": "2021-06-01"}
    )
    assert [link.service.no for link in matter.context["current"]] == [42]
    assert [link.service.no for link in matter.context["abolished_links"]] == [41]


def test_abolishing_needs_both_the_date_and_a_readable_document_number():
    service = IntermediaryService.objects.get(no=41)
    service.abolished_on = dt.date(2021, 3, 1)
    with pytest.raises(ValidationError, match="还须填写取消该项目的文件文号"):
        service.full_clean()
    service.abolished_by = "市政府决定"
    with pytest.raises(ValidationError, match="无法识别"):
        service.full_clean()
    service.abolished_by = "威政字[2021]9号"
    service.full_clean()
    assert service.abolished_by_url == "/documents/wzz-2021-9/"


def test_a_date_before_the_notice_says_the_list_was_not_yet_published(client):
    html = client.get("/intermediary/", {"as_of": "2020-08-01"}).content.decode()
    assert "本清单尚未公布" in html and "成文于2020年8月30日" in html
    assert "本清单尚未公布" not in client.get("/intermediary/").content.decode()


PAGES = [
    ("/intermediary/", 12),
    ("/intermediary/?department=11&matter_type=行政许可&fee_basis=市场调节价&q=许可", 12),
    ("/intermediary/?per_page=10&page=2", 12),
    ("/intermediary/items/28/", 4),
    ("/intermediary/matters/9/", 3),
    ("/intermediary/matters/", 2),
    ("/intermediary/departments/11/", 4),
    ("/data/intermediary.json", 4),
    ("/intermediary/download.csv?matter_type=行政许可", 4),
    ("/intermediary/download.xlsx", 4),
]


@pytest.mark.parametrize(("url", "limit"), PAGES)
def test_each_page_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, url, limit
):
    with django_assert_max_num_queries(limit + PUBLIC_REQUEST_QUERIES):
        assert client.get(url).status_code == 200


def _grow_catalogue(extra: int) -> None:
    """Add items, each with two matters, to see that the query count does not grow."""
    department = Department.objects.get(order=11)
    for index in range(extra):
        service = IntermediaryService.objects.create(
            no=100 + index, name=f"测试中介服务{index}", department=department
        )
        for kind in ("甲", "乙"):
            matter = ServiceMatter.objects.create(
                name=f"测试事项{index}{kind}", matter_type=MatterType.LICENSING
            )
            ServiceLink.objects.create(
                service=service,
                matter=matter,
                sub_items="子项一\n子项二",
                legal_basis="《测试条例》第一条",
                fee_basis="市场调节价",
                time_limit="协商约定",
            )


@pytest.mark.parametrize(
    "url",
    [
        "/intermediary/",
        "/intermediary/departments/11/",
        "/intermediary/matters/",
        "/data/intermediary.json",
        "/intermediary/download.csv",
    ],
)
def test_the_query_count_does_not_grow_with_the_data(client, url):
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _grow_catalogue(30)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)
