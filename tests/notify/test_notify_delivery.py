"""Delivery outside the web request, short gateway timeouts, retries with back-off, and nobody left
unaware of a message that could not be delivered."""

import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone
from fake_aliyun import FakeSmsGateway

from gongkai.core.identifiers import resident_id_check_char
from gongkai.foi import services as foi_services
from gongkai.foi.intake import ApplicantData
from gongkai.notify.models import Message, Status
from gongkai.notify.selectors import inbox_for
from gongkai.notify.services import (
    RETRY_DELAYS,
    STALE_CLAIM_AFTER,
    message_retry_failed,
    message_send,
    message_send_pending,
)

pytestmark = pytest.mark.django_db(transaction=True)

APPLICANT = ApplicantData(
    type="natural_person", name="王小明", id_type="resident_id", id_number="33021119900101001" + resident_id_check_char("33021119900101001"),
    phone="13812345678", email="wang@example.com", address="测试区人民路1号",
)


def send_pending() -> str:
    out = StringIO()
    call_command("notify", "send-pending", stdout=out)
    return out.getvalue()


def test_a_queued_online_application_does_not_wait_on_a_hanging_gateway(units, hanging, settings):
    settings.GONGKAI_NOTIFY_DELIVERY = "queued"

    started = time.monotonic()
    item, _code = foi_services.request_submit_online(
        unit_code="DEPT-A", applicant=APPLICANT, description="请公开本局2025年老旧小区改造项目的立项批复文件。",
        delivery_form="electronic", delivery_way="email",
    )
    elapsed = time.monotonic() - started

    # the request only stored the outbox rows; the gateway was never contacted
    assert elapsed < 2
    assert hanging.connections == 0
    messages = Message.objects.filter(related_object_id=str(item.pk), related_model="inforequest")
    assert sorted(messages.values_list("channel", "status")) == [("email", Status.QUEUED), ("sms", Status.QUEUED)]

    # the gateway is back: the scheduled command delivers each message once, however often it runs
    with FakeSmsGateway(settings.GONGKAI_SMS_HTTP_TOKEN) as gateway:
        settings.GONGKAI_SMS_HTTP_URL = gateway.url + "send"
        assert "成功 2 条" in send_pending()
        assert send_pending() == ""
        assert message_send_pending() == {"tried": 0, "sent": 0, "failed": 0}

    assert [r["phone"] for r in gateway.received] == ["13812345678"]
    assert hanging.connections == 0
    for message in messages:
        assert (message.status, message.attempts, message.claimed_at) == (Status.SENT, 1, None)


def test_inline_delivery_waits_no_longer_than_the_timeout(hanging, settings):
    settings.GONGKAI_NOTIFY_TIMEOUT = 0.5

    started = time.monotonic()
    message = message_send(channel="sms", recipient="13800138000", body="受理通知")
    elapsed = time.monotonic() - started

    assert elapsed < 3
    assert hanging.connections == 1
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "timed out" in message.last_error
    assert message.next_attempt_at == message.last_attempt_at + timedelta(minutes=1)


def test_an_unknown_delivery_mode_is_refused(settings):
    settings.GONGKAI_NOTIFY_DELIVERY = "later"

    with pytest.raises(Exception, match="GONGKAI_NOTIFY_DELIVERY"):
        message_send(channel="sms", recipient="13800138000", body="x")


def test_failed_messages_are_retried_with_back_off_then_failed_for_good(gateway, clock, django_user_model):
    admin = django_user_model.objects.create_superuser(username="root", password="x" * 12)
    gateway.down = True
    message = message_send(channel="sms", recipient="13800138000", body="提醒")
    created = message.created_at

    gaps = []
    while True:
        message.refresh_from_db()
        if message.next_attempt_at is None:
            break
        # not before its time
        clock.move_to(message.next_attempt_at - timedelta(seconds=5))
        assert message_send_pending()["tried"] == 0
        clock.move_to(message.next_attempt_at + timedelta(seconds=1))
        previous = message.last_attempt_at
        assert message_send_pending()["tried"] == 1
        message.refresh_from_db()
        gaps.append(message.last_attempt_at - previous)

    hours = timedelta(hours=1)
    assert [round(gap / timedelta(minutes=1)) for gap in gaps] == [1, 5, 30, 120, 360, 720, 720, 720, 720, 720]
    assert message.attempts == 11 == gateway.requests
    assert message.last_attempt_at - created < 72 * hours
    assert (message.status, message.next_attempt_at) == (Status.FAILED, None)
    assert message.gave_up_at is not None

    # nothing sends it again, however long the commands keep running
    clock.move_to(timezone.now() + timedelta(days=30))
    assert message_send_pending()["tried"] == 0
    assert message_retry_failed()["tried"] == 0
    assert gateway.requests == 11
    # and a person was told, once
    [notice] = inbox_for(admin)
    assert "13800138000" in notice.body and "已停止重发" in notice.body
    assert (notice.related_model, notice.related_object_id) == ("message", str(message.pk))
    assert RETRY_DELAYS[-1] == 12 * hours


def test_the_coordinators_of_the_unit_are_told_once(staff, units, gateway, settings, django_user_model):
    django_user_model.objects.create_superuser(username="root", password="x" * 12)
    settings.GONGKAI_NOTIFY_RETRY_DAYS = 0  # the first failure is the last
    gateway.down = True
    message = message_send(channel="sms", recipient="13800138000", body="受理通知", related=units["a"])

    message.refresh_from_db()
    assert message.status == Status.FAILED and message.gave_up_at is not None
    assert message_retry_failed()["tried"] == 0
    assert send_pending() == ""

    told = Message.objects.filter(channel="inapp")
    assert [m.user.username for m in told] == ["coord"]
    assert not inbox_for(staff["op_a"]).exists()


def test_without_a_unit_the_superusers_are_told(gateway, settings, django_user_model, handler):
    root = django_user_model.objects.create_superuser(username="root", password="x" * 12)
    settings.GONGKAI_NOTIFY_RETRY_DAYS = 0
    gateway.down = True

    message_send(channel="sms", recipient="13800138000", body="提醒", related=handler)

    assert [m.user for m in Message.objects.filter(channel="inapp")] == [root]


def test_an_attempt_under_way_is_not_taken_twice_and_a_lost_one_is_taken_again(gateway, settings):
    settings.GONGKAI_NOTIFY_DELIVERY = "queued"
    message = message_send(channel="sms", recipient="13800138000", body="提醒")
    # another runner has claimed it and is sending it now
    Message.objects.filter(pk=message.pk).update(claimed_at=timezone.now(), attempts=1)

    assert message_send_pending()["tried"] == 0
    assert gateway.requests == 0

    # that runner died: after a while the attempt counts as lost
    Message.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - STALE_CLAIM_AFTER - timedelta(seconds=1))
    assert message_send_pending() == {"tried": 1, "sent": 1, "failed": 0}
    message.refresh_from_db()
    assert (message.status, message.attempts, message.claimed_at) == (Status.SENT, 2, None)
    assert len(gateway.received) == 1


def test_runners_at_once_send_each_message_once(gateway, settings):
    settings.GONGKAI_NOTIFY_DELIVERY = "queued"
    for n in range(6):
        message_send(channel="sms", recipient=f"1380013800{n}", body=f"提醒{n}")
    start = threading.Barrier(3)

    def run():
        try:
            start.wait()
            message_send_pending()
        finally:
            connection.close()

    runners = [threading.Thread(target=run) for _ in range(3)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    close_old_connections()

    assert sorted(r["phone"] for r in gateway.received) == [f"1380013800{n}" for n in range(6)]
    assert gateway.requests == 6
    assert set(Message.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}
