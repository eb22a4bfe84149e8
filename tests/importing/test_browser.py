"""A clerk in a real browser: export the species as XLSX, change a price in it, import it back."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.contrib.auth.models import User

from wildlife.models import Species


def test_species_xlsx_round_trip_shows_old_new_and_printed_value(live_portal, page, tmp_path):
    User.objects.create_superuser("browser-clerk", password="浏览器测试-密码-2026")
    page.goto(live_portal.url + "/admin/login/?next=/admin/wildlife/species/")
    page.fill("#id_username", "browser-clerk")
    page.fill("#id_password", "浏览器测试-密码-2026")
    page.click("input[type=submit]")
    page.get_by_role("link", name="导出").click()
    assert page.locator("input[value=xlsx]").is_checked()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出").click()
    download = download_info.value
    assert download.suggested_filename.startswith("物种补偿标准_")
    assert download.suggested_filename.endswith("日.xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    name_col, price_col = headers.index("种类") + 1, headers.index("价格（元）") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, name_col).value == "蓝孔雀")
    assert sheet.cell(row, price_col).value == 800
    sheet.cell(row, price_col, 850)
    changed = tmp_path / "物种补偿标准.xlsx"
    out = io.BytesIO()
    workbook.save(out)
    changed.write_bytes(out.getvalue())

    page.goto(live_portal.url + "/admin/wildlife/species/import/")
    page.set_input_files("#id_import_file", str(changed))
    page.get_by_role("button", name="上传并预览").click()
    summary = page.locator("#import-summary").inner_text()
    assert "新增 0 行，修改 1 行，无变化 12 行" in summary
    changes = page.locator("#import-changes").inner_text()
    assert "蓝孔雀" in changes
    assert "价格（元）：800 → 850" in changes
    assert "印刷版为 800 元" in changes
    assert Species.objects.get(name="蓝孔雀").price == Decimal("800")

    page.get_by_role("button", name="确认导入").click()
    message = page.locator("ul.messagelist").inner_text()
    assert "已导入“物种补偿标准.xlsx”：新增 0 行，修改 1 行，无变化 12 行" in message
    assert Species.objects.get(name="蓝孔雀").price == Decimal("850")
    assert page.js_errors == []
