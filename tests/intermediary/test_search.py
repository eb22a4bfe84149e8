"""The portal's search finds catalogue items: 验资报告 finds the items that name it."""

import pytest

from intermediary.models import IntermediaryService
from search import registry
from search.backends import backend_for
from search.models import SearchEntry
from search.query import parse_query
from search.services import index_rebuild

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_a_registered_search_source():
    source = registry.get("intermediary")
    records = list(source.records())
    assert len(records) == IntermediaryService.objects.count()
    by_key = {r.key: r for r in records}
    record = by_key["intermediary.item:32"]
    assert record.url == "/intermediary/items/32/"
    assert record.title == "32. 验资报告"
    assert record.doc_number == "威政字〔2020〕49号"
    assert "公司(企业)设立、变更、注销登记" in record.body
    assert IntermediaryService in source.models


def test_searching_for_an_item_name_finds_every_item_that_names_it():
    index_rebuild(sources=["intermediary"])
    named = set(
        IntermediaryService.objects.filter(name__contains="验资报告").values_list("no", flat=True)
    )
    assert named == {7, 32, 42, 56, 60, 62}
    hits = backend_for().match(
        SearchEntry.objects.filter(source="intermediary"), parse_query("验资报告")
    )
    found = {int(key.rsplit(":", 1)[1]) for key in hits.values_list("key", flat=True)}
    assert named <= found
