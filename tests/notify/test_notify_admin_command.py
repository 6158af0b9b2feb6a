"""The admin's read-only message list, and ``gongkai notify send``."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gongkai.notify.models import Message, Status
from gongkai.notify.services import message_send


@pytest.mark.django_db
def test_admin_lists_messages_read_only(admin_client):
    message = message_send(channel="email", recipient="applicant@example.cn", subject="受理通知", body="已受理。")

    listing = admin_client.get(reverse("admin:notify_message_changelist"))
    assert listing.status_code == 200
    assert "applicant@example.cn" in listing.content.decode()
    detail = admin_client.get(reverse("admin:notify_message_change", args=[message.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert admin_client.get(reverse("admin:notify_message_add")).status_code == 403
    assert admin_client.post(reverse("admin:notify_message_delete", args=[message.pk])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_send_command_sends_a_test_sms(outbox):
    out = StringIO()
    call_command("notify", "send", "--channel", "sms", "--to", "13800138000", "--body", "测试短信", stdout=out)

    assert "已发送" in out.getvalue()
    record = json.loads((outbox / "sms.jsonl").read_text(encoding="utf-8"))
    assert record["phone"] == "13800138000" and record["text"] == "测试短信"
    assert Message.objects.get().status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_send_command_reports_a_failure(settings):
    settings.GONGKAI_SMS_BACKEND = "aliyun"  # not configured
    settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID = ""

    with pytest.raises(CommandError, match="GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID"):
        call_command("notify", "send", "--channel", "sms", "--to", "13800138000", "--body", "测试短信")
