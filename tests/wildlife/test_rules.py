"""The plan's rules as pure functions."""

import datetime as dt
from decimal import Decimal

import pytest

from wildlife import rules

RELEASE = rules.MethodConditions(
    name="野外放归",
    native_species_only=True,
    needs_assessment=True,
    approval="national_key",
    approval_authority="省自然资源厅",
    needs_receiving_unit=False,
)
HARMLESS = rules.MethodConditions(
    name="无害化处理",
    native_species_only=False,
    needs_assessment=False,
    approval="always",
    approval_authority="省自然资源厅",
    needs_receiving_unit=False,
)
SHELTER = rules.MethodConditions(
    name="收容饲养和调配",
    native_species_only=False,
    needs_assessment=False,
    approval="never",
    approval_authority="",
    needs_receiving_unit=True,
)


@pytest.mark.parametrize(
    ("total", "city", "county"),
    [
        ("0.01", "0.01", "0.00"),
        ("0.03", "0.02", "0.01"),
        ("100.05", "50.03", "50.02"),
        ("33.33", "16.67", "16.66"),
        ("8855", "4427.50", "4427.50"),
        ("0", "0.00", "0.00"),
    ],
)
def test_split_five_five_to_the_fen(total, city, county):
    shares = rules.split_shares(Decimal(total), city_parts=5, county_parts=5)
    assert (shares.city, shares.county) == (Decimal(city), Decimal(county))
    assert shares.city + shares.county == shares.total == Decimal(total)


def test_split_adds_up_for_every_fen_amount():
    for fen in range(0, 2001):
        total = Decimal(fen) / 100
        shares = rules.split_shares(total, city_parts=5, county_parts=5)
        assert shares.city + shares.county == total
        assert abs(shares.city - shares.county) <= Decimal("0.01")


def test_split_follows_other_ratios():
    shares = rules.split_shares(Decimal("100"), city_parts=3, county_parts=7)
    assert (shares.city, shares.county) == (Decimal("30.00"), Decimal("70.00"))


@pytest.mark.parametrize(
    ("quantity", "per_animal", "ok"),
    [
        ("10", True, True),
        ("10.00", True, True),
        ("0", True, False),
        ("-3", True, False),
        ("2.5", True, False),
        ("2.5", False, True),
        ("2.555", False, False),
        ("0", False, False),
        ("1e20", False, False),
    ],
)
def test_quantity_problem(quantity, per_animal, ok):
    problem = rules.quantity_problem(Decimal(quantity), unit="只", per_animal=per_animal)
    assert (problem is None) is ok


def test_quantity_problem_message_names_the_unit():
    assert "整数" in rules.quantity_problem(Decimal("1.5"), unit="只", per_animal=True)


def test_verification_date_after_cutoff_is_refused():
    cutoff = dt.date(2020, 7, 31)
    assert rules.verification_date_problem(cutoff, cutoff=cutoff) is None
    message = rules.verification_date_problem(dt.date(2020, 8, 1), cutoff=cutoff)
    assert "2020年8月1日" in message and "2020年7月31日" in message


def test_juvenile_price_applies_only_when_flagged():
    args = {"species_name": "蓝孔雀", "price": Decimal(800), "juvenile_price": Decimal(200)}
    assert rules.unit_price(juvenile=False, **args) == Decimal(800)
    assert rules.unit_price(juvenile=True, **args) == Decimal(200)
    with pytest.raises(ValueError, match="豪猪没有幼体补偿标准"):
        rules.unit_price(
            species_name="豪猪", price=Decimal(800), juvenile_price=None, juvenile=True
        )


def amount(**overrides):
    args = {
        "species_name": "蓝孔雀",
        "quantity": Decimal(3),
        "price": Decimal(800),
        "juvenile_price": Decimal(200),
        "juvenile": False,
        "converted_to_non_food": False,
        "scope_compensated": True,
    }
    return rules.registration_amount(**(args | overrides))


def test_registration_amount():
    assert amount() == Decimal("2400.00")
    assert amount(juvenile=True) == Decimal("600.00")
    assert amount(quantity=Decimal("2.55"), price=Decimal(100), juvenile_price=None) == Decimal(
        "255.00"
    )


def test_conversion_to_non_food_use_means_no_compensation():
    assert amount(converted_to_non_food=True) == Decimal("0.00")


def test_scope_left_to_districts_gets_nothing_from_the_city_standard():
    assert amount(scope_compensated=False) == Decimal("0.00")


@pytest.mark.parametrize("token", ["juvenile", "幼体", "是", "1", "TRUE"])
def test_parse_juvenile_true(token):
    assert rules.parse_juvenile(token) is True


@pytest.mark.parametrize("token", ["", "否", "0", "false"])
def test_parse_juvenile_false(token):
    assert rules.parse_juvenile(token) is False


def test_parse_juvenile_refuses_unclear_values():
    with pytest.raises(ValueError, match="无法识别"):
        rules.parse_juvenile("小")


def problems(method, **overrides):
    args = {
        "method": method,
        "species_name": "灰雁",
        "species_origin": "native",
        "species_national_key": False,
        "quantity": Decimal(5),
        "unit": "只",
        "per_animal": True,
        "remaining": Decimal(10),
        "disposed_on": dt.date(2020, 8, 20),
        "verified_on": dt.date(2020, 7, 20),
        "receiving_unit": "",
        "approval_reference": "",
        "assessment_confirmed": True,
    }
    return rules.disposal_problems(**(args | overrides))


def test_release_of_an_assessed_native_non_key_species_is_allowed():
    assert problems(RELEASE) == {}


def test_release_of_an_alien_species_is_forbidden():
    assert "严禁野外放归" in problems(RELEASE, species_origin="alien")["method"]


def test_release_needs_the_species_marked_native():
    assert "尚未标注为本地物种" in problems(RELEASE, species_origin="unknown")["method"]


def test_release_needs_the_assessment():
    assert "assessment_confirmed" in problems(RELEASE, assessment_confirmed=False)


def test_release_of_a_national_key_species_needs_provincial_consent():
    found = problems(RELEASE, species_national_key=True)
    assert "省自然资源厅" in found["approval_reference"]
    assert (
        problems(RELEASE, species_national_key=True, approval_reference="鲁自然资函〔2020〕1号")
        == {}
    )


def test_release_when_key_status_unknown_needs_consent_too():
    assert (
        "尚未标注是否为国家重点保护"
        in problems(RELEASE, species_national_key=None)["approval_reference"]
    )


def test_harmless_disposal_always_needs_provincial_consent():
    assert "approval_reference" in problems(HARMLESS, species_origin="alien")
    assert problems(HARMLESS, species_origin="alien", approval_reference="某同意函") == {}


def test_sheltering_needs_a_receiving_unit():
    assert "receiving_unit" in problems(SHELTER)
    assert problems(SHELTER, receiving_unit="威海某野生动物园") == {}


def test_disposal_cannot_exceed_what_remains_or_precede_verification():
    found = problems(SHELTER, receiving_unit="某园", quantity=Decimal(11))
    assert "超过尚未处置的数量" in found["quantity"]
    found = problems(SHELTER, receiving_unit="某园", disposed_on=dt.date(2020, 7, 1))
    assert "早于核查日期" in found["disposed_on"]
