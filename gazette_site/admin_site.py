"""The portal's admin site: every registered admin refuses clerks what would lose data.

A protected rule set (documents.clerks.PROTECTED_MODELS) cannot be deleted by a clerk, and
the bulk "delete selected" action is not offered to clerks on a model whose rows would take
other rows with them. Registering through this site applies both to every app's admin, so
the apps' admin classes stay as they are.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import models

from documents.clerks import is_protected


def deletes_cascade(model) -> bool:
    """Tell whether deleting a row of the model would delete rows of another table."""
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.on_delete is models.CASCADE:
            return True
    return any(field.many_to_many for field in model._meta.local_many_to_many)


class ClerkSafetyMixin:
    """Keep clerks (non-superusers) from deleting rule sets or cascading in bulk."""

    def has_delete_permission(self, request, obj=None):
        if is_protected(self.model._meta.label_lower) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser and deletes_cascade(self.model):
            actions.pop("delete_selected", None)
        return actions


class GazetteAdminSite(admin.AdminSite):
    site_header = "威海市人民政府公报 管理"
    site_title = "公报管理"
    index_title = "数据维护"

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, ClerkSafetyMixin):
            base = type(base.__name__, (ClerkSafetyMixin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)


class GazetteAdminConfig(AdminConfig):
    default_site = "gazette_site.admin_site.GazetteAdminSite"
