"""A clerk's admin edits in blood_donation reach history with the clerk and the reason given."""

import pytest

from blood_donation.models import Fine
from tests.admin_edits import clerk_client, latest_entry, post_change

pytestmark = pytest.mark.django_db


def test_a_fine_edit_records_the_clerk_and_the_reason(client):
    clerk = clerk_client(client, "blood_donation")
    fine = Fine.objects.order_by("pk").first()
    url = f"/admin/blood_donation/fine/{fine.pk}/change/"
    post_change(clerk, url, reason="按条例原文核对处罚机关", authority=fine.authority + "（核）")
    entry = latest_entry(fine)
    assert entry.authority == fine.authority + "（核）"
    assert entry.history_user == clerk.user
    assert entry.history_change_reason == "按条例原文核对处罚机关"
