"""Spreadsheet builders and small resources the import tests share."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from import_export.fields import Field
from import_export.widgets import ForeignKeyWidget

from documents.models import Organisation, OrganisationAlias
from gazette_site.importing import GazetteResource


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    """Write rows as CSV text in the given encoding."""
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    """Write rows to the first sheet of a real .xlsx workbook."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def read_xlsx(data: bytes) -> list[list]:
    """Read every row of the first sheet back, as values."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


class GroupResource(GazetteResource):
    """A minimal resource over auth.Group: one text column, also the key."""

    name = Field(attribute="name", column_name="组名")

    class Meta:
        model = Group
        fields = ("name",)
        import_id_fields = ("name",)


class FailingGroupResource(GroupResource):
    """Simulate the database refusing one row after validation passed (e.g. a race)."""

    class Meta(GroupResource.Meta):
        # The failure is simulated in do_instance_save, which only row-by-row imports call.
        use_bulk = False

    def do_instance_save(self, instance, is_create):
        if instance.name == "数据库拒绝":
            raise IntegrityError("duplicate key value violates unique constraint")
        super().do_instance_save(instance, is_create)


class OrganisationResource(GazetteResource):
    """Columns come from the model's verbose names: 名称, 全称, 网址标识."""

    class Meta:
        model = Organisation
        fields = ("name", "full_name", "slug")
        import_id_fields = ("name",)


class AliasResource(GazetteResource):
    """An alias names its organisation by the organisation's name."""

    organisation = Field(
        attribute="organisation",
        column_name="单位",
        widget=ForeignKeyWidget(Organisation, field="name"),
    )

    class Meta:
        model = OrganisationAlias
        fields = ("name", "organisation")
        import_id_fields = ("name",)
