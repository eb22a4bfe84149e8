"""The gazette as printed: issues, documents, their provisions, relations and duties."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from documents.choices import DocumentKind
from gazette_site.readings import readings_field
from gazette_text import parse_doc_number


class _NaturalKeyManager(models.Manager):
    """Find rows by the fields that identify them in print, so fixtures need no ids."""

    natural_key_fields: tuple[str, ...] = ()

    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.natural_key_fields, values, strict=True)))


class IssueManager(_NaturalKeyManager):
    natural_key_fields = ("year", "number")


class SectionManager(_NaturalKeyManager):
    def get_by_natural_key(self, year, number, name):
        return self.get(issue__year=year, issue__number=number, name=name)


class OrganisationManager(_NaturalKeyManager):
    natural_key_fields = ("name",)


class DocumentManager(_NaturalKeyManager):
    natural_key_fields = ("doc_number",)


class RelationManager(models.Manager):
    def get_by_natural_key(self, source, target, kind):
        return self.get(source__doc_number=source, target__doc_number=target, kind=kind)


class ResponsibilityManager(models.Manager):
    def get_by_natural_key(self, doc_number, task_anchor, organisation):
        task = {"provision__anchor": task_anchor} if task_anchor else {"provision__isnull": True}
        return self.get(document__doc_number=doc_number, organisation__name=organisation, **task)


class ChildOfDocumentManager(_NaturalKeyManager):
    """Rows identified by their document's number and one field of their own."""

    def get_by_natural_key(self, doc_number, *values):
        own = self.model.natural_key_own_fields
        return self.get(document__doc_number=doc_number, **dict(zip(own, values, strict=True)))


class Issue(models.Model):
    """One printed issue of the gazette (期)."""

    year = models.PositiveSmallIntegerField("年份")
    number = models.PositiveSmallIntegerField("期号")
    cumulative_number = models.PositiveIntegerField("总期号", unique=True)
    sponsor = models.CharField("主管主办", max_length=100, blank=True)
    published_on = models.DateField("出版日期", null=True, blank=True)
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()

    objects = IssueManager()

    class Meta:
        verbose_name = "公报期次"
        verbose_name_plural = "公报期次"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="issue_unique_year_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="issue_number_positive",
                violation_error_message="期号应从 1 开始。",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("documents:issue", kwargs={"year": self.year, "number": self.number})

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}期（总第{self.cumulative_number}期）"

    def natural_key(self):
        return (self.year, self.number)


class Section(models.Model):
    """A section (栏目) of an issue, in printed order."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField("栏目", max_length=50)
    position = models.PositiveSmallIntegerField("顺序")
    history = HistoricalRecords()

    objects = SectionManager()

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "name"], name="section_unique_name"),
            models.UniqueConstraint(fields=["issue", "position"], name="section_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.name}"

    def natural_key(self):
        return (self.issue.year, self.issue.number, self.name)

    natural_key.dependencies = ["documents.issue"]


class Organisation(models.Model):
    """A body that issues documents or carries duties (单位 / 部门)."""

    name = models.CharField("名称", max_length=100, unique=True)
    full_name = models.CharField("全称", max_length=150, blank=True)
    slug = models.SlugField(
        "网址标识",
        max_length=120,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="留空则按名称生成",
    )
    history = HistoricalRecords()

    objects = OrganisationManager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]
        permissions = [
            ("import_organisation", "可从表格导入单位"),
            ("export_organisation", "可导出单位"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("documents:organisation", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.name,)


class DistrictManager(_NaturalKeyManager):
    natural_key_fields = ("name",)


class District(models.Model):
    """A 区市 or development zone of Weihai: the level that registers, pays and reports."""

    class Kind(models.TextChoices):
        COUNTY = "county", "区市"
        ZONE = "zone", "开发区"

    name = models.CharField("名称", max_length=60, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField("排序", default=0)
    source_note = models.TextField("来源说明", blank=True)
    readings = readings_field()
    history = HistoricalRecords()

    objects = DistrictManager()

    class Meta:
        verbose_name = "区市（开发区）"
        verbose_name_plural = "区市（开发区）"
        permissions = [
            ("import_district", "可从表格导入区市（开发区）"),
            ("export_district", "可导出区市（开发区）"),
        ]
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def natural_key(self):
        return (self.name,)


class OrganisationAlias(models.Model):
    """Another printed name of an organisation (市卫生健康委 = 卫生健康委)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="aliases", verbose_name="单位"
    )
    name = models.CharField("别名", max_length=150, unique=True)
    history = HistoricalRecords()

    objects = OrganisationManager()

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.name,)


class Document(models.Model):
    """A document printed in an issue, or a stub for one it refers to."""

    issue = models.ForeignKey(
        Issue,
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name="所在期次",
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name="栏目",
    )
    position = models.PositiveSmallIntegerField("目录顺序", null=True, blank=True)
    page = models.PositiveSmallIntegerField("页码", null=True, blank=True)
    doc_number = models.CharField("文号", max_length=60, unique=True)
    issuer_code = models.CharField("发文字号代字", max_length=20, blank=True, editable=False)
    doc_year = models.PositiveSmallIntegerField("文号年份", null=True, blank=True, editable=False)
    serial = models.PositiveIntegerField("文号序号", null=True, blank=True, editable=False)
    slug = models.SlugField("网址标识", max_length=60, unique=True)
    title = models.CharField("标题", max_length=300)
    kind = models.CharField("文种", max_length=10, choices=DocumentKind.choices, blank=True)
    issuers = models.ManyToManyField(
        Organisation, through="DocumentIssuer", related_name="issued_documents", blank=True
    )
    signed_date = models.DateField("成文日期", null=True, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    effective_to = models.DateField("有效期至", null=True, blank=True)
    registration_no = models.CharField("统一登记号", max_length=40, blank=True)
    addressees = models.TextField("主送机关", blank=True)
    preamble = models.TextField("导语", blank=True, help_text="第一个条款之前的文字，每段一行。")
    body = models.TextField("正文（全文）", blank=True)
    attachment_list = models.TextField(
        "附件说明",
        blank=True,
        default="",
        help_text="正文之后“附件：1. … 2. …”的印刷文字，每行一行。",
    )
    readings = readings_field()
    is_stub = models.BooleanField(
        "仅存目", default=False, help_text="被引用但尚未收录全文的文件，收录其所在期次后补全。"
    )
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()

    objects = DocumentManager()

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"
        ordering = ["issue", "position", "doc_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="document_validity_ordered",
                violation_error_message="有效期至不能早于施行日期。",
            ),
            models.UniqueConstraint(
                fields=["issue", "position"],
                condition=Q(issue__isnull=False, position__isnull=False),
                name="document_unique_position_in_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）" if self.title else self.doc_number

    def save(self, *args, **kwargs):
        parsed = parse_doc_number(self.doc_number)
        if parsed is not None:
            self.issuer_code, self.doc_year, self.serial = parsed.code, parsed.year, parsed.serial
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        parsed = parse_doc_number(self.doc_number)
        if parsed is None:
            raise ValidationError({"doc_number": "无法识别的文号，应形如 威政发〔2020〕7号。"})
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "有效期至不能早于施行日期。"})

    @property
    def in_force_from(self) -> dt.date | None:
        """The date the document takes effect: its stated date, else its signed date."""
        return self.effective_from or self.signed_date

    def natural_key(self):
        return (self.doc_number,)


class DocumentIssuer(models.Model):
    """An issuing body of a document, in printed order (joint documents have several)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="issuer_links")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="issuer_links", verbose_name="发文机关"
    )
    position = models.PositiveSmallIntegerField("顺序", default=1)
    history = HistoricalRecords()

    objects = ChildOfDocumentManager()
    natural_key_own_fields = ("organisation__name",)

    class Meta:
        verbose_name = "发文机关"
        verbose_name_plural = "发文机关"
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organisation"], name="issuer_unique_per_document"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def natural_key(self):
        return (self.document.doc_number, self.organisation.name)


class ProvisionKind(models.TextChoices):
    CHAPTER = "chapter", "章"
    ARTICLE = "article", "条"
    SECTION = "section", "部分（一、）"
    SUBSECTION = "subsection", "项（（一））"
    ITEM = "item", "目（1.）"
    PARAGRAPH = "paragraph", "款"


class Provision(models.Model):
    """A numbered unit of a document's text, with an anchor citations link to."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="provisions", verbose_name="文件"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="children",
        null=True,
        blank=True,
        verbose_name="上级",
    )
    kind = models.CharField("层级", max_length=12, choices=ProvisionKind.choices)
    label = models.CharField("序号", max_length=20, help_text="如 第二十条、一、（一）、1.")
    anchor = models.CharField(
        "锚点",
        max_length=80,
        help_text="网址中 # 之后的部分，如 第二十条。创建后不可修改，以免其他页面的链接失效。",
    )
    heading = models.CharField("标题", max_length=200, blank=True)
    heading_end = models.CharField(
        "标题后标点",
        max_length=2,
        blank=True,
        default="",
        help_text="印在标题之后的标点（。或：）；标题单独成行的留空。",
    )
    text = models.TextField("条文", blank=True)
    position = models.PositiveIntegerField("顺序")
    history = HistoricalRecords()

    objects = ChildOfDocumentManager()
    natural_key_own_fields = ("anchor",)

    class Meta:
        verbose_name = "条款"
        verbose_name_plural = "条款"
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "anchor"], name="provision_unique_anchor"),
            models.UniqueConstraint(
                fields=["document", "position"], name="provision_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.doc_number} {self.anchor}"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    def natural_key(self):
        return (self.document.doc_number, self.anchor)


class Attachment(models.Model):
    """An attachment (附件); tables are kept as rows of cells, not images."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="attachments", verbose_name="文件"
    )
    label = models.CharField("附件序号", max_length=20, help_text="如 附件1")
    anchor = models.CharField("锚点", max_length=40)
    title = models.CharField("标题", max_length=200)
    blocks = models.JSONField(
        "内容",
        default=list,
        blank=True,
        help_text='按顺序的内容块：{"type": "text", "text": …} 或 '
        '{"type": "table", "caption": …, "header": [[…]], "rows": [[…]]}',
    )
    link = models.CharField(
        "结构化数据页面", max_length=200, blank=True, help_text="该附件在门户中的专门页面"
    )
    position = models.PositiveSmallIntegerField("顺序")
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()

    objects = ChildOfDocumentManager()
    natural_key_own_fields = ("anchor",)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "anchor"], name="attachment_unique_anchor"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    def natural_key(self):
        return (self.document.doc_number, self.anchor)


class RelationKind(models.TextChoices):
    REPEALS = "repeals", "废止"
    BASED_ON = "based_on", "依据"
    CITES = "cites", "引用"


class DocumentRelation(models.Model):
    """A document repeals, is based on, or cites another one."""

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="outgoing", verbose_name="本文件"
    )
    target = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="incoming", verbose_name="相关文件"
    )
    kind = models.CharField("关系", max_length=10, choices=RelationKind.choices)
    provision_anchor = models.CharField("出处锚点", max_length=80, blank=True)
    cited_title = models.CharField("引用时的标题", max_length=300, blank=True)
    history = HistoricalRecords()

    objects = RelationManager()

    class Meta:
        verbose_name = "文件关系"
        verbose_name_plural = "文件关系"
        ordering = ["source", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="relation_unique_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="relation_not_to_itself",
                violation_error_message="文件不能与它自己建立关系。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.doc_number} {self.get_kind_display()} {self.target.doc_number}"

    def natural_key(self):
        return (self.source.doc_number, self.target.doc_number, self.kind)


class Responsibility(models.Model):
    """An organisation's part in a task (责任单位) or in a division of duties (责任分工)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="responsibilities", verbose_name="文件"
    )
    provision = models.ForeignKey(
        Provision,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        null=True,
        blank=True,
        verbose_name="任务条款",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="responsibilities", verbose_name="单位"
    )
    printed_name = models.CharField("印刷名称", max_length=150)
    is_lead = models.BooleanField("牵头单位", default=False)
    duty = models.TextField("职责", blank=True)
    position = models.PositiveSmallIntegerField("顺序")
    history = HistoricalRecords()

    objects = ResponsibilityManager()

    class Meta:
        verbose_name = "责任分工"
        verbose_name_plural = "责任分工"
        ordering = ["document", "provision__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "provision", "organisation"],
                name="responsibility_unique_per_task",
            ),
        ]

    def __str__(self) -> str:
        role = "牵头" if self.is_lead else "参与"
        return f"{self.organisation}（{role}）"

    def natural_key(self):
        anchor = self.provision.anchor if self.provision_id else ""
        return (self.document.doc_number, anchor, self.organisation.name)


class Appointment(models.Model):
    """One entry of a personnel appointment list (人事任免)."""

    class Action(models.TextChoices):
        APPOINT = "appoint", "任命"
        DISMISS = "dismiss", "免去"

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="appointments", verbose_name="任免文件"
    )
    action = models.CharField("任免", max_length=10, choices=Action.choices)
    person = models.CharField("姓名", max_length=50)
    position_title = models.CharField("职务", max_length=200)
    term_note = models.CharField("说明", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("顺序")
    source_note = models.TextField("转录说明", blank=True)
    history = HistoricalRecords()

    objects = ChildOfDocumentManager()
    natural_key_own_fields = ("position",)

    class Meta:
        verbose_name = "人事任免"
        verbose_name_plural = "人事任免"
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.person} {self.position_title}"

    def natural_key(self):
        return (self.document.doc_number, self.position)


class LoadedFixture(models.Model):
    """A fixture file `load_gazette` has loaded, so an unchanged file is not loaded again.

    Loading again would overwrite what clerks have corrected in admin since.
    """

    path = models.CharField("数据文件", max_length=300, unique=True)
    sha256 = models.CharField("内容摘要", max_length=64)
    loaded_at = models.DateTimeField("载入时间", auto_now=True)

    class Meta:
        verbose_name = "已载入的数据文件"
        verbose_name_plural = "已载入的数据文件"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path


class ExternalWork(models.Model):
    """A work the gazette cites but does not print: a national law, or a document not yet published.

    Its page is a placeholder that names where the official text is and lists who cites it.
    """

    key = models.CharField("识别键", max_length=300, unique=True, help_text="规范文号或标题")
    slug = models.SlugField("网址标识", max_length=40, unique=True)
    title = models.CharField("标题", max_length=300, blank=True)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    official_source = models.CharField("官方文本所在", max_length=200)

    class Meta:
        verbose_name = "外部文件"
        verbose_name_plural = "外部文件"
        ordering = ["key"]

    def __str__(self) -> str:
        if self.title and self.doc_number:
            return f"《{self.title}》（{self.doc_number}）"
        return f"《{self.title}》" if self.title else self.doc_number

    def get_absolute_url(self) -> str:
        return reverse("documents:external", kwargs={"slug": self.slug})


class ReferenceKind(models.TextChoices):
    DOC_NUMBER = "doc_number", "文号"
    TITLE = "title", "标题"
    PROVISION = "provision", "条款"


class Reference(models.Model):
    """A reference in a document's stored text, with its offsets, and what it points to.

    Computed from the text when a document or its provisions are saved (documents.references);
    pages render links from these offsets instead of searching the text again.
    """

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="references", verbose_name="引用文件"
    )
    provision = models.ForeignKey(
        Provision,
        on_delete=models.CASCADE,
        related_name="references",
        null=True,
        blank=True,
        verbose_name="引用条款",
        help_text="为空时引用出现在导语中",
    )
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    kind = models.CharField("类别", max_length=12, choices=ReferenceKind.choices)
    cited_text = models.CharField("引用文字", max_length=300)
    target_key = models.CharField("被引用的文号或标题", max_length=300, blank=True)
    target_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        related_name="citations",
        null=True,
        blank=True,
        verbose_name="被引用文件",
    )
    target_provision = models.ForeignKey(
        Provision,
        on_delete=models.SET_NULL,
        related_name="citations",
        null=True,
        blank=True,
        verbose_name="被引用条款",
    )
    target_external = models.ForeignKey(
        ExternalWork,
        on_delete=models.SET_NULL,
        related_name="citations",
        null=True,
        blank=True,
        verbose_name="被引用的外部文件",
    )
    sentence = models.TextField("引用句")

    class Meta:
        verbose_name = "引用"
        verbose_name_plural = "引用"
        ordering = ["document", "provision__position", "start"]
        indexes = [models.Index(fields=["target_key"], name="reference_target_key")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="reference_span",
                violation_error_message="引用的结束位置应在开始位置之后。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.doc_number} → {self.cited_text}"

    @property
    def target(self):
        return self.target_provision or self.target_document or self.target_external

    @property
    def href(self) -> str:
        if self.target_provision_id:
            if self.target_provision.document_id == self.document_id:
                return f"#{self.target_provision.anchor}"
            return self.target_provision.get_absolute_url()
        return self.target.get_absolute_url()
