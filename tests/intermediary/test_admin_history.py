"""A clerk's admin edits in intermediary reach history with the clerk and the reason given."""

import pytest

from intermediary.models import IntermediaryService
from tests.admin_edits import clerk_client, latest_entry, post_change

pytestmark = pytest.mark.django_db


def test_a_catalogue_item_edit_records_the_clerk_and_the_reason(client):
    clerk = clerk_client(client, "intermediary")
    item = IntermediaryService.objects.order_by("no").first()
    url = f"/admin/intermediary/intermediaryservice/{item.pk}/change/"
    post_change(clerk, url, reason="部门来函说明读法", source_note="按部门来函核对")
    entry = latest_entry(item)
    assert entry.source_note == "按部门来函核对"
    assert entry.history_user == clerk.user
    assert entry.history_change_reason == "部门来函说明读法"
