"""Rosters and prize tiers imported from spreadsheets: all rows or none, every bad row named."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gazette_site.importing import spreadsheet_import
from rewards.models import AwardPrize, AwardWinner, Institution, Sector
from rewards.resources import AwardPrizeResource, AwardWinnerResource
from tests.rewards.conftest import csv_upload, wan

pytestmark = pytest.mark.django_db

HEADER = ["年度", "奖励对象", "奖项", "获奖机构", "实际增速（%）", "备注"]


def run(rows, clerk, *, dry_run=False, resource=AwardWinnerResource, name="roster.csv"):
    return spreadsheet_import(
        resource=resource(), uploaded_file=csv_upload(rows, name), user=clerk, dry_run=dry_run
    )


def test_a_roster_imports_with_history(scheme_2020, clerk):
    rows = [
        HEADER,
        ["2020", "银行业金融机构", "一等奖", "威海市商业银行", "", ""],
        [
            "2020",
            "银行业金融机构",
            "威海市新增信贷投放奖",
            "威海市商业银行",
            "",
            "同一机构获不同奖项",
        ],
        ["2020", "地方金融组织", "获奖机构", "某小额贷款公司", "", ""],
        ["2020", "监管机构", "人民银行威海市中心支行奖金", "人民银行威海市中心支行", "9.1", ""],
    ]
    preview = run(rows, clerk, dry_run=True)
    assert preview.ok and preview.totals.new == 4
    assert AwardWinner.objects.count() == 0
    report = run(rows, clerk)
    assert report.ok and report.saved
    assert AwardWinner.objects.count() == 4
    bank = Institution.objects.get(name="威海市商业银行")
    assert bank.sector == Sector.BANK
    assert sum(w.amount for w in bank.awards.all()) == wan(25)
    winner = AwardWinner.objects.get(prize__name="一等奖")
    assert winner.history.first().history_user == clerk
    # Importing the same file again changes nothing.
    again = run(rows, clerk)
    assert again.ok and again.totals.skip == 4 and again.totals.new == 0


def test_a_bad_roster_saves_nothing_and_names_each_row(scheme_2020, clerk):
    rows = [
        HEADER,
        ["2020", "证券业金融机构", "一等奖", "证券甲", "", ""],
        ["2020", "证券业金融机构", "一等奖", "证券乙", "", ""],  # row 3: over the 1 place
        ["2026", "银行业金融机构", "一等奖", "银行甲", "", ""],  # row 4: outside the validity
        ["2020", "银行", "一等奖", "银行乙", "", ""],  # row 5: unknown sector
        ["2020", "银行业金融机构", "特等奖", "银行丙", "", ""],  # row 6: unknown prize
        ["二〇二〇", "银行业金融机构", "一等奖", "银行丁", "", ""],  # row 7: year not a number
        ["2020", "监管机构", "威海银保监分局奖金", "威海银保监分局", "7", ""],  # row 8: growth < 8%
        ["2020", "保险业金融机构", "一等奖", "", "", ""],  # row 9: no institution
    ]
    report = run(rows, clerk)
    assert not report.ok and not report.saved
    assert AwardWinner.objects.count() == 0
    assert not Institution.objects.filter(name="证券甲").exists()
    by_row = {}
    for error in report.row_errors:
        by_row.setdefault(error.row, []).append(error)
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9]
    assert "名额为1名，已有1家机构获奖" in by_row[3][0].message
    assert by_row[4][0].column == "年度" and "2026年不在奖励办法有效期内" in by_row[4][0].message
    assert "“银行”不是奖励对象" in by_row[5][0].message
    assert by_row[6][0].column == "奖项" and "没有名为“特等奖”的奖项" in by_row[6][0].message
    assert "不是整数" in by_row[7][0].message
    assert "小微企业贷款余额增速为7%，低于第六条（二）要求的8%" in by_row[8][0].message
    assert by_row[9][0].column == "获奖机构" and "获奖机构名称不能为空" in by_row[9][0].message


def test_duplicate_rows_in_one_file_are_refused(scheme_2020, clerk):
    rows = [
        HEADER,
        ["2020", "保险业金融机构", "二等奖", "保险甲", "", ""],
        ["2020", "保险业金融机构", "二等奖", "保险甲", "", ""],
    ]
    report = run(rows, clerk)
    assert not report.ok
    assert any(e.row == 3 and "与第2行" in e.message for e in report.row_errors)
    assert AwardWinner.objects.count() == 0


def test_a_roster_exported_imports_back_unchanged(scheme_2020, clerk):
    run(
        [
            HEADER,
            ["2020", "保险业金融机构", "三等奖", '=HYPERLINK("x")保险', "", ""],
            ["2020", "证券业金融机构", "二等奖", "证券甲", "", "备注"],
        ],
        clerk,
    )
    dataset = AwardWinnerResource().export()
    assert dataset.headers == [*HEADER, "奖金（元）"]
    exported = dataset.export("xlsx")
    cell = openpyxl.load_workbook(io.BytesIO(exported)).active["D2"].value
    assert not str(cell).startswith("=")  # formula neutralised on export
    report = spreadsheet_import(
        resource=AwardWinnerResource(),
        uploaded_file=SimpleUploadedFile("export.xlsx", exported),
        user=clerk,
        dry_run=False,
    )
    assert report.ok, report.row_errors or report.refused
    assert report.totals.skip == 2 and report.totals.new == 0 and report.totals.update == 0


TIER_HEADER = ["年度", "奖励对象", "奖项", "名额", "每名奖金（元）"]


def test_tiers_import_that_breaks_the_sums_is_refused(scheme_2020, clerk):
    report = run(
        [TIER_HEADER, ["2020", "保险业金融机构", "三等奖", "6", "60000"]],
        clerk,
        resource=AwardPrizeResource,
        name="tiers.csv",
    )
    assert not report.ok
    assert "导入后年度方案的数额不再一致" in report.refused
    assert "保险业金融机构奖金为56万元，而各奖项名额×每名奖金之和为62万元" in report.refused
    assert (
        AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.INSURANCE, name="三等奖").count
        == 5
    )


def test_tiers_import_that_keeps_the_sums_is_saved(scheme_2020, clerk):
    # 1 × 10 + 2 × 9 + 5 × 5.6 = 56万元, as the budget says.
    report = run(
        [
            TIER_HEADER,
            ["2020", "保险业金融机构", "二等奖", "2", "90000"],
            ["2020", "保险业金融机构", "三等奖", "5", "56000"],
        ],
        clerk,
        resource=AwardPrizeResource,
        name="tiers.csv",
    )
    assert report.ok, report.refused or report.row_errors
    assert report.totals.update == 2
    second = AwardPrize.objects.get(scheme=scheme_2020, sector=Sector.INSURANCE, name="二等奖")
    assert second.amount == wan(9)


def test_tiers_import_for_a_year_without_scheme(scheme_2020, clerk):
    report = run(
        [TIER_HEADER, ["2023", "保险业金融机构", "一等奖", "1", "100000"]],
        clerk,
        resource=AwardPrizeResource,
        name="tiers.csv",
    )
    assert not report.ok
    assert report.row_errors[0].column == "年度"
    assert "还没有2023年的方案" in report.row_errors[0].message


# --------------------------------------------------------------------------- through the admin


def test_admin_import_preview_then_confirm(clerk_client, scheme_2020):
    upload = csv_upload([HEADER, ["2020", "证券业金融机构", "三等奖", "证券丙", "", ""]])
    preview = clerk_client.post("/admin/rewards/awardwinner/import/", {"import_file": upload})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "证券丙" in page
    assert AwardWinner.objects.count() == 0
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    done = clerk_client.post("/admin/rewards/awardwinner/process_import/", {"token": token})
    assert done.status_code == 302
    assert AwardWinner.objects.get().institution.name == "证券丙"


def test_admin_import_shows_bad_rows(clerk_client, scheme_2020):
    upload = csv_upload(
        [
            HEADER,
            ["2020", "证券业金融机构", "三等奖", "证券丙", "", ""],
            ["2030", "证券业金融机构", "三等奖", "证券丁", "", ""],
        ]
    )
    page = clerk_client.post(
        "/admin/rewards/awardwinner/import/", {"import_file": upload}
    ).content.decode()
    assert "第3行" in page and "2030年不在奖励办法有效期内" in page
    assert AwardWinner.objects.count() == 0
