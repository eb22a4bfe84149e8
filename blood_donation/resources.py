"""Spreadsheet import and export of the blood-donation figures (shared import machinery).

Each figure belongs to a measure (办法), named in the sheet by its document's 文号. The
figures are the rules the calculator applies, so an import may change them but never
deletes them.
"""

from __future__ import annotations

from import_export.fields import Field

from blood_donation.models import DonationOption, Fine, HonourLevel, Measure
from gazette_site.importing import GazetteResource, LookupOnceForeignKeyWidget

RULE_SET_REFUSAL = (
    "献血数据是无偿献血计算器依据的规则，不能通过导入删除；请在管理后台以新版本取代。"
)


def _measure_field() -> Field:
    return Field(
        attribute="measure",
        column_name="办法文号",
        widget=LookupOnceForeignKeyWidget(Measure, field="document__doc_number"),
    )


class DonationOptionResource(GazetteResource):
    """The amounts a donor may give at one donation (第十六条)."""

    measure = _measure_field()
    export_file_title = "每次献血量"
    delete_missing_allowed = False
    delete_missing_refusal = RULE_SET_REFUSAL

    class Meta:
        model = DonationOption
        name = "每次献血量"
        import_id_fields = ("measure", "kind", "amount")
        fields = ("measure", "kind", "amount", "article")
        export_order = fields

    def get_queryset(self):
        return DonationOption.objects.select_related("measure__document")


class HonourLevelResource(GazetteResource):
    """The honours earned by cumulative volume (第二十六条)."""

    measure = _measure_field()
    export_file_title = "献血荣誉"
    delete_missing_allowed = False
    delete_missing_refusal = RULE_SET_REFUSAL

    class Meta:
        model = HonourLevel
        name = "献血荣誉"
        import_id_fields = ("measure", "code")
        fields = ("measure", "code", "min_ml", "below_ml", "granted_by", "printed_text", "article")
        export_order = fields

    def get_queryset(self):
        return HonourLevel.objects.select_related("measure__document")


class FineResource(GazetteResource):
    """The fine ranges per offence and offender (第二十九条)."""

    measure = _measure_field()
    export_file_title = "罚款"
    delete_missing_allowed = False
    delete_missing_refusal = RULE_SET_REFUSAL

    class Meta:
        model = Fine
        name = "罚款"
        import_id_fields = ("measure", "offence", "offender")
        fields = (
            "measure",
            "offence",
            "offender",
            "min_yuan",
            "max_yuan",
            "other_penalty",
            "authority",
            "position",
            "article",
        )
        export_order = fields

    def get_queryset(self):
        return Fine.objects.select_related("measure__document")
