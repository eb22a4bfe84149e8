"""Pictures drawn on the server as SVG, each with its figures as text."""

import re

import pytest

pytestmark = pytest.mark.django_db


def chart(client, url: str, key: str) -> tuple[str, str]:
    page = client.get(url).content.decode()
    svg = re.search(rf'<svg[^>]*aria-labelledby="{key}-title {key}-desc".*?</svg>', page, re.S)
    assert svg, f"{key} missing on {url}"
    title = re.search(rf'<title id="{key}-title">(.*?)</title>', svg[0])[1]
    desc = re.search(rf'<desc id="{key}-desc">(.*?)</desc>', svg[0])[1]
    return title, desc


def test_reward_budget_by_prize(client):
    title, desc = chart(client, "/rewards/schemes/2020/", "chart-budget")
    assert "2020年各奖项奖金预算" in title
    # 3名 × 15万元 and the regulators' prizes, as printed in 第六条.
    assert "银行业金融机构·一等奖 45万元" in desc
    assert "监管机构·人民银行威海市中心支行奖金 20万元" in desc


def test_surcharge_steps_by_years_on_the_d_list(client):
    title, desc = chart(client, "/pricing/", "chart-electricity")
    assert "用电" in title or "电" in title
    assert desc == "第一年 0.05元/千瓦时；连续两年 0.1元/千瓦时；连续三年及以上 0.15元/千瓦时"
    _, water = chart(client, "/pricing/", "chart-water")
    assert "连续三年及以上 0.45元/立方米" in water


def test_compensation_standard_by_species(client):
    title, desc = chart(client, "/wildlife/", "chart-species")
    assert "补偿标准" in title
    assert "黑天鹅（每只） 1,500元" in desc and "王锦蛇（每斤） 100元" in desc
