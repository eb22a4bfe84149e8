"""A clerk's admin edits in blood_donation reach history with the clerk and the reason given."""

import pytest

from blood_donation.models import Fine
from tests.admin_edits import author_and_reason, clerk_client, edit_in_admin

pytestmark = pytest.mark.django_db


def test_a_fine_edit_records_the_clerk_and_the_reason(client):
    clerk = clerk_client(client, "blood_donation")
    fine = Fine.objects.order_by("pk").first()
    corrected = fine.authority + "（核）"
    entry = edit_in_admin(clerk, fine, reason="按条例原文核对处罚机关", authority=corrected)
    assert entry.authority == corrected
    assert author_and_reason(entry) == (clerk.user, "按条例原文核对处罚机关")
