"""The base of the query forms: shared parsers as fields, Chinese messages, one JSON 400."""

import datetime as dt
import json
from functools import partial

from django.http import QueryDict

from gazette_site.forms import ParsedField, QueryForm, json_400
from gazette_site.http import parse_date, parse_int


class SampleForm(QueryForm):
    day = ParsedField(partial(parse_date, field="日期", default=dt.date(2020, 8, 18)), label="日期")
    count = ParsedField(partial(parse_int, field="份数", maximum=9), label="份数")


def test_missing_values_take_the_parsers_defaults_and_messages():
    form = SampleForm(QueryDict("count=3"))
    assert form.is_valid()
    assert form.cleaned_data == {"day": dt.date(2020, 8, 18), "count": 3}
    missing = SampleForm(QueryDict(""))
    assert not missing.is_valid()
    assert missing.messages() == {"count": "缺少份数。"}


def test_every_bad_field_gets_its_chinese_message_in_field_order():
    form = SampleForm(QueryDict("count=12&day=2020-02-30"))
    assert not form.is_valid()
    assert list(form.messages()) == ["day", "count"]
    assert "不是有效日期" in form.messages()["day"]
    assert form.messages()["count"] == "份数不能大于 9。"
    assert form.first_message() == form.messages()["day"]


def test_a_json_endpoint_answers_the_first_message():
    form = SampleForm(QueryDict("count=x"))
    assert not form.is_valid()
    response = json_400(form)
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "份数“x”不是整数。"}
