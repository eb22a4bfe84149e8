"""Spreadsheet import and export of organisations (单位) and districts (区市), shared machinery."""

from django.utils.text import slugify
from import_export.fields import Field

from documents.models import District, Organisation
from gazette_site.importing import GazetteResource


class OrganisationResource(GazetteResource):
    name = Field(attribute="name", column_name="名称")
    full_name = Field(attribute="full_name", column_name="全称")
    # Organisation.save() fills the slug; the import does the same, so rows can be bulk-written.
    bulk_save_safe = True

    class Meta:
        model = Organisation
        import_id_fields = ("name",)
        fields = ("name", "full_name")

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.slug:
            instance.slug = slugify(instance.name, allow_unicode=True)
        super().before_save_instance(instance, row, **kwargs)


class DistrictResource(GazetteResource):
    """The 区市 and development zones, by name (名称)."""

    class Meta:
        model = District
        name = "区市（开发区）"
        import_id_fields = ("name",)
        fields = ("name", "short_name", "kind", "position")
