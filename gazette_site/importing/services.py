"""The spreadsheet-import service: check a file, run a resource over it, report in Chinese."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation
from import_export import widgets
from import_export.results import Result, RowResult

from gazette_site.importing.files import ImportRefused, SpreadsheetDataset, read_spreadsheet
from gazette_site.importing.resources import row_error_message

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
class PreviewRow:
    """One data row as read, with what the import does to it and which columns change."""

    row: int
    import_type: str
    import_type_display: str
    values: list
    changed: list[str] = field(default_factory=list)


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
    # The library's own result, for the admin's LogEntry records; None when refused.
    result: Result | None = field(default=None, repr=False)

    @property
    def saved(self) -> bool:
        """Tell whether this run wrote to the database."""
        return self.ok and not self.dry_run


def spreadsheet_import(*, resource, uploaded_file, user, dry_run: bool) -> ImportReport:
    """Check and import an uploaded .csv/.xlsx with ``resource``: every row or none.

    ``resource`` is a GazetteResource instance (or class). With ``dry_run`` nothing is
    saved and the report previews what would happen.
    """
    if isinstance(resource, type):
        resource = resource()
    file_name = getattr(uploaded_file, "name", "") or ""
    with translation.override("zh-hans"):
        try:
            dataset = read_spreadsheet(uploaded_file=uploaded_file)
            check_headers(resource=resource, headers=dataset.headers)
        except ImportRefused as refusal:
            return ImportReport(
                ok=False, dry_run=dry_run, file_name=file_name, refused=refusal.message
            )
        return _run_import(resource=resource, dataset=dataset, user=user, dry_run=dry_run)


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


@transaction.atomic
def _run_import(*, resource, dataset: SpreadsheetDataset, user, dry_run: bool) -> ImportReport:
    duplicates = _duplicate_key_errors(resource=resource, dataset=dataset)
    # Two rows for one record would silently let the later row win: refuse, save nothing.
    effective_dry_run = dry_run or bool(duplicates)
    result = resource.import_data(
        dataset,
        dry_run=effective_dry_run,
        raise_errors=False,
        user=user,
        file_name=dataset.file_name,
        retain_instance_in_row_result=True,
    )
    if result.base_errors:
        for error in result.base_errors:
            if not isinstance(error.error, ValidationError):
                logger.error("spreadsheet import failed", exc_info=error.error)
        transaction.set_rollback(True)
        return ImportReport(
            ok=False,
            dry_run=dry_run,
            file_name=dataset.file_name,
            refused="导入未能完成："
            + row_error_message(result.base_errors[0].error)
            + "没有保存任何数据。",
            result=result,
        )
    row_errors = duplicates + _row_errors(resource=resource, dataset=dataset, result=result)
    row_errors.sort(key=lambda e: e.row)
    ok = not row_errors
    if not ok:
        # The resource already rolled back; this guards against a subclass that did not.
        transaction.set_rollback(True)
    totals = ImportTotals(**{k: result.totals.get(k, 0) for k in ImportTotals.__dataclass_fields__})
    return ImportReport(
        ok=ok,
        dry_run=dry_run,
        file_name=dataset.file_name,
        row_errors=row_errors,
        totals=totals,
        headers=list(dataset.headers),
        preview=_preview(resource=resource, dataset=dataset, result=result),
        result=result,
    )


def sheet_row(dataset, number: int) -> int:
    """Turn the library's 1-based data-row index (``row_number``) into the sheet's row number.

    Use it in a resource hook to name a row in a message: ``sheet_row(dataset, kwargs["row_number"])``.
    """
    numbers = getattr(dataset, "row_numbers", None)
    if numbers and len(numbers) == len(dataset) and 1 <= number <= len(numbers):
        return numbers[number - 1]
    return number + 1


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
    preview = []
    for index, (values, row_result) in enumerate(zip(dataset, result.rows, strict=False), 1):
        preview.append(
            PreviewRow(
                row=sheet_row(dataset, index),
                import_type=row_result.import_type,
                import_type_display=IMPORT_TYPE_DISPLAY.get(row_result.import_type, ""),
                values=["" if v is None else v for v in values],
                changed=_changed_columns(resource, row_result),
            )
        )
    return preview


def _changed_columns(resource, row_result: RowResult) -> list[str]:
    if row_result.import_type != RowResult.IMPORT_TYPE_UPDATE:
        return []
    instance, original = row_result.instance, row_result.original
    if instance is None or original is None:
        return []
    changed = []
    for f in resource.get_import_fields():
        if isinstance(f.widget, widgets.ManyToManyWidget):
            continue
        if f.get_value(instance) != f.get_value(original):
            changed.append(f.column_name)
    return changed
