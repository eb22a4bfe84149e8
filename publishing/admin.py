"""导入新一期公报: upload, preview, correct and publish an issue in admin."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from gazette_site.http import today
from publishing import selectors, services
from publishing.forms import DraftDocumentForm, UploadForm
from publishing.models import CORRECTABLE_FIELDS, DraftDocument, DraftIssue, DraftReading

PUBLISH_PERMISSION = "publishing.publish_draftissue"


@admin.register(DraftIssue)
class DraftIssueAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "source_name", "state", "created_by", "created_at", "published_by")
    list_filter = ("state",)

    def get_queryset(self, request):
        return selectors.draft_list()

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.state == DraftIssue.State.DRAFT

    def get_urls(self):
        own = [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="publishing_draftissue_publish",
            ),
            path(
                "<int:pk>/reupload/",
                self.admin_site.admin_view(require_POST(self.reupload_view)),
                name="publishing_draftissue_reupload",
            ),
            path(
                "<int:pk>/readings/<int:reading>/check/",
                self.admin_site.admin_view(require_POST(self.check_view)),
                name="publishing_draftissue_check",
            ),
        ]
        return own + super().get_urls()

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            draft = services.draft_create(
                text=form.cleaned_data["source_text"],
                source_name=form.cleaned_data["source_name"],
                source_format=form.cleaned_data["source_format"],
                acting_user=request.user,
            )
            messages.success(
                request, f"已生成草稿 {draft.pk}。公开网站没有任何变化，请核对后发布。"
            )
            return redirect("admin:publishing_draftissue_change", draft.pk)
        return TemplateResponse(
            request,
            "publishing/upload.html",
            self._context(request, title="导入新一期公报", form=form),
            status=400 if request.method == "POST" else 200,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        draft = get_object_or_404(DraftIssue, pk=object_id)
        if not self.has_view_or_change_permission(request, draft):
            raise PermissionDenied
        preview = selectors.draft_preview(draft, as_of=today())
        can_publish = (
            request.user.has_perm(PUBLISH_PERMISSION)
            and draft.state == DraftIssue.State.DRAFT
            and not preview.blocking
        )
        return TemplateResponse(
            request,
            "publishing/preview.html",
            self._context(
                request,
                title=f"草稿 {draft.pk} 预览",
                preview=preview,
                can_publish=can_publish,
                can_change=self.has_change_permission(request, draft)
                and draft.state == DraftIssue.State.DRAFT,
                has_publish_permission=request.user.has_perm(PUBLISH_PERMISSION),
                upload_form=UploadForm(),
                original=draft,
            ),
        )

    def publish_view(self, request, pk):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        confirmed = set(request.POST.getlist("confirm"))
        try:
            issue = services.draft_publish(
                draft_id=pk, acting_user=request.user, confirmed=confirmed
            )
        except services.PublishRefused as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("admin:publishing_draftissue_change", pk)
        except DraftIssue.DoesNotExist:
            raise Http404("没有这份草稿。")
        messages.success(request, f"{issue.label} 已发布。")
        return redirect("admin:publishing_draftissue_change", pk)

    def reupload_view(self, request, pk):
        draft = get_object_or_404(DraftIssue, pk=pk)
        if not self.has_change_permission(request, draft):
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for error in form.non_field_errors():
                messages.error(request, error)
            return redirect("admin:publishing_draftissue_change", pk)
        try:
            report = services.draft_reupload(
                draft=draft,
                text=form.cleaned_data["source_text"],
                source_name=form.cleaned_data["source_name"],
                source_format=form.cleaned_data["source_format"],
                acting_user=request.user,
            )
        except services.PublishRefused as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("admin:publishing_draftissue_change", pk)
        messages.success(request, "已替换文本并重新解析。")
        for line in report:
            messages.info(request, line)
        return redirect("admin:publishing_draftissue_change", pk)

    def check_view(self, request, pk, reading):
        draft = get_object_or_404(DraftIssue, pk=pk)
        if not self.has_change_permission(request, draft) or draft.state != DraftIssue.State.DRAFT:
            raise PermissionDenied
        item = get_object_or_404(DraftReading, pk=reading, document__draft=draft)
        services.reading_mark_checked(
            reading=item, acting_user=request.user, checked=request.POST.get("checked") != "0"
        )
        url = reverse("admin:publishing_draftissue_change", args=[pk])
        return redirect(f"{url}#reading-{item.pk}")


@admin.register(DraftDocument)
class DraftDocumentAdmin(SimpleHistoryAdmin):
    form = DraftDocumentForm
    list_display = ("__str__", "draft", "position")

    def has_module_permission(self, request):
        # Reached from a draft's preview, not from the admin index.
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = request.user.has_perm("publishing.change_draftissue")
        return allowed and (obj is None or obj.draft.state == DraftIssue.State.DRAFT)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("publishing.view_draftissue") or self.has_change_permission(
            request, obj
        )

    def save_through_service(self, request, obj, form, change, *, reason):
        services.draft_document_update(
            document=obj,
            acting_user=request.user,
            reason=reason,
            **{
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in CORRECTABLE_FIELDS
            },
        )

    def response_change(self, request, obj):
        messages.success(request, f"已更正《{obj.title}》。")
        return redirect("admin:publishing_draftissue_change", obj.draft_id)
