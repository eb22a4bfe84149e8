"""The base resource every app's spreadsheet import and export is built on."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import (
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import IntegrityError
from import_export import resources, widgets

logger = logging.getLogger(__name__)

# A spreadsheet runs a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Widgets whose output is computed from numbers, dates or booleans, never free text:
# "-5" from a number is a number, not a formula, and must round-trip unchanged.
NON_TEXT_WIDGETS = (
    widgets.NumberWidget,
    widgets.DateWidget,
    widgets.DateTimeWidget,
    widgets.TimeWidget,
    widgets.DurationWidget,
    widgets.BooleanWidget,
)
# Errors a widget raises for a cell it cannot read (anything else is a bug, not bad input).
CELL_ERRORS = (ValueError, TypeError, ArithmeticError, ObjectDoesNotExist, MultipleObjectsReturned)


def neutralise_formula(value):
    """Prefix ``'`` to a string a spreadsheet would run as a formula; leave anything else."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore_neutralised(value):
    """Undo ``neutralise_formula`` so an exported file imports back unchanged."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and value[1] in FORMULA_TRIGGERS
    ):
        return value[1:]
    return value


def is_text_widget(widget) -> bool:
    """Tell whether a widget carries free text (which may look like a formula)."""
    return not isinstance(widget, NON_TEXT_WIDGETS)


class ChineseDateWidget(widgets.DateWidget):
    """Read 2020-08-18, 2020/8/18, 2020.8.18, 2020年8月18日 or an Excel date; write 2020-08-18."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def __init__(self, format=None, coerce_to_string=True):
        super().__init__(format=format, coerce_to_string=coerce_to_string)
        if format is None:
            self.formats = self.FORMATS

    def clean(self, value, row=None, **kwargs):
        # Excel date cells arrive as datetimes; a date field must compare equal to its
        # stored date, or every re-import would look like an update.
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        return super().clean(value, row=row, **kwargs)


class ChineseBooleanWidget(widgets.BooleanWidget):
    """Read 是/否 (and 1/0, true/false); write 是/否; refuse anything else instead of guessing."""

    TRUE_VALUES = ["是", "1", 1, True, "true", "TRUE", "True", "对", "√"]
    FALSE_VALUES = ["否", "0", 0, False, "false", "FALSE", "False", "不是", "×"]
    NULL_VALUES = ["", None]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        if value in self.NULL_VALUES:
            return None
        if value in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES:
            return False
        raise ValueError(f"“{value}”不是“是”或“否”")


def cell_error_message(field, value, error: Exception) -> str:
    """Say in Chinese why a cell could not be read."""
    widget = field.widget
    shown = "" if value is None else str(value)
    if isinstance(error, ObjectDoesNotExist) and isinstance(widget, widgets.ForeignKeyWidget):
        return f"找不到“{shown}”对应的{widget.model._meta.verbose_name}。"
    if isinstance(error, MultipleObjectsReturned) and isinstance(widget, widgets.ForeignKeyWidget):
        return f"“{shown}”对应了不止一条{widget.model._meta.verbose_name}，无法确定是哪一条。"
    if isinstance(widget, widgets.IntegerWidget):
        return f"“{shown}”不是整数。"
    if isinstance(widget, widgets.NumberWidget):
        return f"“{shown}”不是有效的数字。"
    if isinstance(widget, widgets.DateTimeWidget):
        return f"“{shown}”不是有效的日期时间，请写成 2020-08-18 09:30:00 的形式。"
    if isinstance(widget, widgets.DateWidget):
        return f"“{shown}”不是有效的日期，请写成 2020-08-18 或 2020年8月18日 的形式。"
    if isinstance(widget, widgets.TimeWidget):
        return f"“{shown}”不是有效的时间，请写成 09:30:00 的形式。"
    if isinstance(widget, widgets.BooleanWidget):
        return f"“{shown}”不是“是”或“否”。"
    return f"无法读取“{shown}”。"


def row_error_message(error: Exception) -> str:
    """Say in Chinese why a row could not be saved, without leaking internals."""
    if isinstance(error, IntegrityError):
        return "数据库拒绝保存这一行：与已有记录重复，或违反了数据约束。"
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return f"处理这一行时出错（{type(error).__name__}），请联系管理员。"


class GazetteResource(resources.ModelResource):
    """Import a whole file or nothing, in Chinese, with history; export without formulas.

    Subclasses set ``Meta.model``, ``Meta.fields`` and ``Meta.import_id_fields`` (a natural
    key that is in the sheet). Fields taken from the model get the model field's
    ``verbose_name`` as their column header; declared ``Field`` objects need ``column_name``.
    """

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DateField": ChineseDateWidget,
        "BooleanField": ChineseBooleanWidget,
        "NullBooleanField": ChineseBooleanWidget,
    }

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        # History needs one save() per row; bulk_create would skip it.
        use_bulk = False
        skip_diff = False
        # The preview lists changed columns itself; the library's HTML diff is never shown.
        skip_html_diff = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = str(django_field.verbose_name)
        return field

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Import inside one transaction; any bad row (invalid ones too) rolls all back."""
        if self._meta.use_bulk:
            raise TypeError("GazetteResource 不支持 use_bulk：批量写入会跳过修改历史。")
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        for field in self.get_import_fields():
            if field.column_name in row and is_text_widget(field.widget):
                row[field.column_name] = restore_neutralised(row[field.column_name])
        return super().import_row(row, instance_loader, **kwargs)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except MultipleObjectsReturned:
            columns = "、".join(
                self.fields[name].column_name for name in self.get_import_id_fields()
            )
            raise ValidationError(f"按“{columns}”找到了不止一条已有记录，无法确定要更新哪一条。")
        except CELL_ERRORS:
            errors = {}
            for name in self.get_import_id_fields():
                field = self.fields[name]
                try:
                    field.clean(row)
                except CELL_ERRORS as error:
                    value = row.get(field.column_name)
                    errors[field.attribute] = cell_error_message(field, value, error)
            if not errors:
                raise
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        """Set every field from the row, collecting a Chinese message for each unreadable cell."""
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValidationError as error:
                errors[field.attribute] = error
            except CELL_ERRORS as error:
                value = row.get(field.column_name)
                errors[field.attribute] = ValidationError(
                    cell_error_message(field, value, error), code="invalid"
                )
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The library would "skip" a new row whose values equal the model's defaults
        # (e.g. an all-blank row); a new row is always either saved or reported invalid.
        if instance._state.adding:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        self._mark_history(instance, **kwargs)
        super().before_save_instance(instance, row, **kwargs)

    def before_delete_instance(self, instance, row, **kwargs):
        self._mark_history(instance, **kwargs)
        super().before_delete_instance(instance, row, **kwargs)

    def _mark_history(self, instance, **kwargs):
        """Record the importing user and file in django-simple-history, like an admin edit."""
        user = kwargs.get("user")
        if user is not None and getattr(user, "is_authenticated", False):
            instance._history_user = user
        file_name = kwargs.get("file_name") or ""
        instance._change_reason = f"表格导入：{file_name}"[:100]

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if is_text_widget(field.widget):
            return neutralise_formula(value)
        return value
