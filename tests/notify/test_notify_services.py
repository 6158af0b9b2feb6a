"""message_send: dedupe, delivery on commit only, failures kept from the caller, retry.

Back-off, giving up and queued delivery: test_notify_delivery.py."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from gongkai.notify.models import Message, Status
from gongkai.notify.services import STALE_CLAIM_AFTER, deliver, message_retry_failed, message_send

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "request:42:reply_due:2026-11-25:handler:7:sms"


def test_the_same_dedupe_key_sends_once(aliyun):
    first = message_send(channel="sms", recipient="13800138000", body="答复即将到期", dedupe_key=KEY)
    second = message_send(channel="sms", recipient="13800138000", body="答复即将到期", dedupe_key=KEY)

    assert first is not None
    assert second is None
    assert Message.objects.count() == 1
    assert aliyun.requests == 1


def test_a_duplicate_leaves_the_callers_transaction_usable(aliyun, handler):
    message_send(channel="sms", recipient="13800138000", body="第一次", dedupe_key=KEY)

    with transaction.atomic():
        assert message_send(channel="sms", recipient="13800138000", body="第二次", dedupe_key=KEY) is None
        # the caller goes on writing in the same transaction
        handler.display_name = "王经办（已提醒）"
        handler.save()

    handler.refresh_from_db()
    assert handler.display_name == "王经办（已提醒）"
    assert aliyun.requests == 1


def test_concurrent_senders_with_one_key_send_once(aliyun):
    start = threading.Barrier(4)
    results = []

    def send():
        try:
            start.wait()
            results.append(message_send(channel="sms", recipient="13800138000", body="并发提醒", dedupe_key=KEY))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert len(results) == 4
    assert sum(result is not None for result in results) == 1
    assert Message.objects.count() == 1
    assert aliyun.requests == 1


def test_delivery_waits_for_the_commit(aliyun):
    with transaction.atomic():
        message = message_send(channel="sms", recipient="13800138000", body="受理通知")
        assert aliyun.requests == 0
        assert Message.objects.get(pk=message.pk).status == Status.QUEUED

    assert aliyun.requests == 1
    assert Message.objects.get(pk=message.pk).status == Status.SENT


def test_a_rolled_back_transaction_sends_nothing(aliyun):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        message_send(channel="sms", recipient="13800138000", body="不应发出", dedupe_key=KEY)
        raise Abort

    assert aliyun.requests == 0
    assert not Message.objects.exists()
    # the key was never used, so a later send goes out
    assert message_send(channel="sms", recipient="13800138000", body="重新发出", dedupe_key=KEY) is not None
    assert aliyun.requests == 1


def test_a_failure_does_not_reach_the_caller(gateway, handler):
    gateway.down = True

    with transaction.atomic():
        message = message_send(channel="sms", recipient="13800138000", body="提醒")
        handler.display_name = "已变更"
        handler.save()

    handler.refresh_from_db()
    assert handler.display_name == "已变更"
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "HTTP 503" in message.last_error


def test_retry_command_resends_failed_messages(gateway):
    gateway.down = True
    message = message_send(channel="sms", recipient="13800138000", body="提醒")
    gateway.down = False

    out = StringIO()
    call_command("notify", "retry", stdout=out)

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2
    assert message.last_error == ""
    assert "成功 1 条" in out.getvalue()
    assert len(gateway.received) == 1


def test_retry_picks_up_a_queued_message_whose_delivery_was_lost(gateway):
    # given: a message stored, but the process died before delivering it on commit (inline delivery
    # leaves it to the scheduled command after STALE_CLAIM_AFTER), and one just stored
    long_ago = timezone.now() - timedelta(hours=1)
    lost = Message.objects.create(channel="sms", recipient="13800138000", body="丢失的提醒", created_at=long_ago,
                                  next_attempt_at=long_ago + STALE_CLAIM_AFTER)
    fresh = Message.objects.create(channel="sms", recipient="13900139000", body="刚存入的提醒",
                                   next_attempt_at=timezone.now() + STALE_CLAIM_AFTER)

    counts = message_retry_failed()

    assert counts == {"tried": 1, "sent": 1, "failed": 0}
    assert Message.objects.get(pk=lost.pk).status == Status.SENT
    assert Message.objects.get(pk=fresh.pk).status == Status.QUEUED


def test_deliver_never_sends_a_sent_message_again(gateway):
    message = message_send(channel="sms", recipient="13800138000", body="提醒")

    assert deliver(message.pk) is None
    assert deliver(10**9) is None
    assert len(gateway.received) == 1


def test_related_object_is_recorded_for_the_audit_trail(handler):
    by_instance = message_send(channel="email", recipient="a@example.cn", body="x", related=handler)
    by_triple = message_send(channel="email", recipient="a@example.cn", body="x", related=("foi", "Request", 42))

    assert (by_instance.related_app_label, by_instance.related_model, by_instance.related_object_id) == (
        "orgs", "user", str(handler.pk)
    )
    assert (by_triple.related_app_label, by_triple.related_model, by_triple.related_object_id) == (
        "foi", "request", "42"
    )


def test_wrong_calls_raise(handler):
    with pytest.raises(ValueError, match="channel"):
        message_send(channel="fax", recipient="010-1", body="x")
    with pytest.raises(ValueError, match="user="):
        message_send(channel="inapp", body="x")
    with pytest.raises(ValueError, match="recipient="):
        message_send(channel="sms", recipient=" ", body="x", user=handler)
    assert not Message.objects.exists()
