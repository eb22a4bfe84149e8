"""The search index (one row per record the registered sources offer) and the synonym list.

The rows are derived data (rebuilt with `manage.py rebuild_search_index`), so they have
no history. The full-text part lives beside them and depends on the database:
an FTS5 table `search_fts` on SQLite, tsvector columns with a GIN index on PostgreSQL
(see migration 0002 and `search/backends.py`).
"""

from django.db import models


class SearchEntry(models.Model):
    """One searchable record: a document, a provision, a catalogue item, a rate…"""

    # Small columns first: SQLite reads a row's columns in order, so counting hits by
    # facet never has to step over a long body.
    key = models.CharField("记录标识", max_length=200, unique=True)
    source = models.CharField("数据集", max_length=50, db_index=True)
    kind = models.CharField("类型", max_length=30)
    scope = models.CharField("更新范围", max_length=200, blank=True, db_index=True)
    digest = models.CharField("内容摘要", max_length=40)
    date = models.DateField("日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    issue = models.CharField("期次", max_length=20, blank=True)
    issue_label = models.CharField("期次名称", max_length=50, blank=True)
    section = models.CharField("栏目", max_length=50, blank=True)
    doc_kind = models.CharField("文种", max_length=20, blank=True)
    issuers = models.CharField(
        "发文机关", max_length=1000, blank=True, help_text="以 | 分隔并包围，如 |市政府|市财政局|"
    )
    # The status on any date, in stretches (see search/timeline.py).
    status_0 = models.CharField("时效（第一段）", max_length=10, blank=True)
    change_1 = models.DateField("时效变化日1", null=True, blank=True)
    status_1 = models.CharField("时效（第二段）", max_length=10, blank=True)
    change_2 = models.DateField("时效变化日2", null=True, blank=True)
    status_2 = models.CharField("时效（第三段）", max_length=10, blank=True)
    change_3 = models.DateField("时效变化日3", null=True, blank=True)
    status_3 = models.CharField("时效（第四段）", max_length=10, blank=True)
    doc_number_key = models.CharField("规范文号", max_length=100, blank=True, db_index=True)
    title_key = models.CharField("规范标题", max_length=300, blank=True, db_index=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    # Indexed: a page reads the documents of its results by their URL.
    url = models.CharField("链接", max_length=500, db_index=True)
    head = models.CharField("条款标题", max_length=300, blank=True)
    title = models.TextField("标题")
    body = models.TextField("正文", blank=True)

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"

    def __str__(self) -> str:
        return self.key


class Synonym(models.Model):
    """Words that mean the same to a reader: a colloquial name and the gazette's own term.

    A query word that equals one of `terms` is also looked for as each of the others.
    """

    terms = models.CharField(
        "同义词", max_length=300, unique=True, help_text="用顿号分隔，如：献血证、无偿献血证"
    )
    source = models.CharField(
        "依据", max_length=300, help_text="公报中出现这些说法的位置，如：威政发〔2020〕7号 第十四条"
    )

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if len(set(self.term_list())) < 2:
            raise ValidationError({"terms": "至少两个说法，用顿号分隔，如：献血证、无偿献血证"})
        self.terms = "、".join(dict.fromkeys(self.term_list()))

    def term_list(self) -> list[str]:
        return [
            t.strip()
            for t in self.terms.replace(",", "、").replace("，", "、").split("、")
            if t.strip()
        ]
