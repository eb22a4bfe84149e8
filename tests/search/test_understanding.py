"""Queries as citizens type them: unspaced words, colloquial names, numbers without a year."""

import pytest
from django.http import QueryDict

from search import selectors
from search.models import Synonym
from search.understand import synonym_map, words_of

pytestmark = pytest.mark.django_db

DOC_6 = "/documents/wzf-2020-6/"
DOC_7 = "/documents/wzf-2020-7/"
DOC_50 = "/documents/wzbz-2020-50/"
DOC_227 = "/documents/wfgf-2020-227/"
RENMIAN_7 = "/documents/wzr-2020-7/"


def first_results(client, q, **params):
    response = client.get("/search.json", {"q": q, **params})
    assert response.status_code == 200, response.content.decode()
    return response.json()


@pytest.mark.parametrize(
    "q, right",
    [
        ("献血办法", DOC_7),
        ("野生动物补偿", DOC_50),
        ("孔雀补偿", DOC_50),
        ("金融奖励", DOC_6),
        ("威政发7号", DOC_7),
    ],
)
def test_queries_as_citizens_type_them_put_the_right_document_first(client, q, right):
    data = first_results(client, q)
    assert data["documents"][0]["url"] == right
    assert data["results"][0]["url"].startswith(right)
    page = client.get("/search/", {"q": q, "page": 1}).content.decode()
    first = page.index('class="hit"')
    assert f'href="{right}"' in page[first : first + 300]


def test_the_query_as_typed_alone_found_none_of_them(client):
    for q in ["献血办法", "野生动物补偿", "孔雀补偿", "金融奖励", "威政发7号"]:
        params = QueryDict(mutable=True)
        params["q"] = q
        assert selectors.search(params, legacy=True).documents == []


def test_unspaced_words_are_cut_with_jiebas_dictionary():
    assert [w.text for w in words_of("献血办法", {})] == ["献血", "办法"]
    assert [w.text for w in words_of("野生动物补偿", {})] == ["野生动物", "补偿"]
    # Question words and lone characters next to real words say nothing about the subject.
    assert [w.text for w in words_of("豪猪补偿多少钱", {})] == ["豪猪", "补偿"]


def test_the_page_says_which_words_it_looked_for_apart(client):
    body = client.get("/search/", {"q": "献血办法"}).content.decode()
    assert "分开查找" in body and "<mark>献血</mark>" in body and "<mark>办法</mark>" in body
    data = first_results(client, "献血办法")
    assert data["words"] == ["献血", "办法"]
    assert data["documents"][0]["exact"] is False


def test_exact_phrase_hits_rank_before_documents_with_the_words_apart(client):
    data = first_results(client, "智慧城市")
    exact = [d["exact"] for d in data["documents"]]
    assert exact[0] is True
    assert exact == sorted(exact, reverse=True)


def test_a_unique_number_without_its_year_opens_the_document(client):
    response = client.get("/search/", {"q": "227号文件"})
    assert response.status_code == 302 and response["Location"] == DOC_227
    response = client.get("/search/", {"q": "威政发7号"})
    assert response.status_code == 302 and response["Location"] == DOC_7


def test_an_ambiguous_number_offers_the_candidates(client):
    response = client.get("/search/", {"q": "7号文"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "对应 2 个文件" in body
    assert f'href="{DOC_7}"' in body and f'href="{RENMIAN_7}"' in body
    data = first_results(client, "7号文")
    assert {d["url"] for d in data["candidates"]} == {DOC_7, RENMIAN_7}
    assert data["exact"] is None


def test_the_seeded_synonyms_come_from_the_gazette_and_say_where():
    seeded = {s.terms: s.source for s in Synonym.objects.all()}
    assert "献血证、无偿献血证" in seeded and "孔雀、蓝孔雀" in seeded
    assert all("〔2020〕" in source and "行" in source for source in seeded.values())


def test_a_colloquial_name_finds_the_gazettes_term(client):
    # 电价加价 is not printed; the gazette says 差别化用电价格 and 差别电价.
    data = first_results(client, "电价加价")
    assert data["documents"][0]["url"] == DOC_227


def test_an_admin_edit_of_the_synonym_list_changes_the_results(client, superuser):
    # 箭猪 is what many people call the 豪猪 of the wildlife plan.
    assert first_results(client, "箭猪")["documents"] == []
    response = client.post(
        "/admin/search/synonym/add/",
        {"terms": "箭猪、豪猪", "source": "威政办字〔2020〕50号 二（二）（第1079行：豪猪）"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    data = first_results(client, "箭猪")
    assert data["documents"][0]["url"] == DOC_50


def test_a_synonym_group_needs_two_terms(client, superuser):
    response = client.post("/admin/search/synonym/add/", {"terms": "刺猬", "source": "第1079行"})
    assert response.status_code == 200
    assert "至少两个" in response.content.decode()
    assert not Synonym.objects.filter(terms="刺猬").exists()


def test_the_empty_state_shows_the_words_tried_and_the_nearest_documents(client):
    body = client.get("/search/", {"q": "火星基地"}).content.decode()
    assert "没有找到" in body and "已分开查找这些词" in body
    assert "火星" in body and "基地" in body
    assert "最接近的文件" in body
    assert "减少一个词" not in body  # the words were already looked for apart
    data = first_results(client, "火星基地")
    assert data["total"] == 0 and data["nearest"]


def test_a_one_word_query_is_never_told_to_drop_a_word(client):
    body = client.get("/search/", {"q": "量子"}).content.decode()
    assert "没有找到" in body and "减少一个词" not in body
    body = client.get("/search/", {"q": "量子 献血"}).content.decode()
    assert "减少一个词" in body


def test_facet_counts_count_documents_not_fragments(client):
    data = first_results(client, "献血")
    datasets = {o["value"]: o["count"] for o in data["facets"]["dataset"]}
    assert datasets["documents"] == len(
        [d for d in data["documents"] if d["dataset"] == "documents"]
    )
    assert sum(datasets.values()) == data["total"] == len(data["documents"])


def test_dataset_records_group_under_their_dataset(client):
    data = first_results(client, "补偿标准")
    wildlife = [d for d in data["documents"] if d["dataset"] == "wildlife"]
    assert len(wildlife) == 1 and wildlife[0]["kind"] == "dataset"
    assert wildlife[0]["url"] == "/wildlife/"
    assert len(wildlife[0]["matches"]) == 3 and wildlife[0]["more"] > 0


def test_one_mistyped_character_still_finds_the_document(client):
    for q, right in [("无尝献血", DOC_7), ("工业互连网", "/documents/wzbf-2020-5/")]:
        assert first_results(client, q)["documents"][0]["url"] == right


def test_a_common_word_the_gazette_lacks_does_not_hide_the_answer(client):
    # 一只 is common Chinese, 火星 names a subject the gazette does not cover.
    assert first_results(client, "蓝孔雀多少钱一只")["documents"][0]["url"] == DOC_50
    assert first_results(client, "火星基地")["documents"] == []


def test_synonym_map_links_every_term_of_a_group():
    found = synonym_map([["孔雀", "蓝孔雀"]])
    assert found["孔雀"] == ("孔雀", "蓝孔雀") and found["蓝孔雀"] == ("蓝孔雀", "孔雀")
