from django.db import models


class Counter(models.Model):
    """A named, monotonically increasing counter (index numbers, request numbers, letter numbers).

    Values are never handed out twice, even when a later step of the same transaction rolls back."""

    key = models.CharField(max_length=120, unique=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"
