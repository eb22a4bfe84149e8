"""Staff import of the catalogue through the shared machinery: round trip, previews, bad sheets."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from gazette_site.importing import spreadsheet_import
from intermediary.models import IntermediaryService, ServiceLink, ServiceMatter
from intermediary.resources import REQUIRED_COLUMNS, ServiceLinkResource

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    user = User.objects.create_user("clerk", password="pw-not-used", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="intermediary",
            codename__in=[
                "import_servicelink",
                "export_servicelink",
                "view_servicelink",
                "change_servicelink",
                "add_servicelink",
            ],
        )
    )
    return user


def snapshot() -> list:
    """Everything the catalogue holds, to prove an import changed nothing."""
    return [
        list(IntermediaryService.objects.order_by("pk").values()),
        list(ServiceMatter.objects.order_by("pk").values()),
        list(ServiceLink.objects.order_by("pk").values()),
        IntermediaryService.history.count()
        + ServiceMatter.history.count()
        + ServiceLink.history.count(),
    ]


def exported_rows(client) -> list[dict]:
    text = client.get("/intermediary/download.csv").content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def to_csv(rows: list[dict], headers=REQUIRED_COLUMNS) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(headers), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(
        "清单.csv", out.getvalue().encode("utf-8-sig"), content_type="text/csv"
    )


def run(upload, user, *, dry_run=False):
    return spreadsheet_import(
        resource=ServiceLinkResource(), uploaded_file=upload, user=user, dry_run=dry_run
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(client, clerk, file_format):
    before = snapshot()
    download = client.get(f"/intermediary/download.{file_format}")
    upload = SimpleUploadedFile(f"清单.{file_format}", download.content)
    report = run(upload, clerk)
    assert report.ok, report.row_errors or report.refused
    assert report.totals.new == 0 and report.totals.update == 0
    assert report.totals.skip == ServiceLink.objects.count()
    assert snapshot() == before


def test_the_admin_export_imports_back_unchanged(client, clerk):
    client.force_login(clerk)
    before = snapshot()
    response = client.post(
        "/admin/intermediary/servicelink/export/",
        {
            "format": "0",
            "resource": "0",
            **{f"servicelinkresource_{name}": "on" for name in ServiceLinkResource.Meta.fields},
        },
    )
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    report = run(SimpleUploadedFile("admin.csv", response.content), clerk)
    assert report.ok, report.row_errors or report.refused
    assert report.totals.skip == ServiceLink.objects.count()
    assert snapshot() == before


def test_a_bad_sheet_is_refused_row_by_row_and_nothing_is_saved(client, clerk):
    rows = exported_rows(client)
    before = snapshot()
    rows[0]["设定依据"] = "新的设定依据"  # row 2: a good change, which must not be saved either
    rows[1]["事项类型"] = "行政审核"  # row 3: unknown matter type
    rows[2]["中介服务项目名称"] = ""  # row 4: empty name
    rows[3]["中介服务项目名称"] = "另一个项目"  # row 5: number 4 belongs to another name
    rows[4]["收费依据及标准"] = '=HYPERLINK("http://example.com")'  # row 6: a formula
    rows.append(dict(rows[5]))  # last row: the same item and matter twice
    report = run(to_csv(rows), clerk)
    assert not report.ok and not report.refused
    messages = {(e.row, e.column): e.message for e in report.row_errors}
    assert "行政审核" in messages[(3, "事项类型")] and "行政许可" in messages[(3, "事项类型")]
    assert "不能为空" in messages[(4, "中介服务项目名称")]
    assert "序号4已用于“机动车安全技术检验”" in messages[(5, "中介服务项目名称")]
    assert "不能以“=”开头" in messages[(6, "收费依据及标准")]
    duplicate_row = len(rows) + 1
    assert any(e.row == duplicate_row and "第7行" in e.message for e in report.row_errors)
    assert all(str(e).startswith(f"第{e.row}行") for e in report.row_errors)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            [c if c != "服务时限" else "服务期限" for c in REQUIRED_COLUMNS],
            "“服务期限”不是本表的列",
        ),
        ([c for c in REQUIRED_COLUMNS if c != "事项类型"], "缺少必需的列：“事项类型”"),
        ([c for c in REQUIRED_COLUMNS if c != "序号"], "缺少必需的列“序号”"),
    ],
)
def test_a_sheet_with_wrong_columns_is_refused(client, clerk, headers, message):
    rows = exported_rows(client)[:3]
    for row in rows:
        row["服务期限"] = row.get("服务时限", "")
    before = snapshot()
    report = run(to_csv(rows, headers=headers), clerk)
    assert not report.ok
    assert message in (report.refused or "")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("清单.txt", "序号,中介服务项目名称\n1,安全评价报告\n", "只能导入 .csv 或 .xlsx"),
        ("清单.xls", "not really excel", "不支持旧版 Excel"),
        ("清单.xlsx", "a csv pretending to be a workbook", "不是有效的 .xlsx 文件"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused(clerk, name, content, message):
    before = snapshot()
    report = run(SimpleUploadedFile(name, content.encode()), clerk)
    assert not report.ok and message in report.refused
    assert snapshot() == before


def test_a_new_item_is_previewed_then_created_with_its_history(client, clerk):
    row = {
        "序号": "65",
        "中介服务项目名称": "测绘成果审核报告",
        "部门": "行政审批服务局",
        "事项名称": "建设工程规划许可",
        "子项名称": "建设工程规划许可（新办）；建设工程规划许可（变更）",
        "事项类型": "行政许可",
        "设定依据": "《城乡规划法》第四十条",
        "收费依据及标准": "市场调节价",
        "服务时限": "协商约定",
    }
    existing = dict(exported_rows(client)[0])
    before = snapshot()
    preview = run(to_csv([existing, row]), clerk, dry_run=True)
    assert preview.ok
    assert [p.import_type_display for p in preview.preview] == ["无变化", "新增"]
    assert snapshot() == before

    report = run(to_csv([existing, row]), clerk)
    assert report.ok and report.totals.new == 1
    service = IntermediaryService.objects.get(no=65)
    link = service.links.get()
    assert link.sub_item_list == ["建设工程规划许可（新办）", "建设工程规划许可（变更）"]
    assert link.matter.matter_type == "行政许可"
    assert service.history.first().history_user == clerk
    assert link.history.first().history_user == clerk
    assert client.get("/intermediary/items/65/").status_code == 200
    assert client.get("/intermediary/").context["total"] == 65


def test_a_changed_link_is_previewed_with_its_columns_then_saved(client, clerk):
    rows = exported_rows(client)
    target = next(
        r for r in rows if r["序号"] == "34" and r["事项名称"] == "建设工程施工许可证核发"
    )
    target["服务时限"] = "5个工作日"
    preview = run(to_csv([target]), clerk, dry_run=True)
    assert preview.ok and preview.preview[0].import_type_display == "修改"
    assert preview.preview[0].changed == ["服务时限"]
    assert run(to_csv([target]), clerk).ok
    link = ServiceLink.objects.get(service__no=34, matter__name="建设工程施工许可证核发")
    assert link.time_limit == "5个工作日"
    assert link.history.first().history_user == clerk


def test_a_row_cannot_retype_a_matter_or_move_an_item(client, clerk):
    rows = exported_rows(client)
    first = dict(rows[0])
    first["事项类型"] = "行政确认"
    second = dict(rows[1])
    second["部门"] = "市公安局"
    third = dict(rows[2])
    third["部门"] = "市教育局"
    before = snapshot()
    report = run(to_csv([first, second, third]), clerk)
    messages = {(e.row, e.column): e.message for e in report.row_errors}
    assert "类型是“行政许可”" in messages[(2, "事项类型")]
    assert "属于“市工业和信息化局”" in messages[(3, "部门")]
    assert "部门“市教育局”不在清单的部门之中" in messages[(4, "部门")]
    assert snapshot() == before


def test_the_admin_import_previews_for_a_clerk_and_is_closed_to_others(client, clerk):
    client.force_login(clerk)
    assert client.get("/admin/intermediary/servicelink/import/").status_code == 200
    rows = exported_rows(client)[:2]
    rows[1]["事项类型"] = "行政审核"
    response = client.post("/admin/intermediary/servicelink/import/", {"import_file": to_csv(rows)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "第3行" in html and "行政审核" in html

    outsider = User.objects.create_user("visitor", password="pw-not-used", is_staff=True)
    client.force_login(outsider)
    assert client.get("/admin/intermediary/servicelink/import/").status_code == 403


def test_the_intermediary_clerks_may_import_and_export_the_catalogue_but_not_delete_items():
    group = Group.objects.get(name="中介服务数据维护员")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"import_servicelink", "export_servicelink", "change_intermediaryservice"} <= codenames
    assert "delete_intermediaryservice" not in codenames
    assert "delete_servicelink" in codenames
