"""The results page and /search.json against the real gazette, on whichever database runs."""

import pytest

from documents.models import Document, Provision
from documents.selectors import status_of
from search import registry
from search.backends import IN_BODY, IN_TITLE, backend_for
from search.models import SearchEntry
from search.query import parse_query

from .conftest import expected_keys, fetch_all

pytestmark = pytest.mark.django_db

DOC_7 = "威政发〔2020〕7号"


def test_xianxue_finds_the_blood_donation_measures_and_every_article_that_names_it(client):
    hits = fetch_all(client, q="献血", dataset="documents")
    urls = [h["url"] for h in hits]
    doc = Document.objects.get(doc_number=DOC_7)
    assert doc.get_absolute_url() == "/documents/wzf-2020-7/"
    assert "/documents/wzf-2020-7/" in urls
    articles = Provision.objects.filter(document=doc, text__contains="献血")
    assert articles.count() > 10
    for article in articles:
        assert f"/documents/wzf-2020-7/#{article.anchor}" in urls
    assert "/documents/wzf-2020-7/#第二十条" in urls
    for hit in hits:
        if hit["url"].startswith("/documents/wzf-2020-7/"):
            assert hit["doc_number"] == DOC_7


def test_xianxue_on_the_page_links_the_document_and_marks_the_word(client):
    body = client.get("/search/", {"q": "献血"}).content.decode()
    assert 'href="/documents/wzf-2020-7/"' in body
    assert 'href="/documents/wzf-2020-7/#第二十条"' in body or "第2页" in body
    assert "<mark>献血</mark>" in body
    assert 'value="献血"' in body  # the header's search box keeps the query


@pytest.mark.parametrize(
    "source, word",
    [("wildlife", "蓝孔雀"), ("intermediary", "验资报告")],
)
def test_domain_datasets_are_found_by_their_words(client, source, word):
    # What the app itself offers to search, read through the registry (search knows no app).
    expected = {r.url for r in registry.get(source).records() if word in f"{r.title} {r.body}"}
    assert expected, f"{source} 应当有包含“{word}”的记录"
    hits = fetch_all(client, q=word)
    assert expected <= {h["url"] for h in hits}
    assert {h["url"] for h in fetch_all(client, q=word, dataset=source)} == expected


def test_lan_kongque_ranks_the_species_first_because_its_title_names_it(client):
    hits = fetch_all(client, q="蓝孔雀")
    assert hits[0]["dataset"] == "wildlife" and "蓝孔雀" in hits[0]["title"]


@pytest.mark.parametrize(
    "q",
    [
        "威政发〔2020〕7号",
        "威政发[2020]7号",
        "威政发2020 7号",
        "威政发(2020)7号",
        "威政发（２０２０）７号",
    ],
)
def test_an_exact_document_number_goes_straight_to_the_document(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 302
    assert response["Location"] == "/documents/wzf-2020-7/"
    data = client.get("/search.json", {"q": q}).json()
    assert data["exact"] == "/documents/wzf-2020-7/"
    assert data["results"][0]["url"] == "/documents/wzf-2020-7/"
    assert data["results"][0]["kind"] == "document"


def test_a_refined_search_for_a_number_shows_the_results_with_the_document_first(client):
    response = client.get("/search/", {"q": "威政发[2020]7号", "page": 1})
    assert response.status_code == 200
    body = response.content.decode()
    first = body.index('class="hit"')
    assert 'href="/documents/wzf-2020-7/"' in body[first : first + 400]


def test_an_exact_title_ranks_first(client):
    doc = Document.objects.get(doc_number=DOC_7)
    data = client.get("/search.json", {"q": doc.title}).json()
    assert data["results"][0]["url"] == "/documents/wzf-2020-7/"
    assert data["results"][0]["score"] > data["results"][1]["score"]


def test_hits_in_titles_and_headings_rank_above_hits_in_body_text(client):
    hits = fetch_all(client, q="补偿")
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert any(s >= IN_TITLE for s in scores) and IN_BODY in scores
    for hit in hits:
        if hit["score"] >= IN_TITLE:
            assert "补偿" in hit["title"]
        else:
            assert "补偿" not in hit["title"]


@pytest.mark.parametrize(
    "q",
    [
        "献血",
        "献",
        "血",
        '"无偿献血"',
        "献血 罚款",
        "免费 用血 亲属",
        "补偿标准",
        "威政发〔2020〕7号",
        "第二十条",
        "WHCR",
        "2020年",
        "300万元",
        "量子纠缠",
    ],
)
def test_the_index_answers_exactly_what_the_text_contains(q):
    """Every term, as consecutive tokens, in the head, title or body: checked row by row."""
    matched = backend_for().match(SearchEntry.objects.all(), parse_query(q))
    assert set(matched.values_list("key", flat=True)) == expected_keys(q)


def test_several_words_mean_all_of_them(client):
    both = {h["url"] for h in fetch_all(client, q="补偿 标准")}
    assert both
    assert both == {h["url"] for h in fetch_all(client, q="补偿")} & {
        h["url"] for h in fetch_all(client, q="标准")
    }


def test_a_quoted_phrase_is_narrower_than_its_words(client):
    phrase = {h["url"] for h in fetch_all(client, q='"献血者"')}
    words = {h["url"] for h in fetch_all(client, q="献血 者")}
    assert phrase and phrase <= words


def test_full_width_letters_and_digits_find_the_same(client):
    assert fetch_all(client, q="ＷＨＣＲ") == fetch_all(client, q="whcr")
    assert fetch_all(client, q="２０２０年") == fetch_all(client, q="2020年")


def test_sorting_by_date_puts_the_newest_first(client):
    hits = fetch_all(client, q="补偿", sort="date")
    dates = [h["date"] for h in hits if h["date"]]
    assert dates == sorted(dates, reverse=True)
    assert len(hits) == len(fetch_all(client, q="补偿"))


def test_pages_do_not_overlap_and_cover_all_hits(client):
    first = client.get("/search.json", {"q": "献血"}).json()
    second = client.get("/search.json", {"q": "献血", "page": 2}).json()
    assert first["total"] > 20 and len(first["results"]) == 20
    assert first["pages"] == second["pages"] >= 2
    seen = [(h["url"], h["title"]) for h in first["results"] + second["results"]]
    assert len(seen) == len(set(seen))


def test_filter_counts_are_the_totals_you_get_by_choosing_them(client):
    data = client.get("/search.json", {"q": "献血"}).json()
    assert sum(o["count"] for o in data["facets"]["dataset"]) == data["total"]
    checked = 0
    for name, options in data["facets"].items():
        for option in options:
            narrowed = client.get("/search.json", {"q": "献血", name: option["value"]}).json()
            assert narrowed["total"] == option["count"], (name, option)
            checked += 1
    assert checked >= 8
    assert {o["value"] for o in data["facets"]["issuer"]} >= {"市人民政府"}


def test_status_counts_follow_the_documents_dates_on_the_day_asked(client):
    doc = Document.objects.get(doc_number=DOC_7)
    for day in ["2020-09-01", "2021-06-01", "2026-01-01"]:
        import datetime as dt

        expected = status_of(doc, as_of=dt.date.fromisoformat(day)).status
        data = client.get(
            "/search.json", {"q": "献血", "dataset": "documents", "as_of": day}
        ).json()
        counts = {o["value"]: o["count"] for o in data["facets"]["status"]}
        seven = [
            h
            for h in fetch_all(client, q="献血", dataset="documents", as_of=day)
            if h["doc_number"] == DOC_7
        ]
        assert {h["status"] for h in seven} == {expected.value}
        assert counts.get(expected.value, 0) >= len(seven)
        only = fetch_all(client, q="献血", dataset="documents", as_of=day, status=expected.value)
        assert len(only) == counts[expected.value]
        assert {h["status"] for h in only} == {expected.value}


def test_page_shows_filters_with_counts_and_a_link_to_remove_a_chosen_one(client):
    body = client.get("/search/", {"q": "献血", "dataset": "documents"}).content.decode()
    assert "筛选" in body and "清除全部筛选" in body
    assert 'class="selected"' in body
    assert "公报文件与条款" in body


def test_the_users_query_is_escaped_on_the_page(client):
    attack = '<script>alert("x")</script>献血'
    body = client.get("/search/", {"q": attack}).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


def test_stored_text_is_escaped_before_the_match_is_marked(
    client, django_capture_on_commit_callbacks
):
    article = Provision.objects.get(document__doc_number=DOC_7, anchor="第二十条")
    with django_capture_on_commit_callbacks(execute=True):
        article.text = '<img src=x onerror="alert(1)">献血 & 用血'
        article.save()
    body = client.get("/search/", {"q": "onerror 献血"}).content.decode()
    assert "<img src=x" not in body
    assert (
        "&lt;img src=x <mark>onerror</mark>=&quot;alert(1)&quot;&gt;<mark>献血</mark> &amp; 用血"
        in body
    )


def test_json_endpoint_answers_what_the_page_shows(client):
    data = client.get("/search.json", {"q": "献血"}).json()
    assert set(data) >= {"total", "results", "page", "pages", "facets"}
    hit = data["results"][0]
    assert set(hit) >= {"kind", "title", "url", "snippet", "doc_number", "score"}
    body = client.get("/search/", {"q": "献血"}).content.decode()
    assert f"找到 {data['total']} 条结果" in body
    for hit in data["results"]:
        assert f'href="{hit["url"]}"' in body


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": ""}, "请输入"),
        ({"q": "献血", "year": "abc"}, "年份"),
        ({"q": "献血", "status": "bogus"}, "时效"),
        ({"q": "献血", "dataset": "nope"}, "数据集"),
        ({"q": "献血", "as_of": "2020-13-01"}, "日期"),
        ({"q": "献血", "page": "abc"}, "页码"),
        ({"q": "献血", "page": "0"}, "页码"),
        ({"q": "献血", "sort": "random"}, "排序"),
        ({"q": "献" * 101}, "太长"),
        ({"q": "（）"}, "没有可以搜索"),
    ],
)
def test_bad_parameters_get_a_chinese_message_and_400(client, params, message):
    response = client.get("/search.json", params)
    assert response.status_code == 400
    assert message in response.json()["error"]
    if params["q"]:
        page = client.get("/search/", params)
        assert page.status_code == 400
        assert message in page.content.decode()


def test_a_page_past_the_last_says_so(client):
    response = client.get("/search/", {"q": "蓝孔雀", "page": 20})
    assert response.status_code == 200
    assert "没有第 20 页" in response.content.decode()
    # Pages end with the hits that are ranked; asking further is a bad page number.
    response = client.get("/search.json", {"q": "蓝孔雀", "page": 1000})
    assert response.status_code == 400 and "页码" in response.json()["error"]


def test_no_hits_suggests_what_to_try(client):
    body = client.get("/search/", {"q": "量子纠缠"}).content.decode()
    assert "没有找到" in body
    assert 'href="?q=%E7%8C%AE%E8%A1%80"' in body  # 献血, a query that works


def test_the_empty_search_page_explains_how_to_search(client):
    body = client.get("/search/").content.decode()
    assert "怎样搜索" in body and "威政发〔2020〕7号" in body


@pytest.mark.parametrize(
    "params",
    [
        {"q": "的"},
        {"q": "量子纠缠"},
        {"q": "献血", "section": "市政府文件", "status": "in_force", "sort": "date"},
        {"q": "威政发〔2020〕7号", "page": "1"},
        {"q": "市 政府", "page": "2"},
    ],
)
def test_a_results_page_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, params
):
    with django_assert_max_num_queries(6):
        response = client.get("/search/", params)
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/search.json", params).status_code == 200


def test_the_query_count_does_not_depend_on_the_number_of_hits(client):
    many = client.get("/search.json", {"q": "的"}).json()["total"]
    none = client.get("/search.json", {"q": "量子纠缠"}).json()["total"]
    assert many > 100 and none == 0


def test_entry_ids_follow_dates_so_the_newest_hits_come_first():
    from search.backends import DAY_SHIFT, day_number

    for pk, date in SearchEntry.objects.values_list("id", "date"):
        assert pk >> DAY_SHIFT == day_number(date)


def test_a_query_with_more_hits_than_the_window_ranks_and_counts_the_newest(client, monkeypatch):
    from django.db import connection

    from search import selectors

    everything = fetch_all(client, q="献血")
    monkeypatch.setattr(selectors, "WINDOW", 5)
    data = client.get("/search.json", {"q": "献血"}).json()
    assert data["counts_complete"] is False
    # SQLite counts FTS5 rowids cheaply; PostgreSQL gives a lower bound rather than
    # visiting every hit.
    if connection.vendor == "sqlite":
        assert data["total_exact"] is True and data["total"] == len(everything)
    else:
        assert data["total_exact"] is False and 5 <= data["total"] <= len(everything)
    scores = [h["score"] for h in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert {h["url"] for h in data["results"]} <= {h["url"] for h in everything}
    assert data["results"][0]["score"] >= IN_TITLE
    body = client.get("/search/", {"q": "献血"}).content.decode()
    assert "结果很多" in body
