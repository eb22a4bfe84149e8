"""The one row that says which version of the public data is current; background import jobs."""

from django.db import models
from django.utils import timezone


class DataVersion(models.Model):
    """Changes in the same transaction as every change to public data.

    Cached pages, calculators' answers and ETags are keyed by `token`, so a change is seen on
    the next request by every process that shares the database. A random token (not only the
    counter) keeps a rolled-back change from ever reusing a key.
    """

    token = models.CharField("版本标识", max_length=32)
    counter = models.BigIntegerField("修改次数", default=0)
    changed_at = models.DateTimeField("最后修改时间")

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"

    def __str__(self) -> str:
        return f"{self.counter} ({self.token})"


class ImportJob(models.Model):
    """A large spreadsheet import checked and saved by the background worker, not the request.

    The file itself is kept here (not in a temporary folder) so that a worker on another
    machine, or behind systemd's PrivateTmp, reads the same bytes the clerk uploaded. It is
    cleared once the import has saved.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队等待"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "未能完成"

    user = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="import_jobs", verbose_name="工作人员"
    )
    model_label = models.CharField("数据表", max_length=100)
    resource_path = models.CharField("表格类型", max_length=200)
    file_name = models.CharField("文件名", max_length=255)
    data = models.BinaryField("文件内容", blank=True, editable=False)
    dry_run = models.BooleanField("仅预览", default=True)
    renames = models.JSONField("按改名处理的行", default=dict, blank=True)
    delete_missing = models.BooleanField("删除文件中没有的行", default=False)
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.QUEUED)
    phase = models.CharField("当前步骤", max_length=40, blank=True)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    rows_done = models.PositiveIntegerField("已检查行数", default=0)
    report = models.JSONField("结果", null=True, blank=True, editable=False)
    message = models.TextField("结果说明", blank=True)
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
