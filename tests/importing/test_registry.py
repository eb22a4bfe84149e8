"""Every admin that offers import in the real portal is wired as the machinery expects."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission

from gazette_site.importing import GazetteImportExportAdmin, GazetteResource
from tests.importing.support import GroupResource


def import_admins():
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, GazetteImportExportAdmin)
    ]


def test_domain_apps_use_the_shared_admin():
    assert import_admins(), "no model is offered for spreadsheet import yet"


@pytest.mark.django_db
def test_each_importable_model_has_history_permissions_and_gazette_resources():
    for model_admin in import_admins():
        model = model_admin.model
        label = model._meta.label
        assert hasattr(model, "history"), f"{label}: imports must be kept in history"
        for action in ("import", "export"):
            codename = f"{action}_{model._meta.model_name}"
            assert Permission.objects.filter(
                content_type__app_label=model._meta.app_label, codename=codename
            ).exists(), f"{label}: permission {codename} missing"
        assert all(issubclass(r, GazetteResource) for r in model_admin.resource_classes)
        assert model_admin.check() == [], label


def test_check_flags_a_model_without_import_permissions():
    class GroupAdmin(GazetteImportExportAdmin):
        resource_classes = [GroupResource]

    errors = GroupAdmin(Group, admin.AdminSite(name="scratch")).check()
    assert [e.id for e in errors] == ["importing.E001", "importing.E001"]
    assert "import_group" in errors[0].msg and "export_group" in errors[1].msg
