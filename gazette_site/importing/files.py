"""Read an uploaded .csv or .xlsx into a dataset, refusing unsafe or unusable files."""

from __future__ import annotations

import csv
import io
import os
import zipfile

import openpyxl
import tablib
from django.conf import settings
from openpyxl.utils import get_column_letter

ALLOWED_EXTENSIONS = (".csv", ".xlsx")
# Parts every OOXML workbook has; a zip without them is not a spreadsheet.
XLSX_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
# The last row an .xlsx can address; a sheet claiming more is forged.
XLSX_MAX_SHEET_ROW = 1_048_576
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# Formula cells whose result is not stored would read as empty; at most this many are named.
FORMULA_CELLS_NAMED = 10


class _UncachedFormula:
    """Stands for a formula cell the file stores without its computed value."""

    def __repr__(self) -> str:
        return "<formula without a cached value>"


UNCACHED_FORMULA = _UncachedFormula()


class ImportRefused(Exception):
    """A whole file cannot be imported; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SpreadsheetDataset(tablib.Dataset):
    """A dataset that remembers the spreadsheet row number of each of its rows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_numbers: list[int] = []
        self.file_name: str = ""


def megabytes(size: int) -> str:
    """Show a byte count as the MB figure users see in their file manager."""
    return f"{size / (1024 * 1024):.1f} MB"


def read_spreadsheet(*, uploaded_file) -> SpreadsheetDataset:
    """Check an uploaded .csv/.xlsx and read its first sheet; raise ImportRefused if unusable.

    Row 1 is the header. Completely blank rows are left out, but ``row_numbers`` keeps the
    spreadsheet row number (header = 1) of every data row, for messages.
    """
    name = os.path.basename(getattr(uploaded_file, "name", "") or "")
    extension = os.path.splitext(name)[1].lower()
    if extension == ".xls":
        raise ImportRefused("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入。")
    if extension not in ALLOWED_EXTENSIONS:
        raise ImportRefused(f"只能导入 .csv 或 .xlsx 格式的表格文件，“{name}”不是。")

    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise ImportRefused(f"文件太大（{megabytes(size)}），上限为 {megabytes(limit)}。")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    # Read one byte past the limit so a file whose reported size lies is still caught.
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(f"文件太大（超过 {megabytes(limit)} 的上限）。")
    if not data.strip():
        raise ImportRefused("文件是空的，没有可导入的内容。")

    rows = _xlsx_rows(data, name) if extension == ".xlsx" else _csv_rows(data)
    dataset = _dataset_from_rows(rows)
    dataset.file_name = name
    return dataset


def _csv_rows(data: bytes):
    """Yield the records of a CSV file (UTF-8, with or without BOM, or GB18030)."""
    if zipfile.is_zipfile(io.BytesIO(data)) or b"\x00" in data:
        raise ImportRefused(
            "该 .csv 文件不是文本表格（内容是二进制数据，可能是改了扩展名的其他文件）。"
        )
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused(
            "无法识别该 CSV 文件的文字编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入。"
        )
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error:
        raise ImportRefused("该 CSV 文件格式有误（引号不配对或单元格过长），无法读取。")


def _xlsx_rows(data: bytes, name: str):
    """Check an .xlsx as a zip before parsing, then yield its first sheet's rows, streamed."""
    not_a_workbook = (
        f"“{name}”不是有效的 .xlsx 文件（内容不是 Excel 工作簿；"
        "如果工作簿设置了打开密码，请先取消密码）。"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ImportRefused(not_a_workbook)
    names = {member.filename for member in members}
    if not all(part in names for part in XLSX_REQUIRED_PARTS):
        raise ImportRefused(not_a_workbook)
    # zipfile never inflates a member past its declared size, so the declared sizes bound
    # what openpyxl can be made to decompress.
    unpacked = sum(member.file_size for member in members)
    unpacked_limit = settings.IMPORT_MAX_XLSX_UNPACKED_BYTES
    if unpacked > unpacked_limit:
        raise ImportRefused(
            f"该 .xlsx 文件解压后有 {megabytes(unpacked)}，超过 {megabytes(unpacked_limit)} 的上限，"
            "拒绝解析。请删去多余的工作表、图片或格式后再导入。"
        )
    if not openpyxl.DEFUSEDXML:
        # Parsing untrusted XML without defusedxml would allow entity-expansion attacks.
        raise ImportRefused("服务器缺少安全解析组件（defusedxml），暂不能导入 .xlsx 文件。")

    # Programs that write .xlsx (scripts, some web tools) often store a formula without
    # its result; such a cell must be refused, not read as empty. Only a workbook with
    # formulas pays for reading the formulas too.
    has_formulas = _has_formulas(data, members)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = (
            openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            if has_formulas
            else None
        )
    except Exception:
        raise ImportRefused(f"无法读取“{name}”：文件已损坏或不是 Excel 工作簿。")
    try:
        if not workbook.worksheets:
            raise ImportRefused(f"“{name}”里没有工作表。")
        sheet = workbook.worksheets[0]
        # The <dimension> a file declares may be absent or forged (e.g. A1:XFD1048576);
        # sizing rows by it could pad every row to 16384 cells. Size rows by their cells.
        sheet.reset_dimensions()
        formula_rows = None
        if formulas is not None:
            formula_sheet = formulas.worksheets[0]
            formula_sheet.reset_dimensions()
            formula_rows = formula_sheet.iter_rows(values_only=True)
        sheet_row = 0
        try:
            for values in sheet.iter_rows(values_only=True):
                sheet_row += 1
                if sheet_row > XLSX_MAX_SHEET_ROW:
                    raise ImportRefused(f"无法读取“{name}”：行号超出 Excel 的范围。")
                values = list(values)
                if formula_rows is not None:
                    written = next(formula_rows, ())
                    for index, (value, source) in enumerate(zip(values, written, strict=False)):
                        if value is None and isinstance(source, str) and source.startswith("="):
                            values[index] = UNCACHED_FORMULA
                yield values
        except ImportRefused:
            raise
        except Exception:
            raise ImportRefused(f"无法读取“{name}”：工作表内容已损坏。")
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()


def _has_formulas(data: bytes, members) -> bool:
    """Tell whether any worksheet of the (size-checked) zip holds a formula element."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                content = archive.read(member)
                if b"<f>" in content or b"<f " in content or b":f>" in content or b":f " in content:
                    return True
    return False


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _dataset_from_rows(rows) -> SpreadsheetDataset:
    """Build the dataset from row 1 (headers) and the non-blank rows below it."""
    rows = iter(rows)
    header_row = next(rows, None)
    if header_row is None or all(_is_blank(v) for v in header_row):
        raise ImportRefused("第1行应为表头（列名），但它是空的。")
    headers = [None if _is_blank(v) else str(v).strip() for v in header_row]
    # Columns with no header are dropped when they are empty; checked row by row below.
    while headers and headers[-1] is None:
        headers.pop()
    seen: dict[str, int] = {}
    for index, header in enumerate(headers, 1):
        if header is None:
            continue
        if header in seen:
            raise ImportRefused(
                f"表头“{header}”出现了两次（第{get_column_letter(seen[header])}列和"
                f"第{get_column_letter(index)}列），无法确定该用哪一列。"
            )
        seen[header] = index
    named_columns = [i for i, header in enumerate(headers) if header is not None]

    max_rows = settings.IMPORT_MAX_ROWS
    dataset = SpreadsheetDataset(headers=[headers[i] for i in named_columns])
    uncached: list[str] = []
    unnamed_base = [i for i, header in enumerate(headers) if header is None]
    for row_number, values in enumerate(rows, 2):
        if all(_is_blank(v) for v in values):
            continue
        if len(values) > len(headers):
            unnamed = unnamed_base + list(range(len(headers), len(values)))
        else:
            unnamed = unnamed_base
        if UNCACHED_FORMULA in values:
            for index, value in enumerate(values):
                if value is UNCACHED_FORMULA:
                    header = headers[index] if index < len(headers) and headers[index] else None
                    column = header or f"{get_column_letter(index + 1)}列"
                    uncached.append(f"第{row_number}行 {column}")
        for index in unnamed:
            if index < len(values) and not _is_blank(values[index]):
                raise ImportRefused(
                    f"第{row_number}行第{get_column_letter(index + 1)}列有内容，但这一列没有表头。"
                    "请在第1行填写列名，或删去这一列。"
                )
        if len(dataset) >= max_rows:
            raise ImportRefused(f"表格的数据超过 {max_rows} 行的上限，请拆分成几个文件分批导入。")
        padded = list(values) + [None] * (len(headers) - len(values))
        dataset.append([padded[i] for i in named_columns])
        dataset.row_numbers.append(row_number)
    if uncached:
        shown = "、".join(uncached[:FORMULA_CELLS_NAMED])
        more = f"等 {len(uncached)} 个单元格" if len(uncached) > FORMULA_CELLS_NAMED else ""
        raise ImportRefused(
            f"{shown}{more} 是公式且没有计算结果，请在 Excel 中重新保存，或粘贴为数值。"
        )
    if not len(dataset):
        raise ImportRefused("表格里只有表头，没有数据行。")
    return dataset


def sheet_row(dataset, number: int) -> int:
    """Turn the library's 1-based data-row index (``row_number``) into the sheet's row number.

    Use it in a resource hook to name a row in a message: ``sheet_row(dataset, kwargs["row_number"])``.
    """
    numbers = getattr(dataset, "row_numbers", None)
    if numbers and len(numbers) == len(dataset) and 1 <= number <= len(numbers):
        return numbers[number - 1]
    return number + 1
