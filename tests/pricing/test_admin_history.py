"""A clerk's admin edits in pricing reach history with the clerk and the reason given."""

import pytest

from pricing.models import Surcharge
from tests.admin_edits import clerk_client, latest_entry, post_change

pytestmark = pytest.mark.django_db


def test_a_surcharge_edit_records_the_clerk_and_the_reason(client):
    clerk = clerk_client(client, "pricing")
    surcharge = Surcharge.objects.order_by("pk").first()
    url = f"/admin/pricing/surcharge/{surcharge.pk}/change/"
    post_change(clerk, url, reason="市发展改革委通知调整", source_text="调整后的原文")
    entry = latest_entry(surcharge)
    assert entry.source_text == "调整后的原文"
    assert entry.history_user == clerk.user
    assert entry.history_change_reason == "市发展改革委通知调整"
