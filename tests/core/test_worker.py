"""`gongkai worker` with the database tasks backend (the embedded default) runs enqueued tasks for real,
in another process, and stops cleanly on SIGTERM; `gongkai daily` runs every periodic job on its own."""

import os
import signal
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tasks_db.models import DBTaskResult

from gongkai.core.daily import JOBS
from gongkai.notify.models import Message, Status
from gongkai.notify.services import message_send
from gongkai.search.models import SearchEntry
from gongkai.search.tasks import index_update_task

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    """The test database, as DATABASE_URL for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_process_runs_the_tasks_and_stops_cleanly_on_sigterm(
    draft_factory, staff, database_tasks, tmp_path
):
    from gongkai.reviews.services import disclosure_approve, disclosure_review, disclosure_submit

    # given: an item published while no worker runs: its index task waits in the database
    item = draft_factory(title="关于做好2026年度冬季防火工作的通知")
    disclosure_submit(disclosure=item, actor=staff["op_a"])
    disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
    disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
    [waiting] = DBTaskResult.objects.filter(task_path=index_update_task.module_path)
    assert waiting.status == "READY"
    assert not SearchEntry.objects.filter(pk=item.pk).exists()

    # when: a worker process starts
    env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": "database", "SECRET_KEY": "test",
           "GONGKAI_VAR_DIR": str(tmp_path), "GONGKAI_WORKER_SWEEP_SECONDS": "0"}
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gongkai.manage", "worker", "--interval", "0.2"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        # then: it runs the task, and then one enqueued while it runs
        assert wait_for(lambda: DBTaskResult.objects.get(pk=waiting.pk).status == "SUCCESSFUL")
        assert SearchEntry.objects.filter(pk=item.pk).exists()
        later = index_update_task.enqueue(item.pk)
        assert wait_for(lambda: DBTaskResult.objects.get(pk=later.id).status == "SUCCESSFUL")

        # and SIGTERM ends it cleanly, at once when idle
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=15)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output
    assert "shutting down gracefully" in output


def test_the_batch_worker_runs_the_waiting_tasks_and_exits(database_tasks, settings, tmp_path):
    settings.GONGKAI_NOTIFY_DELIVERY = "task"
    message = message_send(channel="sms", recipient="13800138000", body="受理通知")
    assert Message.objects.get(pk=message.pk).status == Status.QUEUED

    call_command("worker", "--batch", stdout=StringIO())

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert list(DBTaskResult.objects.values_list("status", "return_value")) == [("SUCCESSFUL", "sent")]


def test_the_worker_has_nothing_to_run_with_the_immediate_backend():
    with pytest.raises(CommandError, match="无需运行 worker"):
        call_command("worker", "--batch", stdout=StringIO())


# --- gongkai daily -------------------------------------------------------------------------------------


def daily(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("daily", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_daily_runs_every_job_with_a_line_each_and_twice_changes_nothing(units):
    first, error = daily()
    assert error is None, first
    lines = first.splitlines()
    assert [line.split("]")[1].split("（")[0].strip() for line in lines[:-1]] == [job.name for job in JOBS]
    assert all(line.startswith("[成功]") for line in lines[:-1])
    assert lines[-1] == f"{len(JOBS)} 项每日任务全部完成。"

    messages = Message.objects.count()
    again, error = daily()
    assert error is None and Message.objects.count() == messages


def test_one_failing_job_does_not_stop_the_others_and_the_run_fails(units, clock):
    # a year no holiday notice covers yet: its deadlines are provisional, which the calendar check reports
    clock.move_to("2041-03-15 10:00:00+08:00")

    out, error = daily()

    assert error is not None and "calendar" in str(error)
    lines = {line.split("]")[1].split("（")[0].strip(): line for line in out.splitlines()}
    assert lines["calendar"].startswith("[失败]") and "2041" in lines["calendar"]
    assert all(lines[name].startswith("[成功]") for name in ("remind", "report_reminders", "notify", "search", "tasks"))


def test_daily_refuses_an_unknown_job():
    with pytest.raises(CommandError, match="没有这些每日任务"):
        call_command("daily", "--only", "remind,coffee", stdout=StringIO())
