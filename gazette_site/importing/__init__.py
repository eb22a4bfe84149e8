"""Shared spreadsheet-import machinery for every app of the portal (written once, used by all).

Full guide with a worked example: ``docs/importing.md``.

Spreadsheet conventions
    * Accepted files: ``.csv`` (UTF-8 with or without BOM; GB18030 as a fallback for CSV saved
      by Chinese Excel) and ``.xlsx`` (first worksheet only). Anything else is refused.
    * Row 1 holds the column headers, in Chinese: the ``column_name`` of each resource field.
      A header the resource does not know is refused (a typo must not drop a column
      silently); the ``import_id_fields`` columns are required; other columns may be left out.
    * Row numbers in every message are the numbers the user sees in the spreadsheet:
      the header is row 1, the first data row is row 2 (blank rows are skipped but counted).
    * A file with ANY bad row (unreadable cell, validation error, database error, the same
      key twice) saves nothing.

``resources.py``::

    from import_export.fields import Field
    from import_export.widgets import ForeignKeyWidget
    from gazette_site.importing import GazetteResource

    class SpeciesResource(GazetteResource):
        department = Field(attribute="department", column_name="部门",
                           widget=ForeignKeyWidget(Organisation, field="name"))

        class Meta:
            model = Species
            fields = ("code", "name", "department")  # model fields: header = verbose_name
            import_id_fields = ("code",)             # the natural key that is in the sheet

    ``GazetteResource`` (a ``ModelResource``) imports in one transaction and rolls back on any
    error (validation errors included; ``full_clean()`` runs on every row), skips unchanged
    rows and reports them, records django-simple-history with the importing user as
    ``history_user`` and "表格导入：<file>" as change reason, and on export prefixes ``'`` to
    every text cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR (numbers and dates
    are left alone; the prefix is removed again on import). ``use_bulk`` is refused (bulk
    writes skip history). Declared ``Field`` objects need an explicit Chinese ``column_name``.
    Date fields read 2020-08-18, 2020/8/18, 2020年8月18日 or an Excel date
    (``ChineseDateWidget``); boolean fields read 是/否 (``ChineseBooleanWidget``).
    In a hook, ``raise ValidationError({"<field attribute>": "中文说明"})`` reports that cell;
    ``sheet_row(dataset, kwargs["row_number"])`` gives the sheet row number for a message;
    ``CELL_ERRORS`` / ``cell_error_message(field, value, error)`` turn a widget's failure
    into Chinese.

``models.py``: a model offered for import/export declares the permissions the admin checks
(``IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"`` → codename ``import_<model_name>``)::

    class Meta:
        permissions = [("import_species", "可导入物种"), ("export_species", "可导出物种")]

``admin.py``::

    @admin.register(Species)
    class SpeciesAdmin(GazetteImportExportAdmin):   # SimpleHistoryAdmin + ImportExportModelAdmin
        resource_classes = [SpeciesResource]         # GazetteResource subclasses only

    Upload → the checks of ``read_spreadsheet`` → dry-run preview (or every bad row, in
    Chinese) → confirm → the same checks and the real import. Import needs
    ``<app>.import_<model_name>``, export ``<app>.export_<model_name>``; export formats are
    CSV and XLSX.

Service (views, commands, tests)::

    report = spreadsheet_import(resource=SpeciesResource(), uploaded_file=f,
                                user=request.user, dry_run=True)
    report.ok            # bool: not refused and no bad row; when False nothing was saved
    report.saved         # ok and not dry_run
    report.refused       # str | None: why the whole file was refused (Chinese)
    report.row_errors    # list[RowError(row: int, column: str | None, message: str)]
    report.totals        # ImportTotals(new, update, skip, delete, invalid, error)
    report.headers       # the sheet's headers (plus any column after_import added)
    report.preview       # list[PreviewRow(row, import_type, import_type_display, values, changed)]

    ``uploaded_file`` is any Django ``File``/``UploadedFile`` with a ``name``
    (e.g. ``SimpleUploadedFile("x.csv", data)``).

``read_spreadsheet(*, uploaded_file) -> SpreadsheetDataset`` (a ``tablib.Dataset`` with
``row_numbers``) checks and reads a file alone; it raises ``ImportRefused`` (``.message`` in
Chinese) for a wrong type (by extension and content), a file over
``settings.IMPORT_MAX_UPLOAD_BYTES``, an .xlsx whose unpacked size is over
``settings.IMPORT_MAX_XLSX_UNPACKED_BYTES`` (from the zip directory, before parsing), more
than ``settings.IMPORT_MAX_ROWS`` data rows (counted while streaming), or an empty file.
"""

from gazette_site.importing.admin import GazetteImportExportAdmin
from gazette_site.importing.files import (
    ImportRefused,
    SpreadsheetDataset,
    read_spreadsheet,
    sheet_row,
)
from gazette_site.importing.printed import printed_note, printed_value
from gazette_site.importing.resources import (
    CELL_ERRORS,
    ChineseBooleanWidget,
    ChineseDateWidget,
    ChoicesWidget,
    GazetteResource,
    LookupOnceForeignKeyWidget,
    cell_error_message,
    neutralise_formula,
)
from gazette_site.importing.services import (
    CellChange,
    ImportReport,
    ImportTotals,
    MissingRow,
    PreviewRow,
    RenameOffer,
    RowError,
    deletion_blocker,
    spreadsheet_import,
)

__all__ = [
    "CELL_ERRORS",
    "CellChange",
    "MissingRow",
    "RenameOffer",
    "deletion_blocker",
    "printed_note",
    "printed_value",
    "ChineseBooleanWidget",
    "ChineseDateWidget",
    "ChoicesWidget",
    "LookupOnceForeignKeyWidget",
    "GazetteImportExportAdmin",
    "GazetteResource",
    "ImportRefused",
    "ImportReport",
    "ImportTotals",
    "PreviewRow",
    "RowError",
    "SpreadsheetDataset",
    "cell_error_message",
    "neutralise_formula",
    "read_spreadsheet",
    "sheet_row",
    "spreadsheet_import",
]
