"""read_spreadsheet: the checks every uploaded file passes before any row is imported."""

import io
import zipfile

import openpyxl
import pytest

from gazette_site.importing import ImportRefused, read_spreadsheet
from tests.importing.support import csv_bytes, upload, xlsx_bytes


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_spreadsheet(uploaded_file=upload(name, data))
    return caught.value.message


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_reads_csv_with_header_as_row_one():
    data = csv_bytes([["组名", "说明"], ["甲", "一"], ["乙", "二"]])
    dataset = read_spreadsheet(uploaded_file=upload("groups.csv", data))
    assert dataset.headers == ["组名", "说明"]
    assert list(dataset) == [("甲", "一"), ("乙", "二")]
    assert dataset.row_numbers == [2, 3]


def test_reads_csv_with_utf8_bom_as_excel_saves_it():
    data = "\ufeff组名\r\n甲\r\n".encode()
    dataset = read_spreadsheet(uploaded_file=upload("groups.csv", data))
    assert dataset.headers == ["组名"]
    assert list(dataset) == [("甲",)]


def test_reads_csv_in_gb18030_as_chinese_excel_saves_it():
    data = csv_bytes([["组名", "单位"], ["献血办", "市卫生健康委"]], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    dataset = read_spreadsheet(uploaded_file=upload("献血.csv", data))
    assert dataset.headers == ["组名", "单位"]
    assert list(dataset) == [("献血办", "市卫生健康委")]


def test_reads_xlsx_first_sheet_with_typed_values():
    data = xlsx_bytes([["组名", "数量"], ["甲", 3], [None, None], ["乙", 4.5]])
    dataset = read_spreadsheet(uploaded_file=upload("groups.xlsx", data))
    assert dataset.headers == ["组名", "数量"]
    assert list(dataset) == [("甲", 3), ("乙", 4.5)]
    # The blank row 3 is left out but row numbers stay those of the sheet.
    assert dataset.row_numbers == [2, 4]


def test_header_cells_are_trimmed_and_empty_trailing_columns_dropped():
    data = xlsx_bytes([[" 组名 ", None], ["甲", None]])
    dataset = read_spreadsheet(uploaded_file=upload("groups.xlsx", data))
    assert dataset.headers == ["组名"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", b"just text"),
        ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("no-extension", csv_bytes([["组名"], ["甲"]])),
    ],
)
def test_refuses_files_that_are_not_csv_or_xlsx(name, data):
    assert "只能导入 .csv 或 .xlsx" in refusal(name, data)


def test_refuses_old_xls_with_a_hint_to_save_as_xlsx():
    assert "另存为 .xlsx" in refusal("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)


def test_refuses_text_file_renamed_xlsx():
    assert "不是有效的 .xlsx 文件" in refusal("renamed.xlsx", b"name,amount\nA,1\n")


def test_refuses_pdf_renamed_xlsx():
    assert "不是有效的 .xlsx 文件" in refusal("scan.xlsx", b"%PDF-1.4\n" + b"\x00\xff" * 50)


def test_refuses_zip_without_workbook_parts_renamed_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert "不是有效的 .xlsx 文件" in refusal("archive.xlsx", out.getvalue())


def test_refuses_binary_renamed_csv():
    assert "不是文本表格" in refusal("sheet.csv", xlsx_bytes([["组名"], ["甲"]]))


def test_refuses_csv_in_unknown_encoding():
    message = refusal("latin.csv", b"\x80\x81\xff\xfe,\xff\n")
    assert "文字编码" in message


def test_refuses_file_over_upload_limit(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    data = csv_bytes([["组名"]] + [[f"组{i:04d}"] for i in range(300)])
    assert len(data) > 1024
    message = refusal("big.csv", data)
    assert "文件太大" in message and "上限" in message


def test_refuses_file_whose_reported_size_understates_its_content(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    file = upload("big.csv", csv_bytes([["组名"]] + [[f"组{i:04d}"] for i in range(300)]))
    file.size = 10
    with pytest.raises(ImportRefused, match="文件太大"):
        read_spreadsheet(uploaded_file=file)


def test_refuses_zip_bomb_before_parsing(settings, monkeypatch):
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 10 * 1024 * 1024
    real = xlsx_bytes([["组名"], ["甲"]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(real)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        # 20 MB of zeros deflates to about 20 KB.
        bomb.writestr("xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 100 * 1024

    def must_not_parse(*args, **kwargs):
        raise AssertionError("openpyxl was called before the size check")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_parse)
    message = refusal("bomb.xlsx", data)
    assert "解压后" in message and "超过" in message


def test_refuses_xlsx_with_more_rows_than_allowed(settings):
    settings.IMPORT_MAX_ROWS = 50
    data = xlsx_bytes([["组名"]] + [[f"组{i}"] for i in range(51)])
    assert "超过 50 行" in refusal("many.xlsx", data)


def test_accepts_xlsx_with_exactly_the_allowed_rows(settings):
    settings.IMPORT_MAX_ROWS = 50
    data = xlsx_bytes([["组名"]] + [[f"组{i}"] for i in range(50)])
    assert len(read_spreadsheet(uploaded_file=upload("many.xlsx", data))) == 50


def test_refuses_csv_with_more_rows_than_allowed(settings):
    settings.IMPORT_MAX_ROWS = 50
    data = csv_bytes([["组名"]] + [[f"组{i}"] for i in range(51)])
    assert "超过 50 行" in refusal("many.csv", data)


def test_row_limit_is_checked_while_streaming_not_after_loading(settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 10
    data = xlsx_bytes([["组名"]] + [[f"组{i}"] for i in range(1000)])
    seen = []
    original = openpyxl.worksheet._read_only.ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            seen.append(row)
            yield row

    monkeypatch.setattr(openpyxl.worksheet._read_only.ReadOnlyWorksheet, "_cells_by_row", counting)
    assert "超过 10 行" in refusal("many.xlsx", data)
    assert len(seen) <= 12


@pytest.mark.parametrize("name", ["empty.csv", "empty.xlsx"])
def test_refuses_empty_file(name):
    assert "文件是空的" in refusal(name, b"")


def test_refuses_csv_with_only_blank_lines():
    assert "文件是空的" in refusal("blank.csv", b"\r\n\r\n  \n")


def test_refuses_header_without_data():
    assert "只有表头" in refusal("header.csv", csv_bytes([["组名"]]))
    assert "只有表头" in refusal("header.xlsx", xlsx_bytes([["组名"]]))


def test_refuses_blank_first_row():
    assert "第1行应为表头" in refusal("noheader.xlsx", xlsx_bytes([[None], ["甲"]]))


def test_refuses_duplicate_headers():
    message = refusal("dup.csv", csv_bytes([["组名", "组名"], ["甲", "乙"]]))
    assert "“组名”出现了两次" in message and "A列" in message and "B列" in message


def test_refuses_data_in_a_column_without_header():
    message = refusal("extra.csv", csv_bytes([["组名"], ["甲", "多出来的"]]))
    assert "第2行第B列有内容" in message
