"""``gongkai report_reminders [--today YYYY-MM-DD] [--year YYYY]``: remind units of the annual report
deadline. Idempotent (a second run the same day sends nothing); meant for a daily scheduler."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.annual.reminders import report_reminders_send


class Command(BaseCommand):
    help = "提醒尚未发布政府信息公开工作年度报告的机构（按截止日期分阶段提醒，重复运行不会重复发送）。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按此日期计算（YYYY-MM-DD），默认今天")
        parser.add_argument("--year", type=int, help="报告年度，默认上一年")

    def handle(self, *args, today: str | None, year: int | None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期“{today}”无效，应为 YYYY-MM-DD。") from exc
        counts = report_reminders_send(today=day, year=year)
        self.stdout.write(f"{counts['units']} 个机构需要提醒；新发送 {counts['sent']} 条，"
                          f"已发送过而跳过 {counts['skipped']} 条。")
