"""spreadsheet_import: all rows or none, Chinese errors with sheet row and column, history."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError

from documents.models import Organisation, OrganisationAlias
from gazette_site.importing import RowError, spreadsheet_import
from tests.importing.support import (
    AliasResource,
    FailingGroupResource,
    GroupResource,
    OrganisationResource,
    csv_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

GOOD = [["组名"], ["导入测试甲"], ["导入测试乙"], ["导入测试丙"]]


@pytest.fixture
def clerk():
    return User.objects.create_user("import-clerk", is_staff=True)


def run(resource, name, data, user=None, dry_run=False):
    return spreadsheet_import(
        resource=resource, uploaded_file=upload(name, data), user=user, dry_run=dry_run
    )


def test_good_csv_imports_every_row(clerk):
    report = run(GroupResource(), "groups.csv", csv_bytes(GOOD), clerk)
    assert report.ok and report.saved and report.refused is None
    assert report.totals.new == 3
    assert set(
        Group.objects.filter(name__startswith="导入测试").values_list("name", flat=True)
    ) == {
        "导入测试甲",
        "导入测试乙",
        "导入测试丙",
    }


def test_one_bad_row_among_good_ones_saves_nothing_and_names_row_column_reason(clerk):
    rows = [["组名"], ["导入测试甲"], ["导入测试乙"], ["长" * 151], ["导入测试丙"]]
    report = run(GroupResource(), "groups.xlsx", xlsx_bytes(rows), clerk)
    assert not report.ok and not report.saved
    assert not Group.objects.filter(name__startswith="导入测试").exists()
    assert report.row_errors == [
        RowError(row=4, column="组名", message="确保该变量包含不超过 150 字符 (目前字符数 151)。")
    ]
    assert str(report.row_errors[0]).startswith("第4行“组名”列：")


def test_blank_rows_do_not_shift_the_reported_row_number(clerk):
    rows = [["组名"], ["导入测试甲"], [None], ["长" * 151]]
    report = run(GroupResource(), "groups.xlsx", xlsx_bytes(rows), clerk)
    assert [e.row for e in report.row_errors] == [4]


def test_validation_error_from_full_clean_aborts_all_rows(clerk):
    Organisation.objects.create(name="导入测试已存在", slug="import-test-existing")
    # Row 3 reuses an existing slug: only Organisation.full_clean() (validate_unique) sees it.
    data = csv_bytes(
        [
            ["名称", "网址标识"],
            ["导入测试局", "import-test-bureau"],
            ["导入测试处", "import-test-existing"],
            ["导入测试科", "import-test-section"],
        ]
    )
    report = run(OrganisationResource(), "单位.csv", data, clerk)
    assert not report.ok
    assert report.row_errors == [
        RowError(row=3, column="网址标识", message="具有 网址标识 的 单位 已存在。")
    ]
    assert list(
        Organisation.objects.filter(name__startswith="导入测试").values_list("name", flat=True)
    ) == ["导入测试已存在"]


def test_database_error_in_one_row_aborts_all_rows(clerk):
    rows = [["组名"], ["导入测试甲"], ["数据库拒绝"], ["导入测试乙"]]
    report = run(FailingGroupResource(), "groups.csv", csv_bytes(rows), clerk)
    assert not report.ok
    assert report.row_errors == [
        RowError(
            row=3, column=None, message="数据库拒绝保存这一行：与已有记录重复，或违反了数据约束。"
        )
    ]
    assert not Group.objects.filter(name__startswith="导入测试").exists()
    assert not Group.objects.filter(name="数据库拒绝").exists()


def test_dry_run_saves_nothing_and_previews_each_row(clerk):
    Group.objects.create(name="导入测试甲")
    report = run(GroupResource(), "groups.csv", csv_bytes(GOOD), clerk, dry_run=True)
    assert report.ok and not report.saved
    assert report.totals.new == 2 and report.totals.skip == 1
    assert [(p.row, p.import_type_display, p.values) for p in report.preview] == [
        (2, "无变化", ["导入测试甲"]),
        (3, "新增", ["导入测试乙"]),
        (4, "新增", ["导入测试丙"]),
    ]
    assert list(
        Group.objects.filter(name__startswith="导入测试").values_list("name", flat=True)
    ) == ["导入测试甲"]


def test_dry_run_of_a_bad_file_lists_every_bad_row(clerk):
    rows = [["组名"], ["长" * 151], ["导入测试甲"], ["长" * 152]]
    report = run(GroupResource(), "groups.csv", csv_bytes(rows), clerk, dry_run=True)
    assert [(e.row, e.column) for e in report.row_errors] == [(2, "组名"), (4, "组名")]
    assert "目前字符数 152" in report.row_errors[1].message


def test_second_import_of_the_same_file_changes_nothing(clerk):
    data = csv_bytes(
        [["名称", "全称", "网址标识"], ["导入测试局", "威海市导入测试局", "import-test-bureau"]]
    )
    first = run(OrganisationResource(), "orgs.csv", data, clerk)
    assert first.ok and first.totals.new == 1
    organisation = Organisation.objects.get(name="导入测试局")
    history_count = organisation.history.count()

    second = run(OrganisationResource(), "orgs.csv", data, clerk)
    assert second.ok
    assert (second.totals.new, second.totals.update, second.totals.skip) == (0, 0, 1)
    assert [p.import_type_display for p in second.preview] == ["无变化"]
    assert organisation.history.count() == history_count


def test_update_preview_marks_changed_columns(clerk):
    Organisation.objects.create(name="导入测试局", full_name="旧全称", slug="import-test-bureau")
    data = csv_bytes(
        [["名称", "全称", "网址标识"], ["导入测试局", "威海市导入测试局", "import-test-bureau"]]
    )
    report = run(OrganisationResource(), "orgs.csv", data, clerk, dry_run=True)
    assert report.totals.update == 1
    assert report.preview[0].changed == ["全称"]
    assert Organisation.objects.get(name="导入测试局").full_name == "旧全称"


def test_history_records_carry_the_importing_user_and_file(clerk):
    data = csv_bytes([["名称", "网址标识"], ["导入测试局", "import-test-bureau"]])
    assert run(OrganisationResource(), "单位.csv", data, clerk).ok
    created = Organisation.objects.get(name="导入测试局").history.get()
    assert created.history_type == "+"
    assert created.history_user == clerk
    assert created.history_change_reason == "表格导入：单位.csv"

    data = csv_bytes([["名称", "全称"], ["导入测试局", "威海市导入测试局"]])
    assert run(OrganisationResource(), "单位.csv", data, clerk).ok
    latest = Organisation.objects.get(name="导入测试局").history.first()
    assert latest.history_type == "~"
    assert latest.history_user == clerk
    assert latest.full_name == "威海市导入测试局"


def test_failed_import_leaves_no_history(clerk):
    data = csv_bytes(
        [["名称", "网址标识"], ["导入测试局", "import-test-bureau"], ["导入测试处", "坏 slug"]]
    )
    report = run(OrganisationResource(), "单位.csv", data, clerk)
    assert [(e.row, e.column) for e in report.row_errors] == [(3, "网址标识")]
    assert not Organisation.history.filter(name="导入测试局").exists()


def test_column_headers_default_to_model_verbose_names():
    headers = [f.column_name for f in OrganisationResource().get_import_fields()]
    assert headers == ["名称", "全称", "网址标识"]


def test_missing_required_column_is_named_in_chinese(clerk):
    # The sheet has no "单位" column, which every alias needs.
    report = run(AliasResource(), "别名.csv", csv_bytes([["别名"], ["测试局"]]), clerk)
    assert report.row_errors == [
        RowError(row=2, column=None, message="“单位”：必须填写，不能为空。")
    ]


def test_unknown_foreign_key_value_is_a_chinese_row_error(clerk):
    Organisation.objects.create(name="导入测试局", slug="import-test-bureau")
    data = csv_bytes([["别名", "单位"], ["测试局", "导入测试局"], ["测试处", "不存在的单位"]])
    report = run(AliasResource(), "别名.csv", data, clerk)
    assert report.row_errors == [
        RowError(row=3, column="单位", message="找不到“不存在的单位”对应的单位。")
    ]
    assert not OrganisationAlias.objects.filter(name="测试局").exists()


def test_same_key_twice_in_one_file_saves_nothing(clerk):
    rows = [["组名"], ["导入测试甲"], ["导入测试乙"], ["导入测试甲"]]
    report = run(GroupResource(), "groups.csv", csv_bytes(rows), clerk)
    assert not report.ok
    assert report.row_errors == [
        RowError(row=4, column="组名", message="与第2行的“组名”相同：同一条记录只能出现一次。")
    ]
    assert not Group.objects.filter(name__startswith="导入测试").exists()


def test_unknown_column_is_refused_before_import(clerk):
    report = run(GroupResource(), "groups.csv", csv_bytes([["组 名"], ["导入测试甲"]]), clerk)
    assert not report.ok
    assert "表头“组 名”不是本表的列" in report.refused
    assert "“组名”" in report.refused
    assert not Group.objects.filter(name="导入测试甲").exists()


def test_missing_key_column_is_refused(clerk):
    data = csv_bytes([["全称", "网址标识"], ["威海市导入测试局", "import-test-bureau"]])
    report = run(OrganisationResource(), "单位.csv", data, clerk)
    assert report.refused == "缺少必需的列“名称”（用来识别每一行对应哪条记录）。"


def test_refused_file_reports_reason_and_saves_nothing(clerk):
    report = run(GroupResource(), "groups.xlsx", b"not a zip", clerk)
    assert not report.ok and "不是有效的 .xlsx 文件" in report.refused
    assert report.row_errors == [] and report.preview == []


def test_gb18030_csv_imports_chinese_text(clerk):
    data = csv_bytes(
        [["名称", "网址标识"], ["导入测试卫生健康委", "import-test-health"]], "gb18030"
    )
    assert run(OrganisationResource(), "单位.csv", data, clerk).ok
    assert Organisation.objects.filter(name="导入测试卫生健康委").exists()


class WholeRowCheckResource(GroupResource):
    """Refuse a file without a column, and a row by a rule that concerns no single cell."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if "组名" not in dataset.headers:
            raise ValidationError("缺少“组名”列。")

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if row.get("组名") == "导入测试乙":
            raise ValidationError("这一行与本年度名单冲突。")


def test_validation_error_without_field_is_reported_for_the_whole_row(clerk):
    report = run(WholeRowCheckResource(), "groups.csv", csv_bytes(GOOD), clerk)
    assert report.row_errors == [RowError(row=3, column=None, message="这一行与本年度名单冲突。")]
    assert str(report.row_errors[0]) == "第3行：这一行与本年度名单冲突。"
    assert not Group.objects.filter(name__startswith="导入测试").exists()


def test_validation_error_in_before_import_refuses_the_file(clerk, monkeypatch):
    monkeypatch.setattr("gazette_site.importing.services.check_headers", lambda **kwargs: None)
    report = run(WholeRowCheckResource(), "groups.csv", csv_bytes([["别的列"], ["甲"]]), clerk)
    assert report.refused == "导入未能完成：缺少“组名”列。没有保存任何数据。"
