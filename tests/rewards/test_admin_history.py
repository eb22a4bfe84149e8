"""A clerk's admin edits in rewards reach history with the clerk and the reason given."""

import pytest

from rewards.models import AwardScheme, SectorBudget
from tests import admin_edits as edits

pytestmark = pytest.mark.django_db


def test_a_scheme_edit_records_the_clerk_and_the_reason(client, scheme_2020):
    clerk = edits.clerk_client(client, "rewards")
    scheme = AwardScheme.objects.get(pk=scheme_2020.pk)
    entry = edits.edit_in_admin(
        clerk, scheme, reason="按市金融局复核意见补充说明", source_note="复核说明"
    )
    assert entry.source_note == "复核说明"
    assert edits.author_and_reason(entry) == (clerk.user, "按市金融局复核意见补充说明")


def test_a_budget_row_changed_on_the_scheme_page_records_the_clerk_and_the_reason(
    client, scheme_2020
):
    clerk = edits.clerk_client(client, "rewards")
    url = f"/admin/rewards/awardscheme/{scheme_2020.pk}/change/"
    data = edits.change_form_data(clerk.get(url))
    note = next(k for k in data if k.endswith("-0-source_note") and "sector" in k.lower())
    budget_pk = int(data[note.removesuffix("source_note") + "id"])
    data.update({note: "与原文核对", "change_reason": "核对行业奖金"})
    response = clerk.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = edits.latest_entry(SectorBudget.objects.get(pk=budget_pk))
    assert entry.source_note == "与原文核对"
    assert edits.author_and_reason(entry) == (clerk.user, "核对行业奖金")
