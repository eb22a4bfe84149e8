"""Draft issues: an uploaded issue as the parser read it, with a clerk's fixes, until published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from documents.models import Issue

# Document fields a clerk may correct in a draft, in the order the form shows them.
CORRECTABLE_FIELDS = (
    "doc_number",
    "title",
    "section",
    "signed_date",
    "effective_from",
    "effective_to",
    "issuers",
)


class DraftIssue(models.Model):
    """One uploaded issue, stored as the parser read it; nothing public until published."""

    class State(models.TextChoices):
        DRAFT = "draft", "待发布"
        PUBLISHED = "published", "已发布"

    source_name = models.CharField("来源文件", max_length=200)
    source_format = models.CharField("文件格式", max_length=10)
    source_text = models.TextField("文本")
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    number = models.PositiveSmallIntegerField("期号", null=True, blank=True)
    cumulative_number = models.PositiveIntegerField("总期号", null=True, blank=True)
    sponsor = models.CharField("主管主办", max_length=100, blank=True)
    contents = models.JSONField("目录", default=list, blank=True)
    records = models.JSONField(
        "解析结果", default=list, blank=True, help_text="解析器给出的数据记录（以文号等自然键关联）"
    )
    parse_error = models.TextField("无法解析的原因", blank=True)
    dropped_lines = models.PositiveIntegerField(
        "删去的页眉页码行数", default=0, help_text="印刷版每页重复的刊名期次和页码，不属正文"
    )
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="导入人",
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    publish_notes = models.TextField("发布说明", blank=True)
    issue = models.ForeignKey(
        Issue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name="已发布为",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "导入的公报（草稿）"
        verbose_name_plural = "导入新一期公报"
        ordering = ["-created_at", "-id"]
        permissions = [("publish_draftissue", "可发布导入的公报")]

    def __str__(self) -> str:
        if self.year and self.number:
            return (
                f"草稿 {self.pk}：{self.year}年第{self.number}期（总第{self.cumulative_number}期）"
            )
        return f"草稿 {self.pk}：{self.source_name}"


class DraftDocument(models.Model):
    """A document of a draft issue: what the parser read (`parsed`) and the clerk's fixes."""

    draft = models.ForeignKey(
        DraftIssue, on_delete=models.CASCADE, related_name="documents", verbose_name="草稿"
    )
    position = models.PositiveSmallIntegerField("目录顺序")
    doc_number = models.CharField("文号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=300, blank=True)
    section = models.CharField("栏目", max_length=50, blank=True)
    signed_date = models.DateField("成文日期", null=True, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    effective_to = models.DateField("有效期至", null=True, blank=True)
    issuers = models.CharField(
        "发文机关", max_length=500, blank=True, help_text="多个机关用顿号“、”分隔，按印刷顺序"
    )
    parsed = models.JSONField(
        "解析结果", default=dict, help_text="解析器读出的上述各项，用于区分更正与原读法"
    )
    domain = models.JSONField(
        "专题数据",
        default=list,
        blank=True,
        help_text="识别出这份文件的专题应用及其将创建的数据（应用、说明、发布时是否创建）",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "草稿中的文件"
        verbose_name_plural = "草稿中的文件"
        ordering = ["draft", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "position"], name="draftdocument_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title

    def issuer_list(self) -> list[str]:
        return [name.strip() for name in self.issuers.split("、") if name.strip()]

    def field_value(self, name: str) -> str:
        """A correctable field as the parser's `parsed` stores it (dates as YYYY-MM-DD)."""
        value = getattr(self, name)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value or ""

    def corrections(self) -> dict[str, tuple[str, str]]:
        """Fields the clerk changed: name -> (parser's reading, clerk's value)."""
        changed = {}
        for name in CORRECTABLE_FIELDS:
            mine, theirs = self.field_value(name), self.parsed.get(name) or ""
            if mine != theirs:
                changed[name] = (theirs, mine)
        return changed


class DraftReading(models.Model):
    """A reading the parser was unsure of; a clerk checks each before the issue goes out."""

    document = models.ForeignKey(
        DraftDocument, on_delete=models.CASCADE, related_name="readings", verbose_name="文件"
    )
    position = models.PositiveSmallIntegerField("顺序")
    line = models.PositiveIntegerField("原文行号", null=True, blank=True)
    note = models.TextField("解析说明")
    checked = models.BooleanField("已核对", default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="核对人",
    )
    checked_at = models.DateTimeField("核对时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "解析判断"
        verbose_name_plural = "解析判断"
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return self.note
