"""Species (物种补偿标准) and catalogue items (中介服务项目) through the real admin, as a clerk would.

Export (BOM, Chinese headers and file name, text columns as text), preview (old → new,
the printed value), renames, deletions only when ticked, formula cells refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.models import District
from intermediary.models import Department, IntermediaryService
from pricing import rules as pricing_rules
from pricing import services as pricing_services
from pricing.models import Evaluation, Surcharge
from wildlife.models import Species

pytestmark = pytest.mark.django_db

SPECIES = "/admin/wildlife/species/"
ITEMS = "/admin/intermediary/intermediaryservice/"
SPECIES_HEADERS = [
    "工作方案文号",
    "序号",
    "种类",
    "单位",
    "价格（元）",
    "幼体价格（元）",
    "幼体界定",
    "本地/外来",
    "国家重点保护野生动物",
]
ITEM_HEADERS = ["序号", "中介服务项目名称", "部门", "取消日期", "取消依据文号"]


@pytest.fixture
def clerk_client(client):
    user = User.objects.create_superuser("import-clerk", password="x")
    client.force_login(user)
    client.user = user
    return client


def export(client, base: str, file_format: str):
    response = client.post(f"{base}export/", {"file_format": file_format})
    assert response.status_code == 200, response.content[:300]
    return response


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def xlsx_of(sheet) -> bytes:
    out = io.BytesIO()
    sheet.parent.save(out)
    return out.getvalue()


def preview(client, base: str, name: str, data: bytes):
    response = client.post(
        f"{base}import/", {"import_file": SimpleUploadedFile(name, data)}, follow=False
    )
    assert response.status_code == 200
    return response.content.decode()


def confirm(client, base: str, page: str, **choices):
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post(f"{base}process_import/", {"token": token, **choices})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def row_of(sheet, column: str, value) -> int:
    headers = [c.value for c in sheet[1]]
    index = headers.index(column) + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=index).value == value:
            return row
    raise AssertionError(f"{value} not in {column}")


def set_cell(sheet, row: int, column: str, value) -> None:
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=row, column=headers.index(column) + 1, value=value)


# --- export ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "headers", "title"),
    [(SPECIES, SPECIES_HEADERS, "物种补偿标准"), (ITEMS, ITEM_HEADERS, "中介服务项目")],
)
def test_csv_export_has_bom_chinese_headers_and_local_date_in_its_name(
    clerk_client, monkeypatch, base, headers, title
):
    # 20:30 UTC on the 29th is already the 30th in Weihai: the name carries the local date.
    late = dt.datetime(2026, 11, 29, 20, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    response = export(clerk_client, base, "csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == headers
    disposition = response["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    assert quote(f"{title}_2026年11月30日.csv") in disposition


def test_export_page_is_chinese_with_xlsx_preselected(clerk_client):
    page = clerk_client.get(f"{SPECIES}export/").content.decode()
    assert "文件格式" in page and "导出说明" in page
    assert re.search(r'value="xlsx"[^>]*checked', page)
    for english in ("Select all", "Format", "Export", "Resource", "---"):
        assert english not in re.sub(r"<[^>]+>", " ", page).split("导出说明")[1], english


def test_xlsx_keeps_doc_numbers_and_credit_codes_as_text(clerk_client):
    item = IntermediaryService.objects.order_by("no").first()
    item.abolished_on = dt.date(2020, 8, 1)
    item.abolished_by = "威政发〔2020〕7号"
    item.save()
    sheet = sheet_of(export(clerk_client, ITEMS, "xlsx").content)
    assert sheet.freeze_panes == "A2"
    cell = sheet.cell(row=row_of(sheet, "序号", item.no), column=5)
    assert cell.value == "威政发〔2020〕7号" and cell.data_type == "s"
    assert cell.number_format == "@"
    assert sheet.column_dimensions["B"].width > 20  # names are long: a sensible width

    species = sheet_of(export(clerk_client, SPECIES, "xlsx").content)
    doc = species.cell(row=2, column=1)
    assert doc.value == "威政办字〔2020〕50号" and doc.number_format == "@"
    price = species.cell(row=2, column=5)
    assert isinstance(price.value, int | float | Decimal)  # numbers stay numbers

    # An all-digit credit code would turn into 9.13710001E+17 if written as a number.
    serial = next(
        n
        for n in range(1, 200)
        if pricing_rules.credit_code_check_char(f"913710000{n:08d}").isdigit()
    )
    body = f"913710000{serial:08d}"
    code = body + pricing_rules.credit_code_check_char(body)
    enterprise = pricing_services.enterprise_create(
        name="威海数字代码有限公司",
        credit_code=code,
        district=District.objects.first(),
    )
    Evaluation.objects.create(
        enterprise=enterprise, year=2019, grade="A", published_on=dt.date(2020, 6, 30)
    )
    evaluations = sheet_of(export(clerk_client, "/admin/pricing/evaluation/", "xlsx").content)
    cell = evaluations.cell(row=row_of(evaluations, "统一社会信用代码", code), column=2)
    assert len(code) == 18 and code.startswith("9")
    assert cell.value == code and cell.data_type == "s" and cell.number_format == "@"


# --- preview and confirm --------------------------------------------------------------


def test_species_preview_lists_only_the_changed_row_with_old_new_and_printed_value(
    clerk_client,
):
    sheet = sheet_of(export(clerk_client, SPECIES, "xlsx").content)
    row = row_of(sheet, "种类", "蓝孔雀")
    set_cell(sheet, row, "价格（元）", 850)
    page = preview(clerk_client, SPECIES, "物种.xlsx", xlsx_of(sheet))
    text = re.sub(r"<[^>]+>", "", page)
    assert "新增 0 行，修改 1 行，无变化 12 行" in text
    assert "价格（元）：800 → 850" in text
    assert "印刷版为 800 元" in text
    changes = page.split('id="import-changes"')[1].split("</table>")[0]
    assert "蓝孔雀" in changes and "豪猪" not in changes  # unchanged rows are not listed
    assert "显示无变化的 12 行" in page
    assert Species.objects.get(name="蓝孔雀").price == Decimal("800")
    confirm(clerk_client, SPECIES, page)
    peacock = Species.objects.get(name="蓝孔雀")
    assert peacock.price == Decimal("850")
    assert peacock.history.first().history_user == clerk_client.user


def test_catalogue_preview_shows_old_and_new_name(clerk_client):
    sheet = sheet_of(export(clerk_client, ITEMS, "xlsx").content)
    item = IntermediaryService.objects.order_by("no").first()
    set_cell(sheet, row_of(sheet, "序号", item.no), "中介服务项目名称", item.name + "（修订）")
    text = re.sub(r"<[^>]+>", "", preview(clerk_client, ITEMS, "项目.xlsx", xlsx_of(sheet)))
    assert f"中介服务项目名称：{item.name} → {item.name}（修订）" in text
    assert f"印刷版为 {item.name}" in text


@pytest.mark.parametrize(
    ("base", "key", "old", "new"),
    [(SPECIES, "种类", "灰斑鸠", "珠颈斑鸠"), (ITEMS, "序号", 64, 99)],
)
def test_rename_is_offered_and_applied_only_when_ticked(clerk_client, base, key, old, new):
    model = Species if base == SPECIES else IntermediaryService
    lookup = "name" if base == SPECIES else "no"
    original = model.objects.get(**{lookup: old})
    versions = original.history.count()
    sheet = sheet_of(export(clerk_client, base, "xlsx").content)
    set_cell(sheet, row_of(sheet, key, old), key, new)
    data = xlsx_of(sheet)
    page = preview(clerk_client, base, "改名.xlsx", data)
    offer = re.search(r'name="rename" value="(\d+:\d+)"', page)
    assert offer, "no rename offered"
    assert f"{old} → {new}" in page
    assert offer.group(1).endswith(f":{original.pk}")
    confirm(clerk_client, base, page, rename=offer.group(1))
    renamed = model.objects.get(pk=original.pk)
    assert getattr(renamed, lookup) == new
    assert not model.objects.filter(**{lookup: old}).exists()
    assert renamed.history.count() == versions + 1


def test_without_the_tick_a_new_key_is_added_and_the_old_row_kept(clerk_client):
    sheet = sheet_of(export(clerk_client, ITEMS, "xlsx").content)
    set_cell(sheet, row_of(sheet, "序号", 64), "序号", 99)
    page = preview(clerk_client, ITEMS, "改名.xlsx", xlsx_of(sheet))
    assert 'name="rename"' in page
    confirm(clerk_client, ITEMS, page)
    assert IntermediaryService.objects.filter(no__in=[64, 99]).count() == 2


def test_a_renamed_species_keeping_its_number_must_be_taken_as_a_rename(clerk_client):
    sheet = sheet_of(export(clerk_client, SPECIES, "xlsx").content)
    set_cell(sheet, row_of(sheet, "种类", "灰斑鸠"), "种类", "珠颈斑鸠")
    data = xlsx_of(sheet)
    page = preview(clerk_client, SPECIES, "改名.xlsx", data)
    assert re.search(r'name="rename" value="\d+:\d+"[^>]*checked', page)
    # Confirmed without the rename, the new row would take 序号 11 twice: nothing is saved.
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = clerk_client.post(f"{SPECIES}process_import/", {"token": token})
    assert response.status_code == 200
    assert "没有保存任何数据" in response.content.decode()
    assert not Species.objects.filter(name="珠颈斑鸠").exists()


def test_species_missing_from_the_file_are_deleted_only_when_ticked(clerk_client):
    sheet = sheet_of(export(clerk_client, SPECIES, "xlsx").content)
    sheet.delete_rows(row_of(sheet, "种类", "虎纹蛙"))
    data = xlsx_of(sheet)
    page = preview(clerk_client, SPECIES, "少一行.xlsx", data)
    assert "文件中没有（1 行）" in page and "虎纹蛙" in page
    assert "删除文件中没有的行" in page
    confirm(clerk_client, SPECIES, page)
    assert Species.objects.filter(name="虎纹蛙").exists()
    page = preview(clerk_client, SPECIES, "少一行.xlsx", data)
    confirm(clerk_client, SPECIES, page, delete_missing="on")
    assert not Species.objects.filter(name="虎纹蛙").exists()
    assert Species.history.filter(name="虎纹蛙", history_type="-").count() == 1


def test_catalogue_items_missing_from_the_file_deleted_only_when_ticked_never_with_links(
    clerk_client,
):
    spare = IntermediaryService.objects.create(
        no=90, name="导入删除测试项目", department=Department.objects.first()
    )
    linked = IntermediaryService.objects.filter(links__isnull=False).order_by("no").first()
    sheet = sheet_of(export(clerk_client, ITEMS, "xlsx").content)
    sheet.delete_rows(row_of(sheet, "序号", spare.no))
    sheet.delete_rows(row_of(sheet, "序号", linked.no))
    data = xlsx_of(sheet)
    page = preview(clerk_client, ITEMS, "少两行.xlsx", data)
    assert "文件中没有（2 行）" in page
    # The linked item cannot go: its links refer to it (protected) and would be lost with it.
    assert "仍有项目关联事项引用它，不能删除" in page
    confirm(clerk_client, ITEMS, page)
    assert IntermediaryService.objects.filter(pk__in=[spare.pk, linked.pk]).count() == 2
    page = preview(clerk_client, ITEMS, "少两行.xlsx", data)
    confirm(clerk_client, ITEMS, page, delete_missing="on")
    assert not IntermediaryService.objects.filter(pk=spare.pk).exists()
    assert IntermediaryService.objects.filter(pk=linked.pk).exists()


def test_surcharge_steps_are_never_deleted_by_an_import(clerk_client):
    base = "/admin/pricing/surcharge/"
    sheet = sheet_of(export(clerk_client, base, "xlsx").content)
    count = sheet.max_row - 1
    sheet.delete_rows(2)
    page = preview(clerk_client, base, "加价.xlsx", xlsx_of(sheet))
    assert "文件中没有（1 行）" in page and "不能通过导入删除" in page
    assert 'name="delete_missing"' not in page
    confirm(clerk_client, base, page, delete_missing="on")
    assert Surcharge.objects.count() == count


# --- formula cells --------------------------------------------------------------------


@pytest.mark.parametrize(("base", "column"), [(SPECIES, "幼体界定"), (ITEMS, "中介服务项目名称")])
def test_formula_cell_without_a_cached_value_is_refused_naming_the_cell(clerk_client, base, column):
    sheet = sheet_of(export(clerk_client, base, "xlsx").content)
    # openpyxl, like many scripts, writes the formula and no computed value.
    set_cell(sheet, 12, column, '=CONCATENATE("a","b")')
    page = preview(clerk_client, base, "公式.xlsx", xlsx_of(sheet))
    assert f"第12行 {column} 是公式且没有计算结果，请在 Excel 中重新保存，或粘贴为数值" in page
    assert "确认导入" not in page


# --- template -------------------------------------------------------------------------


@pytest.mark.parametrize(("base", "headers"), [(SPECIES, SPECIES_HEADERS), (ITEMS, ITEM_HEADERS)])
def test_template_has_headers_an_example_and_column_notes(clerk_client, base, headers):
    page = clerk_client.get(f"{base}import/").content.decode()
    assert "识别列" in page and "下载空白模板" in page
    response = clerk_client.get(f"{base}import/template/")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, notes = workbook.worksheets
    assert [c.value for c in data[1]] == headers
    assert data.max_row == 2 and all(c.value is not None for c in data[2][:3])
    assert notes.title == "填写说明"
    assert [c.value for c in notes[1]] == ["列名", "是否识别列", "类型", "可填的值", "单位", "说明"]
    assert [r[0].value for r in notes.iter_rows(min_row=2)] == headers
