"""Excel-ready CSV and XLSX files: one writer for admin exports and public downloads.

* CSV starts with a byte-order mark, so Chinese Excel reads the UTF-8 as UTF-8.
* XLSX has its header row frozen, columns sized to their content, and every text column
  stored and formatted as text (``@``): a 文号 such as 威政发〔2020〕7号 or an 18-character
  统一社会信用代码 starting with 9 never turns into a number or a date, even after editing.
* File names are Chinese with the local date: ``中介服务事项关联_2026年11月30日.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from urllib.parse import quote

import openpyxl
from django.utils import timezone
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gazette_site.formatting import cn_date

BOM = "\ufeff"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
# Column widths in Excel's character units (a CJK character counts two).
MIN_WIDTH, MAX_WIDTH = 6, 60
# Rows looked at to size a column (the header and the first rows decide).
WIDTH_SAMPLE_ROWS = 300
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_text(headers: list[str], rows) -> str:
    """Write a CSV table (BOM first) as text; encode it as UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return BOM + out.getvalue()


def display_width(value) -> int:
    """The width of a value in Excel's character units (wide CJK characters count two)."""
    text = "" if value is None else str(value)
    longest = max((line for line in text.splitlines() or [""]), key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def write_sheet(sheet, headers: list[str], rows, *, text_columns=()) -> None:
    """Fill a worksheet: bold frozen header, sized columns, text columns as text."""
    text_columns = set(text_columns)
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "A2"
    widths = [display_width(h) for h in headers]
    text_index = {i for i, h in enumerate(headers) if h in text_columns}
    for count, row in enumerate(rows):
        values = []
        for index, value in enumerate(row):
            if index in text_index and value is not None and not isinstance(value, str):
                value = str(value)
            values.append(value)
        sheet.append(values)
        if count < WIDTH_SAMPLE_ROWS:
            widths = [max(w, display_width(v)) for w, v in zip(widths, values, strict=False)]
    for index, width in enumerate(widths):
        dimension = sheet.column_dimensions[get_column_letter(index + 1)]
        dimension.width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        if index in text_index:
            # Rows a clerk adds in Excel stay text too.
            dimension.number_format = TEXT_FORMAT
    for row in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            if index in text_index:
                cell.number_format = TEXT_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT


def xlsx_bytes(
    headers: list[str],
    rows,
    *,
    text_columns=(),
    title: str = "",
    notes: tuple[list[str], list[list]] | None = None,
) -> bytes:
    """Write a workbook; ``notes`` (headers, rows) adds a second sheet “填写说明”."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title or "数据")
    write_sheet(sheet, headers, rows, text_columns=text_columns)
    if notes is not None:
        note_headers, note_rows = notes
        write_sheet(workbook.create_sheet("填写说明"), note_headers, note_rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel refuses these characters and titles over 31 characters.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "数据"


def export_filename(title: str, extension: str, on: dt.date | None = None) -> str:
    """``中介服务事项关联_2026年11月30日.csv``: the title and the local (Asia/Shanghai) date."""
    day = on or timezone.localdate()
    safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in title).strip() or "数据"
    return f"{safe}_{cn_date(day)}.{extension.lstrip('.')}"


def attachment(filename: str) -> str:
    """A Content-Disposition value that keeps a Chinese file name in every browser."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    if ascii_name.startswith(".") or ascii_name.startswith("_"):
        ascii_name = "export" + ascii_name
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
