from django.conf import settings
from django.db import models

from gongkai.disclosures.models import Attachment, Disclosure


class FindingKind(models.TextChoices):
    ID_NUMBER = "id_number", "身份证号码"
    MOBILE = "mobile", "手机号码"
    BANK_CARD = "bank_card", "银行卡号"
    EMAIL = "email", "电子邮箱"
    CLASSIFICATION = "classification", "密级标识"


class FindingSource(models.TextChoices):
    TITLE = "title", "标题"
    SUMMARY = "summary", "内容概述"
    BODY = "body", "正文"
    ATTACHMENT = "attachment", "附件"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待处理"  # blocks approval
    MASKED = "masked", "已遮盖"  # the value was replaced by its mask in the text
    ACCEPTED = "accepted", "已接受"  # the approver stated why it may be published as is


class Finding(models.Model):
    """Something the sensitive-information scanner found in an item before publication."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField("类型", max_length=20, choices=FindingKind.choices)
    source = models.CharField("位置", max_length=20, choices=FindingSource.choices)
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The raw value is needed to mask it; it is never shown or returned by the API (``excerpt`` is).
    value = models.CharField(max_length=200)
    masked = models.CharField("遮盖后", max_length=200)
    excerpt = models.CharField("摘录", max_length=300)
    status = models.CharField("处理状态", max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    reason = models.TextField("接受理由", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "敏感信息"
        verbose_name_plural = "敏感信息"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | ~models.Q(reason=""), name="finding_accept_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.excerpt}"

    @property
    def resolved(self) -> bool:
        return self.status != FindingStatus.OPEN
