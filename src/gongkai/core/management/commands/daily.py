"""``gongkai daily``: the product's periodic jobs, once a day from a scheduler (systemd timer or cron).

    gongkai daily                       # every job; exit status 1 if any failed
    gongkai daily --only remind,notify

Each job runs on its own (one failing does not stop the others) and prints one line; every job is
idempotent, so running the command twice in a day sends nothing twice.
"""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.daily import JOBS, run_daily


class Command(BaseCommand):
    help = "每日任务：期限提醒、补发消息、工作日历检查、检索索引检查、清理任务记录（可重复运行，不会重复发送）。"

    def add_arguments(self, parser):
        parser.add_argument("--only", default="",
                            help="只运行这些任务，逗号分隔：" + "、".join(job.name for job in JOBS))

    def handle(self, *args, only: str, **options):
        names = [name.strip() for name in only.split(",") if name.strip()]
        unknown = sorted(set(names) - {job.name for job in JOBS})
        if unknown:
            raise CommandError(f"没有这些每日任务：{'、'.join(unknown)}。")
        outcomes = run_daily(only=names or None)
        for outcome in outcomes:
            mark = "成功" if outcome.ok else "失败"
            line = f"[{mark}] {outcome.job.name}（{outcome.job.label}）：{outcome.line}"
            self.stdout.write(self.style.SUCCESS(line) if outcome.ok else self.style.ERROR(line))
        failed = [o.job.name for o in outcomes if not o.ok]
        if failed:
            raise CommandError(f"{len(failed)} 项每日任务失败：{'、'.join(failed)}。")
        self.stdout.write(f"{len(outcomes)} 项每日任务全部完成。")
