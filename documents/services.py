"""Writes of the documents app, and the clerk groups every app's admin relies on."""

from __future__ import annotations

from django.db import transaction

from documents.clerks import clerk_groups, group_codenames, groups_by_key
from documents.references import references_rebuild

# The single all-apps group earlier versions created; its members move to the app groups.
LEGACY_GROUP = "clerks"


@transaction.atomic
def clerk_groups_sync(*, using: str = "default") -> dict[str, int]:
    """Give each clerk group exactly its permissions; return {group name: permission count}.

    Runs after each migrate (and from a data migration), so a new model's permissions reach
    the right group and a permission no longer meant for a group is taken away.
    """
    from django.contrib.auth.models import Group, Permission

    counts: dict[str, int] = {}
    for group_def in clerk_groups():
        permissions = Permission.objects.using(using).filter(
            content_type__app_label__in=(group_def.app_label, *group_def.extra_apps)
        )
        by_model: dict[str, list[str]] = {}
        for model_name, codename in permissions.values_list("content_type__model", "codename"):
            by_model.setdefault(model_name, []).append(codename)
        wanted = group_codenames(group_def, by_model)
        group, _ = Group.objects.using(using).get_or_create(name=group_def.name)
        group.permissions.set(permissions.filter(codename__in=wanted))
        counts[group_def.name] = len(wanted)
    _retire_legacy_group(using=using)
    return counts


def _retire_legacy_group(*, using: str) -> None:
    """Move members of the old all-permissions group into every app group, then drop it."""
    from django.contrib.auth.models import Group

    legacy = Group.objects.using(using).filter(name=LEGACY_GROUP).first()
    if legacy is None:
        return
    groups = list(Group.objects.using(using).filter(name__in=[g.name for g in clerk_groups()]))
    for user in legacy.user_set.all():
        user.groups.add(*groups)
    legacy.delete()


def clerk_group_names(keys: list[str]) -> list[str]:
    """Turn group keys (documents, publishing, …) into group names; ValueError if unknown."""
    known = groups_by_key()
    unknown = [key for key in keys if key not in known]
    if unknown:
        choices = "、".join(known)
        raise ValueError(f"没有这些数据组：{'、'.join(unknown)}。可选：{choices}。")
    return [known[key].name for key in keys]


@transaction.atomic
def clerk_create(
    *, username: str, password: str, apps: list[str], email: str = "", acting_user=None
):
    """Create a staff account in the groups of the given apps, without superuser rights."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    names = clerk_group_names(apps)
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=True
    )
    user.groups.add(*Group.objects.filter(name__in=names))
    return user


def after_fixtures_loaded() -> None:
    """Recompute every stored reference once the gazette's files are loaded."""
    references_rebuild()
