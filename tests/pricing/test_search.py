"""The schedule is offered to the portal's search under the words people use."""

import pytest

from pricing.search_index import schedule_records
from search.registry import sources

pytestmark = pytest.mark.django_db


def test_pricing_source_is_registered():
    source = next(s for s in sources() if s.name == "pricing")
    assert source.label == "差别化电价水价"
    assert {m.__name__ for m in source.models} == {"Policy", "Surcharge", "PolicyRule"}


def test_schedule_record_is_found_by_common_words():
    records = list(schedule_records())
    schedule = next(r for r in records if r.kind == "surcharge_schedule")
    text = schedule.title + schedule.body
    # The notice itself says 差别化用电价格; 差别化电价 must still find the schedule.
    for words in ("差别化电价", "加价", "亩产效益", "D类", "限制发展类", "水价"):
        assert words in text
    assert "每千瓦时加价0.05元" in schedule.body and "每立方米加价0.45元" in schedule.body
    assert schedule.url == "/pricing/"
    assert schedule.doc_number == "威发改发〔2020〕227号"
    assert schedule.facets["effective_to"] == "2022-02-28"


def test_each_rule_is_a_record_linking_to_its_place_on_the_page():
    records = [r for r in schedule_records() if r.kind == "surcharge_rule"]
    assert len(records) == 8
    no_double = next(r for r in records if r.url.endswith("#rule-no_double"))
    assert "不再重复加价" in no_double.body
    assert len({r.key for r in schedule_records()}) == len(list(schedule_records()))
