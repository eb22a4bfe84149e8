"""A prize name the print does not carry is marked as inferred, in open data and on the page."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
TEXT = settings.GAZETTE_SOURCE.read_text(encoding="utf-8").replace(" ", "")


def test_only_the_unnamed_prizes_are_inferred_and_only_they_are_not_printed(client):
    tiers = client.get("/data/rewards/tiers.json?year=2020").json()
    inferred = [t["prize"] for t in tiers if t["prize_inferred"]]
    assert len(inferred) == 3  # 地方金融组织 and the two regulators
    # Every other prize name is printed as it is shown.
    assert all(t["prize"] in TEXT for t in tiers if not t["prize_inferred"])
    assert [name for name in inferred if name.endswith("奖金")] == [
        name for name in inferred if name not in TEXT
    ]
    page = client.get("/rewards/schemes/2020/").content.decode()
    assert '获奖机构 <span class="badge reading-inferred"' in page
    assert '一等奖 <span class="badge reading-inferred"' not in page
