"""Export formats for GazetteResource data: Excel-ready CSV and XLSX (gazette_site.spreadsheets).

With ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` the library deletes a leading ``=`` (so
"=1" is exported as "1"), writes empty cells as the text "None" and numbers as text.
GazetteResource already neutralises formula cells by prefixing ``'``, so these formats
leave the cells as the resource produced them. CSV gets a byte-order mark; XLSX a frozen
header, sized columns and the resource's text columns stored as text.
"""

from __future__ import annotations

from import_export.formats import base_formats

from gazette_site.spreadsheets import csv_text, xlsx_bytes


class _KeepCells:
    def _escape_formulae(self, dataset):
        """Leave cells alone: the resource has neutralised formulas without losing data."""


class GazetteCSV(_KeepCells, base_formats.CSV):
    """CSV with a byte-order mark, so Chinese Excel opens it as UTF-8."""

    def export_data(self, dataset, **kwargs):
        return csv_text(list(dataset.headers or []), dataset)


class GazetteXLSX(_KeepCells, base_formats.XLSX):
    """XLSX with a frozen header, sized columns and text columns stored as text."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(
            list(dataset.headers or []),
            dataset,
            text_columns=getattr(dataset, "text_columns", ()),
            title=getattr(dataset, "title", None) or "",
        )
