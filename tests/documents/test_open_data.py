import pytest

pytestmark = pytest.mark.django_db


def test_documents_json_contract(client):
    response = client.get("/data/documents.json?as_of=2020-12-01")
    assert response.status_code == 200
    body = response.json()
    assert body["pagination"] == {
        "count": 12,
        "page": 1,
        "pages": 1,
        "limit": 50,
        "next": None,
        "previous": None,
    }
    data = body["results"]
    assert len(data) == 12
    by_number = {d["doc_number"]: d for d in data}
    blood = by_number["威政发〔2020〕7号"]
    for key in [
        "doc_number",
        "title",
        "section",
        "issuers",
        "signed_date",
        "effective_from",
        "effective_to",
        "registration_no",
        "status",
        "url",
        "repeals",
        "based_on",
        "provision_count",
    ]:
        assert key in blood
    assert blood["section"] == "市政府文件"
    # The signature as printed; the short name the portal links with is the reading.
    assert blood["issuers"] == ["威海市人民政府"]
    assert {"field": "issuers", "printed": "威海市人民政府", "value": "市人民政府"}.items() <= next(
        r for r in blood["readings"] if r["field"] == "issuers"
    ).items()
    assert (blood["signed_date"], blood["effective_from"], blood["effective_to"]) == (
        "2020-08-18",
        "2020-11-01",
        "2025-10-31",
    )
    assert blood["status"] == "现行有效"
    assert blood["registration_no"] == "WHCR—2020—0010006"
    assert blood["url"].endswith("/documents/wzf-2020-7/")
    assert blood["provision_count"] == 5 + 30 + 5 + 1
    rewards = by_number["威政发〔2020〕6号"]
    assert rewards["repeals"] == ["威政发〔2017〕24号"]
    assert set(rewards["based_on"]) == {"鲁政办字〔2016〕155号", "威政发〔2019〕7号"}
    assert len(by_number["威市监发〔2020〕56号"]["issuers"]) == 5


@pytest.mark.parametrize(
    ("as_of", "status"),
    [("2020-10-31", "尚未施行"), ("2020-11-01", "现行有效"), ("2025-11-01", "已失效")],
)
def test_documents_json_status_follows_as_of(client, as_of, status):
    data = client.get(f"/data/documents.json?as_of={as_of}").json()["results"]
    blood = next(d for d in data if d["doc_number"] == "威政发〔2020〕7号")
    assert blood["status"] == status


@pytest.mark.parametrize("bad", ["2020-13-01", "yesterday", "2020/11/01"])
def test_documents_json_rejects_bad_dates_in_chinese(client, bad):
    response = client.get(f"/data/documents.json?as_of={bad}")
    assert response.status_code == 400
    assert "不是有效日期" in response.json()["error"]


def test_issues_json_has_the_printed_contents(client):
    data = client.get("/data/issues.json").json()["results"]
    assert len(data) == 1
    issue = data[0]
    assert (issue["year"], issue["number"], issue["cumulative_number"]) == (2020, 8, 144)
    assert len(issue["toc"]) == 12
    assert issue["toc"][0] == {
        "doc_number": "威政发〔2020〕6号",
        "title": "威海市人民政府关于印发威海市鼓励金融业发展奖励办法的通知",
        "section": "市政府文件",
        "page": 3,
    }
    assert issue["toc"][-1]["section"] == "人事任免" and issue["toc"][-1]["page"] == 90


def test_documents_json_pages_follow_next_links_to_every_document(client):
    seen = []
    url = "/data/documents.json?as_of=2020-12-01&limit=5"
    pages = 0
    while url:
        body = client.get(url).json()
        pages += 1
        seen += [d["doc_number"] for d in body["results"]]
        assert body["pagination"]["count"] == 12 and body["pagination"]["limit"] == 5
        url = body["pagination"]["next"]
        if url:
            assert "as_of=2020-12-01" in url and "limit=5" in url
            url = url.removeprefix("http://testserver")
    assert pages == 3
    assert len(seen) == len(set(seen)) == 12
    assert seen[0] == "威政发〔2020〕6号"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "页码（page）不能小于 1。"),
        ("page=x", "页码（page）“x”不是整数。"),
        ("page=4&limit=5", "页码（page）4 超出范围：共 3 页。"),
        ("limit=0", "每页条数（limit）不能小于 1。"),
        ("limit=201", "每页条数（limit）不能大于 200。"),
    ],
)
def test_open_data_rejects_bad_page_and_limit_in_chinese(client, query, message):
    response = client.get(f"/data/documents.json?{query}")
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_issues_json_past_the_last_page_is_a_400(client):
    response = client.get("/data/issues.json?page=2")
    assert response.status_code == 400
    assert response.json() == {"error": "页码（page）2 超出范围：共 1 页。"}


def test_list_pages_reject_a_bad_page_in_chinese(client):
    for path in ("/documents/", "/issues/", "/organisations/"):
        response = client.get(f"{path}?page=abc")
        assert response.status_code == 400
        assert "页码（page）“abc”不是整数。" in response.content.decode()
