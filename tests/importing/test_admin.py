"""The admin import screen: permission, checks, preview, every bad row, all or nothing."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Organisation
from gazette_site.importing import GazetteImportExportAdmin
from tests.importing.support import csv_bytes, read_xlsx, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.importing.urls")]

IMPORT_URL = "/admin/documents/organisation/import/"
CONFIRM_URL = "/admin/documents/organisation/process_import/"
CHANGELIST_URL = "/admin/documents/organisation/"
GOOD = [["名称", "全称", "网址标识"], ["导入测试局", "威海市导入测试局", "import-test-bureau"]]


def permission(codename: str) -> Permission:
    # The codename django-import-export checks: get_permission_codename("import", opts).
    permission, _ = Permission.objects.get_or_create(
        codename=codename,
        content_type=ContentType.objects.get_for_model(Organisation),
        defaults={"name": codename},
    )
    return permission


@pytest.fixture
def staff():
    user = User.objects.create_user("staff-no-import", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    return user


@pytest.fixture
def importer():
    user = User.objects.create_user("staff-importer", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_organisation"), permission("import_organisation")
    )
    return user


def post_file(client, name, data):
    return client.post(IMPORT_URL, {"import_file": SimpleUploadedFile(name, data)})


def confirm_token(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no confirm form on the preview page"
    return match.group(1)


def test_staff_without_import_permission_cannot_import(client, staff):
    client.force_login(staff)
    assert client.get(IMPORT_URL).status_code == 403
    assert post_file(client, "orgs.csv", csv_bytes(GOOD)).status_code == 403
    assert client.post(CONFIRM_URL, {"token": "x"}).status_code == 403
    assert not Organisation.objects.filter(name="导入测试局").exists()
    changelist = client.get(CHANGELIST_URL)
    assert changelist.status_code == 200
    assert IMPORT_URL not in changelist.content.decode()


def test_staff_with_import_permission_sees_the_import_screen(client, importer):
    client.force_login(importer)
    changelist = client.get(CHANGELIST_URL)
    assert IMPORT_URL in changelist.content.decode()
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "第1行是表头" in text and "“名称”、“全称”、“网址标识”" in text


def test_import_previews_then_saves_after_confirmation(client, importer):
    client.force_login(importer)
    preview = post_file(client, "单位.csv", csv_bytes(GOOD))
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "新增 1 行" in text and "尚未保存" in text and "威海市导入测试局" in text
    assert not Organisation.objects.filter(name="导入测试局").exists()

    done = client.post(CONFIRM_URL, {"token": confirm_token(preview)}, follow=True)
    assert done.redirect_chain[-1][0] == CHANGELIST_URL
    assert "已导入“单位.csv”：新增 1 行" in done.content.decode()
    organisation = Organisation.objects.get(name="导入测试局")
    record = organisation.history.get()
    assert record.history_user == importer
    assert record.history_change_reason == "表格导入：单位.csv"


def test_bad_rows_are_listed_in_chinese_and_nothing_is_saved(client, importer):
    client.force_login(importer)
    rows = GOOD + [["导入测试处", "", "坏 slug"], ["长" * 101, "", ""]]
    response = post_file(client, "单位.xlsx", xlsx_bytes(rows))
    text = response.content.decode()
    assert "有 2 处错误" in text and "没有保存任何数据" in text
    assert "<td>第3行</td><td>网址标识</td>" in text
    assert (
        "<td>第4行</td><td>名称</td><td>确保该变量包含不超过 100 字符 (目前字符数 101)。</td>"
        in text
    )
    assert 'name="token"' not in text
    assert not Organisation.objects.filter(name__startswith="导入测试").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"hello", "只能导入 .csv 或 .xlsx"),
        ("renamed.xlsx", b"name\nA\n", "不是有效的 .xlsx 文件"),
        ("empty.csv", b"", "文件是空的"),
    ],
)
def test_refused_files_show_the_reason_on_the_form(client, importer, name, data, message):
    client.force_login(importer)
    response = post_file(client, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_oversize_upload_is_refused(client, importer, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 200
    client.force_login(importer)
    data = csv_bytes(GOOD + [[f"导入测试{i}", "", f"import-test-{i}"] for i in range(20)])
    response = post_file(client, "big.csv", data)
    assert "文件太大" in response.content.decode()


def test_confirm_token_is_bound_to_the_user(client, importer):
    client.force_login(importer)
    token = confirm_token(post_file(client, "单位.csv", csv_bytes(GOOD)))
    other = User.objects.create_user("other-importer", is_staff=True)
    other.user_permissions.add(permission("import_organisation"))
    client.force_login(other)
    response = client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "确认已失效" in response.content.decode()
    assert not Organisation.objects.filter(name="导入测试局").exists()


def test_forged_token_is_rejected(client, importer):
    client.force_login(importer)
    response = client.post(CONFIRM_URL, {"token": "../../etc/passwd"}, follow=True)
    assert "确认已失效" in response.content.decode()


def test_data_changed_after_preview_saves_nothing(client, importer):
    client.force_login(importer)
    rows = GOOD + [["导入测试处", "", "import-test-office"]]
    token = confirm_token(post_file(client, "单位.csv", csv_bytes(rows)))
    Organisation.objects.create(name="别人刚加的", slug="import-test-office")
    response = client.post(CONFIRM_URL, {"token": token})
    text = response.content.decode()
    assert "没有保存任何数据" in text and "第3行" in text
    assert not Organisation.objects.filter(name__startswith="导入测试").exists()


def test_export_requires_export_permission(client, importer):
    client.force_login(importer)
    assert client.get("/admin/documents/organisation/export/").status_code == 403
    importer.user_permissions.add(permission("export_organisation"))
    assert client.get("/admin/documents/organisation/export/").status_code == 200


def test_admin_refuses_a_resource_that_is_not_a_gazette_resource():
    from django.contrib import admin
    from import_export.resources import ModelResource

    class PlainResource(ModelResource):
        class Meta:
            model = Organisation

    class BadAdmin(GazetteImportExportAdmin):
        resource_classes = [PlainResource]

    with pytest.raises(ImproperlyConfigured, match="GazetteResource"):
        BadAdmin(Organisation, admin.AdminSite(name="scratch"))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_admin_export_neutralises_formulas_in_csv_and_xlsx(client, importer, file_format):
    Organisation.objects.create(
        name="导出测试甲", full_name='=HYPERLINK("http://x")', slug="export-a"
    )
    Organisation.objects.create(name="导出测试乙", full_name="", slug="export-b")
    importer.user_permissions.add(permission("export_organisation"))
    client.force_login(importer)
    response = client.post("/admin/documents/organisation/export/", {"file_format": file_format})
    assert response.status_code == 200
    if file_format == "csv":
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        rows = read_xlsx(response.content)
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["导出测试甲"][1] == '\'=HYPERLINK("http://x")'
    # The library's own escaping would have written an empty cell as the text "None".
    assert by_name["导出测试乙"][1] in ("", None)
