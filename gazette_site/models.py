"""The one row that says which version of the public data is current."""

from django.db import models


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
