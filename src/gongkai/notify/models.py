"""The outbox: one :class:`Message` row per SMS, e-mail or in-app message, kept as its history.

Rows are written only by :mod:`gongkai.notify.services`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Channel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"
    INAPP = "inapp", "站内消息"


class Status(models.TextChoices):
    QUEUED = "queued", "待发送"  # stored, delivery not yet confirmed (or an attempt is under way: `claimed_at`)
    SENT = "sent", "已发送"  # the provider (SMS gateway, mail server) accepted it; in-app: visible in the inbox
    # The last attempt failed: tried again at `next_attempt_at`; once `gave_up_at` is set, failed for good.
    FAILED = "failed", "发送失败"


class Message(models.Model):
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    recipient = models.CharField(
        "收件地址", max_length=254, blank=True, help_text="短信为手机号码，电子邮件为邮箱地址；站内消息为空。"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="messages",
    )
    subject = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("内容")
    dedupe_key = models.CharField(
        "去重键", max_length=200, unique=True, null=True, blank=True,
        help_text="同一键只发送一次，例如 request:42:reply_due:2026-11-25:handler:7:sms",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    last_error = models.TextField("最近一次错误", blank=True)
    provider_message_id = models.CharField("服务商消息编号", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField("最近一次发送时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送成功时间", null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        "下次发送时间", null=True, blank=True, help_text="`gongkai notify send-pending` 在此时间后发送；为空表示不再发送。"
    )
    claimed_at = models.DateTimeField("发送开始时间", null=True, blank=True, help_text="一次发送正在进行；完成后清空。")
    gave_up_at = models.DateTimeField("放弃重发时间", null=True, blank=True, help_text="重发期限已过，不再重发，已告知协调办或系统管理员。")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    # The object the message is about, for the audit trail; plain strings so that notify depends on no app.
    related_app_label = models.CharField("关联应用", max_length=100, blank=True)
    related_model = models.CharField("关联对象类型", max_length=100, blank=True)
    related_object_id = models.CharField("关联对象编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="notify_message_has_recipient",
                condition=(Q(channel=Channel.INAPP) & Q(user__isnull=False))
                | (Q(channel__in=[Channel.SMS, Channel.EMAIL]) & ~Q(recipient="")),
            ),
        ]
        indexes = [
            models.Index(fields=["user", "channel", "read_at"], name="notify_msg_inbox"),
            models.Index(fields=["status", "attempts"], name="notify_msg_status"),
            models.Index(fields=["next_attempt_at"], name="notify_msg_due"),
            models.Index(
                fields=["related_app_label", "related_model", "related_object_id"], name="notify_msg_related"
            ),
        ]

    def __str__(self) -> str:
        to = self.recipient or str(self.user)
        return f"{self.get_channel_display()} → {to}：{self.subject or self.body[:30]}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
