"""The portal's admin site: every registered admin keeps history whole and rule sets safe.

A protected rule set (declared by its app as `protected_models`, see documents.clerks) cannot be deleted by a clerk, and
the bulk "delete selected" action is not offered to clerks on a model whose rows would take
other rows with them. Every change form of a model with history asks for a reason (修改原因),
which the history keeps; restoring an earlier version says which one. Saves, inline rows and
deletions go through the write services (``gazette_site.services`` unless the app's admin
names its own), which credit the clerk and the reason in history. Registering through
this site applies all of it to every app's admin, so the apps' admin classes stay as they are.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.utils import timezone

from documents.clerks import is_protected
from gazette_site import services
from gazette_site.formatting import cn_date
from gazette_site.history import REASON_LENGTH, has_history

REASON_FIELD = "change_reason"
DELETED_IN_ADMIN = "在管理后台删除"


def deletes_cascade(model) -> bool:
    """Tell whether deleting a row of the model would delete rows of another table."""
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.on_delete is models.CASCADE:
            return True
    return any(field.many_to_many for field in model._meta.local_many_to_many)


class GazetteAdminMixin:
    """Keep clerks (non-superusers) from deleting rule sets or cascading in bulk; ask why."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if has_history(self.model):
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                base.__name__,
                (base,),
                {
                    REASON_FIELD: forms.CharField(
                        label="修改原因",
                        max_length=REASON_LENGTH,
                        required=False,
                        help_text="写明依据（如文件、通知或来电）；与修改一起记入修改历史。",
                    )
                },
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if has_history(self.model) and REASON_FIELD not in flatten_fieldsets(fieldsets):
            fieldsets = [*fieldsets, ("修改原因", {"fields": [REASON_FIELD]})]
        return fieldsets

    def change_reason(self, request, form=None) -> str:
        """The clerk's 修改原因 for this change (a restore says which version it brings back)."""
        cleaned = getattr(form, "cleaned_data", None) or {}
        reason = (cleaned.get(REASON_FIELD) or request.POST.get(REASON_FIELD) or "").strip()
        match = request.resolver_match
        # simple_history's restore view is reached as <pk>/history/<version>/ (positional).
        version = (
            match.args[1]
            if match and (match.url_name or "").endswith("_simple_history") and len(match.args) > 1
            else None
        )
        if version and has_history(self.model):
            restored = self.model.history.filter(history_id=version).first()
            if restored is not None:
                when = cn_date(timezone.localtime(restored.history_date))
                source = restored.history_change_reason or "未填写原因"
                reason = f"还原到{when}的版本（{source}）" + (f"：{reason}" if reason else "")
        return reason

    def delete_reason(self, request) -> str:
        """The reason a deletion records: the clerk's, else that it was made in admin."""
        return (request.POST.get(REASON_FIELD) or "").strip() or DELETED_IN_ADMIN

    def save_model(self, request, obj, form, change):
        self.save_through_service(
            request, obj, form, change, reason=self.change_reason(request, form)
        )

    def save_through_service(self, request, obj, form, change, *, reason: str) -> None:
        """Save the record through its app's write service; an admin with its own overrides this."""
        services.record_save(instance=obj, acting_user=request.user, reason=reason)

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        services.records_save(
            saved=saved,
            deleted=formset.deleted_objects,
            acting_user=request.user,
            reason=self.change_reason(request, form),
        )
        formset.save_m2m()

    def delete_model(self, request, obj):
        services.record_delete(
            instance=obj, acting_user=request.user, reason=self.delete_reason(request)
        )

    def delete_queryset(self, request, queryset):
        services.records_delete(
            objects=queryset, acting_user=request.user, reason=self.delete_reason(request)
        )

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
        if not issubclass(base, GazetteAdminMixin):
            base = type(base.__name__, (GazetteAdminMixin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)


class GazetteAdminConfig(AdminConfig):
    default_site = "gazette_site.admin_site.GazetteAdminSite"
