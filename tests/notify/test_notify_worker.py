"""No web request waits on a gateway: a stored message is delivered by a background task that the worker
runs (the database tasks backend here, as in the embedded profile), once, however many workers run; and
with the Redis tasks backend down, the request still succeeds and the sweeper delivers later."""

import logging
import re
import socket
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from fake_aliyun import FakeSmsGateway

from gongkai.config.settings import rq_queues_from_url
from gongkai.core import antiabuse
from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.worker import sweep
from gongkai.notify.models import Message, Status
from gongkai.notify.tasks import message_deliver_task

pytestmark = pytest.mark.django_db(transaction=True)

PERSON_ID = "33021119900101001" + resident_id_check_char("33021119900101001")


@pytest.fixture(autouse=True)
def quick_checks(settings, tmp_path):
    settings.GONGKAI_POW_DIFFICULTY = 4
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_NOTIFY_TIMEOUT = 5


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def dead_redis_tasks(settings):
    """The Redis tasks backend pointed at a port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = rq_queues_from_url(f"redis://127.0.0.1:{port}/0")


def apply_online(client) -> tuple[object, float]:
    """Post the public application form (a fresh challenge solved); return the response and the seconds
    the POST took."""
    page = client.get(reverse("portal:request_apply")).content.decode()
    token = re.search(r'name="pow_token" value="([^"]+)"', page).group(1)
    difficulty = int(re.search(r'data-pow-difficulty="(\d+)"', page).group(1))
    nonce = next(str(n) for n in range(10**6) if antiabuse.pow_valid(token, str(n), difficulty))
    data = {
        "applicant_type": "natural_person", "name": "王小明", "id_type": "resident_id", "id_number": PERSON_ID,
        "phone": "13812345678", "email": "wang@example.com", "address": "测试区人民路1号", "postcode": "315000",
        "unit": "DEPT-A", "description": "请公开本局2025年老旧小区改造项目的立项批复文件。",
        "delivery_form": "electronic", "delivery_way": "email", "pow_token": token, "pow_nonce": nonce,
    }
    started = time.monotonic()
    response = client.post(reverse("portal:request_apply"), data)
    return response, time.monotonic() - started


def run_workers(count: int, timeout: float = 60) -> None:
    """``gongkai worker --batch`` in ``count`` threads at once, each until no task is left."""
    start = threading.Barrier(count)
    errors = []

    def work():
        try:
            start.wait()
            call_command("worker", "--batch", "--sweep-every", "0", stdout=StringIO())
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    close_old_connections()
    assert not any(thread.is_alive() for thread in threads), "a worker did not finish"
    assert errors == []


def test_an_application_answers_at_once_and_two_workers_send_each_message_once(
    client, units, hanging, database_tasks, settings
):
    # given: an SMS gateway that accepts connections and never answers
    response, elapsed = apply_online(client)

    # then: the application is received well within the gateway timeout, which it never met
    assert response.status_code == 302
    assert elapsed < 2 < settings.GONGKAI_NOTIFY_TIMEOUT
    assert hanging.connections == 0
    messages = Message.objects.filter(related_model="inforequest")
    assert sorted(messages.values_list("channel", "status")) == [("email", Status.QUEUED), ("sms", Status.QUEUED)]
    assert DBTaskResult.objects.filter(task_path=message_deliver_task.module_path).count() == 2

    # when: a lost task was enqueued again, and two workers run at once against a gateway that answers
    for message in messages:
        message_deliver_task.enqueue(message.pk)
    with FakeSmsGateway(settings.GONGKAI_SMS_HTTP_TOKEN) as gateway:
        settings.GONGKAI_SMS_HTTP_URL = gateway.url + "send"
        run_workers(2)

    # then: every task ran, and each message went out exactly once
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert [r["phone"] for r in gateway.received] == ["13812345678"]
    assert gateway.requests == 1
    assert set(messages.values_list("status", "attempts", "claimed_at")) == {(Status.SENT, 1, None)}
    assert hanging.connections == 0


def test_with_the_task_queue_down_an_application_succeeds_and_the_sweeper_delivers(
    client, units, gateway, dead_redis_tasks, caplog
):
    caplog.set_level(logging.WARNING, logger="gongkai.core.tasks")

    response, elapsed = apply_online(client)

    # the request succeeded; the messages wait in the outbox, due at once; a warning says why
    assert response.status_code == 302
    assert elapsed < 3
    messages = Message.objects.filter(related_model="inforequest")
    assert set(messages.values_list("status", "attempts")) == {(Status.QUEUED, 0)}
    assert all(m.next_attempt_at <= timezone.now() for m in messages)
    assert gateway.requests == 0
    assert any("could not enqueue gongkai.notify.tasks.message_deliver_task" in r.getMessage()
               for r in caplog.records)

    # the worker's sweep (or `gongkai daily`) delivers them, once
    assert sweep()["notify"] == "已发送 2 条，失败 0 条"
    assert sweep()["notify"] == "已发送 0 条，失败 0 条"
    assert [r["phone"] for r in gateway.received] == ["13812345678"]
    assert set(messages.values_list("status", "attempts")) == {(Status.SENT, 1)}


def test_queued_delivery_enqueues_no_task(database_tasks, settings, gateway):
    settings.GONGKAI_NOTIFY_DELIVERY = "queued"
    from gongkai.notify.services import message_send

    message_send(channel="sms", recipient="13800138000", body="提醒")

    assert not DBTaskResult.objects.exists()
    assert sweep()["notify"] == "已发送 1 条，失败 0 条"
    assert gateway.requests == 1
