"""Admin base for models clerks edit and import: history plus checked spreadsheet import."""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core import checks, signing
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.signals import post_export, post_import
from simple_history.admin import SimpleHistoryAdmin

from gazette_site.importing.blank import column_notes, import_columns, template_bytes
from gazette_site.importing.files import ImportRefused, megabytes, read_spreadsheet
from gazette_site.importing.formats import GazetteCSV, GazetteXLSX
from gazette_site.importing.jobs import (
    confirm_import,
    done_message,
    queue_import,
    report_from_json,
)
from gazette_site.importing.resources import GazetteResource
from gazette_site.importing.services import check_headers, spreadsheet_import
from gazette_site.models import ImportJob
from gazette_site.spreadsheets import XLSX_CONTENT_TYPE, attachment, export_filename

CONFIRM_SALT = "gazette_site.importing.confirm"
RENAME_CHOICE = re.compile(r"\d{1,7}:\d{1,12}")
# A preview is confirmed within this many seconds, or the file must be uploaded again.
CONFIRM_MAX_AGE = 60 * 60


class SpreadsheetUploadForm(forms.Form):
    """Step 1: choose the file (and the table, if the model offers several)."""

    # Empty files reach read_spreadsheet, so every refusal reads the same.
    import_file = forms.FileField(
        label="表格文件",
        allow_empty_file=True,
        help_text="仅限 .csv 或 .xlsx；第1行为表头。",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    resource = forms.TypedChoiceField(label="表格类型", coerce=int, required=False)

    def __init__(self, *args, resource_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = list(enumerate(resource_names))
        if len(resource_names) < 2:
            del self.fields["resource"]


class ConfirmImportForm(forms.Form):
    """Step 2: confirm the previewed file, identified by a signed token.

    ``rename`` holds the rename offers the clerk accepted ("row:pk"); they are checked
    again by the import. ``delete_missing`` deletes the rows the file does not list.
    """

    token = forms.CharField(widget=forms.HiddenInput)
    rename = forms.MultipleChoiceField(
        label="按改名处理", required=False, widget=forms.CheckboxSelectMultiple
    )
    delete_missing = forms.BooleanField(label="删除文件中没有的行", required=False)

    def __init__(self, *args, rename_choices=(), initial_renames=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rename"].choices = list(rename_choices)
        if initial_renames:
            self.fields["rename"].initial = [value for value, _ in rename_choices]

    def clean_rename(self) -> dict[int, int]:
        renames = {}
        for choice in self.cleaned_data.get("rename") or []:
            row, _, pk = choice.partition(":")
            renames[int(row)] = int(pk)
        return renames


def _confirm_form(report, token: str) -> ConfirmImportForm:
    """The preview's 确认导入 form, with the rename offers (pre-ticked when required)."""
    return ConfirmImportForm(
        initial={"token": token},
        rename_choices=[
            (o.choice, f"第{o.row}行：{o.old_key} → {o.new_key}") for o in report.renames
        ],
        initial_renames=report.renames_required,
    )


class ExportForm(forms.Form):
    """The export page: the file type (XLSX preselected) and, if several, the table."""

    file_format = forms.ChoiceField(
        label="文件格式",
        choices=[("xlsx", "Excel 工作簿（.xlsx）"), ("csv", "CSV 逗号分隔（.csv，UTF-8）")],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    resource = forms.TypedChoiceField(label="表格类型", coerce=int, required=False)

    def __init__(self, *args, resource_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = list(enumerate(resource_names))
        if len(resource_names) < 2:
            del self.fields["resource"]


class GazetteImportExportAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin + ImportExportModelAdmin, with the portal's checked import.

    Import: upload → every check of ``read_spreadsheet`` → dry run shown as a preview (or every
    bad row, in Chinese) → confirm → the same checks and the real import, all or nothing.
    Requires ``<app>.import_<model>``; export requires ``<app>.export_<model>``.
    """

    import_template_name = "importing/import.html"
    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [GazetteCSV, GazetteXLSX]
    #: rows of the dry run shown on the preview page (the totals count all rows)
    import_preview_limit = 500

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fail at start-up, not on a clerk's first import.
        self._check_resource_classes(self.resource_classes)

    def check(self, **kwargs):
        """Flag a model that offers import/export without the permissions the views check."""
        errors = super().check(**kwargs)
        declared = {codename for codename, _ in self.opts.permissions}
        for code in (
            getattr(settings, "IMPORT_EXPORT_IMPORT_PERMISSION_CODE", None),
            getattr(settings, "IMPORT_EXPORT_EXPORT_PERMISSION_CODE", None),
        ):
            if code is None:
                continue  # the library then lets every staff user through
            codename = get_permission_codename(code, self.opts)
            if codename not in declared:
                errors.append(
                    checks.Error(
                        f"{self.opts.label} is imported/exported through "
                        f"{type(self).__name__} but its Meta.permissions lacks "
                        f"('{codename}', '…'); nobody but a superuser could use it.",
                        obj=type(self),
                        id="importing.E001",
                    )
                )
        return errors

    def get_resource_classes(self, request):
        resource_classes = super().get_resource_classes(request)
        self._check_resource_classes(resource_classes)
        return resource_classes

    def _check_resource_classes(self, resource_classes) -> None:
        if not resource_classes:
            raise ImproperlyConfigured(
                f"{type(self).__name__} needs resource_classes = [<a GazetteResource subclass>]."
            )
        for resource_class in resource_classes:
            if not (
                isinstance(resource_class, type) and issubclass(resource_class, GazetteResource)
            ):
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.resource_classes must subclass GazetteResource "
                    "(all-or-nothing import, history, formula-safe export); "
                    f"{resource_class!r} does not."
                )

    export_template_name = "importing/export.html"

    def get_urls(self):
        app_label, model_name = self.get_model_info()
        return [
            path(
                "import/job/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name=f"{app_label}_{model_name}_import_job",
            ),
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{app_label}_{model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """Download the empty XLSX template of a table (headers, example, explanations)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_classes = self.get_import_resource_classes(request)
        try:
            index = int(request.GET.get("resource", 0))
        except ValueError:
            index = 0
        resource = self._import_resource(request, index)
        response = HttpResponse(template_bytes(resource), content_type=XLSX_CONTENT_TYPE)
        title = f"{resource_classes[min(max(index, 0), len(resource_classes) - 1)].file_title()}导入模板"
        response["Content-Disposition"] = attachment(export_filename(title, "xlsx"))
        return response

    def export_action(self, request):
        """The export page, in Chinese, with XLSX preselected; POST returns the file."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource_classes = self.get_export_resource_classes(request)
        names = [r.get_display_name() for r in resource_classes]
        form = ExportForm(request.POST or None, resource_names=names)
        if request.method == "POST" and form.is_valid():
            index = form.cleaned_data.get("resource") or 0
            if not 0 <= index < len(resource_classes):
                index = 0
            resource_class = resource_classes[index]
            file_format = (
                GazetteXLSX() if form.cleaned_data["file_format"] == "xlsx" else GazetteCSV()
            )
            queryset = self.get_export_queryset(request)
            resource = resource_class(**self.get_export_resource_kwargs(request))
            dataset = resource.export(queryset=queryset, force_native_type=file_format.is_binary())
            body = file_format.export_data(dataset)
            if not file_format.is_binary():
                body = body.encode("utf-8")
            response = HttpResponse(body, content_type=file_format.get_content_type())
            filename = export_filename(resource_class.file_title(), file_format.get_extension())
            response["Content-Disposition"] = attachment(filename)
            self._log_export(request, resource_class, queryset)
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": f"导出{self.opts.verbose_name_plural}",
            "opts": self.opts,
            "form": form,
            "tables": [
                (r.get_display_name(), [f.column_name for f in r().get_export_fields()])
                for r in resource_classes
            ],
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.export_template_name], context)

    def _log_export(self, request, resource_class, queryset) -> None:
        post_export.send(sender=None, model=self.model)

    def get_export_filename(self, request, queryset, file_format):
        resource_classes = self.get_export_resource_classes(request)
        return export_filename(resource_classes[0].file_title(), file_format.get_extension())

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """Export as the library does, keeping native numbers and dates in every binary format."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(
            request, queryset, force_native_type=file_format.is_binary(), **kwargs
        )
        export_data = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            export_data = export_data.encode(encoding)
        return export_data

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_classes = self.get_import_resource_classes(request)
        form = SpreadsheetUploadForm(
            request.POST or None,
            request.FILES or None,
            resource_names=[r.get_display_name() for r in resource_classes],
        )
        context = {}
        if request.method == "POST" and form.is_valid():
            index = form.cleaned_data.get("resource") or 0
            upload = form.cleaned_data["import_file"]
            resource = self._import_resource(request, index)
            rows = self._background_rows(resource, upload)
            if rows:
                upload.seek(0)
                job = queue_import(
                    acting_user=request.user,
                    model_label=self.opts.label_lower,
                    resource_class=type(resource),
                    file_name=upload.name,
                    data=upload.read(),
                    rows=rows,
                )
                return HttpResponseRedirect(self._job_url(job))
            report = spreadsheet_import(
                resource=resource,
                uploaded_file=upload,
                user=request.user,
                dry_run=True,
            )
            if report.refused:
                form.add_error("import_file", report.refused)
            else:
                context["report"] = report
                if report.ok:
                    context["confirm_form"] = _confirm_form(
                        report, self._stash_upload(request, upload, index)
                    )
        return self._render_import(request, form, resource_classes, **context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        import_url = self._admin_url("import")
        posted_renames = [c for c in request.POST.getlist("rename") if RENAME_CHOICE.fullmatch(c)]
        form = ConfirmImportForm(request.POST, rename_choices=[(c, c) for c in posted_renames])
        job_id = (
            self._confirmed_job(request, form.data.get("token", "")) if form.is_valid() else None
        )
        if job_id is not None:
            job = confirm_import(
                acting_user=request.user,
                job_id=job_id,
                renames=form.cleaned_data["rename"],
                delete_missing=form.cleaned_data["delete_missing"],
                previewed_after=timezone.now() - timedelta(seconds=CONFIRM_MAX_AGE),
            )
            if job is None:
                messages.error(
                    request,
                    "这份预览已经确认过，或已超过一小时，请重新上传文件。没有重复保存任何数据。",
                )
                return HttpResponseRedirect(import_url)
            return HttpResponseRedirect(self._job_url(job))
        stash = (
            self._unstash_upload(request, form.data.get("token", "")) if form.is_valid() else None
        )
        if stash is None:
            messages.error(
                request,
                "确认已失效（超过一小时或不属于当前用户），请重新上传文件。没有保存任何数据。",
            )
            return HttpResponseRedirect(import_url)
        storage, file_name, index = stash
        try:
            data = storage.read()
        except OSError:
            messages.error(request, "找不到待导入的文件，请重新上传。没有保存任何数据。")
            return HttpResponseRedirect(import_url)
        report = spreadsheet_import(
            resource=self._import_resource(request, index),
            uploaded_file=SimpleUploadedFile(file_name, data),
            user=request.user,
            dry_run=False,
            renames=form.cleaned_data["rename"],
            delete_missing=form.cleaned_data["delete_missing"],
        )
        storage.remove()
        resource_classes = self.get_import_resource_classes(request)
        if not report.ok:
            # The data changed between preview and confirmation: nothing was saved.
            form = SpreadsheetUploadForm(
                resource_names=[r.get_display_name() for r in resource_classes]
            )
            if report.refused:
                messages.error(request, report.refused)
            return self._render_import(request, form, resource_classes, report=report)
        self.generate_log_entries(report.result, request)
        post_import.send(sender=None, model=self.model)
        messages.success(request, done_message(report))
        return HttpResponseRedirect(self._admin_url("changelist"))

    def _background_rows(self, resource, upload) -> int:
        """The row count of a readable file too large for one request, else 0.

        A file that cannot be read is left to ``spreadsheet_import``, which refuses it
        within the request, with the same message as always.
        """
        try:
            dataset = read_spreadsheet(uploaded_file=upload)
            check_headers(resource=resource, headers=dataset.headers)
        except ImportRefused:
            return 0
        finally:
            upload.seek(0)
        return len(dataset) if len(dataset) > settings.IMPORT_BACKGROUND_ROWS else 0

    def _job_url(self, job) -> str:
        app_label, model_name = self.get_model_info()
        return reverse(
            f"admin:{app_label}_{model_name}_import_job",
            kwargs={"job_id": job.pk},
            current_app=self.admin_site.name,
        )

    def import_job_view(self, request, job_id: int):
        """A background import: its progress, then its preview (or errors), then its outcome."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = ImportJob.objects.filter(
            pk=job_id, user=request.user, model_label=self.opts.label_lower
        ).first()
        if job is None:
            raise Http404("没有这个导入任务。")
        resource_classes = self.get_import_resource_classes(request)
        report = report_from_json(job.report) if job.report else None
        if job.status == ImportJob.Status.DONE and job.dry_run and not report.refused:
            form = SpreadsheetUploadForm(
                resource_names=[r.get_display_name() for r in resource_classes]
            )
            confirm_form = None
            if report.ok:
                token = signing.dumps(
                    {"job": job.pk, "user": request.user.pk, "model": self.opts.label_lower},
                    salt=CONFIRM_SALT,
                )
                confirm_form = _confirm_form(report, token)
            return self._render_import(
                request, form, resource_classes, report=report, confirm_form=confirm_form
            )
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入{self.opts.verbose_name}",
            "opts": self.opts,
            "job": job,
            "report": report,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, ["importing/import_job.html"], context)

    def _confirmed_job(self, request, token: str) -> int | None:
        try:
            payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.BadSignature:
            return None
        if payload.get("user") != request.user.pk or payload.get("model") != self.opts.label_lower:
            return None
        job = payload.get("job")
        return job if isinstance(job, int) else None

    def _admin_url(self, view: str) -> str:
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_{view}", current_app=self.admin_site.name)

    def _import_resource(self, request, index: int):
        resource_classes = self.get_import_resource_classes(request)
        if not 0 <= index < len(resource_classes):
            index = 0
        return resource_classes[index](**self.get_import_resource_kwargs(request))

    def _stash_upload(self, request, upload, index: int) -> str:
        """Keep the previewed file until it is confirmed; return a token only this user can use."""
        storage = self.get_tmp_storage_class()(
            read_mode="rb", encoding=None, **self.get_tmp_storage_class_kwargs()
        )
        upload.seek(0)
        storage.save(upload.read())
        payload = {
            "name": storage.name,
            "file": upload.name,
            "resource": index,
            "user": request.user.pk,
            "model": self.opts.label_lower,
        }
        return signing.dumps(payload, salt=CONFIRM_SALT)

    def _unstash_upload(self, request, token: str):
        try:
            payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.BadSignature:
            return None
        if payload.get("user") != request.user.pk or payload.get("model") != self.opts.label_lower:
            return None
        if "name" not in payload:
            return None
        storage = self.get_tmp_storage_class()(
            name=payload["name"],
            read_mode="rb",
            encoding=None,
            **self.get_tmp_storage_class_kwargs(),
        )
        return storage, payload["file"], int(payload.get("resource", 0))

    def _render_import(self, request, form, resource_classes, report=None, confirm_form=None):
        listed = []
        unchanged = []
        if report is not None and report.ok:
            limit = self.import_preview_limit
            for row in report.listed[:limit]:
                cells = [
                    (header, value)
                    for header, value in zip(report.headers, row.values, strict=False)
                    if header in report.key_columns or row.import_type == "new"
                ]
                listed.append((row, cells))
            unchanged = report.unchanged[:limit]
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入{self.opts.verbose_name}",
            "opts": self.opts,
            "form": form,
            "confirm_form": confirm_form,
            "report": report,
            "listed_rows": listed,
            "unchanged_rows": unchanged,
            "preview_truncated": report is not None
            and (
                report.preview_truncated
                or len(report.listed) > self.import_preview_limit
                or len(report.unchanged) > self.import_preview_limit
            ),
            "import_preview_limit": self.import_preview_limit,
            "tables": [
                {
                    "index": index,
                    "name": r.get_display_name(),
                    "keys": [r().fields[n].column_name for n in r().get_import_id_fields()],
                    "columns": [f.column_name for f in import_columns(r())],
                    "notes": column_notes(r()),
                    "delete_missing_allowed": r.delete_missing_allowed,
                    "delete_missing_refusal": r.delete_missing_refusal,
                }
                for index, r in enumerate(resource_classes)
            ],
            "max_upload": megabytes(settings.IMPORT_MAX_UPLOAD_BYTES),
            "max_rows": settings.IMPORT_MAX_ROWS,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)
