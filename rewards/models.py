"""The financial-industry rewards (威政发〔2020〕6号) and the IP-pledge risk compensation
(威市监发〔2020〕56号) as data clerks keep current.

Money is stored in yuan (two places) and shown in 万元 where the source prints 万元.
Every figure the rules compute with lives here, editable in admin, with history.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from documents.implementing import ImplementsDocument
from gazette_site.formatting import cn_date, wan_yuan
from gazette_site.natural_keys import NaturalKeyManager, NaturalKeyMixin
from gazette_site.readings import readings_field
from rewards import rules
from rewards.choices import (
    ClawbackReason,
    ConditionRole,
    MeasureKind,
    Sector,
)

MONEY = {"max_digits": 14, "decimal_places": 2}

article_anchor = RegexValidator(
    r"^第[〇零一二三四五六七八九十百]+条$", "条款应写成“第六条”这样的形式。"
)


class Measure(NaturalKeyMixin, ImplementsDocument):
    """A measure (办法) this app implements, with the dates it is in force."""

    natural_key_fields = ("document__doc_number",)

    kind = models.CharField("类别", max_length=20, choices=MeasureKind.choices)
    # The measure's own name (an attachment of the notice), not the notice's title.
    title = models.CharField("办法名称", max_length=200)
    validity_article = models.CharField(
        "规定施行日期的条款", max_length=12, validators=[article_anchor]
    )
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "办法"
        verbose_name_plural = "办法"
        ordering = ["kind", "-document__effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["document"], name="rewards_measure_unique_document"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"

    @property
    def validity_text(self) -> str:
        return f"{cn_date(self.effective_from)}至{cn_date(self.effective_to)}"


class AwardScheme(NaturalKeyMixin, models.Model):
    """One year's 威海市金融发展贡献奖 (第六条): the caps; sector budgets and prizes hang off it."""

    natural_key_fields = ("year",)

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="schemes", verbose_name="办法"
    )
    year = models.PositiveSmallIntegerField("年度", unique=True)
    total_cap = models.DecimalField("奖金总额上限（元）", **MONEY)
    institution_cap = models.DecimalField("金融机构和地方金融组织奖金上限（元）", **MONEY)
    regulator_cap = models.DecimalField("监管机构奖金上限（元）", **MONEY)
    min_operating_years = models.PositiveSmallIntegerField(
        "申报须在本市正常经营的会计年度数",
        help_text="第七条：正常经营该数目（含本数）以上会计年度的机构方可申报。",
    )
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "金融发展贡献奖年度方案"
        verbose_name_plural = "金融发展贡献奖年度方案"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_cap__gte=0) & Q(institution_cap__gte=0) & Q(regulator_cap__gte=0),
                name="rewards_scheme_caps_not_negative",
                violation_error_message="奖金上限不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(total_cap=F("institution_cap") + F("regulator_cap")),
                name="rewards_scheme_caps_add_up",
                violation_error_message=(
                    "金融机构和地方金融组织奖金上限与监管机构奖金上限之和应等于奖金总额上限（第六条）。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年威海市金融发展贡献奖"

    def get_absolute_url(self) -> str:
        return reverse("rewards:scheme", kwargs={"year": self.year})

    def clean(self) -> None:
        if (
            self.year
            and self.measure_id
            and self.measure.effective_from
            and self.measure.effective_to
            and not rules.year_within(
                self.year,
                effective_from=self.measure.effective_from,
                effective_to=self.measure.effective_to,
            )
        ):
            raise ValidationError(
                {
                    "year": f"{self.year}年不在《{self.measure.title}》有效期"
                    f"（{self.measure.validity_text}）内（{self.measure.validity_article}）。"
                }
            )


class SectorBudget(NaturalKeyMixin, models.Model):
    """The money of one sector in a year's scheme (第六条（一）1–4, （二))."""

    natural_key_fields = ("scheme__year", "sector")

    scheme = models.ForeignKey(
        AwardScheme, on_delete=models.PROTECT, related_name="sectors", verbose_name="年度方案"
    )
    sector = models.CharField("奖励对象", max_length=20, choices=Sector.choices)
    budget = models.DecimalField("奖金（元）", **MONEY)
    printed_text = models.TextField(
        "印发原文", blank=True, help_text="办法中规定本项的原文，按印刷版转录。"
    )
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "行业奖金"
        verbose_name_plural = "行业奖金"
        ordering = ["scheme", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "sector"],
                name="rewards_sector_once_per_scheme",
                violation_error_message="同一年度方案中每类奖励对象只能有一项行业奖金。",
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="rewards_sector_budget_not_negative",
                violation_error_message="行业奖金不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.year}年{self.get_sector_display()}奖金{wan_yuan(self.budget)}"


class AwardPrize(NaturalKeyMixin, models.Model):
    """A prize of a year's scheme: how many winners (`count`) at what amount each (`amount`)."""

    natural_key_fields = ("scheme__year", "sector", "name")

    scheme = models.ForeignKey(
        AwardScheme, on_delete=models.PROTECT, related_name="prizes", verbose_name="年度方案"
    )
    sector = models.CharField("奖励对象", max_length=20, choices=Sector.choices)
    name = models.CharField("奖项", max_length=60)
    readings = readings_field()
    position = models.PositiveSmallIntegerField("顺序", default=1)
    is_additional = models.BooleanField(
        "增设奖项", default=False, help_text="第六条（一）1 中“增设”的专项奖。"
    )
    count = models.PositiveSmallIntegerField("名额")
    amount = models.DecimalField("每名奖金（元）", **MONEY)
    recipient = models.ForeignKey(
        "Institution",
        on_delete=models.PROTECT,
        related_name="designated_prizes",
        null=True,
        blank=True,
        verbose_name="指定获奖机构",
        help_text="监管机构的奖金由第六条（二）指定给具体机构。",
    )
    requirements = models.TextField(
        "工作要求", blank=True, help_text="第六条（二）对监管机构提出的工作要求，按原文转录。"
    )
    growth_indicator = models.CharField(
        "考核增速指标", max_length=60, blank=True, help_text="如：全市本外币贷款余额年均增速"
    )
    min_growth_pct = models.DecimalField(
        "增速不低于（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="达到（含本数）该增速方可获得奖金。",
    )
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "奖项"
        verbose_name_plural = "奖项"
        ordering = ["scheme", "sector", "position"]
        permissions = [
            ("import_awardprize", "可导入奖项设置"),
            ("export_awardprize", "可导出奖项设置"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "sector", "name"],
                name="rewards_prize_unique_name",
                violation_error_message="同一年度同一奖励对象的奖项名称不能重复。",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1) & Q(amount__gt=0),
                name="rewards_prize_positive",
                violation_error_message="奖项名额至少为 1 名，奖金应大于 0。",
            ),
            models.CheckConstraint(
                condition=Q(min_growth_pct__isnull=True) | Q(min_growth_pct__gte=0),
                name="rewards_prize_growth_not_negative",
                violation_error_message="增速下限不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.year}年{self.get_sector_display()}{self.name}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.sector == Sector.REGULATOR and self.recipient_id is None:
            errors["recipient"] = "监管机构的奖金须指定获奖机构（第六条（二））。"
        if self.recipient_id is not None and self.recipient.sector != self.sector:
            errors["recipient"] = (
                f"{self.recipient.name}属于{self.recipient.get_sector_display()}，"
                f"不能指定为{self.get_sector_display()}奖项的获奖机构。"
            )
        if self.min_growth_pct is not None and not self.growth_indicator.strip():
            errors["growth_indicator"] = "填写了增速下限时须写明考核的增速指标。"
        if errors:
            raise ValidationError(errors)

    @property
    def subtotal(self) -> Decimal:
        return self.count * self.amount

    @property
    def anchor(self) -> str:
        return f"prize-{self.pk}"


class Institution(NaturalKeyMixin, models.Model):
    """A financial institution, local financial organisation or regulator in Weihai."""

    natural_key_fields = ("name",)

    name = models.CharField("机构名称", max_length=120, unique=True)
    sector = models.CharField("类别", max_length=20, choices=Sector.choices)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError({"name": "机构名称不能为空。"})


class AwardWinner(models.Model):
    """A line of a year's roster (获奖名单): an institution and the prize it won.

    `amount` keeps the money awarded at the time, so a later change of the year's
    scheme does not rewrite what was paid.
    """

    prize = models.ForeignKey(
        AwardPrize, on_delete=models.PROTECT, related_name="winners", verbose_name="奖项"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="awards", verbose_name="获奖机构"
    )
    amount = models.DecimalField(
        "奖金（元）", editable=False, help_text="按获奖时奖项的每名奖金记录。", **MONEY
    )
    growth_pct = models.DecimalField(
        "实际增速（%）",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="监管机构奖金须填写考核增速（第六条（二））。",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "获奖名单"
        verbose_name_plural = "获奖名单"
        ordering = ["-prize__scheme__year", "prize__sector", "prize__position", "institution__name"]
        permissions = [
            ("import_awardwinner", "可导入获奖名单"),
            ("export_awardwinner", "可导出获奖名单"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["prize", "institution"],
                name="rewards_winner_prize_once",
                violation_error_message="同一机构同一年度不能重复获得同一奖项。",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="rewards_winner_amount_positive",
                violation_error_message="奖金应大于 0。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prize}：{self.institution}"

    def save(self, *args, **kwargs):
        if self.amount is None and self.prize_id is not None:
            self.amount = self.prize.amount
        super().save(*args, **kwargs)

    @property
    def year(self) -> int:
        return self.prize.scheme.year

    def validate_constraints(self, exclude=None):
        # The duplicate-prize message comes from clean() with the names spelt out.
        exclude = set(exclude or ()) | {"prize", "institution"}
        super().validate_constraints(exclude=exclude)


class Clawback(models.Model):
    """Award money recovered because it was not used as 第八条 requires."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="clawbacks", verbose_name="机构"
    )
    year = models.PositiveSmallIntegerField("获奖年度")
    amount = models.DecimalField("追回金额（元）", **MONEY)
    reason = models.CharField("追回原因", max_length=20, choices=ClawbackReason.choices)
    detail = models.TextField("情况说明", blank=True)
    decided_on = models.DateField("追回日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "奖励资金追回"
        verbose_name_plural = "奖励资金追回"
        ordering = ["-year", "institution__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="rewards_clawback_amount_positive",
                violation_error_message="追回金额应大于 0。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.institution} 追回{wan_yuan(self.amount)}"

    def clean(self) -> None:
        if self.reason == ClawbackReason.OTHER and not (self.detail or "").strip():
            raise ValidationError({"detail": "原因为“其他未按要求使用的情形”时，请写明情况说明。"})


class Condition(NaturalKeyMixin, models.Model):
    """A condition or disqualifying situation, transcribed from its article."""

    natural_key_fields = ("measure__document__doc_number", "role", "position")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="conditions", verbose_name="办法"
    )
    role = models.CharField("用途", max_length=20, choices=ConditionRole.choices)
    article = models.CharField("条款", max_length=12, validators=[article_anchor])
    item = models.CharField("项", max_length=8, blank=True, help_text="如（一）；整条时留空。")
    text = models.TextField("原文")
    position = models.PositiveSmallIntegerField("顺序")
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "条件条款"
        verbose_name_plural = "条件条款"
        ordering = ["measure", "role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "role", "position"],
                name="rewards_condition_unique_position",
                violation_error_message="同一办法同一用途下的顺序不能重复。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article}{self.item}"

    @property
    def citation(self) -> str:
        return f"{self.article}{self.item}"


class IpCompensationParameters(NaturalKeyMixin, models.Model):
    """The figures of 威市监发〔2020〕56号 第八条（二）."""

    natural_key_fields = ("measure__document__doc_number",)

    measure = models.OneToOneField(
        Measure, on_delete=models.PROTECT, related_name="ip_parameters", verbose_name="办法"
    )
    article = models.CharField("条款", max_length=12, validators=[article_anchor])
    provincial_pct = models.DecimalField("省级补偿比例（%）", max_digits=5, decimal_places=2)
    city_pct = models.DecimalField("市级补偿比例（%）", max_digits=5, decimal_places=2)
    first_year_city_cap = models.DecimalField("第一个业务年度市级单笔补偿上限（元）", **MONEY)
    later_city_cap_ceiling = models.DecimalField(
        "以后年度市级单笔补偿上限的最高额（元）",
        help_text="以后年度的上限根据银行绩效考核情况确定，但不超过此数。",
        **MONEY,
    )
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "知识产权质押融资风险补偿标准"
        verbose_name_plural = "知识产权质押融资风险补偿标准"
        constraints = [
            models.CheckConstraint(
                condition=Q(provincial_pct__gte=0)
                & Q(city_pct__gte=0)
                & Q(provincial_pct__lte=100)
                & Q(city_pct__lte=100),
                name="rewards_ip_pct_range",
                violation_error_message="补偿比例应在 0%% 至 100%% 之间。",
            ),
            models.CheckConstraint(
                condition=Q(provincial_pct__lte=Decimal(100) - F("city_pct")),
                name="rewards_ip_pct_sum",
                violation_error_message="省级与市级补偿比例之和不能超过 100%%。",
            ),
            models.CheckConstraint(
                condition=Q(first_year_city_cap__gte=0) & Q(later_city_cap_ceiling__gte=0),
                name="rewards_ip_caps_not_negative",
                violation_error_message="补偿上限不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.title}补偿标准"
