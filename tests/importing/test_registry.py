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


@pytest.mark.django_db
def test_each_real_import_page_opens_for_a_clerk_with_the_permissions(client):
    from django.contrib.auth.models import User

    for model_admin in import_admins():
        opts = model_admin.model._meta
        clerk = User.objects.create_user(f"clerk-{opts.model_name}", is_staff=True)
        clerk.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label=opts.app_label,
                codename__in=[f"{a}_{opts.model_name}" for a in ("view", "import", "export")],
            )
        )
        client.force_login(clerk)
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        changelist = client.get(base)
        assert changelist.status_code == 200, opts.label
        assert f"{base}import/" in changelist.content.decode(), opts.label
        page = client.get(f"{base}import/")
        assert page.status_code == 200, opts.label
        assert "第1行是表头" in page.content.decode(), opts.label
        assert client.get(f"{base}export/").status_code == 200, opts.label
