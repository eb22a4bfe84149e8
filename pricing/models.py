"""Differential electricity and water prices for "亩产效益" class-D enterprises (威发改发〔2020〕227号)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from documents.implementing import ImplementsDocument
from gazette_site.http import today
from gazette_site.natural_keys import NaturalKeyManager, NaturalKeyMixin
from pricing import rules


class Policy(NaturalKeyMixin, ImplementsDocument):
    """A notice that sets differential prices, with its validity window."""

    natural_key_fields = ("document__doc_number",)

    issuer = models.CharField("发文机关", max_length=100)
    source_lines = models.CharField("原文行号", max_length=40, blank=True)
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "差别化价格政策"
        verbose_name_plural = "差别化价格政策"
        ordering = ["-document__effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["document"], name="pricing_policy_unique_document"),
        ]

    def __str__(self) -> str:
        return self.doc_number

    def get_absolute_url(self) -> str:
        return reverse("pricing:schedule")


class Resource(models.TextChoices):
    ELECTRICITY = "electricity", "电"
    WATER = "water", "水"


class Surcharge(NaturalKeyMixin, models.Model):
    """One step of the schedule: the surcharge per unit for a number of consecutive class-D years."""

    natural_key_fields = ("policy__document__doc_number", "resource", "consecutive_years")

    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="surcharges", verbose_name="政策"
    )
    resource = models.CharField("品种", max_length=12, choices=Resource.choices)
    consecutive_years = models.PositiveSmallIntegerField("连续列入D类年数")
    and_more = models.BooleanField(
        "及以上", default=False, help_text="勾选表示该年数及以上都按此标准加价。"
    )
    rate = models.DecimalField("加价（元/单位）", max_digits=8, decimal_places=4)
    basis = models.CharField("计价依据", max_length=60, help_text="例如“用电量”“计划内用水量”。")
    unit = models.CharField("计价单位", max_length=20, help_text="例如“千瓦时”“立方米”。")
    source_text = models.CharField("原文", max_length=200, blank=True)
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "加价标准"
        verbose_name_plural = "加价标准"
        permissions = [
            ("import_surcharge", "可从表格导入加价标准"),
            ("export_surcharge", "可导出加价标准"),
        ]
        ordering = ["policy", "resource", "consecutive_years"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "resource", "consecutive_years"],
                name="pricing_surcharge_one_rate_per_step",
                violation_error_message="同一政策、同一品种的同一年数只能有一个加价标准。",
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0),
                name="pricing_surcharge_rate_not_negative",
                violation_error_message="加价不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(consecutive_years__gte=1),
                name="pricing_surcharge_years_positive",
                violation_error_message="连续列入D类年数至少为1。",
            ),
            models.CheckConstraint(
                condition=Q(resource__in=Resource.values),
                name="pricing_surcharge_resource_known",
                violation_error_message="品种只能是电或水。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_resource_display()} · {self.step_label} · {self.rate}元/{self.unit}"

    @property
    def step_label(self) -> str:
        return rules.step_label(self.consecutive_years, and_more=self.and_more)

    @property
    def rate_text(self) -> str:
        return rules.rate_text(self.rate)

    def as_step(self) -> rules.Step:
        return rules.Step(
            resource=self.resource,
            consecutive_years=self.consecutive_years,
            and_more=self.and_more,
            rate=self.rate,
        )


class RuleTopic(models.TextChoices):
    ELECTRICITY_STEPS = "electricity_steps", "用电加价标准"
    NO_DOUBLE = "no_double", "不重复加价"
    WATER_STEPS = "water_steps", "用水加价标准"
    WATER_OVER_PLAN = "water_over_plan", "超计划用水"
    START_MONTH = "start_month", "起收时间"
    INCOME = "income", "加价收入"
    FEEDBACK = "feedback", "问题反馈"
    VALIDITY = "validity", "施行日期和有效期"


class PolicyRule(NaturalKeyMixin, models.Model):
    """One rule of the notice in plain words, with the printed text it comes from."""

    natural_key_fields = ("policy__document__doc_number", "topic")

    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="rules", verbose_name="政策"
    )
    topic = models.CharField("要点", max_length=24, choices=RuleTopic.choices)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    anchor = models.CharField(
        "条款锚点", max_length=40, blank=True, help_text="文件页中的位置，例如“一”“三-（一）”。"
    )
    article = models.CharField("条款", max_length=40, help_text="页面上显示的出处，例如“第一条”。")
    plain = models.TextField("通俗说明")
    quote = models.TextField("原文")
    computed = models.BooleanField("本站据此计算", default=True)
    source_lines = models.CharField("原文行号", max_length=40, blank=True)
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "政策要点"
        verbose_name_plural = "政策要点"
        ordering = ["policy", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "topic"],
                name="pricing_rule_one_per_topic",
                violation_error_message="同一政策的每个要点只能有一条。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} · {self.get_topic_display()}"

    @property
    def cite_url(self) -> str:
        return self.policy.document_url(self.anchor)


def validate_credit_code(value: str) -> None:
    """Refuse a 统一社会信用代码 that fails GB 32100-2015."""
    problem = rules.credit_code_problem(value)
    if problem:
        raise ValidationError(problem, code="credit_code")


class Enterprise(models.Model):
    """An enterprise evaluated under "亩产效益"."""

    name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={
            "unique": "已有使用该统一社会信用代码的企业。",
            "blank": "请填写统一社会信用代码（18位）。",
        },
    )
    district = models.ForeignKey(
        "documents.District",
        on_delete=models.PROTECT,
        related_name="pricing_enterprises",
        verbose_name="区市",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pricing:enterprise", kwargs={"credit_code": self.credit_code})


class Grade(models.TextChoices):
    # Only class D is named in the notice (“D类（限制发展类）”); the other names are
    # not in the gazette, so they are shown by letter only.
    A = "A", "A类"
    B = "B", "B类"
    C = "C", "C类"
    D = "D", "D类（限制发展类）"


class Evaluation(models.Model):
    """An enterprise's "亩产效益" class for one year and the date it was published."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="evaluations", verbose_name="企业"
    )
    year = models.PositiveSmallIntegerField("评价年度")
    grade = models.CharField("评价类别", max_length=1, choices=Grade.choices)
    published_on = models.DateField("公布日期")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "亩产效益评价结果"
        verbose_name_plural = "亩产效益评价结果"
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="pricing_evaluation_one_per_year",
                violation_error_message="该企业这一年度已有评价结果。",
            ),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values),
                name="pricing_evaluation_grade_known",
                violation_error_message="评价类别只能是A、B、C、D。",
            ),
        ]
        indexes = [models.Index(fields=["year", "grade"], name="pricing_eval_year_grade")]
        permissions = [
            ("import_evaluation", "可导入亩产效益评价结果"),
            ("export_evaluation", "可导出亩产效益评价结果"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.year}年度 · {self.grade}类"

    def clean(self) -> None:
        super().clean()
        if self.year and self.published_on:
            problem = rules.publication_date_problem(self.year, self.published_on, today=today())
            if problem:
                raise ValidationError({"published_on": problem})

    @property
    def charging_from(self):
        """First month whose meter reading this result applies to."""
        return rules.charging_start_month(self.published_on)

    def as_fact(self) -> rules.EvaluationFact:
        return rules.EvaluationFact(
            year=self.year, grade=self.grade, published_on=self.published_on
        )
