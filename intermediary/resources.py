"""Spreadsheet import/export of the catalogue: one row per item–matter link."""

from __future__ import annotations

import re
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Max
from import_export import widgets
from import_export.fields import Field

from gazette_site.history import import_reason
from gazette_site.importing import ChineseDateWidget, GazetteResource, LookupOnceForeignKeyWidget
from intermediary import services
from intermediary.models import (
    FORMULA_START,
    Department,
    IntermediaryService,
    MatterType,
    ServiceLink,
    ServiceMatter,
    split_sub_items,
)

SUB_ITEM_SEPARATOR = "；"
# Columns every sheet must have: the row makes an item and a matter when they are new.
REQUIRED_COLUMNS = (
    "序号",
    "中介服务项目名称",
    "部门",
    "事项名称",
    "子项名称",
    "事项类型",
    "设定依据",
    "收费依据及标准",
    "服务时限",
)


class SubItemsWidget(widgets.CharWidget):
    """Write sub-items joined by “；” in one cell; read “；”, “;” or line breaks."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value)
        parts = [p.strip() for p in re.split(r"[；;\r\n]+", text) if p.strip()]
        return "\n".join(parts)

    def render(self, value, obj=None, **kwargs):
        return SUB_ITEM_SEPARATOR.join(split_sub_items(value or ""))


class TextWidget(widgets.CharWidget):
    """Read a text cell trimmed, an empty cell as ""."""

    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class ServiceLinkResource(GazetteResource):
    """Import and export the catalogue, a row per link; new items and matters are created.

    An existing item keeps its name and department and an existing matter keeps its type:
    a row that contradicts them is refused (change them in the admin), so a sheet can never
    silently rename item 7 or retype a matter.
    """

    service = Field(
        attribute="service",
        column_name="序号",
        widget=widgets.ForeignKeyWidget(IntermediaryService, field="no"),
    )
    service_name = Field(attribute="service__name", column_name="中介服务项目名称")
    department = Field(attribute="service__department__name", column_name="部门")
    matter = Field(
        attribute="matter",
        column_name="事项名称",
        widget=widgets.ForeignKeyWidget(ServiceMatter, field="name"),
    )
    sub_items = Field(attribute="sub_items", column_name="子项名称", widget=SubItemsWidget())
    matter_type = Field(attribute="matter__matter_type", column_name="事项类型")
    legal_basis = Field(attribute="legal_basis", column_name="设定依据", widget=TextWidget())
    fee_basis = Field(attribute="fee_basis", column_name="收费依据及标准", widget=TextWidget())
    time_limit = Field(attribute="time_limit", column_name="服务时限", widget=TextWidget())

    class Meta:
        model = ServiceLink
        import_id_fields = ("service", "matter")
        fields = (
            "service",
            "service_name",
            "department",
            "matter",
            "sub_items",
            "matter_type",
            "legal_basis",
            "fee_basis",
            "time_limit",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        use_bulk = False
        skip_diff = False

    export_file_title = "中介服务事项关联"

    @classmethod
    def get_display_name(cls) -> str:
        return "中介服务项目清单（每行一个项目关联事项）"

    def get_queryset(self):
        return ServiceLink.objects.select_related("service", "service__department", "matter")

    def before_import(self, dataset, **kwargs):
        missing = [c for c in REQUIRED_COLUMNS if c not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                "表格缺少必需的列：" + "、".join(f"“{c}”" for c in missing) + "。"
                "每一行须有：" + "、".join(REQUIRED_COLUMNS) + "。"
            )
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        """Check the row and create its item and matter when they are new."""
        cells = {c: _text(row.get(c)) for c in REQUIRED_COLUMNS}
        errors: dict[str, list[str]] = {}

        def fail(attribute: str, message: str) -> None:
            errors.setdefault(attribute, []).append(message)

        for field in self.get_import_fields():
            if cells.get(field.column_name, "").startswith(FORMULA_START):
                fail(
                    field.attribute, "单元格不能以“=”开头（会被电子表格当作公式执行），请删去公式。"
                )
        if errors:
            raise ValidationError(errors)

        no = _positive_int(row.get("序号"))
        if no is None:
            fail("service", f"序号“{cells['序号']}”不是正整数。")
        else:
            row["序号"] = no
        for attribute, column in (
            ("service__name", "中介服务项目名称"),
            ("matter", "事项名称"),
            ("fee_basis", "收费依据及标准"),
            ("time_limit", "服务时限"),
        ):
            if not cells[column]:
                fail(attribute, f"“{column}”不能为空。")
        if cells["事项类型"] not in MatterType.values:
            fail(
                "matter__matter_type",
                f"事项类型“{cells['事项类型']}”不是以下之一："
                + "、".join(MatterType.values)
                + "。",
            )
        department = Department.objects.filter(name=cells["部门"]).first()
        if department is None:
            names = "、".join(Department.objects.order_by("order").values_list("name", flat=True))
            fail(
                "service__department__name", f"部门“{cells['部门']}”不在清单的部门之中（{names}）。"
            )
        if errors:
            raise ValidationError(errors)

        user = kwargs.get("user")
        reason = import_reason(kwargs.get("file_name"))
        service = IntermediaryService.objects.select_related("department").filter(no=no).first()
        if service is None:
            with _errors_on_columns({"name": "service__name", "no": "service"}):
                services.catalogue_item_create(
                    no=no,
                    name=cells["中介服务项目名称"],
                    department=department,
                    acting_user=user,
                    reason=reason,
                )
        else:
            if service.name != cells["中介服务项目名称"]:
                fail(
                    "service__name",
                    f"序号{no}已用于“{service.name}”，与本行的项目名称“{cells['中介服务项目名称']}”不同；"
                    "同一序号只能对应一个项目（改名请在管理后台进行）。",
                )
            if service.department_id != department.pk:
                fail(
                    "service__department__name",
                    f"第{no}项属于“{service.department.name}”，与本行的部门“{department.name}”不同"
                    "（调整部门请在管理后台进行）。",
                )
        matter = ServiceMatter.objects.filter(name=cells["事项名称"]).first()
        if matter is None:
            with _errors_on_columns({"name": "matter", "matter_type": "matter__matter_type"}):
                services.service_matter_create(
                    name=cells["事项名称"],
                    matter_type=cells["事项类型"],
                    acting_user=user,
                    reason=reason,
                )
        elif matter.matter_type != cells["事项类型"]:
            fail(
                "matter__matter_type",
                f"事项“{matter.name}”的类型是“{matter.matter_type}”，与本行的“{cells['事项类型']}”不同；"
                "同一事项只有一种类型（改类型请在管理后台进行）。",
            )
        if errors:
            raise ValidationError(errors)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # The item's and the matter's own columns were handled in before_import_row.
        if "__" in (field.attribute or ""):
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            last = ServiceLink.objects.filter(service=instance.service).aggregate(p=Max("position"))
            instance.position = (last["p"] or 0) + 1
        super().before_save_instance(instance, row, **kwargs)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _positive_int(value) -> int | None:
    """Read 7, "7", 7.0 or "7.0" as 7; anything else (or below 1) as None."""
    text = _text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value() or number < 1:
        return None
    return int(number)


@contextmanager
def _errors_on_columns(columns: dict[str, str]):
    """Move a refusal's messages from the record's fields to the spreadsheet columns."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(
            {columns.get(name, name): messages for name, messages in error.message_dict.items()}
        ) from error


class IntermediaryServiceResource(GazetteResource):
    """The catalogue items (中介服务项目), one row per item, identified by 序号."""

    department = Field(
        attribute="department",
        column_name="部门",
        widget=LookupOnceForeignKeyWidget(Department, field="name"),
    )
    abolished_on = Field(
        attribute="abolished_on", column_name="取消日期", widget=ChineseDateWidget()
    )
    abolished_by = Field(attribute="abolished_by", column_name="取消依据文号", widget=TextWidget())

    export_file_title = "中介服务项目"

    class Meta:
        model = IntermediaryService
        name = "中介服务项目"
        import_id_fields = ("no",)
        fields = ("no", "name", "department", "abolished_on", "abolished_by")
        export_order = fields

    def get_queryset(self):
        return IntermediaryService.objects.select_related("department")


class ServiceMatterResource(GazetteResource):
    """The government service matters (政务服务事项), identified by 事项名称."""

    export_file_title = "政务服务事项"

    class Meta:
        model = ServiceMatter
        name = "政务服务事项"
        import_id_fields = ("name",)
        fields = ("name", "matter_type")
