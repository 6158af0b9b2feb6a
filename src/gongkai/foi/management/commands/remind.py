"""``gongkai remind [--today YYYY-MM-DD] [--dry-run]``: send the deadline reminders of information requests
that are due (:mod:`gongkai.foi.reminders`) and print one line per message. Idempotent (a second run the
same day sends nothing); meant for a daily scheduler."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.foi.reminders import fmt, is_working_day, reminders_due, reminders_send
from gongkai.notify.models import Channel, Message, Status
from gongkai.reviews.scanner import mask

NOTHING = "没有需要发送的提醒"


def masked(channel: str, recipient: str, user) -> str:
    if channel == Channel.SMS:
        return mask("mobile", recipient)
    if channel == Channel.EMAIL:
        return mask("email", recipient)
    return str(user)


class Command(BaseCommand):
    help = "发送依申请公开的期限提醒（补正告知、答复期限、逾期、暂定日期），重复运行不会重复发送。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按此日期计算（YYYY-MM-DD），默认今天")
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发送的提醒，不发送")

    def handle(self, *args, today: str | None, dry_run: bool, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期“{today}”无效，应为 YYYY-MM-DD。") from exc
        if not is_working_day(day):
            self.stdout.write(f"{fmt(day)}不是工作日，{NOTHING}")
            return
        if dry_run:
            rows = [(r.channel, masked(r.channel, r.recipient, r.user), r.body) for r in reminders_due(today=day)]
        else:
            messages = reminders_send(today=day)
            rows = [(m.channel, masked(m.channel, m.recipient, m.user), m.body) for m in messages]
        if not rows:
            self.stdout.write(NOTHING)
            return
        for channel, recipient, body in rows:
            self.stdout.write(f"{Channel(channel).label}\t{recipient}\t{body}")
        if dry_run:
            self.stdout.write(f"试运行：以上 {len(rows)} 条提醒未发送。")
            return
        failed = Message.objects.filter(pk__in=[m.pk for m in messages], status=Status.FAILED).count()
        summary = f"已发送 {len(rows)} 条提醒。"
        if failed:
            summary += f"其中 {failed} 条发送失败，可用 gongkai notify retry 重发。"
        self.stdout.write(summary)
