"""The background worker (``gongkai worker``): runs the tasks of the configured backend and, beside them,
the sweep that picks up what an enqueue failure or a lost task left behind.

* ``TASKS_BACKEND=database``: django-tasks-db's worker loop over the task rows in the database.
* ``TASKS_BACKEND=rq``: an RQ worker on the Redis queues (with django-tasks-rq's job class, and RQ's
  scheduler for deferred tasks).

SIGTERM (systemd's stop) and SIGINT end the worker cleanly: the task under way finishes, then the
process exits 0; a second signal stops at once. Several workers may run at once, on one machine or
many: each task row (database) or job (Redis) goes to one worker, and a message is sent once because
its delivery is claimed in the database.
"""

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from .errors import DomainError
from .tasks import backend_kind

logger = logging.getLogger(__name__)

# The worker's sweep looks at search entries changed this recently; `gongkai daily` looks at all.
SWEEP_SEARCH_WINDOW = timedelta(days=2)
# A database task still running this long after it started was lost with its worker (killed, machine
# gone): it is run again. Every task here checks its own state first, so a second run changes nothing.
LOST_TASK_AFTER = timedelta(minutes=30)


class WorkerError(DomainError):
    pass


def sweep(*, search_since=None) -> dict[str, str]:
    """Deliver the due messages (new ones whose task was never enqueued, failed ones whose back-off is
    over, lost attempts), index the published items whose entry is missing or stale, render the
    annual-report PDFs a lost task left missing, and (database backend) run again the tasks whose
    worker was lost during them. Each part on its own: one that fails is logged and the
    others still run. Returns a line per part."""
    from gongkai.annual.report_files import report_pdf_catch_up
    from gongkai.notify.services import message_send_pending
    from gongkai.search.services import index_catch_up

    lines: dict[str, str] = {}
    parts: dict[str, Callable[[], str]] = {
        "notify": lambda: "已发送 {sent} 条，失败 {failed} 条".format(**message_send_pending()),
        "search": lambda: f"补建索引 {index_catch_up(since=search_since)} 条",
        "annual": lambda: f"补生成年报 PDF {report_pdf_catch_up()} 份",
    }
    if backend_kind() == "database":
        parts["tasks"] = lambda: f"重新执行中断的任务 {tasks_requeue_lost()} 个"
    for name, part in parts.items():
        try:
            lines[name] = part()
        except Exception as exc:
            logger.exception("worker: sweep %s failed", name)
            lines[name] = f"失败：{type(exc).__name__}: {exc}"
    return lines


def tasks_requeue_lost(*, older_than: timedelta = LOST_TASK_AFTER) -> int:
    """Put the database tasks whose worker was lost during them back in the queue; return how many."""
    from django_tasks_db.models import DBTaskResult

    return (DBTaskResult.objects.filter(status="RUNNING", started_at__lt=timezone.now() - older_than)
            .update(status="READY", started_at=None))


@dataclass
class Sweeper:
    """Runs :func:`sweep` every ``every`` seconds in a thread of the worker process, until stopped."""

    every: float
    stop_event: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def start(self) -> None:
        if self.every <= 0:
            return
        self.thread = threading.Thread(target=self._loop, name="gongkai-sweep", daemon=True)
        self.thread.start()

    def stop(self, wait: float = 30) -> None:
        self.stop_event.set()
        if self.thread is not None:
            # a delivery under way waits at most GONGKAI_NOTIFY_TIMEOUT for its gateway
            self.thread.join(wait)

    def _loop(self) -> None:
        try:
            while not self.stop_event.is_set():
                close_old_connections()
                lines = sweep(search_since=timezone.now() - SWEEP_SEARCH_WINDOW)
                logger.debug("worker: sweep %s", lines)
                if self.stop_event.wait(self.every):
                    break
        finally:
            connection.close()


def run(*, queues: list[str], batch: bool = False, max_tasks: int | None = None, interval: float = 1.0,
        sweep_every: float | None = None, worker_id: str | None = None) -> None:
    """Run the worker of the configured backend until a signal (or, with ``batch``, until no task is
    left). With ``batch`` the sweep runs once before the tasks instead of in a thread."""
    kind = backend_kind()
    if kind == "immediate":
        raise WorkerError("当前任务后端（TASKS_BACKEND=immediate）在提交任务的进程中立即执行，无需运行 worker。")
    every = settings.GONGKAI_WORKER_SWEEP_SECONDS if sweep_every is None else sweep_every
    sweeper = Sweeper(every=0 if batch else every)
    if batch and every > 0:
        sweep(search_since=timezone.now() - SWEEP_SEARCH_WINDOW)
    sweeper.start()
    try:
        if kind == "database":
            _run_database(queues=queues, batch=batch, max_tasks=max_tasks, interval=interval,
                          worker_id=worker_id or get_random_string(32), sweeper=sweeper)
        else:
            _run_rq(queues=queues, batch=batch, max_tasks=max_tasks, sweeper=sweeper)
    finally:
        sweeper.stop()


def _run_database(*, queues, batch, max_tasks, interval, worker_id, sweeper: Sweeper) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=queues, interval=interval, batch=batch, backend_name="default",
                    startup_delay=not batch, max_tasks=max_tasks, worker_id=worker_id[:64],
                    excluded_queue_names=[])

    def shutdown(signum, frame):
        sweeper.stop_event.set()
        worker.shutdown(signum, frame)  # exits at once when idle, else after the task under way

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, shutdown)
    logger.info("worker %s: database tasks, queues %s", worker_id, ",".join(queues))
    try:
        worker.run()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _run_rq(*, queues, batch, max_tasks, sweeper: Sweeper) -> None:
    import django_rq
    from django_tasks_rq.backend import Job

    # Tasks run in the worker process itself, as with the database backend: no fork of a process that
    # holds database connections and the sweep's thread.
    worker = django_rq.get_worker(*queues, job_class=Job, worker_class="rq.worker.SimpleWorker")
    logger.info("worker %s: rq tasks, queues %s", worker.name, ",".join(queues))
    # RQ handles SIGTERM / SIGINT itself: a warm shutdown after the job under way.
    worker.work(burst=batch, max_jobs=max_tasks, with_scheduler=True,
                logging_level=logging.getLevelName(logger.getEffectiveLevel()))
