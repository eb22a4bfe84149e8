"""Admin of the portal's own tables: the background import jobs, read-only."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from gazette_site.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Every staff member sees the jobs they started (a superuser sees all), nobody edits one."""

    list_display = ("file_name", "model_label", "kind", "status", "progress", "created_at", "user")
    list_filter = ("status",)
    fields = (
        "file_name",
        "model_label",
        "user",
        "status",
        "phase",
        "rows_total",
        "rows_done",
        "message",
        "created_at",
        "started_at",
        "finished_at",
        "job_page",
    )
    readonly_fields = fields

    @admin.display(description="类型")
    def kind(self, job: ImportJob) -> str:
        return "预览" if job.dry_run else "导入"

    @admin.display(description="进度")
    def progress(self, job: ImportJob) -> str:
        return f"{job.rows_done} / {job.rows_total} 行（{job.percent}%）"

    @admin.display(description="任务页面")
    def job_page(self, job: ImportJob) -> str:
        app_label, _, model_name = job.model_label.partition(".")
        try:
            url = reverse(
                f"admin:{app_label}_{model_name}_import_job",
                kwargs={"job_id": job.pk},
                current_app=self.admin_site.name,
            )
        except NoReverseMatch:
            return "-"
        return format_html('<a href="{}">查看进度与结果</a>', url)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
