"""Writing enterprises and evaluation results: refused input never saves."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pricing import services
from pricing.models import Enterprise, Evaluation
from tests.pricing.conftest import make_credit_code

pytestmark = pytest.mark.django_db


def test_enterprise_with_a_valid_code_is_saved_with_history(district):
    code = make_credit_code()
    enterprise = services.enterprise_create(
        name=" 甲公司 ", credit_code=f" {code} ", district=district
    )
    assert enterprise.name == "甲公司" and enterprise.credit_code == code
    assert enterprise.history.count() == 1


@pytest.mark.parametrize(
    "bad,words",
    [
        ("91110000600037341N", "校验码"),
        ("9111000060003734", "18位"),
        ("91110000600037341l", "大写"),
        ("", "请填写"),
    ],
)
def test_enterprise_with_a_bad_code_is_refused(district, bad, words):
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(name="乙公司", credit_code=bad, district=district)
    assert words in " ".join(caught.value.message_dict["credit_code"])
    assert not Enterprise.objects.filter(name="乙公司").exists()


def test_duplicate_credit_code_is_refused(district):
    code = make_credit_code()
    services.enterprise_create(name="丙公司", credit_code=code, district=district)
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(name="丙公司二", credit_code=code, district=district)
    assert "已有" in caught.value.message_dict["credit_code"][0]


def test_update_saves_only_a_change(district, other_district, enterprise_with):
    enterprise = enterprise_with()
    assert services.enterprise_update(enterprise=enterprise, name=enterprise.name) is False
    assert enterprise.history.count() == 1
    assert services.enterprise_update(enterprise=enterprise, district=other_district) is True
    assert enterprise.history.count() == 2


def test_evaluation_is_recorded_corrected_and_left_alone_when_equal(enterprise_with):
    enterprise = enterprise_with()
    first = services.evaluation_record(
        enterprise=enterprise, year=2020, grade="D", published_on=dt.date(2021, 4, 1)
    )
    again = services.evaluation_record(
        enterprise=enterprise, year=2020, grade="D", published_on=dt.date(2021, 4, 1)
    )
    assert again.pk == first.pk and first.history.count() == 1
    services.evaluation_record(
        enterprise=enterprise, year=2020, grade="C", published_on=dt.date(2021, 4, 1)
    )
    assert Evaluation.objects.get(pk=first.pk).grade == "C"
    assert first.history.count() == 2


@pytest.mark.parametrize(
    "year,published_on,words",
    [
        (2020, dt.date(2022, 1, 1), "2020年1月1日至2021年12月31日"),
        (2020, dt.date(2019, 6, 1), "不在此范围"),
        (2020, dt.date(2099, 1, 1), "不在此范围"),
    ],
)
def test_implausible_publication_date_is_refused(enterprise_with, year, published_on, words):
    enterprise = enterprise_with()
    with pytest.raises(ValidationError) as caught:
        services.evaluation_record(
            enterprise=enterprise, year=year, grade="D", published_on=published_on
        )
    assert words in caught.value.message_dict["published_on"][0]
    assert not enterprise.evaluations.exists()


def test_future_publication_is_refused(enterprise_with):
    enterprise = enterprise_with()
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as caught:
        services.evaluation_record(
            enterprise=enterprise, year=tomorrow.year, grade="D", published_on=tomorrow
        )
    assert "晚于今天" in caught.value.message_dict["published_on"][0]


def test_unknown_grade_is_refused(enterprise_with):
    enterprise = enterprise_with()
    with pytest.raises(ValidationError) as caught:
        services.evaluation_record(
            enterprise=enterprise, year=2020, grade="E", published_on=dt.date(2021, 4, 1)
        )
    assert "grade" in caught.value.message_dict
