"""A clerk's corrections to a draft in admin reach history with the clerk and the reason."""

import pytest

from publishing import services
from publishing.models import DraftDocument
from tests.admin_edits import author_and_reason, clerk_client, edit_in_admin

pytestmark = pytest.mark.django_db


def test_a_draft_title_correction_records_the_clerk_and_the_reason(client, second_issue_text):
    clerk = clerk_client(client, "publishing")
    draft = services.draft_create(
        text=second_issue_text,
        source_name="second_issue.txt",
        source_format="txt",
        acting_user=clerk.user,
    )
    document = DraftDocument.objects.filter(draft=draft).order_by("position").first()
    entry = edit_in_admin(clerk, document, reason="标题按纸质版更正", title="更正后的标题")
    assert entry.title == "更正后的标题"
    assert author_and_reason(entry) == (clerk.user, "标题按纸质版更正")
    first = document.history.earliest("history_date", "history_id")
    assert author_and_reason(first) == (clerk.user, "上传：second_issue.txt")
