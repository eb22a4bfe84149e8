"""The public pages, as a citizen sees them, against the real fixtures."""

import datetime as dt
import re

import pytest

from documents.models import Document, DocumentRelation, Issue, Provision, Section

pytestmark = pytest.mark.django_db

TOC_ORDER = [
    "威政发〔2020〕6号",
    "威政发〔2020〕7号",
    "威政发〔2020〕8号",
    "威政字〔2020〕48号",
    "威政字〔2020〕49号",
    "威政办发〔2020〕5号",
    "威政办字〔2020〕48号",
    "威政办字〔2020〕50号",
    "威政办字〔2020〕51号",
    "威发改发〔2020〕227号",
    "威市监发〔2020〕56号",
]


def text(response) -> str:
    return response.content.decode()


def test_home_shows_the_issue_and_its_contents_in_printed_order(client):
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert "2020年第8期（总第144期）" in body
    positions = [body.index(f"（{n}）") for n in TOC_ORDER]
    assert positions == sorted(positions)
    assert "威海市人民政府任免的工作人员名单" in body
    for section in ["【市政府文件】", "【市政府办公室文件】", "【部门规范性文件】", "【人事任免】"]:
        assert section in body
    # Printed page numbers, in order, the appointments list on page 90.
    pages = re.findall(r'<span class="page" title="印刷版页码">(\d+)</span>', body)
    assert pages == ["3", "5", "10", "15", "20", "47", "52", "75", "82", "85", "86", "90"]
    assert 'action="/search/"' in body


def test_home_says_which_date_status_was_computed_for(client):
    body = text(client.get("/?as_of=2021-01-01"))
    assert "本页时效状态按 <strong>2021年1月1日</strong> 计算" in body
    assert "现行有效" in body


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/issues/2020/8/",
        "/documents/",
        "/documents/wzf-2020-7/",
        "/organisations/市卫生健康委/",
    ],
)
def test_bad_as_of_is_a_400_showing_the_page_with_a_chinese_message(client, url):
    response = client.get(url, {"as_of": "2020-02-30"})
    assert response.status_code == 400
    body = text(response)
    assert "时效计算日期“2020-02-30”不是有效日期" in body
    assert "as_of）" not in body  # no field code in what a citizen reads
    assert 'id="as-of"' in response.content.decode()  # the page itself, with its date picker


def test_issue_list_and_issue_page(client):
    body = text(client.get("/issues/"))
    assert "2020年" in body and "/issues/2020/8/" in body
    response = client.get("/issues/2020/8/")
    assert response.status_code == 200
    assert "主管主办：威海市人民政府" in text(response)
    assert client.get("/issues/2020/9/").status_code == 404


def test_blood_donation_measure_page(client):
    response = client.get("/documents/wzf-2020-7/?as_of=2020-12-01")
    body = text(response)
    assert response.status_code == 200
    assert "威政发〔2020〕7号" in body
    assert body.count('class="provision provision-chapter"') == 5
    assert body.count('class="provision provision-article"') == 30
    assert 'id="第二十条"' in body
    assert "2020年11月1日" in body and "2025年10月31日" in body
    assert "WHCR—2020—0010006" in body
    assert "现行有效" in body and "按2020年12月1日计算" in body
    # The reading chosen for the registration number is shown.
    assert "统一登记号 WHCR—2020—0010006" in body


@pytest.mark.parametrize(
    ("as_of", "label"),
    [
        ("2020-10-31", "尚未施行"),
        ("2020-11-01", "现行有效"),
        ("2025-10-31", "现行有效"),
        ("2025-11-01", "已失效"),
    ],
)
def test_status_on_the_page_at_the_boundaries(client, as_of, label):
    body = text(client.get(f"/documents/wzf-2020-7/?as_of={as_of}"))
    meta = body[body.index("时效状态") : body.index("时效状态") + 300]
    assert label in meta


def _article(body: str) -> str:
    return body[body.index('<article class="doc-body"') : body.index("</article>")]


def _relations(body: str) -> str:
    return body[body.index('<section class="doc-relations"') : body.index("</aside>")]


def test_another_date_reads_the_text_from_the_cache_and_the_status_afresh(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first_queries:
        first = text(client.get("/documents/wzf-2020-7/?as_of=2020-10-31"))
    with CaptureQueriesContext(connection) as later_queries:
        later = text(client.get("/documents/wzf-2020-7/?as_of=2025-11-01"))
    assert _article(later) == _article(first)
    assert later.count('class="provision provision-article"') == 30
    assert _relations(later) == _relations(first)
    meta = later[later.index("时效状态") : later.index("时效状态") + 300]
    assert "已失效" in meta and "尚未施行" not in meta
    assert "按2025年11月1日计算" in later
    # The data version, the document with its issue and section, its issuers, its repeals.
    assert len(later_queries) == 4 < len(first_queries)


def test_an_edit_shows_in_the_cached_text_at_once(client):
    client.get("/documents/wzf-2020-7/?as_of=2021-01-01")
    provision = Provision.objects.get(document__slug="wzf-2020-7", anchor="第二十条")
    provision.text = provision.text + "（测试修改）"
    provision.save()
    body = text(client.get("/documents/wzf-2020-7/?as_of=2022-01-01"))
    assert "（测试修改）" in _article(body)


def test_rewards_measure_shows_thirteen_articles_and_its_repeal(client):
    body = text(client.get("/documents/wzf-2020-6/"))
    assert body.count('class="provision provision-article"') == 13
    assert "本文件废止" in body
    assert 'href="/documents/wzf-2017-24/"' in body


def test_repealed_document_stub_says_what_repealed_it(client):
    body = text(client.get("/documents/wzf-2017-24/?as_of=2021-01-01"))
    assert "被以下文件废止" in body and "威政发〔2020〕6号" in body
    assert "已废止" in body
    assert "尚未收录" in body


def test_every_provision_has_its_anchor_on_its_page(client):
    for document in Document.objects.filter(is_stub=False).prefetch_related("provisions"):
        body = text(client.get(document.get_absolute_url()))
        for provision in document.provisions.all():
            assert f'id="{provision.anchor}"' in body, (document.doc_number, provision.anchor)


def test_attachment_tables_are_html_tables(client):
    body = text(client.get("/documents/wzbz-2020-50/"))
    assert 'id="附件2"' in body
    assert "<td>蓝孔雀</td>" in body and "<td>王锦蛇</td>" in body
    assert "有关部门、单位责任分工" in body


def test_responsible_units_with_lead(client):
    body = text(client.get("/documents/wzf-2020-8/"))
    assert "各项任务所列第一个单位为牵头单位" in body
    assert "/organisations/%E5%B8%82%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7%E5%A7%94/" in body or (
        "/organisations/市卫生健康委/" in body
    )


def test_joint_document_lists_its_five_issuers(client):
    body = text(client.get("/documents/wsjf-2020-56/"))
    for name in [
        "威海市市场监督管理局",
        "威海市财政局",
        "威海市地方金融监督管理局",
        "中国人民银行威海市中心支行",
        "中国银行保险监督管理委员会威海监管分局",
    ]:
        assert name in body


def test_organisation_page_lists_led_and_joined_tasks(client):
    response = client.get("/organisations/市卫生健康委/")
    body = text(response)
    assert response.status_code == 200
    assert "牵头的任务" in body and "威政发〔2020〕8号" in body
    assert "卫生健康委" in body


def test_unknown_pages_are_friendly_chinese_404s(client, settings):
    settings.DEBUG = False
    for url in ["/documents/no-such-doc/", "/organisations/没有/", "/nowhere/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "页面不存在" in text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/issues/",
        "/issues/2020/8/",
        "/documents/",
        "/documents/wzf-2020-7/",
        "/documents/wzbz-2020-50/",
        "/documents/wzz-2020-49/",
        "/documents/?status=in_force&kind=办法&sort=-signed&as_of=2021-06-01",
        "/organisations/",
        "/organisations/市卫生健康委/",
        "/data/documents.json",
        "/data/issues.json",
    ],
)
def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _add_bulk_data()
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
    # 10 at most; a document page also reads its references, those citing it and its
    # provisions; the 49号 page also reads the structured catalogue (items, their links).
    limit = 10
    if url.startswith("/documents/w"):
        limit = 16 if "wzz-2020-49" in url else 14
    assert len(before.captured_queries) <= limit


def _add_bulk_data():
    """Add 30 documents with provisions and relations to the latest issue."""
    issue = Issue.objects.get(year=2020, number=8)
    section = Section.objects.get(issue=issue, name="市政府文件")
    target = Document.objects.get(doc_number="威政发〔2020〕7号")
    for n in range(30):
        doc = Document.objects.create(
            issue=issue,
            section=section,
            position=100 + n,
            page=100 + n,
            doc_number=f"威政发〔2020〕{500 + n}号",
            slug=f"wzf-2020-{500 + n}",
            title=f"测试文件{n}",
            signed_date=dt.date(2020, 8, 1),
        )
        for k in range(3):
            Provision.objects.create(
                document=doc, kind="article", label=f"第{k}条", anchor=f"第{k}条", position=k
            )
        DocumentRelation.objects.create(source=doc, target=target, kind="repeals")
        DocumentRelation.objects.create(source=target, target=doc, kind="cites")
