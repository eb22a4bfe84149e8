"""A clerk's admin edits in intermediary reach history with the clerk and the reason given."""

import pytest

from intermediary.models import IntermediaryService
from tests.admin_edits import author_and_reason, clerk_client, edit_in_admin

pytestmark = pytest.mark.django_db


def test_a_catalogue_item_edit_records_the_clerk_and_the_reason(client):
    clerk = clerk_client(client, "intermediary")
    item = IntermediaryService.objects.order_by("no").first()
    entry = edit_in_admin(clerk, item, reason="部门来函说明读法", source_note="按部门来函核对")
    assert entry.source_note == "按部门来函核对"
    assert author_and_reason(entry) == (clerk.user, "部门来函说明读法")
