"""Wildlife-farming exit compensation (威政办字〔2020〕50号): the plan, the standard, the registry."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from documents.implementing import ImplementsDocument
from wildlife import rules


class PlanManager(models.Manager):
    def get_by_natural_key(self, doc_number, batch):
        return self.get(document__doc_number=doc_number, batch=batch)


class PlanPartManager(models.Manager):
    """Rows of a plan, identified by the plan's document number, batch and their own number."""

    def get_by_natural_key(self, doc_number, batch, number):
        return self.get(plan__document__doc_number=doc_number, plan__batch=batch, number=number)


class CompensationPlan(ImplementsDocument):
    """The plan's parameters: one row per plan and per revised standard, editable by clerks.

    A later document that revises the standard yields a new plan linked to that document,
    which `supersedes` the one it revises; the earlier plan and its species stay as printed.
    """

    batch = models.PositiveSmallIntegerField("补偿批次", default=1)
    standard_title = models.CharField("补偿标准标题", max_length=200)
    city_share_parts = models.PositiveSmallIntegerField("市级承担份数")
    county_share_parts = models.PositiveSmallIntegerField("县级承担份数")
    registration_cutoff = models.DateField("登记数据截止日期")
    completion_deadline = models.DateField("工作完成时限")
    source_note = models.TextField("转录说明", blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name="所修订的上一版",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    history = HistoricalRecords()
    objects = PlanManager()

    class Meta:
        verbose_name = "补偿工作方案"
        verbose_name_plural = "补偿工作方案"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "batch"], name="wildlife_plan_unique_document_batch"
            ),
            models.CheckConstraint(
                condition=Q(city_share_parts__gt=0) | Q(county_share_parts__gt=0),
                name="wildlife_plan_split_not_empty",
                violation_error_message="市级和县级承担的份数至少有一个大于 0。",
            ),
            models.CheckConstraint(
                condition=Q(registration_cutoff__lte=models.F("completion_deadline")),
                name="wildlife_plan_cutoff_before_deadline",
                violation_error_message="登记截止日期不能晚于处置完成期限。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} 第{self.batch}批"

    natural_key_fields = ("document__doc_number", "batch")

    def natural_key(self):
        return (self.document.doc_number, self.batch)

    natural_key.dependencies = ["documents.document"]

    @property
    def split_label(self) -> str:
        return f"{self.city_share_parts}:{self.county_share_parts}"


class ScopeCategory(models.Model):
    """One of the five compensation-scope categories (二、(一))."""

    plan = models.ForeignKey(
        CompensationPlan, verbose_name="工作方案", on_delete=models.PROTECT, related_name="scopes"
    )
    number = models.PositiveSmallIntegerField("序号")
    label = models.CharField("编号", max_length=4)
    text = models.TextField("原文")
    short_name = models.CharField("简称", max_length=40)
    city_compensated = models.BooleanField(
        "按市定标准补偿",
        default=True,
        help_text="否：由各区市政府、开发区管委自行处置，不计入市级标准补偿。",
    )
    history = HistoricalRecords()
    objects = PlanPartManager()

    class Meta:
        verbose_name = "补偿范围类别"
        verbose_name_plural = "补偿范围类别"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="wildlife_scope_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.label}、{self.short_name}"

    natural_key_fields = ("plan__document__doc_number", "plan__batch", "number")

    def natural_key(self):
        return (*self.plan.natural_key(), self.number)

    natural_key.dependencies = ["wildlife.compensationplan"]


class DisposalMethod(models.Model):
    """One of the four disposal methods and its conditions (三、(三))."""

    class Approval(models.TextChoices):
        NEVER = "never", "无需报批"
        NATIONAL_KEY = "national_key", "国家重点保护野生动物须报批"
        ALWAYS = "always", "一律须报批"

    plan = models.ForeignKey(
        CompensationPlan, verbose_name="工作方案", on_delete=models.PROTECT, related_name="methods"
    )
    number = models.PositiveSmallIntegerField("序号")
    label = models.CharField("编号", max_length=4)
    name = models.CharField("处置方式", max_length=40)
    text = models.TextField("原文")
    native_species_only = models.BooleanField(
        "仅限本地物种", default=False, help_text="外来物种严禁采用此方式。"
    )
    needs_assessment = models.BooleanField("须经科学评估并确认具备野外生存能力", default=False)
    approval = models.CharField("报批要求", max_length=20, choices=Approval.choices)
    approval_authority = models.CharField("同意机关", max_length=40, blank=True)
    needs_receiving_unit = models.BooleanField("须填写接收单位", default=False)
    history = HistoricalRecords()
    objects = PlanPartManager()

    class Meta:
        verbose_name = "处置方式"
        verbose_name_plural = "处置方式"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="wildlife_method_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(approval="never") | ~Q(approval_authority=""),
                name="wildlife_method_approval_has_authority",
                violation_error_message="需要审批的处置方式，请填写审批机关。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    natural_key_fields = ("plan__document__doc_number", "plan__batch", "number")

    def natural_key(self):
        return (*self.plan.natural_key(), self.number)

    natural_key.dependencies = ["wildlife.compensationplan"]

    def conditions(self) -> rules.MethodConditions:
        return rules.MethodConditions(
            name=self.name,
            native_species_only=self.native_species_only,
            needs_assessment=self.needs_assessment,
            approval=self.approval,
            approval_authority=self.approval_authority,
            needs_receiving_unit=self.needs_receiving_unit,
        )


class Species(models.Model):
    """A species of the first batch with its compensation price (附件2)."""

    class Unit(models.TextChoices):
        HEAD = "只", "只"
        JIN = "斤", "斤"

    class Origin(models.TextChoices):
        UNKNOWN = "unknown", "未标注"
        NATIVE = "native", "本地物种（我市有自然分布）"
        ALIEN = "alien", "外来物种"

    plan = models.ForeignKey(
        CompensationPlan, verbose_name="工作方案", on_delete=models.PROTECT, related_name="species"
    )
    number = models.PositiveSmallIntegerField("序号")
    name = models.CharField("种类", max_length=20)
    unit = models.CharField("单位", max_length=2, choices=Unit.choices)
    price = models.DecimalField("价格（元）", max_digits=10, decimal_places=2)
    juvenile_price = models.DecimalField(
        "幼体价格（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    juvenile_definition = models.CharField("幼体界定", max_length=40, blank=True)
    origin = models.CharField(
        "本地/外来",
        max_length=10,
        choices=Origin.choices,
        default=Origin.UNKNOWN,
        help_text="方案未列明，由林业部门标注；野外放归仅限本地物种。",
    )
    national_key = models.BooleanField(
        "国家重点保护野生动物",
        null=True,
        blank=True,
        help_text="方案未列明，由林业部门标注；未标注时野外放归按须报批处理。",
    )
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()
    objects = PlanPartManager()

    class Meta:
        verbose_name = "物种补偿标准"
        verbose_name_plural = "物种补偿标准"
        permissions = [
            ("import_species", "可从表格导入物种补偿标准"),
            ("export_species", "可导出物种补偿标准"),
        ]
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="wildlife_species_unique_name"),
            models.UniqueConstraint(fields=["plan", "number"], name="wildlife_species_unique_no"),
            models.CheckConstraint(
                condition=Q(price__gt=0),
                name="wildlife_species_price_pos",
                violation_error_message="补偿单价应大于 0 元。",
            ),
            models.CheckConstraint(
                condition=Q(juvenile_price__isnull=True) | Q(juvenile_price__gt=0),
                name="wildlife_species_juvenile_price_pos",
                violation_error_message="幼体补偿单价应大于 0 元（没有幼体标准的请留空）。",
            ),
            models.CheckConstraint(
                condition=Q(unit__in=["只", "斤"]),
                name="wildlife_species_unit_valid",
                violation_error_message="计量单位只能是“只”或“斤”。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    natural_key_fields = ("plan__document__doc_number", "plan__batch", "number")

    def natural_key(self):
        return (*self.plan.natural_key(), self.number)

    natural_key.dependencies = ["wildlife.compensationplan"]

    @property
    def per_animal(self) -> bool:
        return self.unit == self.Unit.HEAD

    @property
    def has_juvenile_price(self) -> bool:
        return self.juvenile_price is not None


class BreedingEntity(models.Model):
    """A farm (人工繁育主体) registered by a district."""

    name = models.CharField("养殖主体", max_length=120)
    district = models.ForeignKey(
        "documents.District",
        verbose_name="区市",
        on_delete=models.PROTECT,
        related_name="wildlife_entities",
    )
    licence_no = models.CharField("许可证号", max_length=60, blank=True)
    scope = models.ForeignKey(
        ScopeCategory,
        verbose_name="补偿范围类别",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entities",
        help_text="留空表示待认定（导入表不含此列）。",
    )
    is_poor_household = models.BooleanField("建档立卡贫困户", default=False)
    notes = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "人工繁育主体"
        verbose_name_plural = "人工繁育主体"
        ordering = ["district__position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="wildlife_entity_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class StockRegistration(models.Model):
    """One species held by one farm, as verified and registered (三、(一))."""

    entity = models.ForeignKey(
        BreedingEntity,
        verbose_name="养殖主体",
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    species = models.ForeignKey(
        Species, verbose_name="物种", on_delete=models.PROTECT, related_name="registrations"
    )
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)
    is_juvenile = models.BooleanField("幼体", default=False)
    verified_on = models.DateField("核查日期")
    signed_by_both = models.BooleanField("双方签字（盖章）确认", default=False)
    converted_to_non_food = models.BooleanField(
        "经县级林业主管部门同意转为非食用性用途",
        default=False,
        help_text="是：不予补偿（二、(二)）。",
    )
    conversion_reference = models.CharField("转用同意文书", max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "核查登记"
        verbose_name_plural = "核查登记"
        ordering = ["entity__district__position", "entity__name", "species__number", "is_juvenile"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "species", "is_juvenile"],
                name="wildlife_registration_unique_species",
                violation_error_message="该养殖主体的这一物种已经登记，同一主体同一物种只能登记一条。",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="wildlife_registration_quantity_pos",
                violation_error_message="数量须大于0。",
            ),
        ]
        permissions = [
            ("import_stockregistration", "可导入核查登记"),
            ("export_stockregistration", "可导出核查登记"),
        ]

    def __str__(self) -> str:
        juvenile = "（幼体）" if self.is_juvenile else ""
        return f"{self.entity} · {self.species}{juvenile}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        species = self.species if self.species_id else None
        if species is not None and self.quantity is not None:
            problem = rules.quantity_problem(
                Decimal(self.quantity), unit=species.unit, per_animal=species.per_animal
            )
            if problem:
                errors["quantity"] = problem
        if species is not None and self.is_juvenile and not species.has_juvenile_price:
            errors["is_juvenile"] = f"{species.name}没有幼体补偿标准，不能登记为幼体。"
        if species is not None and self.verified_on is not None:
            problem = rules.verification_date_problem(
                self.verified_on, cutoff=species.plan.registration_cutoff
            )
            if problem:
                errors["verified_on"] = problem
        if self.converted_to_non_food and not self.conversion_reference.strip():
            errors["conversion_reference"] = (
                "转为非食用性用途须经县级林业主管部门同意，请填写同意文书。"
            )
        if errors:
            raise ValidationError(errors)

    def compensation(self) -> Decimal:
        """Return the amount this registration earns under the standard."""
        species = self.species
        scope = self.entity.scope
        return rules.registration_amount(
            species_name=species.name,
            quantity=Decimal(self.quantity),
            price=species.price,
            juvenile_price=species.juvenile_price,
            juvenile=self.is_juvenile,
            converted_to_non_food=self.converted_to_non_food,
            scope_compensated=scope.city_compensated if scope else True,
        )


class Disposal(models.Model):
    """How (part of) a registration's animals were disposed of (三、(三)(四))."""

    registration = models.ForeignKey(
        StockRegistration,
        verbose_name="核查登记",
        on_delete=models.PROTECT,
        related_name="disposals",
    )
    method = models.ForeignKey(
        DisposalMethod, verbose_name="处置方式", on_delete=models.PROTECT, related_name="disposals"
    )
    quantity = models.DecimalField("处置数量", max_digits=12, decimal_places=2)
    disposed_on = models.DateField("处置日期")
    responsible_person = models.CharField("处置工作负责人", max_length=60)
    receiving_unit = models.CharField("接收单位", max_length=120, blank=True)
    approval_reference = models.CharField(
        "批准文书（省自然资源厅同意）", max_length=120, blank=True
    )
    assessment_confirmed = models.BooleanField(
        "已经科学评估，具备野外生存能力", default=False, help_text="野外放归时须确认。"
    )
    has_images = models.BooleanField("已保留影像资料", default=False)
    notes = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "处置记录"
        verbose_name_plural = "处置记录"
        ordering = ["-disposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="wildlife_disposal_qty_pos",
                violation_error_message="处置数量须大于0。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.method}"

    def clean(self) -> None:
        if not (self.registration_id and self.method_id):
            return
        registration = self.registration
        species = registration.species
        already = sum((d.quantity for d in registration.disposals.exclude(pk=self.pk)), Decimal(0))
        problems = rules.disposal_problems(
            method=self.method.conditions(),
            species_name=species.name,
            species_origin=species.origin,
            species_national_key=species.national_key,
            quantity=Decimal(self.quantity) if self.quantity is not None else None,
            unit=species.unit,
            per_animal=species.per_animal,
            remaining=Decimal(registration.quantity) - already,
            disposed_on=self.disposed_on,
            verified_on=registration.verified_on,
            receiving_unit=self.receiving_unit,
            approval_reference=self.approval_reference,
            assessment_confirmed=self.assessment_confirmed,
        )
        if problems:
            raise ValidationError(problems)
