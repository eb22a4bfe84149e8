"""Shared spreadsheet-import machinery for every app of the portal (written once, used by all).

Full guide with a worked example: ``docs/importing.md``.

Spreadsheet conventions
    * Accepted files: ``.csv`` (UTF-8 with or without BOM; GB18030 as a fallback for CSV saved
      by Chinese Excel) and ``.xlsx`` (first worksheet). Anything else is refused.
    * Row 1 holds the column headers, in Chinese: the ``column_name`` of each resource field.
    * Row numbers in every message are the numbers the user sees in the spreadsheet:
      the header is row 1, the first data row is row 2.
    * A file with ANY bad row (parse error, validation error, database error) saves nothing.

The API for domain apps
-----------------------
``resources.py``::

    from import_export.fields import Field
    from gazette_site.importing import GazetteResource

    class SpeciesResource(GazetteResource):
        code = Field(attribute="code", column_name="编号")
        name = Field(attribute="name", column_name="名称")

        class Meta:
            model = Species
            import_id_fields = ("code",)      # the natural key that is in the sheet
            fields = ("code", "name")

    ``GazetteResource`` (a ``ModelResource``) imports in one transaction and rolls back on
    any error (validation errors included; ``full_clean()`` runs on every row), skips
    unchanged rows and reports them, records history (django-simple-history) with the
    importing user as ``history_user``, and on export prefixes ``'`` to every string cell
    starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return (all formats).
    Do not set ``use_bulk`` (history needs per-row saves; it raises TypeError). Fields
    generated from the model take the model field's ``verbose_name`` as column header;
    declared ``Field`` objects need an explicit Chinese ``column_name``. Date fields read
    2020-08-18 / 2020/8/18 / 2020年8月18日 / Excel dates (``ChineseDateWidget``); boolean
    fields read 是/否 (``ChineseBooleanWidget``). A foreign key is usually declared as
    ``Field(attribute="department", column_name="部门",
    widget=ForeignKeyWidget(Organisation, field="name"))``.

``models.py`` — a model offered for import/export declares the permissions the admin checks
(``IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"`` gives codename ``import_<model_name>``)::

    class Meta:
        permissions = [("import_species", "可导入物种"), ("export_species", "可导出物种")]

``admin.py``::

    from gazette_site.importing import GazetteImportExportAdmin

    @admin.register(Species)
    class SpeciesAdmin(GazetteImportExportAdmin):
        resource_classes = [SpeciesResource]
        search_fields = ...

    ``GazetteImportExportAdmin`` = SimpleHistoryAdmin + ImportExportModelAdmin; its import
    view applies the same file checks as the service, shows a dry-run preview and every bad
    row (row, column, message in Chinese) and imports only after confirmation. Only users
    with ``<app>.import_<model>`` may import, ``<app>.export_<model>`` may export.

Service (for views, commands and tests)::

    from gazette_site.importing import spreadsheet_import

    report = spreadsheet_import(
        resource=SpeciesResource(), uploaded_file=f, user=request.user, dry_run=True
    )
    report.ok            # bool: nothing refused, no bad row
    report.refused       # str | None: the Chinese reason the whole file was refused
    report.row_errors    # list[RowError(row: int, column: str | None, message: str)]
    report.totals        # ImportTotals(new, update, skip, delete, invalid, error)
    report.saved         # True only when ok and not dry_run
    report.headers       # list[str]: the resource's column headers
    report.preview       # list[PreviewRow(row, import_type, import_type_display, values)]

    ``uploaded_file`` is any Django ``File``/``UploadedFile`` with a ``name`` (e.g.
    ``SimpleUploadedFile("x.csv", data)``). When ``report.ok`` is False nothing was saved.

``read_spreadsheet(*, uploaded_file) -> tablib.Dataset`` reads and checks a file alone and
raises ``ImportRefused`` (``.message`` in Chinese) for a wrong type, a file over
``settings.IMPORT_MAX_UPLOAD_BYTES``, an .xlsx whose unpacked size is over
``settings.IMPORT_MAX_XLSX_UNPACKED_BYTES`` (checked from the zip directory before parsing),
more data rows than ``settings.IMPORT_MAX_ROWS``, or an empty file.
"""

from gazette_site.importing.admin import GazetteImportExportAdmin
from gazette_site.importing.files import ImportRefused, SpreadsheetDataset, read_spreadsheet
from gazette_site.importing.resources import (
    ChineseBooleanWidget,
    ChineseDateWidget,
    GazetteResource,
    neutralise_formula,
)
from gazette_site.importing.services import (
    ImportReport,
    ImportTotals,
    PreviewRow,
    RowError,
    spreadsheet_import,
)

__all__ = [
    "ChineseBooleanWidget",
    "ChineseDateWidget",
    "GazetteImportExportAdmin",
    "GazetteResource",
    "ImportRefused",
    "ImportReport",
    "ImportTotals",
    "PreviewRow",
    "RowError",
    "SpreadsheetDataset",
    "neutralise_formula",
    "read_spreadsheet",
    "spreadsheet_import",
]
