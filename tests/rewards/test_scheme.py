"""The 2020 scheme reproduces 第六条, and a scheme that no longer adds up is refused everywhere."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from rewards import parsing, rules, services
from rewards.models import AwardPrize, AwardScheme, Institution, Sector, SectorBudget
from rewards.selectors import scheme_figures
from tests.rewards.conftest import revise_scheme, wan

pytestmark = pytest.mark.django_db

# 第六条 as printed (source lines 78–92), in 万元: sector → budget, [(prize, count, amount)].
PRINTED = {
    Sector.BANK: (
        168,
        [
            ("一等奖", 3, 15),
            ("二等奖", 7, 9),
            ("威海市新增信贷投放奖", 2, 10),
            ("威海市金融支持先进制造业奖", 2, 10),
            ("威海市金融风险防控奖", 2, 10),
        ],
    ),
    Sector.INSURANCE: (56, [("一等奖", 1, 10), ("二等奖", 2, 8), ("三等奖", 5, 6)]),
    Sector.SECURITIES: (24, [("一等奖", 1, 10), ("二等奖", 1, 8), ("三等奖", 1, 6)]),
    Sector.LOCAL_FINANCE: (12, [("获奖机构", 6, 2)]),
    Sector.REGULATOR: (
        40,
        [("人民银行威海市中心支行奖金", 1, 20), ("威海银保监分局奖金", 1, 20)],
    ),
}


def test_2020_scheme_reproduces_every_printed_figure(scheme_2020):
    assert (scheme_2020.total_cap, scheme_2020.institution_cap, scheme_2020.regulator_cap) == (
        wan(300),
        wan(260),
        wan(40),
    )
    assert scheme_2020.min_operating_years == 2
    assert scheme_2020.measure.doc_number == "威政发〔2020〕6号"
    for sector, (budget, prizes) in PRINTED.items():
        assert SectorBudget.objects.get(scheme=scheme_2020, sector=sector).budget == wan(budget)
        stored = list(
            AwardPrize.objects.filter(scheme=scheme_2020, sector=sector)
            .order_by("position")
            .values_list("name", "count", "amount")
        )
        assert stored == [(name, count, wan(amount)) for name, count, amount in prizes]


def test_regulator_awards_carry_their_conditions(prize):
    pboc = prize(Sector.REGULATOR, "人民银行威海市中心支行奖金")
    assert pboc.recipient.name == "人民银行威海市中心支行"
    assert pboc.growth_indicator == "全市本外币贷款余额年均增速"
    assert pboc.min_growth_pct == Decimal("8.00")
    cbirc = prize(Sector.REGULATOR, "威海银保监分局奖金")
    assert cbirc.growth_indicator == "小微企业贷款余额增速"
    assert "促进银行保险行业自律组织发展" in cbirc.requirements


def test_fixture_schemes_add_up(scheme_2020):
    assert services.check_all_schemes() == {}
    assert services.award_scheme_problems(scheme=scheme_2020) == []
    sums = {line.key: line for line in rules.scheme_sums(scheme_figures(scheme_2020))}
    assert sums[Sector.BANK].computed == wan(168)
    assert sums["institutions"].computed == wan(260)
    assert sums["total"].computed == wan(300)


def test_fixture_load_refuses_a_scheme_that_does_not_add_up(tmp_path):
    # A fixture file whose banks' first prize has 4 places instead of 3 (4×15+… ≠ 168万元).
    objects = json.loads(parsing.fixture_path().read_text(encoding="utf-8"))
    for obj in objects:
        if obj["model"] == "rewards.awardprize" and obj["fields"]["name"] == "一等奖":
            obj["fields"]["count"] += 1
            break
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(bad), verbosity=0)
    # load_gazette runs this hook inside its transaction, so such a file loads nothing.
    with pytest.raises(
        ValidationError, match="银行业金融机构奖金为168万元，而各奖项名额×每名奖金之和为183万元"
    ):
        services.after_fixtures_loaded()


def test_rules_name_each_sum_that_breaks():
    figures = rules.SchemeFigures(
        total_cap=wan(300),
        institution_cap=wan(260),
        regulator_cap=wan(40),
        budgets={Sector.BANK: wan(168), Sector.REGULATOR: wan(40)},
        prizes=[
            rules.PrizeFigures(Sector.BANK, "一等奖", 3, wan(15)),
            rules.PrizeFigures(Sector.REGULATOR, "甲", 1, wan(20)),
            rules.PrizeFigures(Sector.REGULATOR, "乙", 1, wan(20)),
        ],
    )
    problems = rules.scheme_problems(figures)
    assert any("银行业金融机构奖金为168万元" in p and "45万元" in p for p in problems)
    assert any("金融机构和地方金融组织奖金上限为260万元" in p and "168万元" in p for p in problems)
    assert not any("监管机构奖金上限" in p for p in problems)


def test_service_refuses_prizes_that_no_longer_add_up(scheme_2020):
    with pytest.raises(ValidationError) as refused:
        revise_scheme(scheme_2020, {(Sector.BANK, "一等奖"): (3, wan(16))}, year=2021)
    assert (
        "银行业金融机构奖金为168万元，而各奖项名额×每名奖金之和为171万元"
        in refused.value.messages[0]
    )
    assert not AwardScheme.objects.filter(year=2021).exists()


def test_service_saves_a_later_year_with_its_own_budget(scheme_2020):
    # 第六条: amounts follow each year's budget. 2021: banks' first prize 16万, budget 171万.
    budgets = {s.sector: s.budget for s in scheme_2020.sectors.all()}
    budgets[Sector.BANK] = wan(171)
    scheme = revise_scheme(
        scheme_2020,
        {(Sector.BANK, "一等奖"): (3, wan(16))},
        year=2021,
        budgets=budgets,
        institution_cap=wan(263),
        total_cap=wan(303),
    )
    assert scheme.prizes.get(sector=Sector.BANK, name="一等奖").amount == wan(16)
    assert services.award_scheme_problems(scheme=scheme) == []
    # The printed year is untouched.
    assert scheme_2020.prizes.get(sector=Sector.BANK, name="一等奖").amount == wan(15)


def test_service_refuses_a_year_outside_the_measure(scheme_2020):
    with pytest.raises(ValidationError) as refused:
        revise_scheme(scheme_2020, {}, year=2026)
    assert "2026年不在《威海市鼓励金融业发展奖励办法》有效期" in str(refused.value)
    assert "2020年8月18日至2025年8月17日" in str(refused.value)


def test_model_refuses_caps_that_do_not_add_up(scheme_2020):
    scheme_2020.total_cap = wan(310)
    with pytest.raises(ValidationError, match="之和应等于奖金总额上限"):
        scheme_2020.full_clean()


def test_regulator_prize_needs_its_regulator(scheme_2020):
    bank = Institution.objects.create(name="测试银行", sector=Sector.BANK)
    prize = AwardPrize(
        scheme=scheme_2020, sector=Sector.REGULATOR, name="新奖", count=1, amount=wan(1)
    )
    with pytest.raises(ValidationError, match="须指定获奖机构"):
        prize.full_clean()
    prize.recipient = bank
    with pytest.raises(ValidationError, match="测试银行属于银行业金融机构"):
        prize.full_clean()
