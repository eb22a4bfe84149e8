"""The empty XLSX template of a dataset: headers, one example row, and a sheet explaining each column."""

from __future__ import annotations

import re

from import_export import widgets

from gazette_site.importing.resources import ChineseBooleanWidget, ChoicesWidget
from gazette_site.spreadsheets import xlsx_bytes

NOTE_HEADERS = ["列名", "是否识别列", "类型", "可填的值", "单位", "说明"]
_UNIT = re.compile(r"[（(]([^）)]+)[）)]\s*$")


def import_columns(resource) -> list:
    """The columns a file may carry, in export order (computed columns left out)."""
    return [f for f in resource.get_export_fields() if not f.readonly]


def column_type(field) -> str:
    """Say in Chinese what a column holds."""
    widget = field.widget
    if isinstance(widget, widgets.ForeignKeyWidget):
        model = widget.model._meta
        try:
            target = model.get_field(widget.field.split("__")[0]).verbose_name
        except Exception:
            target = widget.field
        return f"已有的{model.verbose_name}（按{target}）"
    if isinstance(widget, ChineseBooleanWidget | widgets.BooleanWidget):
        return "是/否"
    if isinstance(widget, widgets.IntegerWidget):
        return "整数"
    if isinstance(widget, widgets.NumberWidget):
        return "数字"
    if isinstance(widget, widgets.DateWidget):
        return "日期（2020-08-18 或 2020年8月18日）"
    if isinstance(widget, ChoicesWidget):
        return "从可填的值中选一个"
    return "文本"


def column_notes(resource) -> list[list[str]]:
    """One row per column: name, whether it identifies a row, type, allowed values, unit, help."""
    keys = {resource.fields[name].column_name for name in resource.get_import_id_fields()}
    model = resource._meta.model
    rows = []
    for field in import_columns(resource):
        allowed = ""
        if isinstance(field.widget, ChoicesWidget):
            allowed = "、".join(label for _, label in field.widget.choices)
        elif isinstance(field.widget, ChineseBooleanWidget | widgets.BooleanWidget):
            allowed = "是、否"
        unit = _UNIT.search(field.column_name or "")
        help_text = ""
        try:
            model_field = model._meta.get_field(field.attribute or "")
            help_text = str(model_field.help_text or "")
            if not getattr(model_field, "blank", True) and field.column_name not in keys:
                help_text = ("必填。" + help_text).strip()
        except Exception:
            pass
        rows.append(
            [
                field.column_name,
                "是（用来识别每一行对应哪条记录，必填）" if field.column_name in keys else "",
                column_type(field),
                allowed,
                unit.group(1) if unit else "",
                help_text,
            ]
        )
    return rows


def template_bytes(resource) -> bytes:
    """The dataset's empty template: the headers, the first record as example, the notes."""
    columns = import_columns(resource)
    headers = [f.column_name for f in columns]
    example = resource.get_queryset().first()
    rows = []
    if example is not None:
        rows.append([resource.export_field(f, example, force_native_type=True) for f in columns])
    text = [c for c in resource.text_columns() if c in headers]
    return xlsx_bytes(
        headers,
        rows,
        text_columns=text,
        title=f"{resource.file_title()}（示例）",
        notes=(NOTE_HEADERS, column_notes(resource)),
    )
