"""The append-only history every domain keeps: who did what, when, with what opinion and data.

Each domain declares its own concrete event table by subclassing :class:`EventBase` and adding a
foreign key to the object it records. Rows are written by services, in the same transaction as the
change, and never updated or deleted.
"""

from django.conf import settings
from django.db import models


class EventBase(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=40)
    opinion = models.TextField("意见", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("event rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("event rows are append-only")
