"""A district's spreadsheet through the shared import machinery: preview, save, rejections."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gazette_site.importing import spreadsheet_import
from wildlife.models import BreedingEntity, StockRegistration
from wildlife.resources import AMOUNT_COLUMN, COLUMNS, StockRegistrationResource

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    "环翠区,甲养殖场,鲁野繁001,蓝孔雀,10,只,否,2020-07-20",
    "环翠区,甲养殖场,鲁野繁001,蓝孔雀,4,只,是,2020-07-20",
    "环翠区,甲养殖场,鲁野繁001,王锦蛇,2.5,斤,,2020/7/21",
    "荣成市,乙养殖场,,刺猬,7,只,否,2020年7月31日",
]


def csv_file(rows, header=HEADER, name="环翠区.csv"):
    return SimpleUploadedFile(name, ("\n".join([header, *rows]) + "\n").encode("utf-8"))


def run(rows, user, *, dry_run=False, header=HEADER):
    return spreadsheet_import(
        resource=StockRegistrationResource(),
        uploaded_file=csv_file(rows, header=header),
        user=user,
        dry_run=dry_run,
    )


def nothing_saved():
    return not StockRegistration.objects.exists() and not BreedingEntity.objects.exists()


def test_dry_run_previews_computed_compensation_and_saves_nothing(staff_user):
    report = run(GOOD_ROWS, staff_user, dry_run=True)
    assert report.ok, report.row_errors
    assert report.headers[-1] == AMOUNT_COLUMN
    assert [row.values[-1] for row in report.preview] == ["8,000元", "800元", "250元", "350元"]
    assert [row.import_type_display for row in report.preview] == ["新增"] * 4
    assert nothing_saved()


def test_import_saves_entities_and_registrations_with_history(staff_user, client):
    report = run(GOOD_ROWS, staff_user)
    assert report.ok and report.saved
    farm = BreedingEntity.objects.get(name="甲养殖场")
    assert farm.licence_no == "鲁野繁001" and farm.scope is None
    assert farm.registrations.count() == 3
    chicks = farm.registrations.get(is_juvenile=True)
    assert chicks.compensation() == 800
    assert chicks.history.first().history_user == staff_user
    created = farm.history.first()
    assert created.history_user == staff_user
    assert created.history_change_reason == "表格导入：环翠区.csv"
    page = client.get("/wildlife/reports/").content.decode()
    assert "9,400元" in page  # 8000 + 800 + 250 + 350


def test_reimport_updates_instead_of_duplicating(staff_user):
    assert run(GOOD_ROWS, staff_user).ok
    changed = [GOOD_ROWS[0].replace(",10,", ",12,")]
    report = run(changed, staff_user)
    assert report.ok
    assert [row.import_type_display for row in report.preview] == ["修改"]
    assert StockRegistration.objects.count() == 4
    assert StockRegistration.objects.get(species__name="蓝孔雀", is_juvenile=False).quantity == 12


def test_xlsx_file_is_read_too(staff_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(["文登区", "丙养殖场", "", "黑天鹅", 3, "只", "否", "2020-07-10"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = spreadsheet_import(
        resource=StockRegistrationResource(),
        uploaded_file=SimpleUploadedFile("文登区.xlsx", buffer.getvalue()),
        user=staff_user,
        dry_run=True,
    )
    assert report.ok, report.row_errors
    assert report.preview[0].values[-1] == "4,500元"


def assert_rejected(report, row, column, needle):
    assert not report.ok
    matching = [e for e in report.row_errors if e.row == row and needle in e.message]
    assert matching, report.row_errors
    if column is not None:
        assert matching[0].column == column
    assert nothing_saved()


def test_species_not_in_the_standard_is_rejected_naming_the_allowed(staff_user):
    rows = [GOOD_ROWS[0], "环翠区,甲养殖场,,孔雀,3,只,否,2020-07-20"]
    report = run(rows, staff_user)
    assert_rejected(report, 3, "物种", "“孔雀”不在第一批退出补偿标准中")
    assert "豪猪、果子狸、刺猬、鸿雁、蓝孔雀" in report.row_errors[0].message


def test_unit_that_does_not_match_the_species_is_rejected(staff_user):
    rows = ["环翠区,甲养殖场,,王锦蛇,3,只,否,2020-07-20"]
    assert_rejected(run(rows, staff_user), 2, "单位", "王锦蛇按“斤”补偿，单位须填“斤”")


def test_blank_unit_is_rejected(staff_user):
    rows = ["环翠区,甲养殖场,,刺猬,3,,否,2020-07-20"]
    assert_rejected(run(rows, staff_user), 2, "单位", "单位须填“只”")


@pytest.mark.parametrize(
    ("quantity", "needle"),
    [("0", "数量须大于0"), ("-5", "数量须大于0"), ("2.5", "须为整数"), ("abc", "不是有效的数字")],
)
def test_bad_quantity_is_rejected(staff_user, quantity, needle):
    rows = [GOOD_ROWS[0], f"环翠区,甲养殖场,,刺猬,{quantity},只,否,2020-07-20"]
    assert_rejected(run(rows, staff_user), 3, "数量", needle)


def test_fractional_weight_is_fine_for_a_species_priced_by_jin(staff_user):
    report = run(["环翠区,甲养殖场,,王锦蛇,0.75,斤,否,2020-07-20"], staff_user, dry_run=True)
    assert report.ok and report.preview[0].values[-1] == "75元"


def test_verification_after_the_cutoff_is_rejected(staff_user):
    rows = ["环翠区,甲养殖场,,刺猬,3,只,否,2020-08-01"]
    assert_rejected(run(rows, staff_user), 2, "核查日期", "晚于登记数据截止时间2020年7月31日")


def test_same_entity_and_species_twice_is_rejected(staff_user):
    rows = [GOOD_ROWS[3], GOOD_ROWS[3].replace(",7,", ",8,")]
    assert_rejected(run(rows, staff_user), 3, None, "同一条记录只能出现一次")


def test_same_entity_and_species_written_differently_is_rejected(staff_user):
    rows = [
        "环翠区,甲养殖场,,刺猬,3,只,否,2020-07-20",
        "环翠区, 甲养殖场 ,,刺猬,4,只,,2020-07-21",
    ]
    assert_rejected(run(rows, staff_user), 3, "物种", "与第2行重复")


def test_adult_and_juvenile_peafowl_of_one_entity_are_two_rows(staff_user):
    assert run(GOOD_ROWS[:2], staff_user, dry_run=True).ok


def test_juvenile_flag_for_a_species_without_juvenile_price_is_rejected(staff_user):
    rows = ["环翠区,甲养殖场,,豪猪,3,只,是,2020-07-20"]
    assert_rejected(run(rows, staff_user), 2, "幼体", "豪猪没有幼体补偿标准")


def test_district_may_be_written_by_its_short_name(staff_user):
    rows = ["经济技术开发区,丁养殖场,,刺猬,3,只,否,2020-07-20"]
    assert run(rows, staff_user).ok
    farm = BreedingEntity.objects.get(name="丁养殖场")
    assert farm.district.name == "威海经济技术开发区"


def test_unknown_district_is_rejected(staff_user):
    rows = ["威海市,甲养殖场,,刺猬,3,只,否,2020-07-20"]
    assert_rejected(run(rows, staff_user), 2, "区市", "不是本市的区市或开发区")


def test_licence_conflicting_with_the_registered_one_is_rejected(staff_user):
    assert run(GOOD_ROWS[:1], staff_user).ok
    before = StockRegistration.objects.count()
    report = run(["环翠区,甲养殖场,鲁野繁999,刺猬,3,只,否,2020-07-20"], staff_user)
    assert not report.ok
    assert report.row_errors[0].column == "许可证号"
    assert StockRegistration.objects.count() == before


@pytest.mark.parametrize("missing", ["单位", "许可证号", "核查日期", "幼体"])
def test_missing_required_column_refuses_the_file(staff_user, missing):
    columns = [c for c in COLUMNS if c != missing]
    index = COLUMNS.index(missing)
    rows = [",".join(v for i, v in enumerate(GOOD_ROWS[0].split(",")) if i != index)]
    report = run(rows, staff_user, header=",".join(columns))
    assert not report.ok
    assert f"缺少必需的列“{missing}”" in report.refused
    assert nothing_saved()


def test_missing_key_column_refuses_the_file(staff_user):
    columns = [c for c in COLUMNS if c != "物种"]
    report = run(["环翠区,甲养殖场,,3,只,否,2020-07-20"], staff_user, header=",".join(columns))
    assert not report.ok and "物种" in report.refused
    assert nothing_saved()


def test_one_bad_row_saves_nothing_from_the_good_rows(staff_user):
    rows = [*GOOD_ROWS, "环翠区,丁养殖场,,刺猬,3,只,否,2020-09-01"]
    report = run(rows, staff_user)
    assert not report.ok and len(report.row_errors) == 1
    assert nothing_saved()


def test_admin_import_preview_shows_compensation(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/admin/wildlife/stockregistration/import/",
        {"import_file": csv_file(GOOD_ROWS[:1])},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert AMOUNT_COLUMN in page and "8,000元" in page
    assert nothing_saved()


def test_export_round_trips_with_the_computed_amount(staff_user):
    assert run(GOOD_ROWS, staff_user).ok
    dataset = StockRegistrationResource().export()
    assert dataset.headers == [*COLUMNS, AMOUNT_COLUMN]
    assert sorted(str(v) for v in dataset[AMOUNT_COLUMN]) == sorted(
        ["8000.00", "800.00", "250.00", "350.00"]
    )
