"""Export: cells a spreadsheet would run as formulas are neutralised in every format."""

import pytest
from django.contrib.auth.models import User
from import_export.fields import Field
from import_export.widgets import IntegerWidget

from documents.models import Issue, Organisation
from gazette_site.importing import GazetteResource, neutralise_formula, spreadsheet_import
from gazette_site.importing.formats import GazetteCSV, GazetteXLSX
from tests.importing.support import OrganisationResource, read_xlsx, upload

pytestmark = pytest.mark.django_db

DANGEROUS = {
    "=1+1": "'=1+1",
    "+1+1": "'+1+1",
    "-1+1": "'-1+1",
    "@SUM(A1)": "'@SUM(A1)",
    "\t=cmd": "'\t=cmd",
    "\r=cmd": "'\r=cmd",
    "正常的名称": "正常的名称",
    "a=b": "a=b",
}


@pytest.fixture
def organisations():
    return [
        Organisation.objects.create(name=f"导出测试{i}", full_name=text, slug=f"export-test-{i}")
        for i, text in enumerate(DANGEROUS)
    ]


def exported(resource_class, queryset, file_format):
    return file_format.export_data(resource_class().export(queryset=queryset))


def test_neutralise_formula_prefixes_only_formula_like_strings():
    for text, safe in DANGEROUS.items():
        assert neutralise_formula(text) == safe
    assert neutralise_formula(-5) == -5
    assert neutralise_formula(None) is None


def test_csv_export_neutralises_each_formula_trigger(organisations):
    queryset = Organisation.objects.filter(slug__startswith="export-test-").order_by("slug")
    dataset = OrganisationResource().export(queryset=queryset)
    assert dataset.headers == ["名称", "全称", "网址标识"]
    assert sorted(dataset["全称"]) == sorted(DANGEROUS.values())
    text = exported(OrganisationResource, queryset, GazetteCSV())
    assert "'=1+1" in text and "'@SUM(A1)" in text and "'-1+1" in text
    assert ",=1+1" not in text and ",@SUM" not in text


def test_xlsx_export_neutralises_each_formula_trigger(organisations):
    queryset = Organisation.objects.filter(slug__startswith="export-test-").order_by("slug")
    rows = read_xlsx(exported(OrganisationResource, queryset, GazetteXLSX()))
    assert rows[0] == ("名称", "全称", "网址标识") or list(rows[0]) == ["名称", "全称", "网址标识"]
    cells = sorted(row[1] for row in rows[1:])
    # openpyxl reads CR inside a cell back as LF-free "\r" escapes; compare the first char.
    assert all(
        cell.startswith("'") or not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        for cell in cells
    )
    assert "'=1+1" in cells and "'@SUM(A1)" in cells and "正常的名称" in cells


def test_xlsx_export_writes_no_formula_cells(organisations):
    import io

    import openpyxl

    queryset = Organisation.objects.filter(slug__startswith="export-test-")
    workbook = openpyxl.load_workbook(
        io.BytesIO(exported(OrganisationResource, queryset, GazetteXLSX()))
    )
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


def test_numbers_are_not_treated_as_formulas():
    class NumberResource(GazetteResource):
        number = Field(attribute="number", column_name="期号", widget=IntegerWidget())

        class Meta:
            model = Issue
            fields = ("number",)
            import_id_fields = ("number",)

    assert NumberResource().export_resource(Issue(number=-5)) == ["-5"]


def test_exported_csv_imports_back_unchanged(organisations):
    queryset = Organisation.objects.filter(slug__startswith="export-test-")
    data = exported(OrganisationResource, queryset, GazetteCSV()).encode("utf-8")
    user = User.objects.create_user("export-clerk")
    report = spreadsheet_import(
        resource=OrganisationResource(),
        uploaded_file=upload("export.csv", data),
        user=user,
        dry_run=True,
    )
    assert report.ok, report.row_errors
    assert report.totals.skip == len(DANGEROUS) and report.totals.update == 0


def test_exported_xlsx_imports_back_unchanged(organisations):
    queryset = Organisation.objects.filter(slug__startswith="export-test-")
    data = exported(OrganisationResource, queryset, GazetteXLSX())
    report = spreadsheet_import(
        resource=OrganisationResource(),
        uploaded_file=upload("export.xlsx", data),
        user=None,
        dry_run=True,
    )
    assert report.ok, report.row_errors
    # openpyxl reads and writes through lxml (pinned, for python-docx), which keeps a
    # carriage return as written: every cell, "\r=cmd" included, round-trips exactly.
    changed = [p.values[1] for p in report.preview if p.import_type == "update"]
    assert changed == []
    assert report.totals.skip == len(DANGEROUS)
