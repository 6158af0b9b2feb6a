"""The daily run (``gongkai daily``): every periodic job of the product, once, each on its own.

Every job is idempotent (a second run the same day sends and changes nothing), so the scheduler may run
the whole thing again after a failure. One job that fails does not stop the others; the run reports a
line per job and fails (exit status 1) if any job failed.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    run: Callable[[], str]  # returns the line of summary; raises on failure


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    line: str


def _command(*args: str) -> str:
    """Run a management command; its last line of output is the summary."""
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    lines = [line.strip() for line in out.getvalue().splitlines() if line.strip()]
    return lines[-1] if lines else "无"


def _calendar() -> str:
    """This year's holiday calendar must be known (else every deadline is provisional: a failure); next
    year's is reported, and fails only from December on, when the State Council notice is usually out."""
    from gongkai.workdays import calendar

    today = timezone.localdate()
    this_year = _command("workdays", "check", str(today.year))
    following = calendar.year_status(today.year + 1)
    label = calendar.STATUS_LABELS[following]
    if following == calendar.STATUS_PROVISIONAL and today.month == 12:
        raise CommandError(f"{this_year} {today.year + 1} 年节假日安排尚未录入，请协调办按国务院办公厅通知录入。")
    return f"{this_year} {today.year + 1} 年：{label}。"


def _search() -> str:
    from gongkai.search.services import index_catch_up

    rebuilt = _command("reindex", "--if-incomplete")
    return f"{rebuilt} 补建索引 {index_catch_up(since=None, limit=100_000)} 条。"


def _notify() -> str:
    from gongkai.notify.services import message_send_pending

    counts = message_send_pending()
    return f"到期消息 {counts['tried']} 条：成功 {counts['sent']} 条，失败 {counts['failed']} 条。"


def _tasks() -> str:
    from .tasks import backend_kind

    if backend_kind() != "database":
        return "任务记录不在数据库中，无需清理。"
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.count()
    call_command("prune_db_task_results", "--min-age-days", "30", verbosity=0)
    return f"清理 {before - DBTaskResult.objects.count()} 条。"


JOBS: tuple[Job, ...] = (
    Job("remind", "依申请公开期限提醒", lambda: _command("remind")),
    Job("report_reminders", "年度报告期限提醒", lambda: _command("report_reminders")),
    Job("notify", "补发到期和失败的消息", _notify),
    Job("calendar", "工作日历检查", _calendar),
    Job("search", "全文检索索引检查", _search),
    Job("tasks", "清理30天前已完成的后台任务记录", _tasks),
)


def run_daily(*, only: list[str] | None = None) -> list[Outcome]:
    """Run the jobs (``only``: those named), each isolated; return what each did."""
    outcomes = []
    for job in JOBS:
        if only and job.name not in only:
            continue
        close_old_connections()
        try:
            outcomes.append(Outcome(job, True, job.run()))
        except CommandError as exc:
            outcomes.append(Outcome(job, False, str(exc)))
        except Exception as exc:
            logger.exception("daily: job %s failed", job.name)
            outcomes.append(Outcome(job, False, f"{type(exc).__name__}: {exc}"))
    return outcomes
