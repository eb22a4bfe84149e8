"""The spreadsheet-import service: check a file, run a resource over it, report in Chinese."""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import translation
from import_export import widgets
from import_export.results import Result, RowResult

from gazette_site.formatting import plain_number
from gazette_site.history import import_reason
from gazette_site.importing.files import (
    ImportRefused,
    SpreadsheetDataset,
    read_spreadsheet,
    sheet_row,
)
from gazette_site.importing.printed import printed_note
from gazette_site.importing.resources import row_error_message
from gazette_site.services import records_delete

logger = logging.getLogger(__name__)

IMPORT_TYPE_DISPLAY = {
    RowResult.IMPORT_TYPE_NEW: "新增",
    RowResult.IMPORT_TYPE_UPDATE: "修改",
    RowResult.IMPORT_TYPE_SKIP: "无变化",
    RowResult.IMPORT_TYPE_DELETE: "删除",
    RowResult.IMPORT_TYPE_INVALID: "有错误",
    RowResult.IMPORT_TYPE_ERROR: "有错误",
}


@dataclass(frozen=True)
class RowError:
    """One problem in one row: spreadsheet row number (header = 1), column header, message."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass(frozen=True)
class ImportTotals:
    """How many rows would be (or were) added, changed, left as they were, deleted, or bad."""

    new: int = 0
    update: int = 0
    skip: int = 0
    delete: int = 0
    invalid: int = 0
    error: int = 0


@dataclass(frozen=True)
class CellChange:
    """One cell a row changes: column, value now, value in the file, and the printed value."""

    column: str
    old: str
    new: str
    printed: str = ""


@dataclass(frozen=True)
class PreviewRow:
    """One data row as read, with what the import does to it and which columns change."""

    row: int
    import_type: str
    import_type_display: str
    values: list
    changed: list[str] = field(default_factory=list)
    changes: list[CellChange] = field(default_factory=list)
    key: str = ""


@dataclass(frozen=True)
class MissingRow:
    """A record the file does not mention (文件中没有); ``blocked`` says why it cannot go."""

    pk: int
    key: str
    values: list
    blocked: str = ""


@dataclass(frozen=True)
class RenameOffer:
    """A new key in the file whose other cells equal those of a record the file lacks."""

    row: int
    pk: int
    old_key: str
    new_key: str

    @property
    def choice(self) -> str:
        return f"{self.row}:{self.pk}"


@dataclass
class ImportReport:
    """The outcome of one import (or dry run). When ``ok`` is False nothing was saved."""

    ok: bool
    dry_run: bool
    file_name: str = ""
    refused: str | None = None
    row_errors: list[RowError] = field(default_factory=list)
    totals: ImportTotals = field(default_factory=ImportTotals)
    headers: list[str] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    key_columns: list[str] = field(default_factory=list)
    export_headers: list[str] = field(default_factory=list)
    missing: list[MissingRow] = field(default_factory=list)
    renames: list[RenameOffer] = field(default_factory=list)
    delete_missing_allowed: bool = True
    delete_missing_refusal: str = ""
    renamed: int = 0
    deleted: int = 0
    # The file is valid only with its renames applied (the database refuses it otherwise).
    renames_required: bool = False
    # The library's own result, for the admin's LogEntry records; None when refused.
    result: Result | None = field(default=None, repr=False)
    # Set on a report kept by a background job, whose preview holds only the listed rows.
    row_total: int | None = None
    preview_truncated: bool = False

    @property
    def rows(self) -> int:
        """How many data rows the file has."""
        return len(self.preview) if self.row_total is None else self.row_total

    @property
    def saved(self) -> bool:
        """Tell whether this run wrote to the database."""
        return self.ok and not self.dry_run

    @property
    def listed(self) -> list[PreviewRow]:
        """The rows a preview lists: new and changed ones (unchanged ones on request)."""
        return [r for r in self.preview if r.import_type != RowResult.IMPORT_TYPE_SKIP]

    @property
    def unchanged(self) -> list[PreviewRow]:
        return [r for r in self.preview if r.import_type == RowResult.IMPORT_TYPE_SKIP]

    @property
    def deletable(self) -> list[MissingRow]:
        return [m for m in self.missing if not m.blocked]

    @property
    def summary(self) -> str:
        """The preview's one-line summary, e.g. 新增 1 行，修改 2 行，无变化 90 行，文件中没有 1 行。"""
        t = self.totals
        parts = [f"新增 {t.new} 行", f"修改 {t.update} 行", f"无变化 {t.skip} 行"]
        if self.renames:
            parts.append(f"可按改名处理 {len(self.renames)} 行")
        if self.missing:
            parts.append(f"文件中没有 {len(self.missing)} 行")
        if self.deleted:
            parts.append(f"删除 {self.deleted} 行")
        return "，".join(parts) + "。"


BUSY_MESSAGE = (
    "另一位工作人员正在导入或保存“{table}”，数据库暂时忙。没有保存任何数据；"
    "请稍等片刻后重新上传并预览。"
)


def spreadsheet_import(
    *,
    resource,
    uploaded_file,
    user,
    dry_run: bool,
    renames: dict[int, int] | None = None,
    delete_missing: bool = False,
    progress=None,
) -> ImportReport:
    """Check and import an uploaded .csv/.xlsx with ``resource``: every row or none.

    ``resource`` is a GazetteResource instance (or class). With ``dry_run`` nothing is
    saved and the report previews what would happen, including renames it can offer
    and the records the file does not mention. ``renames`` maps a sheet row to the pk
    of the record it renames (offers the clerk accepted); ``delete_missing`` deletes
    the records the file does not mention (when the resource allows it). ``progress``,
    if given, is called as ``progress(done=rows)`` while rows are checked and
    ``progress(phase=...)`` when the writing starts (the background job shows both).
    """
    if isinstance(resource, type):
        resource = resource()
    resource.progress = progress
    file_name = getattr(uploaded_file, "name", "") or ""
    with translation.override("zh-hans"):
        try:
            dataset = read_spreadsheet(uploaded_file=uploaded_file)
            check_headers(resource=resource, headers=dataset.headers)
        except ImportRefused as refusal:
            return ImportReport(
                ok=False, dry_run=dry_run, file_name=file_name, refused=refusal.message
            )
        try:
            return _run_import(
                resource=resource,
                dataset=dataset,
                user=user,
                dry_run=dry_run,
                renames=renames or {},
                delete_missing=delete_missing,
            )
        except OperationalError:
            # SQLite "database is locked" while another clerk writes, or a lock timeout.
            logger.warning("import of %s met a busy database", file_name, exc_info=True)
            return ImportReport(
                ok=False,
                dry_run=dry_run,
                file_name=file_name,
                refused=BUSY_MESSAGE.format(table=_table_name(resource)),
            )


class _Busy(Exception):
    """Another import of the same table holds its lock."""


def _table_name(resource) -> str:
    return str(resource._meta.model._meta.verbose_name_plural)


def check_headers(*, resource, headers: list[str]) -> None:
    """Refuse a sheet with a column the resource does not know or without its key columns."""
    fields = resource.get_import_fields()
    # Read-only (computed) columns of an exported file are accepted and ignored.
    known = {f.column_name for f in fields} | {f.column_name for f in resource.get_export_fields()}
    importable = [f.column_name for f in fields if not f.readonly]
    unknown = [h for h in headers if h not in known]
    if unknown:
        raise ImportRefused(
            "表头"
            + "、".join(f"“{h}”" for h in unknown)
            + "不是本表的列（请检查错字或多余的空格）。"
            "本表可导入的列：" + "、".join(f"“{h}”" for h in importable) + "。"
        )
    missing = [
        resource.fields[name].column_name
        for name in resource.get_import_id_fields()
        if resource.fields[name].column_name not in headers
    ]
    if missing:
        raise ImportRefused(
            "缺少必需的列"
            + "、".join(f"“{h}”" for h in missing)
            + "（用来识别每一行对应哪条记录）。"
        )


def _run_import(
    *, resource, dataset: SpreadsheetDataset, user, dry_run: bool, renames, delete_missing
) -> ImportReport:
    duplicates = _duplicate_key_errors(resource=resource, dataset=dataset)
    # Two rows for one record would silently let the later row win: refuse, save nothing.
    effective_dry_run = dry_run or bool(duplicates)
    options = {
        "dry_run": effective_dry_run,
        "raise_errors": False,
        "user": user,
        "file_name": dataset.file_name,
        "retain_instance_in_row_result": True,
        "renames": renames,
    }
    try:
        if resource._meta.use_bulk:
            # Read and validate without a transaction (no write lock while the clerk's
            # file is checked); write everything afterwards in one short transaction.
            result = resource.import_data(dataset, **options)
            report = _report(resource=resource, dataset=dataset, result=result, dry_run=dry_run)
            report.row_errors = sorted(duplicates + report.row_errors, key=lambda e: e.row)
            report.ok = report.ok and not report.row_errors
            missing = _compare(resource, report, dataset, renames, dry_run) if report.ok else []
            if report.ok:
                if resource.progress is not None:
                    resource.progress(phase="核对数据库约束" if dry_run else "写入数据库")
                with transaction.atomic():
                    _lock_table(resource)
                    _persist(resource=resource, report=report, dataset=dataset, dry_run=dry_run)
                    if report.ok and not dry_run and delete_missing:
                        _delete_missing(resource, report, dataset, user, missing)
                    if dry_run or not report.ok:
                        transaction.set_rollback(True)
            if dry_run and not report.ok and report.renames and not renames:
                _check_with_renames(resource, report, dataset, user)
            return report
        with transaction.atomic():
            if not dry_run:
                _lock_table(resource)
            result = resource.import_data(dataset, **options)
            report = _report(resource=resource, dataset=dataset, result=result, dry_run=dry_run)
            report.row_errors = sorted(duplicates + report.row_errors, key=lambda e: e.row)
            report.ok = report.ok and not report.row_errors
            if report.ok:
                missing = _compare(resource, report, dataset, renames, dry_run)
                if report.ok and not dry_run and delete_missing:
                    _delete_missing(resource, report, dataset, user, missing)
            if not report.ok:
                # The resource already rolled back; this guards against a subclass that did not.
                transaction.set_rollback(True)
            return report
    except _Busy:
        return ImportReport(
            ok=False,
            dry_run=dry_run,
            file_name=dataset.file_name,
            refused=BUSY_MESSAGE.format(table=_table_name(resource)),
        )


def _lock_table(resource) -> None:
    """Let one import at a time write a table; a second one is told so, in Chinese.

    PostgreSQL: a transaction-level advisory lock, tried without waiting. SQLite allows
    one writer at a time anyway: a second writer waits for the busy timeout and then gets
    "database is locked", which spreadsheet_import turns into the same message.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(f"gazette_site.importing:{resource._meta.model._meta.label}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, key - 2**31])
        if not cursor.fetchone()[0]:
            raise _Busy


# First half of the PostgreSQL advisory-lock key of imports ("GZ").
LOCK_NAMESPACE = 0x475A


def _report(*, resource, dataset, result, dry_run) -> ImportReport:
    if result.base_errors:
        for error in result.base_errors:
            if isinstance(error.error, OperationalError):
                raise error.error
            if not isinstance(error.error, ValidationError):
                logger.error("spreadsheet import failed", exc_info=error.error)
        return ImportReport(
            ok=False,
            dry_run=dry_run,
            file_name=dataset.file_name,
            refused="导入未能完成："
            + row_error_message(result.base_errors[0].error)
            + "没有保存任何数据。",
            result=result,
        )
    for error_row in result.error_rows:
        for error in error_row.errors:
            if isinstance(error.error, OperationalError):
                # One busy database, not a fault of each row.
                raise error.error
    row_errors = _row_errors(resource=resource, dataset=dataset, result=result)
    totals = ImportTotals(**{k: result.totals.get(k, 0) for k in ImportTotals.__dataclass_fields__})
    return ImportReport(
        ok=not row_errors,
        dry_run=dry_run,
        file_name=dataset.file_name,
        row_errors=row_errors,
        totals=totals,
        headers=list(dataset.headers),
        key_columns=[resource.fields[n].column_name for n in resource.get_import_id_fields()],
        export_headers=[f.column_name for f in resource.get_export_fields()],
        preview=_preview(resource=resource, dataset=dataset, result=result),
        delete_missing_allowed=resource.delete_missing_allowed,
        delete_missing_refusal=resource.delete_missing_refusal,
        result=result,
    )


def _persist(*, resource, report: ImportReport, dataset, dry_run: bool) -> None:
    """Write a bulk import; a database refusal is reported against the rows that cause it."""
    try:
        with transaction.atomic():
            resource.persist(check_only=dry_run)
    except IntegrityError as error:
        logger.info("bulk import refused by the database: %s", error)
        report.ok = False
        numbers = {id(r.instance): n for n, r in enumerate(report.result.rows, 1)}
        for instance in resource.pending_instances():
            problem = resource.row_problems(instance)
            if problem is None:
                continue
            row = sheet_row(dataset, numbers.get(id(instance), 0))
            columns = {f.attribute: f.column_name for f in resource.get_import_fields()}
            report.row_errors.extend(
                _validation_row_errors(resource, columns, dataset.headers, row, problem)
            )
        if not report.row_errors:
            report.refused = row_error_message(error) + "没有保存任何数据。"


def _compare(resource, report, dataset, renames, dry_run) -> list:
    """List the records the file lacks (and, in a preview, the renames to offer).

    Also refuses a file in which two rows end up at one record (an accepted rename whose
    old name is still in the file). Returns the records the file lacks.
    """
    matched: dict = {}
    in_file = set()
    for number, row_result in enumerate(report.result.rows, 1):
        pk = getattr(row_result.instance, "pk", None)
        in_file.add(pk)
        if pk is None or row_result.import_type == RowResult.IMPORT_TYPE_NEW:
            continue
        row = sheet_row(dataset, number)
        if pk in matched:
            report.row_errors.append(
                RowError(
                    row=row,
                    column=None,
                    message=f"与第{matched[pk]}行指向同一条记录（改名后与原名重复），"
                    "请重新上传预览。",
                )
            )
            report.ok = False
            return []
        matched[pk] = row
    report.renamed = len([r for r in renames if r in matched.values()])
    scope = resource.missing_scope(dataset)
    missing_pks = set(scope.values_list("pk", flat=True)) - in_file
    missing_objects = list(scope.filter(pk__in=missing_pks)) if missing_pks else []
    key_fields = [resource.fields[n] for n in resource.get_import_id_fields()]
    export_fields = resource.get_export_fields()
    report.missing = [
        MissingRow(
            pk=obj.pk,
            key=_key_label(resource, key_fields, obj),
            values=[_shown(resource, f, obj) for f in export_fields],
            blocked=("" if not resource.delete_missing_allowed else deletion_blocker(obj)),
        )
        for obj in missing_objects
    ]
    if dry_run:
        report.renames = _rename_offers(resource, report, dataset, missing_objects)
    return missing_objects


def _check_with_renames(resource, report, dataset, user) -> None:
    """A preview the database refuses may be fine once its renames are applied: check that.

    (A renamed species keeps its 序号, which the new row would otherwise take twice.)
    """
    retry = _run_import(
        resource=resource,
        dataset=dataset,
        user=user,
        dry_run=True,
        renames={offer.row: offer.pk for offer in report.renames},
        delete_missing=False,
    )
    if retry.ok:
        report.ok, report.refused, report.row_errors = True, None, []
        report.renames_required = True


def _delete_missing(resource, report, dataset, user, missing_objects) -> None:
    """Delete the records the file lacks (the clerk ticked 删除文件中没有的行), with history."""
    if not resource.delete_missing_allowed:
        return
    by_pk = {obj.pk: obj for obj in missing_objects}
    report.deleted += records_delete(
        objects=[by_pk[missing.pk] for missing in report.deletable],
        acting_user=user,
        reason=import_reason(dataset.file_name, "（文件中没有，按选择删除）"),
    )


def deletion_blocker(obj) -> str:
    """Say why deleting ``obj`` would take other records with it (or is refused), or ""."""
    collector = Collector(using=obj._state.db or "default")
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        blocking = list(getattr(error, "protected_objects", None) or error.restricted_objects)
        label = blocking[0]._meta.verbose_name if blocking else "其他记录"
        return f"仍有{label}引用它，不能删除（请先在管理后台处理）。"
    own = {obj._meta.model, obj._meta.concrete_model}
    others = [
        (model, len(objs))
        for model, objs in collector.data.items()
        if model not in own and not model._meta.auto_created and objs
    ]
    others += [
        (qs.model, qs.count())
        for qs in collector.fast_deletes
        if qs.model not in own
        and not qs.model._meta.auto_created
        and not qs.model.__name__.startswith("Historical")
    ]
    others = [(m, n) for m, n in others if n and not m.__name__.startswith("Historical")]
    if others:
        named = "、".join(f"{n} 条{m._meta.verbose_name}" for m, n in others)
        return f"删除它会连带删除 {named}，不能通过导入删除（请在管理后台处理）。"
    return ""


def _key_label(resource, key_fields, obj) -> str:
    return " / ".join(_shown(resource, f, obj) for f in key_fields)


def _shown(resource, export_field, obj) -> str:
    """A cell as a preview shows it (numbers without trailing zeros: 800, not 800.00)."""
    try:
        if isinstance(export_field.widget, widgets.NumberWidget) and export_field.attribute:
            number = export_field.get_value(obj)
            if isinstance(number, Decimal | int) and not isinstance(number, bool):
                return plain_number(number)
        value = resource.export_field(export_field, obj)
    except Exception:
        logger.debug("cannot show %s of %r", export_field.column_name, obj, exc_info=True)
        return ""
    return "" if value is None else str(value)


def _rename_offers(resource, report, dataset, missing_objects) -> list[RenameOffer]:
    """Pair a new row with a missing record when every other column is equal (one to one)."""
    new_rows = [
        (number, r)
        for number, r in enumerate(report.result.rows, 1)
        if r.import_type == RowResult.IMPORT_TYPE_NEW and r.instance is not None
    ]
    if not new_rows or not missing_objects:
        return []
    key_names = set(resource.get_import_id_fields())
    compared = [
        f
        for name, f in resource.fields.items()
        if name not in key_names and f.column_name in dataset.headers and not f.readonly
    ]
    key_fields = [resource.fields[n] for n in resource.get_import_id_fields()]

    def signature(obj):
        return tuple(_shown(resource, f, obj) for f in compared)

    by_signature: dict[tuple, list] = {}
    for obj in missing_objects:
        by_signature.setdefault(signature(obj), []).append(obj)
    offers, used = [], set()
    for number, row_result in new_rows:
        candidates = [
            o for o in by_signature.get(signature(row_result.instance), []) if o.pk not in used
        ]
        if len(candidates) != 1:
            continue
        old = candidates[0]
        used.add(old.pk)
        # Name only the key parts that change (not the 文号 both rows share).
        pairs = [
            (_shown(resource, f, old), _shown(resource, f, row_result.instance)) for f in key_fields
        ]
        pairs = [(a, b) for a, b in pairs if a != b] or pairs
        offers.append(
            RenameOffer(
                row=sheet_row(dataset, number),
                pk=old.pk,
                old_key=" / ".join(a for a, _ in pairs),
                new_key=" / ".join(b for _, b in pairs),
            )
        )
    return offers


# Older name, kept for resources written against the first version of this module.
_sheet_row = sheet_row


def _duplicate_key_errors(*, resource, dataset: SpreadsheetDataset) -> list[RowError]:
    id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
    if not all(f.column_name in dataset.headers for f in id_fields):
        return []
    columns = [dataset.headers.index(f.column_name) for f in id_fields]
    first_seen: dict[tuple, int] = {}
    errors = []
    for index, values in enumerate(dataset, 1):
        key = tuple(_key_text(values[c]) for c in columns)
        if all(part == "" for part in key):
            continue
        row = sheet_row(dataset, index)
        if key in first_seen:
            label = "、".join(f.column_name for f in id_fields)
            errors.append(
                RowError(
                    row=row,
                    column=id_fields[0].column_name if len(id_fields) == 1 else None,
                    message=f"与第{first_seen[key]}行的“{label}”相同：同一条记录只能出现一次。",
                )
            )
        else:
            first_seen[key] = row
    return errors


def _key_text(value) -> str:
    return "" if value is None else str(value).strip()


def _row_errors(*, resource, dataset: SpreadsheetDataset, result: Result) -> list[RowError]:
    columns = {f.attribute: f.column_name for f in resource.get_import_fields() if f.attribute}
    errors: list[RowError] = []
    for invalid in result.invalid_rows:
        row = sheet_row(dataset, invalid.number)
        errors.extend(
            _validation_row_errors(resource, columns, dataset.headers, row, invalid.error)
        )
    for error_row in result.error_rows:
        row = sheet_row(dataset, error_row.number)
        for error in error_row.errors:
            if not isinstance(error.error, ValidationError):
                logger.warning("import row %s failed", row, exc_info=error.error)
            errors.append(RowError(row=row, column=None, message=row_error_message(error.error)))
    return errors


def _validation_row_errors(resource, columns, headers, row, error) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(row=row, column=None, message=m) for m in error.messages]
    errors = []
    for key, field_errors in error.error_dict.items():
        messages = [_plain_message(e) for e in field_errors]
        column = columns.get(key)
        if column not in headers and key != NON_FIELD_ERRORS:
            # A field the sheet has no column for (e.g. a required column left out).
            label = column or _model_field_label(resource, key)
            messages = [f"“{label}”：{m}" for m in messages]
            column = None
        for message in messages:
            errors.append(RowError(row=row, column=column, message=message))
    return errors


def _plain_message(error: ValidationError) -> str:
    # Django says "这个值不能为 null。" for a missing foreign key; clerks need plain words.
    if getattr(error, "code", None) in ("null", "blank", "required"):
        return "必须填写，不能为空。"
    return "；".join(error.messages)


def _model_field_label(resource, name: str) -> str:
    try:
        return str(resource._meta.model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _preview(*, resource, dataset: SpreadsheetDataset, result: Result) -> list[PreviewRow]:
    if len(result.rows) != len(dataset):
        # Only with report_skipped (GazetteResource's default) does each row have a result.
        return []
    key_columns = [resource.fields[n].column_name for n in resource.get_import_id_fields()]
    key_index = [dataset.headers.index(c) for c in key_columns if c in dataset.headers]
    preview = []
    for index, (values, row_result) in enumerate(zip(dataset, result.rows, strict=False), 1):
        changes = _changes(resource, row_result)
        preview.append(
            PreviewRow(
                row=sheet_row(dataset, index),
                import_type=row_result.import_type,
                import_type_display=IMPORT_TYPE_DISPLAY.get(row_result.import_type, ""),
                values=["" if v is None else v for v in values],
                changed=[c.column for c in changes],
                changes=changes,
                key=" / ".join("" if values[i] is None else str(values[i]) for i in key_index),
            )
        )
    return preview


def _changes(resource, row_result: RowResult) -> list[CellChange]:
    if row_result.import_type != RowResult.IMPORT_TYPE_UPDATE:
        return []
    instance, original = row_result.instance, row_result.original
    if instance is None or original is None:
        return []
    changes = []
    for f in resource.get_import_fields():
        if isinstance(f.widget, widgets.ManyToManyWidget):
            continue
        if f.get_value(instance) == f.get_value(original):
            continue
        changes.append(
            CellChange(
                column=f.column_name,
                old=_shown(resource, f, original),
                new=_shown(resource, f, instance),
                printed=printed_note(instance=original, field=f),
            )
        )
    return changes
