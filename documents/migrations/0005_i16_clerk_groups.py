"""Replace the single `clerks` group by one group per app and one for publishing issues.

The post_migrate sync (documents.apps) keeps the groups in step afterwards; this migration makes
the switch at a known point, so a database migrated to here already has the new groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from documents.clerks import clerk_groups, group_codenames

LEGACY_GROUP = "clerks"


def create_clerk_groups(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    made = []
    for group_def in clerk_groups():
        permissions = Permission.objects.filter(content_type__app_label=group_def.app_label)
        by_model: dict[str, list[str]] = {}
        for model_name, codename in permissions.values_list("content_type__model", "codename"):
            by_model.setdefault(model_name, []).append(codename)
        group, _ = Group.objects.get_or_create(name=group_def.name)
        group.permissions.set(permissions.filter(codename__in=group_codenames(group_def, by_model)))
        made.append(group)
    legacy = Group.objects.filter(name=LEGACY_GROUP).first()
    if legacy is not None:
        for user in legacy.user_set.all():
            user.groups.add(*made)
        legacy.delete()


def restore_legacy_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    names = [g.name for g in clerk_groups()]
    legacy, _ = Group.objects.get_or_create(name=LEGACY_GROUP)
    legacy.permissions.set(
        Permission.objects.filter(content_type__app_label__in={g.app_label for g in clerk_groups()})
    )
    for group in Group.objects.filter(name__in=names):
        for user in group.user_set.all():
            user.groups.add(legacy)
    Group.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_loaded_fixture"),
        ("blood_donation", "0002_i16_protect_rule_sets"),
        ("pricing", "0002_i16_protect_rule_sets"),
        ("rewards", "0002_i16_protect_rule_sets"),
        ("intermediary", "0002_i16_protect_rule_sets"),
        ("wildlife", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_clerk_groups, restore_legacy_group)]
