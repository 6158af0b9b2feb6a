"""Sending SMS, e-mail and in-app messages: the one way the product tells people something.

Callers (reminder jobs, the information-request workflow, …) call :func:`message_send` inside their own
transaction. It stores a :class:`~gongkai.notify.models.Message` — the outbox row that stays as the
history — and delivers it only after that transaction commits, so a rolled-back change sends nothing:

    message_send(
        channel="sms", recipient=handler.mobile, body="您有一件依申请公开答复将于11月25日到期……",
        dedupe_key=f"request:{request.pk}:reply_due:2026-11-25:handler:{handler.pk}:sms",
        user=handler, related=request,
    )

* **Dedupe.** ``dedupe_key`` is unique in the database. A second call with the same key (a reminder
  job run twice, two workers at once) inserts nothing and returns ``None``, so it also sends nothing.
  Build keys from what makes the message distinct: object, event, due date, recipient, channel.
* **Channels.** ``sms`` goes to ``recipient`` (a mainland mobile number) through the backend chosen by
  ``GONGKAI_SMS_BACKEND`` (:mod:`gongkai.notify.sms`: ``file`` writes ``var/outbox/sms.jsonl``,
  ``http`` a generic gateway, ``aliyun`` Alibaba Cloud SMS); an SMS carries the body only, not the
  subject. ``email`` goes to ``recipient`` through
  Django's default mailer (``MAILERS``; the embedded profile writes files to ``var/outbox/email``).
  ``inapp`` goes to ``user``: it is delivered by being committed, and appears in
  :func:`gongkai.notify.selectors.inbox_for` until :func:`message_mark_read`.
* **Delivery** is :func:`deliver` (``message_id``), run on commit, synchronously for now; a Django Tasks
  API task can call the same function later. A failure never reaches the caller: the message becomes
  ``failed`` with ``last_error``, and ``gongkai notify retry`` (:func:`message_retry_failed`) tries again
  up to ``MAX_ATTEMPTS`` attempts in all.
* ``related`` (a model instance, or an ``(app_label, model, object_id)`` triple) ties the message to
  what it is about, for the audit trail; notify itself knows nothing about requests or letters.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, make_msgid
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai.core.errors import AccessDenied

from .models import Channel, Message, Status
from .sms import DeliveryError, get_sms_backend, is_mainland_mobile, normalize_phone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A message still `queued` this long after its last attempt started was lost (the process died between
# commit and delivery, or during it): the retry command picks it up.
STALE_QUEUED_AFTER = timedelta(minutes=10)

Related = models.Model | tuple[str, str, str | int] | None


def message_send(
    *, channel: str, recipient: str = "", body: str, subject: str = "", dedupe_key: str | None = None,
    user: AbstractBaseUser | None = None, related: Related = None,
) -> Message | None:
    """Store a message and deliver it once the current transaction commits.

    ``recipient`` is the phone number (sms) or e-mail address (email); ``user`` is required for inapp
    and optional otherwise (the staff member the address belongs to). Returns the new message, or
    ``None`` when ``dedupe_key`` was used before (nothing is stored or sent). A wrong *call* (unknown
    channel, no recipient) raises ``ValueError``; a wrong *address* or a provider failure does not raise
    but leaves the message ``failed``.
    """
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if channel == Channel.INAPP:
        if user is None:
            raise ValueError("an in-app message needs user=")
        recipient = ""
    elif not recipient.strip():
        raise ValueError(f"a {channel} message needs recipient=")
    recipient = normalize_phone(recipient) if channel == Channel.SMS else recipient.strip()
    app_label, model, object_id = _related_triple(related)
    now = timezone.now()
    fields = {
        "channel": channel, "recipient": recipient, "user": user, "subject": " ".join(subject.split()), "body": body,
        "dedupe_key": dedupe_key or None, "related_app_label": app_label, "related_model": model,
        "related_object_id": object_id, "created_at": now,
    }
    if channel == Channel.INAPP:
        # Committing the row is the delivery: it is in the inbox exactly when the caller's change is.
        fields.update(status=Status.SENT, attempts=1, last_attempt_at=now, sent_at=now)

    with transaction.atomic():
        try:
            # A savepoint, so that a duplicate key leaves the caller's transaction usable. The unique
            # constraint (not a prior SELECT) decides, which is what makes concurrent senders safe.
            with transaction.atomic():
                message = Message.objects.create(**fields)
        except IntegrityError:
            if dedupe_key and Message.objects.filter(dedupe_key=dedupe_key).exists():
                logger.info("notify: %s already sent, skipped", dedupe_key)
                return None
            raise
        if channel != Channel.INAPP:
            transaction.on_commit(partial(deliver, message.pk), robust=True)
    return message


def deliver(message_id: int) -> Message | None:
    """Try to deliver one queued or failed message now; record the outcome on the row. Never raises.

    Call it outside any transaction that holds locks a slow provider would keep waiting (it is run on
    commit). An attempt is claimed with a conditional UPDATE on ``attempts``, so two processes that
    deliver the same message at once do not both send it. Returns the message as it is afterwards, or
    ``None`` if it does not exist, was already sent, or another process claimed this attempt.
    """
    try:
        return _deliver(message_id)
    except Exception:
        # Recording the outcome itself failed (database gone?); the message stays queued or failed and
        # the retry command will see it again.
        logger.exception("notify: delivering message %s failed unexpectedly", message_id)
        return None


def message_retry_failed(*, limit: int = 500) -> dict[str, int]:
    """Deliver again the failed messages with attempts left, and queued ones whose delivery was lost.

    Returns counts: ``{"tried": n, "sent": n, "failed": n}``. Safe to run from several schedulers at once.
    """
    stale = timezone.now() - STALE_QUEUED_AFTER
    candidates = (
        Message.objects.filter(attempts__lt=MAX_ATTEMPTS)
        .exclude(channel=Channel.INAPP)
        .filter(
            Q(status=Status.FAILED)
            | Q(status=Status.QUEUED, last_attempt_at__lt=stale)
            | Q(status=Status.QUEUED, last_attempt_at__isnull=True, created_at__lt=stale)
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"tried": 0, "sent": 0, "failed": 0}
    for pk in list(candidates):
        message = deliver(pk)
        if message is None:
            continue
        counts["tried"] += 1
        counts["sent" if message.status == Status.SENT else "failed"] += 1
    return counts


def message_mark_read(*, message: Message, actor: AbstractBaseUser) -> Message:
    """Mark an in-app message read by its recipient (idempotent: the first reading time stays)."""
    if message.channel != Channel.INAPP or message.user_id != actor.pk:
        raise AccessDenied("只能标记发给本人的站内消息为已读。")
    if message.read_at is None:
        now = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        message.refresh_from_db(fields=["read_at"])
    return message


def _related_triple(related: Related) -> tuple[str, str, str]:
    if related is None:
        return "", "", ""
    if isinstance(related, models.Model):
        return related._meta.app_label, related._meta.model_name, str(related.pk)
    app_label, model, object_id = related
    return str(app_label), str(model).lower(), str(object_id)


def _deliver(message_id: int) -> Message | None:
    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.status == Status.SENT or message.channel == Channel.INAPP:
        return None
    claimed = Message.objects.filter(pk=message.pk, attempts=message.attempts).exclude(status=Status.SENT).update(
        status=Status.QUEUED, attempts=F("attempts") + 1, last_attempt_at=timezone.now()
    )
    if not claimed:
        return None
    try:
        provider_id = _send(message)
    except Exception as exc:
        error = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
        logger.warning("notify: message %s (%s) failed: %s", message.pk, message.channel, error)
        Message.objects.filter(pk=message.pk).update(status=Status.FAILED, last_error=error[:2000])
    else:
        Message.objects.filter(pk=message.pk).update(
            status=Status.SENT, sent_at=timezone.now(), provider_message_id=provider_id[:200], last_error=""
        )
    message.refresh_from_db()
    return message


def _send(message: Message) -> str:
    """Hand the message to its channel's provider; return the provider's id or raise."""
    if message.channel == Channel.SMS:
        if not is_mainland_mobile(message.recipient):
            raise DeliveryError(f"手机号码格式不正确：{message.recipient}")
        # The subject is not sent: a text message has none, and a leading 【…】 is the provider's signature.
        return get_sms_backend().send(message.recipient, message.body)
    if message.channel == Channel.EMAIL:
        try:
            validate_email(message.recipient)
        except ValidationError:
            raise DeliveryError(f"电子邮箱地址格式不正确：{message.recipient}") from None
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "gongkai"
        message_id = make_msgid(domain=domain)
        email = EmailMessage(
            subject=message.subject or settings.GONGKAI_SITE_NAME,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": message_id},
        )
        email.send()
        return message_id
    raise DeliveryError(f"渠道 {message.channel} 无需投递")
