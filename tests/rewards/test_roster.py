"""The yearly roster refuses what 第六条 and 第十三条 forbid, and allows different prizes to one winner."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rewards import services
from rewards.models import AwardWinner, Clawback, ClawbackReason, Sector
from tests.rewards.conftest import revise_scheme, wan

pytestmark = pytest.mark.django_db


def add(year, sector, prize, name, **kwargs):
    return services.award_winner_add(
        year=year, sector=sector, prize_name=prize, institution_name=name, **kwargs
    )


def test_a_winner_takes_the_prize_amount(scheme_2020):
    winner = add(2020, Sector.BANK, "一等奖", "威海市商业银行")
    assert winner.amount == wan(15)
    assert winner.year == 2020
    assert winner.institution.sector == Sector.BANK
    assert winner.history.count() == 1


def test_more_winners_than_places_is_refused(scheme_2020):
    for n in range(3):
        add(2020, Sector.BANK, "一等奖", f"银行{n}")
    with pytest.raises(ValidationError) as refused:
        add(2020, Sector.BANK, "一等奖", "银行3")
    assert "2020年银行业金融机构“一等奖”名额为3名，已有3家机构获奖，不能再增加（第六条）" in str(
        refused.value
    )
    assert AwardWinner.objects.filter(prize__name="一等奖", prize__sector=Sector.BANK).count() == 3


def test_the_same_prize_twice_to_one_institution_is_refused(scheme_2020):
    add(2020, Sector.INSURANCE, "三等奖", "某财产保险威海中心支公司")
    with pytest.raises(ValidationError) as refused:
        add(2020, Sector.INSURANCE, "三等奖", "某财产保险威海中心支公司")
    assert "已获得2020年保险业金融机构“三等奖”，同一奖项不能重复授予同一机构" in str(refused.value)
    assert AwardWinner.objects.count() == 1


def test_one_institution_may_win_different_prizes(scheme_2020):
    add(2020, Sector.BANK, "一等奖", "威海市商业银行")
    add(2020, Sector.BANK, "威海市新增信贷投放奖", "威海市商业银行")
    add(2020, Sector.BANK, "威海市金融风险防控奖", "威海市商业银行")
    winners = AwardWinner.objects.filter(institution__name="威海市商业银行")
    assert winners.count() == 3
    assert sum(w.amount for w in winners) == wan(35)


@pytest.mark.parametrize("year", [2019, 2026])
def test_a_year_outside_the_validity_is_refused(scheme_2020, year):
    with pytest.raises(ValidationError) as refused:
        add(year, Sector.BANK, "一等奖", "威海市商业银行")
    message = str(refused.value)
    assert f"{year}年不在奖励办法有效期内" in message
    assert "2020年8月18日至2025年8月17日（第十三条）" in message


def test_a_year_inside_the_validity_without_scheme_says_so(scheme_2020):
    with pytest.raises(ValidationError, match="还没有2022年的金融发展贡献奖方案"):
        add(2022, Sector.BANK, "一等奖", "威海市商业银行")


def test_over_budget_after_the_year_was_revised(scheme_2020):
    """Money already awarded stays as paid; a revised prize cannot push the sector over budget."""
    add(2020, Sector.SECURITIES, "一等奖", "证券A")
    add(2020, Sector.SECURITIES, "二等奖", "证券B")
    add(2020, Sector.SECURITIES, "三等奖", "证券C")  # 10 + 8 + 6 = 24万 of 24万 awarded
    # The year's scheme is then revised, still 24万: 一等奖 2 × 6万, 二等奖 1 × 6万, 三等奖 1 × 6万.
    changes = {
        (Sector.SECURITIES, "一等奖"): (2, wan(6)),
        (Sector.SECURITIES, "二等奖"): (1, wan(6)),
    }
    revise_scheme(scheme_2020, changes)
    # A second first prize has a free place, but no money left in the budget.
    with pytest.raises(ValidationError) as refused:
        add(2020, Sector.SECURITIES, "一等奖", "证券D")
    assert "2020年证券业金融机构奖金为24万元，已授予24万元，再授予6万元将超出预算（第六条）" in str(
        refused.value
    )
    # What was paid is kept as paid.
    assert AwardWinner.objects.get(institution__name="证券A").amount == wan(10)


def test_an_institution_of_another_sector_is_refused(scheme_2020, institution):
    insurer = institution("某人寿保险威海中心支公司", Sector.INSURANCE)
    with pytest.raises(ValidationError, match="属于保险业金融机构，不能获得银行业金融机构的奖项"):
        services.award_winner_create(
            prize=scheme_2020.prizes.get(sector="bank", name="二等奖"), institution=insurer
        )


def test_regulator_award_needs_its_regulator_and_the_growth(scheme_2020, prize, institution):
    award = prize(Sector.REGULATOR, "人民银行威海市中心支行奖金")
    pboc = award.recipient
    other = institution("另一监管机构", Sector.REGULATOR)
    with pytest.raises(ValidationError, match="由第六条（二）指定给人民银行威海市中心支行"):
        services.award_winner_create(prize=award, institution=other, growth_pct=Decimal("9"))
    with pytest.raises(ValidationError, match="请填写实际增速"):
        services.award_winner_create(prize=award, institution=pboc)
    with pytest.raises(
        ValidationError, match="全市本外币贷款余额年均增速为7.9%，低于第六条（二）要求的8%"
    ):
        services.award_winner_create(prize=award, institution=pboc, growth_pct=Decimal("7.9"))
    winner = services.award_winner_create(prize=award, institution=pboc, growth_pct=Decimal("8"))
    assert winner.amount == wan(20)


def test_unknown_prize_lists_the_choices(scheme_2020):
    with pytest.raises(ValidationError) as refused:
        add(2020, Sector.SECURITIES, "特等奖", "证券A")
    assert "2020年证券业金融机构没有名为“特等奖”的奖项，可选：一等奖、二等奖、三等奖。" in str(
        refused.value
    )


def test_clawback_within_what_was_won(scheme_2020):
    winner = add(2020, Sector.LOCAL_FINANCE, "获奖机构", "某小额贷款公司")
    clawback = services.clawback_create(
        institution=winner.institution,
        year=2020,
        amount=wan(1),
        grounds=ClawbackReason.SALARIES,
    )
    assert clawback.history.count() == 1
    with pytest.raises(ValidationError) as refused:
        services.clawback_create(
            institution=winner.institution,
            year=2020,
            amount=wan("1.5"),
            grounds=ClawbackReason.PARENT,
        )
    assert "共获奖金2万元，已追回1万元，再追回1.5万元将超过所获奖金（第八条）" in str(refused.value)
    assert Clawback.objects.count() == 1


def test_clawback_needs_an_award_and_a_reason_for_other(scheme_2020, institution):
    bank = institution("没有获奖的银行")
    with pytest.raises(ValidationError, match="没有获奖的银行在2020年的获奖名单中没有记录"):
        services.clawback_create(
            institution=bank, year=2020, amount=wan(1), grounds=ClawbackReason.PARENT
        )
    with pytest.raises(ValidationError, match="请写明情况说明"):
        services.clawback_create(
            institution=bank, year=2020, amount=wan(1), grounds=ClawbackReason.OTHER
        )
