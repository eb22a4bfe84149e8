"""A clerk's admin edits in wildlife reach history with the clerk and the reason given."""

from decimal import Decimal

import pytest

from tests.admin_edits import clerk_client, latest_entry, post_change
from wildlife.models import Species

pytestmark = pytest.mark.django_db


def test_a_species_price_edit_records_the_clerk_and_the_reason(client):
    clerk = clerk_client(client, "wildlife")
    peacock = Species.objects.get(name="蓝孔雀")
    url = f"/admin/wildlife/species/{peacock.pk}/change/"
    post_change(clerk, url, reason="市林业局通知调整", price="850")
    entry = latest_entry(peacock)
    assert entry.price == Decimal("850")
    assert entry.history_user == clerk.user
    assert entry.history_change_reason == "市林业局通知调整"
