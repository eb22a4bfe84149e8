"""Registry writes: validation, the non-food conversion rule, disposal records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wildlife import selectors, services
from wildlife.models import BreedingEntity, Disposal, DisposalMethod, StockRegistration

pytestmark = pytest.mark.django_db


def test_registration_amount_and_juvenile_pricing(make_entity, register):
    farm = make_entity()
    adults = register(farm, "蓝孔雀", 10)
    chicks = register(farm, "蓝孔雀", 4, juvenile=True)
    snakes = register(farm, "王锦蛇", "12.5")
    assert adults.compensation() == Decimal("8000.00")
    assert chicks.compensation() == Decimal("800.00")
    assert snakes.compensation() == Decimal("1250.00")


def test_juvenile_flag_refused_for_a_species_without_juvenile_price(make_entity, register):
    with pytest.raises(ValidationError) as exc:
        register(make_entity(), "豪猪", 2, juvenile=True)
    assert "豪猪没有幼体补偿标准" in str(exc.value)
    assert not StockRegistration.objects.exists()


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5"])
def test_bad_quantities_for_a_per_animal_species_are_refused(make_entity, register, quantity):
    with pytest.raises(ValidationError):
        register(make_entity(), "刺猬", quantity)
    assert not StockRegistration.objects.exists()


def test_verification_after_cutoff_is_refused(make_entity, register):
    with pytest.raises(ValidationError) as exc:
        register(make_entity(), "刺猬", 3, verified_on=dt.date(2020, 8, 1))
    assert "晚于登记数据截止时间" in str(exc.value)


def test_same_entity_and_species_twice_is_refused(make_entity, register):
    farm = make_entity()
    register(farm, "刺猬", 3)
    with pytest.raises(ValidationError) as exc:
        register(farm, "刺猬", 4)
    assert "只能登记一条" in str(exc.value)
    assert StockRegistration.objects.count() == 1


def test_conversion_to_non_food_use_removes_compensation_everywhere(
    plan, make_entity, register, client
):
    farm = make_entity()
    kept = register(farm, "刺猬", 10)
    converted = register(farm, "黑天鹅", 2)
    with pytest.raises(ValidationError):
        services.registration_convert(registration=converted, conversion_reference=" ")
    converted = services.registration_convert(
        registration=converted, conversion_reference="环林同意〔2020〕3号"
    )
    assert converted.compensation() == Decimal("0.00")
    assert kept.compensation() == Decimal("500.00")
    report = selectors.compensation_report(plan=plan)
    assert report.total == Decimal("500.00")
    page = client.get("/wildlife/public-list/").content.decode()
    assert "已转为非食用性用途，不予补偿" in page


def test_entity_without_scope_is_pending_but_priced(make_entity, register):
    farm = make_entity(scope=None)
    assert register(farm, "刺猬", 2).compensation() == Decimal("100.00")


def test_fifth_scope_category_is_not_compensated_by_the_city_standard(make_entity, register):
    farm = make_entity(scope=5)
    assert register(farm, "刺猬", 2).compensation() == Decimal("0.00")


def method(name):
    return DisposalMethod.objects.get(name=name)


def test_disposal_record_and_pending_list(plan, make_entity, register):
    farm = make_entity()
    geese = register(farm, "灰雁", 10)
    services.disposal_record(
        registration=geese,
        method=method("收容饲养和调配"),
        quantity=4,
        disposed_on=dt.date(2020, 8, 20),
        responsible_person="张三",
        receiving_unit="某野生动物园",
    )
    pending = selectors.pending_disposals(plan=plan)
    assert [(r.pk, row.remaining) for r, row in pending] == [(geese.pk, Decimal(6))]
    services.disposal_record(
        registration=geese,
        method=method("收容饲养和调配"),
        quantity=6,
        disposed_on=dt.date(2020, 8, 21),
        responsible_person="张三",
        receiving_unit="某野生动物园",
    )
    assert selectors.pending_disposals(plan=plan) == []


def test_disposal_beyond_the_registered_quantity_is_refused(make_entity, register):
    geese = register(make_entity(), "灰雁", 3)
    with pytest.raises(ValidationError) as exc:
        services.disposal_record(
            registration=geese,
            method=method("收容饲养和调配"),
            quantity=4,
            disposed_on=dt.date(2020, 8, 20),
            responsible_person="张三",
            receiving_unit="某野生动物园",
        )
    assert "超过尚未处置的数量" in str(exc.value)
    assert not Disposal.objects.exists()


def test_release_of_a_species_marked_alien_is_refused(species, make_entity, register):
    swan = species["黑天鹅"]
    swan.origin = "alien"
    swan.save()
    swans = register(make_entity(), "黑天鹅", 3)
    with pytest.raises(ValidationError) as exc:
        services.disposal_record(
            registration=swans,
            method=method("野外放归"),
            quantity=3,
            disposed_on=dt.date(2020, 8, 20),
            responsible_person="李四",
            assessment_confirmed=True,
            approval_reference="某函",
        )
    assert "外来物种，严禁野外放归" in str(exc.value)
    assert not Disposal.objects.exists()


def test_harmless_disposal_needs_consent(make_entity, register):
    rats = register(make_entity(), "豪猪", 3)
    with pytest.raises(ValidationError) as exc:
        services.disposal_record(
            registration=rats,
            method=method("无害化处理"),
            quantity=3,
            disposed_on=dt.date(2020, 8, 20),
            responsible_person="李四",
        )
    assert "须报省自然资源厅同意" in str(exc.value)
    services.disposal_record(
        registration=rats,
        method=method("无害化处理"),
        quantity=3,
        disposed_on=dt.date(2020, 8, 20),
        responsible_person="李四",
        approval_reference="鲁自然资字〔2020〕9号",
    )
    assert Disposal.objects.count() == 1


def test_history_is_kept_for_clerk_edits(make_entity):
    farm = make_entity()
    farm.licence_no = "鲁野繁字001"
    farm.save()
    assert farm.history.count() == 2
    assert BreedingEntity.history.filter(id=farm.pk).first().licence_no == "鲁野繁字001"
