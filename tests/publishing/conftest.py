"""A second issue of our own (two documents) and clerks with and without the publish right."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User

SECOND_ISSUE = Path(__file__).with_name("second_issue.txt")


@pytest.fixture
def second_issue_text() -> str:
    return SECOND_ISSUE.read_text(encoding="utf-8")


def publishing_user(username: str, *, publish: bool) -> User:
    """A staff user holding only the publishing app's permissions (and publish if asked)."""
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    codenames = [
        "add_draftissue",
        "change_draftissue",
        "view_draftissue",
        "change_draftdocument",
        "view_draftdocument",
        "change_draftreading",
    ]
    if publish:
        codenames.append("publish_draftissue")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="publishing", codename__in=codenames)
    )
    return user


@pytest.fixture
def publisher(db):
    return publishing_user("publisher", publish=True)


@pytest.fixture
def editor(db):
    return publishing_user("editor", publish=False)
