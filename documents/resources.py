"""Spreadsheet import and export of organisations (单位), through the shared machinery."""

from import_export.fields import Field

from documents.models import Organisation
from gazette_site.importing import GazetteResource


class OrganisationResource(GazetteResource):
    name = Field(attribute="name", column_name="名称")
    full_name = Field(attribute="full_name", column_name="全称")

    class Meta:
        model = Organisation
        import_id_fields = ("name",)
        fields = ("name", "full_name")
