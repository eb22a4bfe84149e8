"""Large imports as background jobs: queued by the admin, run by `manage.py db_worker`.

A file of more than ``IMPORT_BACKGROUND_ROWS`` rows is not checked within the request (a
20,000-row file would outlast gunicorn's worker timeout on a busy machine). The admin stores
it in an ``ImportJob`` and queues ``run_import_job`` (django-tasks, database backend); the
worker runs the same ``spreadsheet_import`` as a small file gets, all or nothing, and keeps
its progress and its report on the job, where the admin's job page reads them.
"""

from __future__ import annotations

import dataclasses
import logging
from decimal import Decimal
from types import SimpleNamespace

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task
from import_export.signals import post_import

from gazette_site.importing.resources import GazetteResource
from gazette_site.importing.services import (
    CellChange,
    ImportReport,
    ImportTotals,
    MissingRow,
    PreviewRow,
    RenameOffer,
    RowError,
    spreadsheet_import,
)
from gazette_site.models import ImportJob

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "导入过程中出现内部错误，没有保存任何数据。请重新上传；如果再次出现，请联系管理员。"
)


def resource_path(resource_class) -> str:
    return f"{resource_class.__module__}.{resource_class.__qualname__}"


@transaction.atomic
def queue_import(
    *, acting_user, model_label: str, resource_class, file_name: str, data: bytes, rows: int
) -> ImportJob:
    """Keep an uploaded file and queue its preview (a dry run) for the worker."""
    job = ImportJob.objects.create(
        user=acting_user,
        model_label=model_label,
        resource_path=resource_path(resource_class),
        file_name=file_name[:255],
        data=data,
        rows_total=rows,
        phase="等待后台处理",
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job_id=job.pk))
    return job


@transaction.atomic
def confirm_import(
    *, acting_user, job_id: int, renames: dict[int, int], delete_missing: bool, previewed_after
) -> ImportJob | None:
    """Queue the real import of a previewed file; None if it is not a preview to confirm.

    The status moves in one UPDATE, so a second click (or a second tab) queues nothing.
    A preview finished before ``previewed_after`` has expired.
    """
    claimed = ImportJob.objects.filter(
        pk=job_id,
        user=acting_user,
        dry_run=True,
        status=ImportJob.Status.DONE,
        report__ok=True,
        finished_at__gte=previewed_after,
    ).update(
        dry_run=False,
        status=ImportJob.Status.QUEUED,
        phase="等待后台处理",
        rows_done=0,
        renames={str(row): pk for row, pk in renames.items()},
        delete_missing=delete_missing,
        started_at=None,
        finished_at=None,
    )
    if not claimed:
        return None
    transaction.on_commit(lambda: run_import_job.enqueue(job_id=job_id))
    return ImportJob.objects.get(pk=job_id)


@task()
def run_import_job(job_id: int) -> str:
    """The worker's entry point: run one queued job and return its status."""
    return run_job(job_id=job_id)


def run_job(*, job_id: int) -> str:
    started = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now(), phase="检查各行"
    )
    if not started:
        return "skipped"
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        resource_class = import_string(job.resource_path)
        if not (isinstance(resource_class, type) and issubclass(resource_class, GazetteResource)):
            raise TypeError(f"{job.resource_path} is not a GazetteResource")
        report = spreadsheet_import(
            resource=resource_class(),
            uploaded_file=SimpleUploadedFile(job.file_name, bytes(job.data)),
            user=job.user,
            dry_run=job.dry_run,
            renames={int(row): int(pk) for row, pk in (job.renames or {}).items()},
            delete_missing=job.delete_missing,
            progress=lambda done=None, phase=None: _progress(job_id, done=done, phase=phase),
        )
        if report.saved:
            _log(job, report)
    except Exception:
        logger.exception("background import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            phase="",
            message=FAILED_MESSAGE,
            finished_at=timezone.now(),
        )
        return ImportJob.Status.FAILED
    changes = {
        "status": ImportJob.Status.DONE,
        "phase": "",
        "rows_done": report.rows or job.rows_total,
        "report": report_to_json(report),
        "message": done_message(report),
        "finished_at": timezone.now(),
    }
    if report.saved:
        changes["data"] = b""
    ImportJob.objects.filter(pk=job_id).update(**changes)
    return ImportJob.Status.DONE


def _progress(job_id: int, *, done: int | None, phase: str | None) -> None:
    # Inside the import's transaction the update would only show at its end (and, on
    # SQLite, be one more write under its lock): progress is reported between statements.
    if connection.in_atomic_block:
        return
    changes = {}
    if done is not None:
        changes["rows_done"] = done
    if phase is not None:
        changes["phase"] = phase
    ImportJob.objects.filter(pk=job_id).update(**changes)


def _log(job: ImportJob, report: ImportReport) -> None:
    """Admin log entries and the import signal, as the admin writes them for a small file."""
    from django.apps import apps

    model = apps.get_model(job.model_label)
    model_admin = admin.site._registry.get(model)
    if model_admin is not None and report.result is not None:
        model_admin.generate_log_entries(report.result, SimpleNamespace(user=job.user))
    post_import.send(sender=None, model=model)


def done_message(report: ImportReport) -> str:
    """The job's one-line outcome, in Chinese."""
    if report.refused:
        return report.refused
    if report.row_errors:
        return f"文件中有 {len(report.row_errors)} 处错误，没有保存任何数据。"
    if report.dry_run:
        return "预览完成，尚未保存：" + report.summary
    totals = report.totals
    return (
        f"已导入“{report.file_name}”：新增 {totals.new} 行，修改 {totals.update} 行，"
        f"无变化 {totals.skip} 行"
        + (f"，其中改名 {report.renamed} 行" if report.renamed else "")
        + (f"，删除文件中没有的 {report.deleted} 行" if report.deleted else "")
        + "。"
    )


# A job's report keeps the rows a preview page shows, not all 20,000.
KEPT_PREVIEW_ROWS = 500


def _cell(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return formats.localize(value)
    with translation.override("zh-hans"):
        return str(formats.localize(value))


def report_to_json(report: ImportReport, keep: int = KEPT_PREVIEW_ROWS) -> dict:
    """The report as JSON for the job's row (the library's result is not kept)."""
    preview = sorted(report.listed[:keep] + report.unchanged[:keep], key=lambda r: r.row)
    plain = {
        f.name: getattr(report, f.name)
        for f in dataclasses.fields(report)
        if f.name not in ("result", "preview", "row_total", "preview_truncated")
    }
    payload = dataclasses.asdict(ImportReport(**plain))
    payload.pop("result")
    payload["preview"] = [dataclasses.asdict(row) for row in preview]
    payload["row_total"] = report.rows
    payload["preview_truncated"] = len(report.listed) > keep or len(report.unchanged) > keep
    return _jsonable(payload)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return _cell(value)


def report_from_json(payload: dict) -> ImportReport:
    """The report a job kept, as the import page renders it."""
    data = dict(payload)
    data["row_errors"] = [RowError(**e) for e in data.get("row_errors", [])]
    data["totals"] = ImportTotals(**data.get("totals", {}))
    data["preview"] = [
        PreviewRow(**{**row, "changes": [CellChange(**c) for c in row.get("changes", [])]})
        for row in data.get("preview", [])
    ]
    data["missing"] = [MissingRow(**m) for m in data.get("missing", [])]
    data["renames"] = [RenameOffer(**r) for r in data.get("renames", [])]
    data.pop("result", None)
    return ImportReport(**data)
