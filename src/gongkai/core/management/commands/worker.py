"""``gongkai worker``: run the background tasks of the configured backend (``TASKS_BACKEND``), and every
``GONGKAI_WORKER_SWEEP_SECONDS`` the sweep (due and retried messages, search entries left behind).

    gongkai worker                      # until SIGTERM / Ctrl+C (the task under way finishes first)
    gongkai worker --batch              # the sweep once, then every waiting task, then exit
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.tasks import DEFAULT_TASK_QUEUE_NAME

from gongkai.core import worker


class Command(BaseCommand):
    help = "运行后台任务（短信和邮件发送、全文检索索引、文书生成等），直到收到 SIGTERM 或 Ctrl+C。"

    def add_arguments(self, parser):
        parser.add_argument("--queue", default=DEFAULT_TASK_QUEUE_NAME,
                            help="处理的队列，多个用逗号分隔（默认 default）")
        parser.add_argument("--batch", action="store_true", help="处理完所有等待中的任务后退出")
        parser.add_argument("--max-tasks", type=int, default=None, help="处理这么多个任务后退出")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="没有任务时每隔多少秒查看一次（数据库后端，默认 1）")
        parser.add_argument("--sweep-every", type=float, default=None,
                            help="每隔多少秒补发到期消息、补建检索索引（默认 GONGKAI_WORKER_SWEEP_SECONDS；0 不做）")
        parser.add_argument("--worker-id", default=None, help="本 worker 的名称（数据库后端，须唯一；默认随机）")

    def handle(self, *args, queue, batch, max_tasks, interval, sweep_every, worker_id, verbosity=1, **options):
        if max_tasks is not None and max_tasks < 1:
            raise CommandError("--max-tasks 应为正整数。")
        if interval < 0:
            raise CommandError("--interval 不能为负数。")
        for name in ("gongkai.core.worker", "django_tasks_db", "django.tasks", "rq.worker"):
            logging.getLogger(name).setLevel(logging.WARNING if verbosity < 1 else logging.INFO)
        try:
            worker.run(queues=[q.strip() for q in queue.split(",") if q.strip()], batch=batch,
                       max_tasks=max_tasks, interval=interval, sweep_every=sweep_every, worker_id=worker_id)
        except worker.WorkerError as exc:
            raise CommandError(exc.message) from exc
