"""Export formats for GazetteResource data: CSV and XLSX without the library's lossy escaping.

With ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` the library deletes a leading ``=`` (so
"=1" is exported as "1"), writes empty cells as the text "None" and numbers as text.
GazetteResource already neutralises formula cells by prefixing ``'``, so these formats
leave the cells as the resource produced them.
"""

from __future__ import annotations

from import_export.formats import base_formats


class _KeepCells:
    def _escape_formulae(self, dataset):
        """Leave cells alone: the resource has neutralised formulas without losing data."""


class GazetteCSV(_KeepCells, base_formats.CSV):
    """CSV as the library writes it, minus the lossy formula escaping."""


class GazetteXLSX(_KeepCells, base_formats.XLSX):
    """XLSX as the library writes it, minus the lossy formula escaping."""
