"""SMS through each backend: Alibaba Cloud (local fake server), a generic HTTP gateway, the outbox file."""

import json

import pytest

from gongkai.notify.models import Message, Status
from gongkai.notify.services import message_send

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "【提醒】您经办的依申请公开申请（2026-0042号）将于2026年11月25日到期，请及时答复。"


def test_aliyun_backend_sends_through_the_provider(aliyun, handler):
    message = message_send(channel="sms", recipient="+86 138-0013-8000", body=TEXT, user=handler)

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.recipient == "13800138000"
    assert message.attempts == 1
    assert message.sent_at is not None
    assert len(aliyun.received) == 1
    sent = aliyun.received[0]
    assert sent["phone"] == "13800138000"
    assert sent["content"] == TEXT
    assert sent["sign_name"] == "测试区人民政府"
    assert sent["template"] == "SMS_000001"
    assert message.provider_message_id == sent["biz_id"]


def test_aliyun_rejects_a_wrong_secret_and_the_message_is_failed(aliyun, settings):
    settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET = "not-the-secret"

    message = message_send(channel="sms", recipient="13800138000", body=TEXT)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "SignatureDoesNotMatch" in message.last_error
    assert "HTTP 400" in message.last_error
    assert message.attempts == 1
    assert message.sent_at is None
    assert aliyun.requests == 1 and aliyun.received == []


def test_aliyun_business_error_is_recorded(aliyun, settings):
    settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID = "unknown-key"

    message = message_send(channel="sms", recipient="13800138000", body=TEXT)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "InvalidAccessKeyId.NotFound" in message.last_error


def test_unreachable_provider_is_a_failure_not_an_exception(aliyun, settings):
    aliyun.close()  # nothing listens on the port any more

    message = message_send(channel="sms", recipient="13800138000", body=TEXT)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "无法连接短信服务" in message.last_error


def test_malformed_phone_number_is_failed_without_asking_the_provider(aliyun):
    message = message_send(channel="sms", recipient="010-12345678", body=TEXT)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "手机号码格式不正确" in message.last_error
    assert aliyun.requests == 0


def test_http_gateway_posts_json_with_the_bearer_token(gateway):
    message = message_send(channel="sms", recipient="13900139000", body=TEXT)

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert gateway.received == [{"id": "gw-1", "phone": "13900139000", "text": TEXT}]
    assert message.provider_message_id == "gw-1"


def test_http_gateway_error_status_is_recorded_with_the_response_text(gateway, settings):
    settings.GONGKAI_SMS_HTTP_TOKEN = gateway.token + "-wrong"

    message = message_send(channel="sms", recipient="13900139000", body=TEXT)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "HTTP 401" in message.last_error and "invalid token" in message.last_error
    assert gateway.received == []


def test_file_backend_appends_one_json_line_per_message(outbox):
    first = message_send(channel="sms", recipient="13800138000", body=TEXT)
    second = message_send(channel="sms", recipient="13900139000", body="第二条：补正材料已收到。")

    lines = (outbox / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["phone"], r["text"]) for r in records] == [("13800138000", TEXT), ("13900139000", "第二条：补正材料已收到。")]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.SENT, Status.SENT)
    assert [first.provider_message_id, second.provider_message_id] == [r["id"] for r in records]


def test_unknown_backend_name_fails_the_message(settings):
    settings.GONGKAI_SMS_BACKEND = "carrier-pigeon"

    message = message_send(channel="sms", recipient="13800138000", body=TEXT)

    assert Message.objects.get(pk=message.pk).status == Status.FAILED
    assert "GONGKAI_SMS_BACKEND" in Message.objects.get(pk=message.pk).last_error
