"""In-app messages: the inbox, marking read, and who may see them."""

import pytest

from gongkai.core.errors import AccessDenied, NotFound
from gongkai.notify.models import Status
from gongkai.notify.selectors import get_message_for, inbox_for, unread_count_for
from gongkai.notify.services import message_mark_read, message_send

pytestmark = pytest.mark.django_db


def test_inapp_message_is_in_the_recipients_inbox(handler, other):
    older = message_send(channel="inapp", user=handler, subject="新的依申请公开申请", body="2026-0042号申请已分配给您。")
    newer = message_send(channel="inapp", user=handler, subject="补正材料已收到", body="申请人已提交补正材料。")
    message_send(channel="inapp", user=other, subject="别人的消息", body="…")

    assert list(inbox_for(handler)) == [newer, older]
    assert newer.status == Status.SENT and newer.sent_at is not None
    assert unread_count_for(handler) == 2
    assert unread_count_for(other) == 1


def test_mark_read(handler):
    message = message_send(channel="inapp", user=handler, subject="提醒", body="答复将于3个工作日后到期。")

    message_mark_read(message=message, actor=handler)

    assert message.read_at is not None
    first_read = message.read_at
    message_mark_read(message=message, actor=handler)  # again: the first reading time stays
    message.refresh_from_db()
    assert message.read_at == first_read
    assert unread_count_for(handler) == 0
    assert list(inbox_for(handler, unread_only=True)) == []
    assert list(inbox_for(handler)) == [message]


def test_only_the_recipient_may_read_or_mark_a_message(handler, other):
    message = message_send(channel="inapp", user=handler, body="仅本人可见")

    with pytest.raises(AccessDenied):
        message_mark_read(message=message, actor=other)
    with pytest.raises(NotFound):
        get_message_for(other, message.pk)
    assert get_message_for(handler, message.pk) == message
    message.refresh_from_db()
    assert message.read_at is None


def test_email_and_sms_are_not_in_the_inbox(handler):
    message_send(channel="email", recipient="handler@example.cn", body="邮件", user=handler)
    message_send(channel="sms", recipient="13800138000", body="短信", user=handler)

    assert list(inbox_for(handler)) == []


def test_inapp_dedupe(handler):
    key = "request:42:assigned:handler:7:inapp"
    assert message_send(channel="inapp", user=handler, body="分配", dedupe_key=key) is not None
    assert message_send(channel="inapp", user=handler, body="分配", dedupe_key=key) is None
    assert inbox_for(handler).count() == 1
