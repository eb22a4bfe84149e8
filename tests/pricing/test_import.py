"""Staff import of evaluation results through the shared import machinery."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from gazette_site.importing import spreadsheet_import
from pricing.models import Enterprise, Evaluation
from pricing.resources import EvaluationResource
from tests.pricing.conftest import make_credit_code

pytestmark = pytest.mark.django_db

HEADER = ["企业名称", "统一社会信用代码", "区市", "年度", "评价类别", "公布日期"]


def csv_file(rows, name="评价结果.csv"):
    out = io.StringIO(newline="")
    csv.writer(out).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"))


def xlsx_file(rows, name="评价结果.xlsx"):
    workbook = openpyxl.Workbook()
    for row in [HEADER, *rows]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def run(upload, *, dry_run=False, user=None):
    return spreadsheet_import(
        resource=EvaluationResource(), uploaded_file=upload, user=user, dry_run=dry_run
    )


@pytest.fixture
def codes():
    return [make_credit_code() for _ in range(3)]


@pytest.fixture
def good_rows(codes):
    return [
        ["威海甲制造有限公司", codes[0], "环翠区", "2019", "D", "2020-04-20"],
        ["威海甲制造有限公司", codes[0], "环翠区", "2020", "D类", "2021年4月15日"],
        ["荣成乙食品有限公司", codes[1], "荣成市", "2020", "D类（限制发展类）", "2021/4/15"],
        ["乳山丙机械有限公司", codes[2], "乳山市", "2020", "B", "2021-04-15"],
    ]


def counts():
    return (
        Enterprise.objects.count(),
        Evaluation.objects.count(),
        Enterprise.history.count(),
        Evaluation.history.count(),
    )


def test_import_creates_enterprises_and_results(good_rows, codes):
    report = run(csv_file(good_rows))
    assert report.ok and report.saved, report.row_errors
    assert (report.totals.new, report.totals.update, report.totals.skip) == (4, 0, 0)
    first = Enterprise.objects.get(credit_code=codes[0])
    assert first.name == "威海甲制造有限公司" and first.district.name == "环翠区"
    assert list(first.evaluations.values_list("year", "grade", "published_on")) == [
        (2020, "D", dt.date(2021, 4, 15)),
        (2019, "D", dt.date(2020, 4, 20)),
    ]
    assert Enterprise.objects.get(credit_code=codes[1]).evaluations.get().grade == "D"
    assert Evaluation.history.filter(history_change_reason__startswith="表格导入").count() == 4


def test_reimporting_the_same_file_changes_nothing(good_rows):
    assert run(csv_file(good_rows)).ok
    before = counts()
    report = run(csv_file(good_rows))
    assert report.ok
    assert (report.totals.new, report.totals.update, report.totals.skip) == (0, 0, 4)
    assert counts() == before


def test_xlsx_with_real_dates_and_numbers_imports_and_reimports(codes):
    rows = [["威海丁科技有限公司", codes[0], "文登区", 2020, "D", dt.datetime(2021, 4, 15)]]
    assert run(xlsx_file(rows)).ok
    before = counts()
    report = run(xlsx_file(rows))
    assert report.ok and report.totals.skip == 1
    assert counts() == before


def test_dry_run_previews_and_saves_nothing(good_rows):
    report = run(csv_file(good_rows), dry_run=True)
    assert report.ok and not report.saved
    assert [p.import_type_display for p in report.preview] == ["新增"] * 4
    assert Enterprise.objects.count() == 0 and Evaluation.objects.count() == 0


def test_a_correction_updates_and_is_kept_in_history(good_rows, codes):
    assert run(csv_file(good_rows)).ok
    corrected = [row[:] for row in good_rows]
    corrected[3][4] = "C"
    corrected[2][0] = "荣成乙食品股份有限公司"
    report = run(csv_file(corrected))
    assert report.ok
    assert report.totals.update == 2 and report.totals.skip == 2
    assert Evaluation.objects.get(enterprise__credit_code=codes[2]).grade == "C"
    renamed = Enterprise.objects.get(credit_code=codes[1])
    assert renamed.name == "荣成乙食品股份有限公司"
    assert renamed.history.count() == 2


def assert_refused(report, *, row, column, words):
    assert not report.ok
    matching = [
        e for e in report.row_errors if e.row == row and e.column == column and words in e.message
    ]
    assert matching, report.row_errors


@pytest.mark.parametrize(
    "code,words",
    [
        ("91110000600037341N", "校验码"),
        ("9111000060003734", "18位"),
        ("91110000600037341l", "大写"),
        ("", "请填写"),
    ],
)
def test_bad_credit_code_is_a_row_error_and_nothing_is_saved(good_rows, code, words):
    rows = [*good_rows, ["坏代码公司", code, "环翠区", "2020", "D", "2021-04-15"]]
    report = run(csv_file(rows))
    assert_refused(report, row=6, column="统一社会信用代码", words=words)
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("grade", ["E", "甲", "", "DD", "限制发展类"])
def test_unknown_class_is_refused(good_rows, grade):
    rows = [row[:] for row in good_rows]
    rows[1][4] = grade
    report = run(csv_file(rows))
    assert_refused(report, row=3, column="评价类别", words="A、B、C、D")
    assert counts() == (0, 0, 0, 0)


def test_duplicate_enterprise_and_year_is_refused(good_rows):
    rows = [
        *good_rows,
        ["威海甲制造有限公司", good_rows[0][1], "环翠区", "2019", "C", "2020-05-01"],
    ]
    report = run(csv_file(rows))
    assert not report.ok
    assert any(e.row == 6 and "第2行" in e.message for e in report.row_errors), report.row_errors
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "year,published,words",
    [
        ("2020", "2022-01-05", "2020年1月1日至2021年12月31日"),
        ("2020", "2019-12-31", "不在此范围"),
        ("2020", "2099-04-15", "不在此范围"),
        ("2020", "2021-02-30", "不是有效的日期"),
    ],
)
def test_date_outside_the_years_plausible_range_is_refused(good_rows, year, published, words):
    rows = [row[:] for row in good_rows]
    rows[2][3], rows[2][5] = year, published
    report = run(csv_file(rows))
    assert_refused(report, row=4, column="公布日期", words=words)
    assert counts() == (0, 0, 0, 0)


def test_bad_year_is_refused(good_rows):
    rows = [row[:] for row in good_rows]
    rows[0][3] = "二〇一九"
    report = run(csv_file(rows))
    assert not report.ok
    assert any(e.row == 2 and e.column == "年度" for e in report.row_errors), report.row_errors


def test_unknown_district_names_the_allowed_ones(good_rows):
    rows = [row[:] for row in good_rows]
    rows[2][2] = "高区"
    report = run(csv_file(rows))
    assert_refused(report, row=4, column="区市", words="“高区”不在区市列表中")
    assert any("威海火炬高技术产业开发区" in e.message for e in report.row_errors)
    assert counts() == (0, 0, 0, 0)


def test_one_code_with_two_names_in_one_file_is_refused(good_rows):
    rows = [row[:] for row in good_rows]
    rows[1][0] = "威海甲制造集团"
    report = run(csv_file(rows))
    assert_refused(report, row=3, column="企业名称", words="请统一")


def test_a_bad_file_after_a_good_import_leaves_the_data_as_it_was(good_rows):
    assert run(csv_file(good_rows)).ok
    before = counts()
    rows = [row[:] for row in good_rows]
    rows[3][4] = "C"  # a real change…
    rows.append(
        ["坏代码公司", "91110000600037341N", "环翠区", "2020", "D", "2021-04-15"]
    )  # …and a bad row
    report = run(csv_file(rows))
    assert not report.ok
    assert counts() == before
    assert not Evaluation.objects.filter(grade="C").exists()


def test_wrong_header_is_refused_whole(codes):
    out = io.StringIO(newline="")
    csv.writer(out).writerows([["名称", "信用代码"], ["x", codes[0]]])
    report = run(SimpleUploadedFile("x.csv", out.getvalue().encode("utf-8")))
    assert report.refused and "不是本表的列" in report.refused


def test_export_round_trips(good_rows):
    assert run(csv_file(good_rows)).ok
    dataset = EvaluationResource().export()
    assert dataset.headers == HEADER
    exported = {tuple(str(v) for v in row) for row in dataset}
    assert ("威海甲制造有限公司", good_rows[0][1], "环翠区", "2020", "D", "2021-04-15") in exported


# --- the admin ---------------------------------------------------------------------------


@pytest.fixture
def clerk(db):
    user = User.objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="pricing",
            codename__in=[
                "import_evaluation",
                "view_evaluation",
                "add_evaluation",
                "change_evaluation",
            ],
        )
    )
    return user


def test_admin_import_preview_then_confirm(client, clerk, good_rows):
    client.force_login(clerk)
    url = "/admin/pricing/evaluation/import/"
    response = client.post(url, {"import_file": csv_file(good_rows)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "新增" in html
    assert Evaluation.objects.count() == 0  # preview only
    token = response.context["confirm_form"].initial["token"]
    response = client.post("/admin/pricing/evaluation/process_import/", {"token": token})
    assert response.status_code == 302
    assert Evaluation.objects.count() == 4
    assert Evaluation.history.filter(history_user=clerk).count() == 4


def test_admin_import_shows_row_errors(client, clerk, good_rows):
    client.force_login(clerk)
    rows = [*good_rows, ["坏代码公司", "91110000600037341N", "环翠区", "2020", "D", "2021-04-15"]]
    html = client.post(
        "/admin/pricing/evaluation/import/", {"import_file": csv_file(rows)}
    ).content.decode()
    assert "<td>第6行</td><td>统一社会信用代码</td>" in html
    assert "校验码" in html and "没有保存任何数据" in html
    assert Evaluation.objects.count() == 0


def test_staff_without_the_import_permission_cannot_import(client, db):
    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_evaluation"))
    client.force_login(user)
    assert client.get("/admin/pricing/evaluation/import/").status_code == 403
