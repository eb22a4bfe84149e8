"""A clerk's admin edits in wildlife reach history with the clerk and the reason given."""

from decimal import Decimal

import pytest

from tests.admin_edits import author_and_reason, clerk_client, edit_in_admin
from wildlife.models import Species

pytestmark = pytest.mark.django_db


def test_a_species_price_edit_records_the_clerk_and_the_reason(client):
    clerk = clerk_client(client, "wildlife")
    peacock = Species.objects.get(name="蓝孔雀")
    entry = edit_in_admin(clerk, peacock, reason="市林业局通知调整", price="850")
    assert entry.price == Decimal("850")
    assert author_and_reason(entry) == (clerk.user, "市林业局通知调整")
