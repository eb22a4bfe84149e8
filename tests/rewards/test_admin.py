"""Clerks in admin: a scheme is saved whole or not at all; the roster refuses what 第六条 forbids."""

from decimal import Decimal

import pytest

from rewards.models import AwardPrize, AwardScheme, AwardWinner, Institution, Sector, SectorBudget
from tests.rewards.conftest import wan

pytestmark = pytest.mark.django_db


def _value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def scheme_form(scheme: AwardScheme, *, caps=None, budgets=None, prizes=None) -> dict:
    """The scheme's admin page as a browser posts it, with some values changed."""
    data = {
        "measure": scheme.measure_id,
        "year": scheme.year,
        "total_cap": scheme.total_cap,
        "institution_cap": scheme.institution_cap,
        "regulator_cap": scheme.regulator_cap,
        "min_operating_years": scheme.min_operating_years,
        "source_note": scheme.source_note,
    }
    data.update(caps or {})
    sectors = list(SectorBudget.objects.filter(scheme=scheme).order_by("pk"))
    data.update({"sectors-TOTAL_FORMS": len(sectors), "sectors-INITIAL_FORMS": len(sectors)})
    data.update({"sectors-MIN_NUM_FORMS": 0, "sectors-MAX_NUM_FORMS": 1000})
    for i, s in enumerate(sectors):
        data.update(
            {
                f"sectors-{i}-id": s.pk,
                f"sectors-{i}-scheme": scheme.pk,
                f"sectors-{i}-sector": s.sector,
                f"sectors-{i}-budget": (budgets or {}).get(s.sector, s.budget),
                f"sectors-{i}-printed_text": s.printed_text,
                f"sectors-{i}-source_note": s.source_note,
            }
        )
    rows = list(AwardPrize.objects.filter(scheme=scheme).order_by("pk"))
    data.update({"prizes-TOTAL_FORMS": len(rows), "prizes-INITIAL_FORMS": len(rows)})
    data.update({"prizes-MIN_NUM_FORMS": 0, "prizes-MAX_NUM_FORMS": 1000})
    for i, p in enumerate(rows):
        changed = (prizes or {}).get((p.sector, p.name), {})
        fields = {
            "id": p.pk,
            "scheme": scheme.pk,
            "sector": p.sector,
            "name": p.name,
            "position": p.position,
            "is_additional": p.is_additional,
            "count": p.count,
            "amount": p.amount,
            "recipient": p.recipient_id,
            "requirements": p.requirements,
            "growth_indicator": p.growth_indicator,
            "min_growth_pct": p.min_growth_pct,
            "source_note": p.source_note,
        } | changed
        for name, value in fields.items():
            if name == "is_additional" and not value:
                continue
            data[f"prizes-{i}-{name}"] = _value(value)
    return {k: _value(v) for k, v in data.items()}


def change_url(scheme):
    return f"/admin/rewards/awardscheme/{scheme.pk}/change/"


def test_admin_pages_open(clerk_client, scheme_2020):
    for url in (
        "/admin/rewards/awardscheme/",
        change_url(scheme_2020),
        "/admin/rewards/awardscheme/add/",
        "/admin/rewards/awardprize/",
        "/admin/rewards/awardwinner/",
        "/admin/rewards/awardwinner/add/",
        "/admin/rewards/clawback/add/",
        "/admin/rewards/ipcompensationparameters/",
        "/admin/rewards/condition/",
        "/admin/rewards/measure/",
        "/admin/rewards/institution/",
    ):
        assert clerk_client.get(url).status_code == 200, url
    page = clerk_client.get(change_url(scheme_2020)).content.decode()
    assert "银行业金融机构奖金：规定 168万元，各项合计 168万元 — 一致" in page


def test_unchanged_scheme_saves(clerk_client, scheme_2020):
    response = clerk_client.post(change_url(scheme_2020), scheme_form(scheme_2020))
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_prizes_that_no_longer_add_up_are_refused_and_nothing_is_saved(clerk_client, scheme_2020):
    response = clerk_client.post(
        change_url(scheme_2020),
        scheme_form(
            scheme_2020,
            prizes={(Sector.BANK, "一等奖"): {"count": 4}},
            caps={"source_note": "改过的说明"},
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "方案数额不一致，未保存" in page
    assert "银行业金融机构奖金为168万元，而各奖项名额×每名奖金之和为183万元" in page
    scheme_2020.refresh_from_db()
    assert scheme_2020.source_note != "改过的说明"
    assert AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.BANK, name="一等奖").count == 3


def test_sectors_that_no_longer_add_up_are_refused(clerk_client, scheme_2020):
    response = clerk_client.post(
        change_url(scheme_2020),
        scheme_form(
            scheme_2020,
            budgets={Sector.BANK: wan(171)},
            prizes={(Sector.BANK, "一等奖"): {"amount": wan(16)}},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "金融机构和地方金融组织奖金上限为260万元，而银行业、保险业、证券业金融机构和地方金融组织奖金之和为263万元"
        in page
    )
    assert SectorBudget.objects.get(scheme=scheme_2020, sector=Sector.BANK).budget == wan(168)


def test_a_coordinated_change_of_prizes_sectors_and_caps_is_saved_with_history(
    clerk_client, scheme_2020
):
    response = clerk_client.post(
        change_url(scheme_2020),
        scheme_form(
            scheme_2020,
            caps={"institution_cap": wan(263), "total_cap": wan(303)},
            budgets={Sector.BANK: wan(171)},
            prizes={(Sector.BANK, "一等奖"): {"amount": wan(16)}},
        ),
    )
    assert response.status_code == 302
    scheme_2020.refresh_from_db()
    assert scheme_2020.total_cap == wan(303)
    prize = AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.BANK, name="一等奖")
    assert prize.amount == wan(16)
    assert prize.history.first().history_user.username == "rw-clerk"


def test_caps_that_do_not_add_up_are_refused(clerk_client, scheme_2020):
    response = clerk_client.post(
        change_url(scheme_2020), scheme_form(scheme_2020, caps={"total_cap": wan(310)})
    )
    assert response.status_code == 200
    assert "之和应等于奖金总额上限（第六条）" in response.content.decode()


def test_editing_one_prize_alone_must_keep_the_sums(clerk_client, scheme_2020):
    prize = AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.SECURITIES, name="三等奖")
    url = f"/admin/rewards/awardprize/{prize.pk}/change/"
    data = {
        "scheme": scheme_2020.pk,
        "sector": prize.sector,
        "name": prize.name,
        "position": prize.position,
        "count": prize.count,
        "amount": "70000",
        "requirements": "",
        "growth_indicator": "",
        "source_note": prize.source_note,
    }
    response = clerk_client.post(url, data)
    assert response.status_code == 200
    assert (
        "证券业金融机构奖金为24万元，而各奖项名额×每名奖金之和为25万元" in response.content.decode()
    )
    data["amount"] = "60000"
    assert clerk_client.post(url, data).status_code == 302


def test_roster_admin_adds_and_refuses_over_quota(clerk_client, scheme_2020):
    prize = AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.SECURITIES, name="一等奖")
    first = Institution.objects.create(name="某证券威海营业部", sector=Sector.SECURITIES)
    second = Institution.objects.create(name="另一证券威海营业部", sector=Sector.SECURITIES)
    url = "/admin/rewards/awardwinner/add/"
    response = clerk_client.post(url, {"prize": prize.pk, "institution": first.pk, "note": ""})
    assert response.status_code == 302
    winner = AwardWinner.objects.get()
    assert winner.amount == wan(10)
    response = clerk_client.post(url, {"prize": prize.pk, "institution": second.pk, "note": ""})
    assert response.status_code == 200
    assert (
        "2020年证券业金融机构“一等奖”名额为1名，已有1家机构获奖，不能再增加（第六条）"
        in response.content.decode()
    )
    response = clerk_client.post(url, {"prize": prize.pk, "institution": first.pk, "note": ""})
    assert "同一奖项不能重复授予同一机构" in response.content.decode()
    assert AwardWinner.objects.count() == 1


def test_roster_admin_moving_a_winner_takes_the_new_prize_amount(clerk_client, scheme_2020):
    third = AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.SECURITIES, name="三等奖")
    second = AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.SECURITIES, name="二等奖")
    firm = Institution.objects.create(name="某证券", sector=Sector.SECURITIES)
    winner = AwardWinner.objects.create(prize=third, institution=firm, amount=third.amount)
    response = clerk_client.post(
        f"/admin/rewards/awardwinner/{winner.pk}/change/",
        {"prize": second.pk, "institution": firm.pk, "note": "改为二等奖"},
    )
    assert response.status_code == 302
    winner.refresh_from_db()
    assert (winner.prize, winner.amount) == (second, wan(8))


def test_regulator_award_in_admin_needs_the_growth(clerk_client, scheme_2020):
    prize = AwardPrize.objects.get(
        scheme=scheme_2020, sector=Sector.REGULATOR, name="威海银保监分局奖金"
    )
    url = "/admin/rewards/awardwinner/add/"
    data = {"prize": prize.pk, "institution": prize.recipient_id, "note": ""}
    assert "请填写实际增速" in clerk_client.post(url, data).content.decode()
    assert clerk_client.post(url, data | {"growth_pct": "12.5"}).status_code == 302
    assert AwardWinner.objects.get().growth_pct == Decimal("12.5")


def test_clawback_admin_refuses_more_than_was_won(clerk_client, scheme_2020):
    prize = AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.LOCAL_FINANCE)
    firm = Institution.objects.create(name="某融资担保公司", sector=Sector.LOCAL_FINANCE)
    AwardWinner.objects.create(prize=prize, institution=firm, amount=prize.amount)
    data = {
        "institution": firm.pk,
        "year": 2020,
        "amount": "30000",
        "reason": "parent",
        "detail": "",
    }
    response = clerk_client.post("/admin/rewards/clawback/add/", data)
    assert "共获奖金2万元，已追回0万元，再追回3万元将超过所获奖金" in response.content.decode()
    assert (
        clerk_client.post("/admin/rewards/clawback/add/", data | {"amount": "20000"}).status_code
        == 302
    )
