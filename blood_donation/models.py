"""The voluntary blood-donation measure's rules as data that clerks keep current."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from blood_donation import rules
from documents.implementing import ImplementsDocument
from gazette_site.natural_keys import NaturalKeyManager, NaturalKeyMixin

article_anchor = RegexValidator(
    r"^第[〇零一二三四五六七八九十百]+条$", "条款应写成“第二十条”这样的形式。"
)


def article_field(default: str) -> models.CharField:
    """Return the field naming the article a figure comes from (its anchor on the document page)."""
    return models.CharField(
        "所依据条款", max_length=12, default=default, validators=[article_anchor]
    )


class Measure(NaturalKeyMixin, ImplementsDocument):
    """A blood-donation measure (办法) and the single figures of its rules."""

    natural_key_fields = ("document__doc_number",)

    # The measure's own name (an attachment of the notice), not the notice's title.
    title = models.CharField("办法名称", max_length=200)
    validity_article = article_field("第三十条")

    min_age = models.PositiveSmallIntegerField("献血年龄下限（周岁）")
    max_age = models.PositiveSmallIntegerField("献血年龄上限（周岁）")
    repeat_donor_max_age = models.PositiveSmallIntegerField(
        "多次献血者年龄上限（周岁）",
        help_text="既往无献血反应、符合健康检查要求的多次献血者主动要求再次献血时可延长到的年龄。",
    )
    age_article = article_field("第三条")

    unlimited_threshold_ml = models.PositiveIntegerField(
        "终身无限量免费用血的累计献血量（毫升）",
        help_text="累计献血达到此量（含本数）时，终身无限量免费用血。",
    )
    window_years = models.PositiveSmallIntegerField(
        "倍数免费用血年限（年）", help_text="自献血之日起的年数，满该年数的当日仍在年限内。"
    )
    window_multiple = models.PositiveSmallIntegerField("年限内免费用血倍数")
    lifetime_multiple = models.PositiveSmallIntegerField(
        "年限后终身免费用血倍数", help_text="等量为 1。"
    )
    relatives_multiple = models.PositiveSmallIntegerField(
        "亲属共享免费用血倍数", help_text="亲属合计可用量 = 献血者累计献血量 × 此倍数；等量为 1。"
    )
    entitlement_article = article_field("第二十条")

    reimbursement_text = models.TextField(
        "免费用血的核销和报销", blank=True, help_text="在医院免交或事后报销的办法，照录原文。"
    )
    reimbursement_article = article_field("第二十一条")

    benefit_recipients = models.TextField("优待对象", blank=True)
    benefit_note = models.TextField("优待补充规定", blank=True)
    benefit_article = article_field("第二十八条")

    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "无偿献血办法"
        verbose_name_plural = "无偿献血办法"
        ordering = ["-document__effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["document"], name="blood_measure_unique_document"),
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")) & Q(max_age__lte=F("repeat_donor_max_age")),
                name="blood_measure_ages_ordered",
                violation_error_message="献血年龄应满足：最低年龄不大于最高年龄，最高年龄不大于多次献血者的最高年龄。",
            ),
            models.CheckConstraint(
                condition=Q(unlimited_threshold_ml__gt=0)
                & Q(window_years__gt=0)
                & Q(window_multiple__gt=0)
                & Q(lifetime_multiple__gt=0)
                & Q(relatives_multiple__gt=0),
                name="blood_measure_entitlement_positive",
                violation_error_message="免费用血的门槛、年限和倍数都应大于 0。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"

    def clean(self) -> None:
        errors = {}
        ages = (self.min_age, self.max_age, self.repeat_donor_max_age)
        if None not in ages and not ages[0] <= ages[1] <= ages[2]:
            errors["max_age"] = "年龄应满足：下限 ≤ 上限 ≤ 多次献血者上限。"
        for name in (
            "unlimited_threshold_ml",
            "window_years",
            "window_multiple",
            "lifetime_multiple",
            "relatives_multiple",
        ):
            if getattr(self, name) == 0:
                errors[name] = "应大于 0。"
        if errors:
            raise ValidationError(errors)

    @property
    def whole_blood_volumes(self) -> list[int]:
        """The whole-blood volumes (ml) a donor may give at one donation."""
        return self._amounts(DonationKind.WHOLE_BLOOD)

    @property
    def platelet_units(self) -> list[int]:
        """The platelet therapeutic units a donor may give at one donation."""
        return self._amounts(DonationKind.PLATELETS)

    @property
    def volume_article(self) -> str:
        return next((o.article for o in self.donation_options.all()), "")

    def _amounts(self, kind: str) -> list[int]:
        return sorted(o.amount for o in self.donation_options.all() if o.kind == kind)

    @property
    def entitlement_figures(self) -> rules.EntitlementFigures:
        return rules.EntitlementFigures(
            unlimited_threshold_ml=self.unlimited_threshold_ml,
            window_years=self.window_years,
            window_multiple=self.window_multiple,
            lifetime_multiple=self.lifetime_multiple,
            relatives_multiple=self.relatives_multiple,
        )

    @property
    def age_figures(self) -> rules.AgeFigures:
        return rules.AgeFigures(
            min_age=self.min_age,
            max_age=self.max_age,
            repeat_donor_max_age=self.repeat_donor_max_age,
        )


class DonationKind(models.TextChoices):
    WHOLE_BLOOD = "whole_blood", "全血"
    PLATELETS = "platelets", "单采血小板"


class DonationOption(NaturalKeyMixin, models.Model):
    """An amount a donor may give at one donation (全血毫升数 or 血小板治疗单位)."""

    natural_key_fields = ("measure__document__doc_number", "kind", "amount")

    UNITS = {DonationKind.WHOLE_BLOOD: "毫升", DonationKind.PLATELETS: "个治疗单位"}

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="donation_options", verbose_name="办法"
    )
    kind = models.CharField("献血种类", max_length=12, choices=DonationKind.choices)
    amount = models.PositiveSmallIntegerField(
        "每次献血量", help_text="全血以毫升计，血小板以治疗单位计。"
    )
    article = article_field("第十六条")
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "每次献血量"
        verbose_name_plural = "每次献血量"
        permissions = [
            ("import_donationoption", "可从表格导入每次献血量"),
            ("export_donationoption", "可导出每次献血量"),
        ]
        ordering = ["measure", "kind", "amount"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "kind", "amount"], name="blood_option_unique_amount"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="blood_option_amount_positive",
                violation_error_message="献血量应大于 0。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}{self.unit}"

    @property
    def unit(self) -> str:
        return self.UNITS.get(self.kind, "")


class Relative(NaturalKeyMixin, models.Model):
    """A relative who shares the donor's free blood (第二十条第二款)."""

    natural_key_fields = ("measure__document__doc_number", "name")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="relatives", verbose_name="办法"
    )
    name = models.CharField("亲属关系", max_length=20)
    position = models.PositiveSmallIntegerField("顺序")
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "共享免费用血的亲属"
        verbose_name_plural = "共享免费用血的亲属"
        ordering = ["measure", "position"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "name"], name="blood_relative_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class HonourCode(models.TextChoices):
    CITY_COMMENDATION = "city_commendation", "市政府和市红十字会通报表扬和奖励"
    REPORTED_UPWARD = "reported_upward", "报请上级有关部门表彰和奖励"


class HonourLevel(NaturalKeyMixin, models.Model):
    """An honour earned by cumulative donated volume (第二十六条)."""

    natural_key_fields = ("measure__document__doc_number", "code")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="honour_levels", verbose_name="办法"
    )
    code = models.CharField("荣誉", max_length=20, choices=HonourCode.choices)
    min_ml = models.PositiveIntegerField("累计献血量下限（毫升，含）")
    below_ml = models.PositiveIntegerField(
        "累计献血量上限（毫升，不含）", null=True, blank=True, help_text="留空表示没有上限。"
    )
    granted_by = models.CharField("给予方式", max_length=100)
    printed_text = models.TextField("原文")
    article = article_field("第二十六条")
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "献血荣誉"
        verbose_name_plural = "献血荣誉"
        permissions = [
            ("import_honourlevel", "可从表格导入献血荣誉"),
            ("export_honourlevel", "可导出献血荣誉"),
        ]
        ordering = ["measure", "min_ml"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "code"], name="blood_honour_unique_code"),
            models.CheckConstraint(
                condition=Q(below_ml__isnull=True) | Q(below_ml__gt=F("min_ml")),
                name="blood_honour_range_ordered",
                violation_error_message="表彰等级的上限应大于下限。",
            ),
        ]

    def __str__(self) -> str:
        return self.get_code_display()

    def clean(self) -> None:
        if self.below_ml is not None and self.min_ml is not None and self.below_ml <= self.min_ml:
            raise ValidationError({"below_ml": "上限应大于下限。"})

    @property
    def threshold(self) -> rules.HonourThreshold:
        return rules.HonourThreshold(code=self.code, min_ml=self.min_ml, below_ml=self.below_ml)


class Benefit(NaturalKeyMixin, models.Model):
    """A benefit for honoured donors (第二十八条)."""

    natural_key_fields = ("measure__document__doc_number", "position")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="benefits", verbose_name="办法"
    )
    text = models.CharField("优待内容", max_length=200)
    position = models.PositiveSmallIntegerField("顺序")
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "献血者优待"
        verbose_name_plural = "献血者优待"
        ordering = ["measure", "position"]

    def __str__(self) -> str:
        return self.text


class Offender(models.TextChoices):
    UNIT = "unit", "单位"
    INDIVIDUAL = "individual", "个人"


class Fine(NaturalKeyMixin, models.Model):
    """The fine range for one offence and one kind of offender (第二十九条), per offence."""

    natural_key_fields = ("measure__document__doc_number", "position")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="fines", verbose_name="办法"
    )
    offence = models.CharField("违法行为", max_length=100)
    offender = models.CharField("处罚对象", max_length=12, choices=Offender.choices)
    min_yuan = models.DecimalField("罚款下限（元，含）", max_digits=12, decimal_places=2)
    max_yuan = models.DecimalField("罚款上限（元，含）", max_digits=12, decimal_places=2)
    other_penalty = models.CharField("其他处理", max_length=100, blank=True)
    authority = models.CharField("处罚机关", max_length=50)
    position = models.PositiveSmallIntegerField("顺序")
    article = article_field("第二十九条")
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = NaturalKeyManager()

    class Meta:
        verbose_name = "罚款"
        verbose_name_plural = "罚款"
        permissions = [
            ("import_fine", "可从表格导入罚款"),
            ("export_fine", "可导出罚款"),
        ]
        ordering = ["measure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "offence", "offender"], name="blood_fine_unique_offence"
            ),
            models.CheckConstraint(
                condition=Q(min_yuan__gte=0) & Q(max_yuan__gte=F("min_yuan")),
                name="blood_fine_range_ordered",
                violation_error_message="罚款下限不能为负数，上限不能低于下限。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offence}（{self.get_offender_display()}）"

    def clean(self) -> None:
        if self.min_yuan is not None and self.min_yuan < 0:
            raise ValidationError({"min_yuan": "罚款下限不能为负数。"})
        if (
            self.min_yuan is not None
            and self.max_yuan is not None
            and self.max_yuan < self.min_yuan
        ):
            raise ValidationError({"max_yuan": "罚款上限不能低于下限。"})
