"""The Chinese widgets GazetteResource gives date and boolean fields."""

import datetime as dt

import pytest

from gazette_site.importing import ChineseBooleanWidget, ChineseDateWidget


@pytest.mark.parametrize(
    "value",
    [
        "2020-08-18",
        "2020/8/18",
        "2020.8.18",
        "2020年8月18日",
        " 2020-08-18 ",
        dt.datetime(2020, 8, 18),
    ],
)
def test_date_widget_reads_the_forms_clerks_type(value):
    assert ChineseDateWidget().clean(value) == dt.date(2020, 8, 18)


def test_date_widget_writes_iso_dates_and_refuses_nonsense():
    widget = ChineseDateWidget()
    assert widget.render(dt.date(2020, 8, 18)) == "2020-08-18"
    assert widget.clean("") is None
    with pytest.raises(ValueError):
        widget.clean("2020年13月1日")


@pytest.mark.parametrize(
    ("value", "expected"), [("是", True), ("否", False), ("1", True), (0, False), ("", None)]
)
def test_boolean_widget_reads_shi_fou(value, expected):
    assert ChineseBooleanWidget().clean(value) is expected


def test_boolean_widget_refuses_what_it_cannot_read():
    with pytest.raises(ValueError, match="不是“是”或“否”"):
        ChineseBooleanWidget().clean("可能")
