"""Writes of the documents app."""

from django.db import transaction

# The change reason of the history records load_gazette writes for what it loaded.
BASELINE_REASON = "载入公报数据"

# Apps whose data clerks keep current; their permissions go to the `clerks` group.
CLERK_APPS = ("documents", "rewards", "blood_donation", "intermediary", "wildlife", "pricing")


@transaction.atomic
def clerks_group_sync(*, using: str = "default") -> int:
    """Give the `clerks` group every permission of the portal's data apps; return the count.

    Runs after each migrate, so a new model's permissions (imports included) reach clerks
    without a migration per app.
    """
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(name="clerks")
    permissions = Permission.objects.using(using).filter(content_type__app_label__in=CLERK_APPS)
    group.permissions.add(*permissions)
    return permissions.count()


def after_fixtures_loaded() -> None:
    """Recompute every stored reference once the gazette's files are loaded."""
    from documents.references import references_rebuild

    references_rebuild()
