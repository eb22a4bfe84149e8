"""Spreadsheet import and export of the roster and of a year's prizes (shared import machinery)."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import widgets
from import_export.fields import Field

from gazette_site.history import import_reason
from gazette_site.importing import GazetteResource
from gazette_site.importing.resources import CELL_ERRORS, cell_error_message
from rewards import services, validation
from rewards.models import AwardPrize, AwardScheme, AwardWinner, Institution, Sector


class SectorWidget(widgets.Widget):
    """Read and write a sector by its Chinese name (银行业金融机构…)."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValidationError("奖励对象不能为空。")
        for choice in Sector:
            if text in (choice.label, choice.value):
                return choice.value
        raise ValidationError(
            f"“{text}”不是奖励对象，应为：" + "、".join(c.label for c in Sector) + "。"
        )

    def render(self, value, obj=None, **kwargs):
        return Sector(value).label if value else ""


def _read(resource, names, row) -> dict:
    """Clean the named cells of a row, collecting a Chinese message per bad cell."""
    values, errors = {}, {}
    for name in names:
        field = resource.fields[name]
        try:
            values[name] = field.clean(row)
        except ValidationError as error:
            errors[field.attribute] = error
        except CELL_ERRORS as error:
            errors[field.attribute] = ValidationError(
                cell_error_message(field, row.get(field.column_name), error)
            )
    if errors:
        raise ValidationError(errors)
    return values


def _years(dataset) -> set[int]:
    years = set()
    for value in dataset["年度"] if "年度" in (dataset.headers or []) else []:
        try:
            years.add(int(str(value).strip()))
        except (TypeError, ValueError):
            continue
    return years


class AwardWinnerResource(GazetteResource):
    """A year's roster: one row per institution and prize (第六条)."""

    year = Field(
        attribute="prize__scheme__year", column_name="年度", widget=widgets.IntegerWidget()
    )
    sector = Field(attribute="prize__sector", column_name="奖励对象", widget=SectorWidget())
    prize = Field(attribute="prize__name", column_name="奖项")
    institution = Field(attribute="institution__name", column_name="获奖机构")
    growth_pct = Field(
        attribute="growth_pct", column_name="实际增速（%）", widget=widgets.DecimalWidget()
    )
    note = Field(attribute="note", column_name="备注", widget=widgets.CharWidget(allow_blank=True))
    amount = Field(
        attribute="amount", column_name="奖金（元）", widget=widgets.DecimalWidget(), readonly=True
    )

    export_file_title = "获奖名单"

    class Meta:
        model = AwardWinner
        name = "获奖名单"
        fields = ("year", "sector", "prize", "institution", "growth_pct", "note", "amount")
        import_id_fields = ("year", "sector", "prize", "institution")
        # Each row resolves its prize and institution through services.
        use_bulk = False

    def get_queryset(self):
        return AwardWinner.objects.select_related("prize__scheme", "institution")

    def missing_scope(self, dataset):
        """A roster file covers the years it lists."""
        return self.get_queryset().filter(prize__scheme__year__in=_years(dataset))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        problems = validation.award_winner_problems(winner=instance)
        if problems:
            raise ValidationError({NON_FIELD_ERRORS: problems})

    def import_instance(self, instance, row, **kwargs):
        values = _read(self, ("year", "sector", "prize", "institution", "growth_pct", "note"), row)
        if values["year"] is None:
            raise ValidationError({"prize__scheme__year": "年度不能为空。"})
        year_problem = validation.award_year_problem(values["year"])
        if year_problem:
            raise ValidationError({"prize__scheme__year": year_problem})
        try:
            prize = services.prize_resolve(
                year=values["year"], sector=values["sector"], name=(values["prize"] or "").strip()
            )
        except ValidationError as error:
            raise ValidationError({"prize__name": error.messages})
        try:
            institution = services.institution_resolve(
                name=values["institution"],
                sector=values["sector"],
                acting_user=kwargs.get("user"),
                reason=import_reason(kwargs.get("file_name")),
            )
        except ValidationError as error:
            raise ValidationError({"institution__name": error.messages})
        instance.prize = prize
        instance.institution = institution
        instance.growth_pct = values["growth_pct"]
        instance.note = values["note"] or ""


class AwardPrizeResource(GazetteResource):
    """A year's prizes; after the whole file, each touched scheme must still add up (第六条)."""

    year = Field(attribute="scheme__year", column_name="年度", widget=widgets.IntegerWidget())
    sector = Field(attribute="sector", column_name="奖励对象", widget=SectorWidget())
    name = Field(attribute="name", column_name="奖项")
    position = Field(attribute="position", column_name="顺序", widget=widgets.IntegerWidget())
    count = Field(attribute="count", column_name="名额", widget=widgets.IntegerWidget())
    amount = Field(attribute="amount", column_name="每名奖金（元）", widget=widgets.DecimalWidget())
    recipient = Field(
        attribute="recipient",
        column_name="指定获奖机构",
        widget=widgets.ForeignKeyWidget(Institution, "name"),
    )
    requirements = Field(
        attribute="requirements",
        column_name="工作要求",
        widget=widgets.CharWidget(allow_blank=True),
    )
    growth_indicator = Field(
        attribute="growth_indicator",
        column_name="考核增速指标",
        widget=widgets.CharWidget(allow_blank=True),
    )
    min_growth_pct = Field(
        attribute="min_growth_pct", column_name="增速不低于（%）", widget=widgets.DecimalWidget()
    )

    export_file_title = "奖项设置"
    delete_missing_allowed = False
    delete_missing_refusal = (
        "奖项是年度方案（计算器依据的规则）的一部分，不能通过导入删除；请在管理后台调整方案。"
    )

    class Meta:
        model = AwardPrize
        name = "奖项设置"
        fields = (
            "year",
            "sector",
            "name",
            "position",
            "count",
            "amount",
            "recipient",
            "requirements",
            "growth_indicator",
            "min_growth_pct",
        )
        import_id_fields = ("year", "sector", "name")
        # after_import checks the sums of each scheme against the saved prizes.
        use_bulk = False

    def get_queryset(self):
        return AwardPrize.objects.select_related("scheme", "recipient")

    def missing_scope(self, dataset):
        """A prize file covers the years it lists."""
        return self.get_queryset().filter(scheme__year__in=_years(dataset))

    def before_import(self, dataset, **kwargs):
        self._years: set[int] = set()
        super().before_import(dataset, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        names = [n for n in self._meta.fields if self.fields[n].column_name in row]
        values = _read(self, names, row)
        year = values.get("year")
        if year is None:
            raise ValidationError({"scheme__year": "年度不能为空。"})
        scheme = AwardScheme.objects.filter(year=year).first()
        if scheme is None:
            raise ValidationError(
                {
                    "scheme__year": f"还没有{year}年的方案：请先在管理后台录入当年的奖金上限和行业奖金。"
                }
            )
        instance.scheme = scheme
        for name, value in values.items():
            if name == "year":
                continue
            attribute = self.fields[name].attribute
            if value is None and attribute in ("requirements", "growth_indicator", "name"):
                value = ""
            setattr(instance, attribute, value)
        self._years.add(year)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return
        problems = []
        for scheme in AwardScheme.objects.filter(year__in=self._years).prefetch_related(
            "sectors", "prizes"
        ):
            for problem in services.award_scheme_problems(scheme=scheme):
                problems.append(f"{scheme.year}年：{problem}")
        if problems:
            raise ValidationError(["导入后年度方案的数额不再一致，全部不予保存。", *problems])
