"""Reminders delivered end to end: the SMS reaches a local fake Alibaba Cloud SMS server that checks the
signature (tests/notify/fake_aliyun.py), the e-mail a local SMTP server (aiosmtpd), in UTF-8.

The case: received Tuesday 8 September 2026 at DEPT-A, due Monday 12 October (see test_foi_reminders.py
for the count by hand); on Tuesday 13 October it is overdue by one working day.
"""

import datetime as dt
import email
import email.policy
import importlib.util
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.foi import clock
from gongkai.foi.codes import Status
from gongkai.foi.models import InfoRequest
from gongkai.foi.reminders import applicant_notify, applicant_text, reminders_send
from gongkai.notify.models import Message
from gongkai.notify.models import Status as MessageStatus

pytestmark = pytest.mark.django_db(transaction=True)

ALIYUN_KEY_ID = "LTAI-reminder-key"
ALIYUN_SECRET = "reminder-secret-7Zp~*"
OVERDUE_TEXT = ("【政府信息公开】申请YSQ-2026-000001（测试区发展和改革局）的答复期限为2026年10月12日，"
                "已逾期1个工作日，请尽快答复。")


def _load_fake_aliyun():
    """The notify tests' fake server, loaded by path (tests/ is not a package)."""
    path = Path(__file__).resolve().parents[1] / "notify" / "fake_aliyun.py"
    spec = importlib.util.spec_from_file_location("notify_fake_aliyun", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fake_aliyun = _load_fake_aliyun()


@pytest.fixture
def aliyun(settings, monkeypatch):
    """The fake Alibaba Cloud SMS service on 127.0.0.1, and the product configured to use it."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with fake_aliyun.FakeAliyunSms({ALIYUN_KEY_ID: ALIYUN_SECRET}) as server:
        settings.GONGKAI_SMS_BACKEND = "aliyun"
        settings.GONGKAI_SMS_ALIYUN_ENDPOINT = server.url
        settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID = ALIYUN_KEY_ID
        settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET = ALIYUN_SECRET
        settings.GONGKAI_SMS_ALIYUN_SIGN_NAME = "测试区人民政府"
        settings.GONGKAI_SMS_ALIYUN_TEMPLATE_CODE = "SMS_000001"
        yield server




@pytest.fixture
def case(units, staff):
    staff["op_a"].mobile, staff["op_a"].email = "13800138001", "op_a@gov.example.cn"
    staff["op_a"].save()
    received = dt.date(2026, 9, 8)
    result = clock.compute(clock.ClockInput(received_on=received), today=received)
    assert result.due_date == dt.date(2026, 10, 12)
    return InfoRequest.objects.create(
        number="YSQ-2026-000001", query_code_digest=InfoRequest.digest_of("ABCD2345"), unit=units["a"],
        original_unit=units["a"], handler=staff["op_a"], channel="online", received_on=received,
        receipt_basis="both_confirmed", applicant_type="natural_person", applicant_name="王小明", id_type="resident_id",
        id_number="330211199001010012", phone="13912345678", email="wang.xiaoming@example.com",
        description="请公开本局2025年老旧小区改造项目的立项批复文件。", delivery_form="electronic", delivery_way="email",
        status=Status.PROCESSING, due_date=result.due_date, clarification_due=result.clarification_due,
    )


def received_mail(envelope):
    return email.message_from_bytes(envelope.original_content, policy=email.policy.default)


def test_overdue_reminder_sms_arrives_signed_and_email_in_utf8(case, aliyun, smtp_server):
    sent = reminders_send(today=dt.date(2026, 10, 13))

    # the handler's SMS: accepted by the fake provider, which only accepts a valid signature
    sms = Message.objects.get(channel="sms", user__username="op_a")
    assert sms.status == MessageStatus.SENT, sms.last_error
    [delivered] = [r for r in aliyun.received if r["phone"] == "13800138001"]
    assert delivered["content"] == OVERDUE_TEXT
    assert delivered["sign_name"] == "测试区人民政府" and delivered["template"] == "SMS_000001"
    assert fake_aliyun.spec_signature("GET", delivered["params"], ALIYUN_SECRET) == delivered["params"]["Signature"]
    assert sms.provider_message_id == delivered["biz_id"]
    # every SMS of the run (the approver with a mobile too, if any) went through the provider
    assert aliyun.requests == len(aliyun.received) == sum(m.channel == "sms" for m in sent)

    # the handler's e-mail, through a real SMTP conversation
    mail = Message.objects.get(channel="email", user__username="op_a")
    assert mail.status == MessageStatus.SENT, mail.last_error
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["op_a@gov.example.cn"]
    received = received_mail(envelope)
    assert received["Subject"] == "答复逾期提醒：YSQ-2026-000001"
    assert received.get_content_charset() == "utf-8"
    assert received.get_content().strip() == OVERDUE_TEXT
    assert received["Message-ID"] == mail.provider_message_id

    # a second run the same day reaches neither server
    assert reminders_send(today=dt.date(2026, 10, 13)) == []
    assert aliyun.requests == 1 and len(smtp_server.envelopes) == 1


def test_remind_command_delivers_and_a_second_run_sends_nothing(case, aliyun, smtp_server, capsys):
    call_command("remind", "--today", "2026-10-13")
    out = capsys.readouterr().out
    assert f"短信\t138****8001\t{OVERDUE_TEXT}" in out
    assert "发送失败" not in out
    assert len(aliyun.received) == 1 and len(smtp_server.envelopes) == 1

    call_command("remind", "--today", "2026-10-13")
    assert capsys.readouterr().out.strip() == "没有需要发送的提醒"
    assert len(aliyun.received) == 1 and len(smtp_server.envelopes) == 1

    # the next working day the overdue reminder goes again
    call_command("remind", "--today", "2026-10-14")
    assert "已逾期2个工作日" in capsys.readouterr().out
    assert len(aliyun.received) == 2 and len(smtp_server.envelopes) == 2


def test_a_provider_failure_is_reported_and_left_for_retry(case, aliyun, smtp_server, settings, capsys):
    settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET = "not-the-secret"

    call_command("remind", "--today", "2026-10-13")

    assert "其中 1 条发送失败，可用 gongkai notify retry 重发。" in capsys.readouterr().out
    failed = Message.objects.get(channel="sms")
    assert failed.status == MessageStatus.FAILED and "SignatureDoesNotMatch" in failed.last_error
    assert aliyun.received == []


def test_applicant_notice_reaches_both_servers(case, aliyun, smtp_server):
    case.status, case.replied_on = Status.REPLIED, dt.date(2026, 10, 9)
    case.save()
    text = applicant_text(request=case, kind="reply")

    applicant_notify(request=case, kind="reply", text=text)

    assert [(r["phone"], r["content"]) for r in aliyun.received] == [("13912345678", text)]
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["wang.xiaoming@example.com"]
    assert received_mail(envelope)["Subject"] == "政府信息公开申请YSQ-2026-000001已答复"
    assert received_mail(envelope).get_content().strip() == text
