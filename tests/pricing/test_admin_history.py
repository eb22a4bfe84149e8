"""A clerk's admin edits in pricing reach history with the clerk and the reason given."""

import pytest

from pricing.models import Surcharge
from tests.admin_edits import author_and_reason, clerk_client, edit_in_admin

pytestmark = pytest.mark.django_db


def test_a_surcharge_edit_records_the_clerk_and_the_reason(client):
    clerk = clerk_client(client, "pricing")
    surcharge = Surcharge.objects.order_by("pk").first()
    entry = edit_in_admin(
        clerk, surcharge, reason="市发展改革委通知调整", source_text="调整后的原文"
    )
    assert entry.source_text == "调整后的原文"
    assert author_and_reason(entry) == (clerk.user, "市发展改革委通知调整")
