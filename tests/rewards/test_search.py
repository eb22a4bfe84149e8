"""The portal's search is offered each prize tier, each year's scheme and the IP calculator."""

import pytest

from rewards.models import AwardPrize, AwardScheme, IpCompensationParameters
from rewards.selectors import search_records
from search.registry import source_for_model, sources

pytestmark = pytest.mark.django_db


def test_registered_with_search():
    assert "rewards" in [s.name for s in sources()]
    for model in (AwardScheme, AwardPrize, IpCompensationParameters):
        assert any(s.name == "rewards" for s in source_for_model(model))


def test_prize_words_lead_to_the_scheme_page(scheme_2020):
    records = list(search_records())
    assert len({r.key for r in records}) == len(records)
    first_prizes = [r for r in records if r.kind == "reward_tier" and "一等奖" in r.title]
    assert {r.facets["sector"] for r in first_prizes} == {
        "银行业金融机构",
        "保险业金融机构",
        "证券业金融机构",
    }
    bank = next(r for r in first_prizes if r.facets["sector"] == "银行业金融机构")
    prize = AwardPrize.objects.get(scheme=scheme_2020, sector="bank", name="一等奖")
    assert bank.url == f"/rewards/schemes/2020/#prize-{prize.pk}"
    assert "一等奖3名，每名奖金15万元，合计45万元" in bank.body
    assert bank.doc_number == "威政发〔2020〕6号"
    scheme = next(r for r in records if r.kind == "reward_scheme")
    assert "金融发展贡献奖" in scheme.title and scheme.url == "/rewards/schemes/2020/"
    assert "奖金总额不超过300万元" in scheme.body


def test_ip_calculator_is_findable():
    record = next(r for r in search_records() if r.kind == "calculator")
    assert record.url == "/rewards/ip-compensation/"
    assert record.doc_number == "威市监发〔2020〕56号"
    for word in ("知识产权", "质押", "风险补偿", "40%", "100万元", "150万元"):
        assert word in record.title + record.body


def test_records_follow_the_data(scheme_2020):
    prize = AwardPrize.objects.get(scheme=scheme_2020, sector="securities", name="三等奖")
    prize.name = "优秀奖"
    prize.save()
    titles = [r.title for r in search_records()]
    assert "2020年威海市金融发展贡献奖 证券业金融机构优秀奖" in titles


def test_anchor_exists_on_the_page(client, scheme_2020):
    page = client.get("/rewards/schemes/2020/").content.decode()
    for record in search_records():
        if record.kind == "reward_tier":
            assert f'id="{record.url.split("#")[1]}"' in page
