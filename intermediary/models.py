"""The intermediary-service catalogue of 威政字〔2020〕49号: items, matters and their links."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from documents.implementing import ImplementsDocument
from gazette_site.formatting import cn_date
from gazette_site.natural_keys import NaturalKeyManager, NaturalKeyMixin
from gazette_site.readings import printed_value, readings_field
from gazette_text import parse_doc_number

CN_NUMERALS = "一二三四五六七八九十"
# A spreadsheet runs a cell that starts with this as a formula; no catalogue text does.
FORMULA_START = "="


def cn_ordinal(number: int) -> str:
    """Write 1–99 as the heading numeral the print uses: 一, 十, 十一, 二十三."""
    if not 1 <= number <= 99:
        raise ValueError(f"无法写成中文序号：{number}")
    tens, units = divmod(number, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else CN_NUMERALS[tens - 1]) + "十"
    if units:
        text += CN_NUMERALS[units - 1]
    return text


def reject_formula(value: str, *, label: str) -> None:
    """Refuse text that a spreadsheet would run as a formula."""
    if value.startswith(FORMULA_START):
        raise ValidationError(f"{label}不能以“=”开头（会被电子表格当作公式执行）。")


class MatterType(models.TextChoices):
    """事项类型 as printed in the catalogue."""

    LICENSING = "行政许可", "行政许可"
    CONFIRMATION = "行政确认", "行政确认"
    PUBLIC_SERVICE = "公共服务", "公共服务"
    OTHER_POWER = "其他行政权力", "其他行政权力"
    INSPECTION = "行政检查", "行政检查"


class Catalogue(NaturalKeyMixin, ImplementsDocument):
    """The catalogue as a whole: the notice that publishes it and the earlier list it repeals."""

    natural_key_fields = ("document__doc_number",)

    title = models.CharField("清单名称", max_length=200)
    repeals = models.CharField(
        "同时废止的清单文号",
        max_length=40,
        blank=True,
        help_text="按印刷版照录，如“威政字〔2018〕40号”。",
    )
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "中介服务项目清单"
        verbose_name_plural = "中介服务项目清单"
        constraints = [
            models.UniqueConstraint(
                fields=["document"], name="intermediary_catalogue_unique_document"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"

    def get_absolute_url(self) -> str:
        return reverse("intermediary:catalogue")


class Department(NaturalKeyMixin, models.Model):
    """A department heading of the catalogue (一、市工业和信息化局 …)."""

    natural_key_fields = ("order",)

    order = models.PositiveSmallIntegerField(
        "序号", unique=True, help_text="标题前的中文序号，一=1"
    )
    name = models.CharField("部门名称", max_length=100, unique=True, help_text="按原文标题印法")
    source_note = models.TextField("转录说明", blank=True)
    readings = readings_field()
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="intermediary_department_order_positive",
                violation_error_message="部门序号应从 1 开始。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("intermediary:department", kwargs={"order": self.order})

    @property
    def heading(self) -> str:
        """Return the heading as printed: 十一、行政审批服务局."""
        return f"{cn_ordinal(self.order)}、{self.name}"

    def clean(self) -> None:
        if self.name:
            reject_formula(self.name, label="部门名称")


class ServiceMatter(NaturalKeyMixin, models.Model):
    """A government service matter (政务服务事项); one record however many items serve it."""

    natural_key_fields = ("name",)

    name = models.CharField("事项名称", max_length=200, unique=True)
    matter_type = models.CharField("事项类型", max_length=10, choices=MatterType.choices)
    source_note = models.TextField("转录说明", blank=True)
    readings = readings_field()
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        permissions = [
            ("import_servicematter", "可从表格导入政务服务事项"),
            ("export_servicematter", "可导出政务服务事项"),
        ]
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(matter_type__in=MatterType.values),
                name="intermediary_matter_type_known",
                violation_error_message="事项类型只能是行政许可、行政确认、公共服务、其他行政权力或行政检查。",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="intermediary_matter_name_not_empty",
                violation_error_message="请填写事项名称。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("intermediary:matter", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.name:
            reject_formula(self.name, label="事项名称")


class IntermediaryService(NaturalKeyMixin, models.Model):
    """An intermediary service item (中介服务项目) under its printed number."""

    natural_key_fields = ("no",)

    no = models.PositiveSmallIntegerField("序号", unique=True)
    name = models.CharField("中介服务项目名称", max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="services", verbose_name="部门"
    )
    abolished_on = models.DateField("取消日期", null=True, blank=True)
    abolished_by = models.CharField(
        "取消依据文号",
        max_length=100,
        blank=True,
        help_text="取消该项目的文件文号，如 威政字〔2021〕1号",
    )
    source_lines = models.CharField("原文行号", max_length=200, blank=True)
    source_note = models.TextField("转录说明", blank=True, help_text="原文有歧义处所取的读法及理由")
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "中介服务项目"
        verbose_name_plural = "中介服务项目"
        permissions = [
            ("import_intermediaryservice", "可从表格导入中介服务项目"),
            ("export_intermediaryservice", "可导出中介服务项目"),
        ]
        ordering = ["no"]
        constraints = [
            models.CheckConstraint(
                condition=Q(no__gte=1),
                name="intermediary_service_no_positive",
                violation_error_message="项目序号应从 1 开始。",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="intermediary_service_name_not_empty",
                violation_error_message="请填写中介服务项目名称。",
            ),
            # Abolishing needs both the date and the document; neither alone means anything.
            models.CheckConstraint(
                condition=(Q(abolished_on__isnull=True) & Q(abolished_by=""))
                | (Q(abolished_on__isnull=False) & ~Q(abolished_by="")),
                name="intermediary_service_abolished_complete",
                violation_error_message="取消日期和取消文件要么都填，要么都不填。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.no}. {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("intermediary:service", kwargs={"no": self.no})

    @property
    def fee_basis_summary(self) -> str:
        """Join the fee bases of the item's links (prefetched), each once: 市场调节价；政府购买服务."""
        return "；".join(dict.fromkeys(link.fee_basis for link in self.links.all()))

    @property
    def printed_fee_basis_summary(self) -> str:
        """The same, each fee basis as printed (the readings annotate it on the item's page)."""
        return "；".join(
            dict.fromkeys(printed_value(link, "fee_basis") for link in self.links.all())
        )

    @property
    def time_limit_summary(self) -> str:
        """Join the time limits of the item's links (prefetched), each once."""
        return "；".join(dict.fromkeys(link.time_limit for link in self.links.all()))

    def is_abolished(self, as_of: dt.date) -> bool:
        """Tell whether the item had been abolished on the given day."""
        return self.abolished_on is not None and self.abolished_on <= as_of

    @property
    def abolished_by_url(self) -> str:
        """Return the document page of the abolishing document, when its number reads."""
        number = parse_doc_number(self.abolished_by) if self.abolished_by else None
        return reverse("documents:detail", kwargs={"slug": number.slug}) if number else ""

    @property
    def abolished_label(self) -> str:
        """Say when and by which document the item was abolished."""
        if self.abolished_on is None:
            return ""
        return f"已于{cn_date(self.abolished_on)}由{self.abolished_by}取消"

    def clean(self) -> None:
        errors = {}
        if self.abolished_on is not None and not self.abolished_by.strip():
            errors["abolished_by"] = "填写了取消日期，还须填写取消该项目的文件文号。"
        if self.abolished_on is None and self.abolished_by.strip():
            errors["abolished_on"] = "填写了取消依据文号，还须填写取消日期。"
        if self.abolished_by.strip() and parse_doc_number(self.abolished_by) is None:
            errors["abolished_by"] = (
                f"文号“{self.abolished_by}”无法识别，请按“威政字〔2021〕1号”的格式填写。"
            )
        if self.name:
            try:
                reject_formula(self.name, label="中介服务项目名称")
            except ValidationError as error:
                errors["name"] = error.messages
        if errors:
            raise ValidationError(errors)


class ServiceLink(NaturalKeyMixin, models.Model):
    """An item serving a matter: the sub-items, legal basis, fee basis and time limit of that link."""

    natural_key_fields = ("service__no", "matter__name")

    service = models.ForeignKey(
        IntermediaryService,
        on_delete=models.PROTECT,
        related_name="links",
        verbose_name="中介服务项目",
    )
    matter = models.ForeignKey(
        ServiceMatter, on_delete=models.PROTECT, related_name="links", verbose_name="政务服务事项"
    )
    position = models.PositiveSmallIntegerField("排列顺序", default=0)
    sub_items = models.TextField("子项名称", blank=True, help_text="每行一个子项；无子项留空")
    legal_basis = models.TextField("设定依据", blank=True)
    fee_basis = models.CharField("收费依据及标准", max_length=300)
    time_limit = models.CharField("服务时限", max_length=100)
    readings = readings_field()
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "项目关联事项"
        verbose_name_plural = "项目关联事项"
        ordering = ["service__no", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service", "matter"], name="intermediary_link_unique"),
            models.CheckConstraint(
                condition=~Q(fee_basis=""),
                name="intermediary_link_fee_not_empty",
                violation_error_message="请填写收费依据及标准（原文空白的按转录说明填写）。",
            ),
            models.CheckConstraint(
                condition=~Q(time_limit=""),
                name="intermediary_link_time_not_empty",
                violation_error_message="请填写服务时限（原文空白的按转录说明填写）。",
            ),
        ]
        permissions = [
            ("import_servicelink", "可导入中介服务项目清单"),
            ("export_servicelink", "可导出中介服务项目清单"),
        ]

    def __str__(self) -> str:
        return f"{self.service} → {self.matter}"

    @property
    def sub_item_list(self) -> list[str]:
        """Return the sub-items, one per line of `sub_items`."""
        return split_sub_items(self.sub_items)

    def clean(self) -> None:
        errors = {}
        for field in ("sub_items", "legal_basis", "fee_basis", "time_limit"):
            value = getattr(self, field) or ""
            try:
                reject_formula(value.strip(), label=str(self._meta.get_field(field).verbose_name))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)


def split_sub_items(text: str) -> list[str]:
    """Split the stored sub-items (one per line) into a list, dropping blank lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class NoticeRule(NaturalKeyMixin, models.Model):
    """One rule the notice 威政字〔2020〕49号 sets for the catalogue, quoted from the print."""

    natural_key_fields = ("position",)

    position = models.PositiveSmallIntegerField("排列顺序", unique=True)
    topic = models.CharField("要点", max_length=50)
    text = models.TextField("原文")
    source_line = models.PositiveIntegerField("原文行号")
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "通知要求"
        verbose_name_plural = "通知要求"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.topic
