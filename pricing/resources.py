"""Staff import of "亩产效益" evaluation results from a spreadsheet (one row per enterprise and year).

Columns: 企业名称, 统一社会信用代码, 区市, 年度, 评价类别, 公布日期. A row names the enterprise by its
credit code; a new code registers the enterprise, a known one keeps it up to date (name,
district). The shared machinery saves nothing when any row is bad, and a file imported twice
changes nothing the second time.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from import_export.fields import Field
from import_export.widgets import CharWidget, ForeignKeyWidget, IntegerWidget

from documents.models import District
from gazette_site.history import import_reason
from gazette_site.importing import ChineseDateWidget, GazetteResource, LookupOnceForeignKeyWidget
from pricing import rules, services
from pricing.models import Enterprise, Evaluation, Grade, Policy, Surcharge

NAME, CODE, DISTRICT = "企业名称", "统一社会信用代码", "区市"
# Errors about the enterprise are reported against the sheet's columns, not model fields.
_ENTERPRISE_FIELDS = {
    "name": "enterprise_name",
    "credit_code": "enterprise",
    "district": "district_name",
}
_GRADE_NOTE = re.compile(r"[（(][^）)]*[）)]$")


class GradeWidget(CharWidget):
    """Read A/B/C/D, also written D类 or D类（限制发展类） or full-width; refuse anything else."""

    def clean(self, value, row=None, **kwargs):
        text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
        letter = _GRADE_NOTE.sub("", text).strip().removesuffix("类").strip().upper()
        if letter in Grade.values:
            return letter
        if not text:
            raise ValidationError("评价类别不能为空，应为A、B、C、D之一。")
        raise ValidationError(f"评价类别“{text}”不是A、B、C、D之一。")


class EvaluationResource(GazetteResource):
    """One evaluation result per row; the enterprise is found or registered by its credit code."""

    enterprise_name = Field(attribute="enterprise_name", column_name=NAME, widget=CharWidget())
    enterprise = Field(
        attribute="enterprise",
        column_name=CODE,
        widget=ForeignKeyWidget(Enterprise, field="credit_code"),
    )
    district_name = Field(attribute="district_name", column_name=DISTRICT, widget=CharWidget())
    year = Field(attribute="year", column_name="年度", widget=IntegerWidget())
    grade = Field(attribute="grade", column_name="评价类别", widget=GradeWidget())
    published_on = Field(
        attribute="published_on", column_name="公布日期", widget=ChineseDateWidget()
    )

    export_file_title = "亩产效益评价结果"

    class Meta:
        model = Evaluation
        name = "亩产效益评价结果"
        fields = ("enterprise_name", "enterprise", "district_name", "year", "grade", "published_on")
        import_id_fields = ("enterprise", "year")
        # Rows register and update enterprises as they go.
        use_bulk = False

    def get_queryset(self):
        return Evaluation.objects.select_related("enterprise__district").order_by(
            "-year", "enterprise__name"
        )

    def missing_scope(self, dataset):
        """A file covers the years it lists; other years are not “missing” from it."""
        years = set()
        if "年度" in (dataset.headers or []):
            for value in dataset["年度"]:
                try:
                    years.add(int(str(value).strip()))
                except (TypeError, ValueError):
                    continue
        return self.get_queryset().filter(year__in=years)

    def dehydrate_enterprise_name(self, evaluation: Evaluation) -> str:
        return evaluation.enterprise.name

    def dehydrate_district_name(self, evaluation: Evaluation) -> str:
        return evaluation.enterprise.district.name

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._districts = {d.name: d for d in District.objects.all()}
        self._seen: dict[str, tuple[str, str]] = {}
        self._touched: set[str] = set()

    def before_import_row(self, row, **kwargs):
        """Check the enterprise columns, then register or update the enterprise."""
        super().before_import_row(row, **kwargs)
        name = _text(row.get(NAME))
        code = services.normalize_credit_code(_text(row.get(CODE)))
        district_name = _text(row.get(DISTRICT))
        errors: dict[str, str] = {}
        if not name:
            errors["enterprise_name"] = "企业名称不能为空。"
        problem = rules.credit_code_problem(code)
        if problem:
            errors["enterprise"] = problem
        district = self._districts.get(district_name)
        if district is None:
            allowed = "、".join(self._districts) or "（区市列表为空，请先在后台添加区市）"
            errors["district_name"] = (
                f"区市“{district_name}”不在区市列表中。可填：{allowed}。"
                if district_name
                else f"区市不能为空。可填：{allowed}。"
            )
        if not errors and code in self._seen and self._seen[code] != (name, district_name):
            first_name, first_district = self._seen[code]
            errors["enterprise_name"] = (
                f"同一统一社会信用代码在表中前面的行写作“{first_name}”（{first_district}），"
                f"这里是“{name}”（{district_name}），请统一。"
            )
        if errors:
            raise ValidationError(errors)
        self._seen.setdefault(code, (name, district_name))
        row[NAME], row[CODE], row[DISTRICT] = name, code, district_name

        user = kwargs.get("user")
        reason = import_reason(kwargs.get("file_name"))
        try:
            enterprise = Enterprise.objects.filter(credit_code=code).first()
            if enterprise is None:
                services.enterprise_create(
                    name=name, credit_code=code, district=district, acting_user=user, reason=reason
                )
                self._touched.add(code)
            elif services.enterprise_update(
                enterprise=enterprise, name=name, district=district, acting_user=user, reason=reason
            ):
                self._touched.add(code)
        except ValidationError as error:
            raise ValidationError(
                {
                    _ENTERPRISE_FIELDS.get(field, field): messages
                    for field, messages in error.message_dict.items()
                }
            )

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if not new:
            # Compare the sheet's names with the stored ones, so an unchanged row is skipped.
            instance.enterprise_name = instance.enterprise.name
            instance.district_name = instance.enterprise.district.name

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if row.get(CODE) in self._touched:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class SurchargeResource(GazetteResource):
    """The surcharge steps (加价标准) of a policy, identified by 文号, 品种 and 连续列入D类年数."""

    policy = Field(
        attribute="policy",
        column_name="政策文号",
        widget=LookupOnceForeignKeyWidget(Policy, field="document__doc_number"),
    )
    export_file_title = "加价标准"
    delete_missing_allowed = False
    delete_missing_refusal = (
        "加价标准是差别化价格计算器依据的规则，不能通过导入删除；"
        "停用的标准请在管理后台以新版本取代。"
    )

    class Meta:
        model = Surcharge
        name = "加价标准"
        import_id_fields = ("policy", "resource", "consecutive_years")
        fields = (
            "policy",
            "resource",
            "consecutive_years",
            "and_more",
            "rate",
            "basis",
            "unit",
            "source_text",
        )
        export_order = fields

    def get_queryset(self):
        return Surcharge.objects.select_related("policy__document")
