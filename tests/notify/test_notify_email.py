"""E-mail: through a real SMTP server on this machine (aiosmtpd), and Django's test outbox."""

import email
import email.policy

import pytest
from django.core import mail

from gongkai.notify.models import Status
from gongkai.notify.services import message_send

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    """A port nothing listens on (for the server-down case)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

SUBJECT = "依申请公开答复即将到期提醒"
BODY = "王经办：\n\n您经办的依申请公开申请（2026-0042号）将于2026年11月25日到期，请及时答复。\n\n——政府信息公开平台"




def test_email_reaches_a_real_smtp_server_in_utf8(smtp_server):
    message = message_send(channel="email", recipient="applicant@example.cn", subject=SUBJECT, body=BODY)

    message.refresh_from_db()
    assert message.status == Status.SENT, message.last_error
    [envelope] = smtp_server.envelopes
    assert envelope.mail_from == "gongkai@gov.example.cn"
    assert envelope.rcpt_tos == ["applicant@example.cn"]
    received = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert received["Subject"] == SUBJECT
    assert received.get_content_charset() == "utf-8"
    assert received.get_content().replace("\r\n", "\n").strip() == BODY  # SMTP sends CRLF line ends
    assert received["Message-ID"] == message.provider_message_id


def test_smtp_server_down_is_a_recorded_failure(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5},
        }
    }

    message = message_send(channel="email", recipient="applicant@example.cn", subject=SUBJECT, body=BODY)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "ConnectionRefusedError" in message.last_error


def test_email_uses_the_default_mailer():
    # pytest-django points every mailer at Django's in-memory outbox
    message_send(channel="email", recipient="applicant@example.cn", subject=SUBJECT, body=BODY)

    [sent] = mail.outbox
    assert sent.subject == SUBJECT
    assert sent.to == ["applicant@example.cn"]
    assert sent.body == BODY


def test_email_without_subject_uses_the_site_name(settings):
    settings.GONGKAI_SITE_NAME = "测试区政府信息公开"

    message_send(channel="email", recipient="applicant@example.cn", body=BODY)

    assert mail.outbox[0].subject == "测试区政府信息公开"


def test_malformed_address_is_failed_without_sending():
    message = message_send(channel="email", recipient="not-an-address", body=BODY)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "电子邮箱地址格式不正确" in message.last_error
    assert mail.outbox == []
