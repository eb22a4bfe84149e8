import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory

from gazette_site.formatting import cn_date, cn_month, to_fen, wan_yuan, yuan
from gazette_site.http import (
    BadInput,
    json_number,
    parse_as_of,
    parse_date,
    parse_decimal,
    parse_int,
)


def test_dates_in_chinese():
    assert cn_date(dt.date(2020, 8, 18)) == "2020年8月18日"
    assert cn_month(dt.date(2022, 2, 1)) == "2022年2月"
    assert cn_date(None) == ""


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1680000"), "1,680,000元"),
        (Decimal("134.5"), "134.50元"),
        (Decimal("0.005"), "0.01元"),
        (Decimal("1234567.891"), "1,234,567.89元"),
        (0, "0元"),
    ],
)
def test_yuan(amount, shown):
    assert yuan(amount) == shown


def test_wan_yuan_as_the_source_prints_it():
    assert wan_yuan(Decimal("1680000")) == "168万元"
    assert wan_yuan(Decimal("15000")) == "1.5万元"


def test_rounding_is_half_up_to_the_fen():
    assert to_fen(Decimal("2.345")) == Decimal("2.35")
    assert to_fen(Decimal("2.344")) == Decimal("2.34")


@pytest.mark.parametrize("bad", ["2020-02-30", "2020-13-01", "明天", "2020-1-1x"])
def test_bad_dates_get_a_chinese_message(bad):
    with pytest.raises(BadInput) as exc:
        parse_date(bad, field="日期")
    assert "不是有效日期" in str(exc.value)


def test_as_of_defaults_to_today():
    request = RequestFactory().get("/")
    assert isinstance(parse_as_of(request), dt.date)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "不是有效数字"),
        ("-1", "不能小于"),
        ("NaN", "不是有效数字"),
        ("Infinity", "不是有效数字"),
        ("", "缺少"),
    ],
)
def test_bad_numbers_get_a_chinese_message(value, message):
    with pytest.raises(BadInput) as exc:
        parse_decimal(value, field="金额")
    assert message in str(exc.value)


def test_whole_numbers():
    assert parse_int("7", field="年数") == 7
    with pytest.raises(BadInput):
        parse_int("7.5", field="年数")
    with pytest.raises(BadInput):
        parse_int("101", field="年数", maximum=100)


def test_json_numbers():
    assert json_number(Decimal("168")) == 168
    assert json_number(Decimal("0.15")) == 0.15
    assert json_number(None) is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("0.1000"), "0.10"), (Decimal("0.125"), "0.125"), (Decimal("5.00"), "5"), (4, "4")],
)
def test_figures_are_written_as_printed(value, shown):
    from gazette_site.formatting import plain_number

    assert plain_number(value) == shown


@pytest.mark.parametrize(
    ("value", "grouped", "large_units", "shown"),
    [
        (Decimal("1500"), True, False, "1,500"),
        (Decimal("0.10"), True, False, "0.1"),
        (Decimal("1000000000"), True, True, "10亿"),
        (Decimal("1000000"), True, True, "100万"),
        (Decimal("15000"), True, True, "15,000"),
        (Decimal("0.01"), True, True, "0.01"),
    ],
)
def test_figures_are_written_for_running_text(value, grouped, large_units, shown):
    from gazette_site.formatting import plain_number

    assert plain_number(value, grouped=grouped, large_units=large_units) == shown
