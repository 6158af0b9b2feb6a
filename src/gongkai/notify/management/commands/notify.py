"""``gongkai notify``: deliver the messages that are due; re-send failed ones now; send a test message.

    gongkai notify send-pending [--limit 500]   # every minute from cron or the worker
    gongkai notify retry [--limit 500]
    gongkai notify send --channel sms --to 13800138000 --body "测试短信"
    gongkai notify send --channel email --to someone@example.cn --subject 测试 --body "测试邮件"
"""

from django.core.management.base import BaseCommand, CommandError

from gongkai.notify.models import Channel, Status
from gongkai.notify.services import deliver, message_retry_failed, message_send, message_send_pending


class Command(BaseCommand):
    help = (
        "消息通知：发送到期的消息，重发失败的消息，或发送测试消息。"
        "Notifications: send the due messages, retry failed ones, send a test."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{send-pending,retry,send}")

        pending = sub.add_parser(
            "send-pending", help="发送待发送的消息和重发时间已到的失败消息（可每分钟运行，不会重复发送）"
        )
        pending.add_argument("--limit", type=int, default=500, help="本次最多处理的条数（默认 500）")

        retry = sub.add_parser("retry", help="立即重发发送失败的消息（不等待重发间隔；已放弃的不再发送）")
        retry.add_argument("--limit", type=int, default=500, help="本次最多处理的条数（默认 500）")

        send = sub.add_parser("send", help="发送一条测试短信或邮件，检查配置是否正确")
        send.add_argument("--channel", required=True, choices=[Channel.SMS, Channel.EMAIL])
        send.add_argument("--to", required=True, help="手机号码或电子邮箱地址")
        send.add_argument("--subject", default="", help="邮件标题（短信不发送标题）")
        send.add_argument("--body", required=True)

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action.replace('-', '_')}")(**options)

    def do_send_pending(self, *, limit, **_):
        if limit < 1:
            raise CommandError("--limit 应为正整数。")
        counts = message_send_pending(limit=limit)
        if counts["tried"]:
            self.stdout.write(f"发送 {counts['tried']} 条：成功 {counts['sent']} 条，失败 {counts['failed']} 条。")

    def do_retry(self, *, limit, **_):
        if limit < 1:
            raise CommandError("--limit 应为正整数。")
        counts = message_retry_failed(limit=limit)
        self.stdout.write(f"重发 {counts['tried']} 条：成功 {counts['sent']} 条，失败 {counts['failed']} 条。")

    def do_send(self, *, channel, to, subject, body, **_):
        try:
            message = message_send(channel=channel, recipient=to, subject=subject, body=body)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        # a test message goes out now, whatever GONGKAI_NOTIFY_DELIVERY says
        deliver(message.pk)
        message.refresh_from_db()
        if message.status != Status.SENT:
            raise CommandError(f"发送失败：{message.last_error}")
        self.stdout.write(f"已发送（消息 {message.pk}，服务商编号 {message.provider_message_id or '无'}）。")
