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
* **Delivery** is :func:`deliver` (``message_id``), never in the web request. ``GONGKAI_NOTIFY_DELIVERY``
  says who calls it: ``task`` (the default; ``inline`` is its old name) enqueues a background task on
  commit (:mod:`gongkai.notify.tasks`, run by ``gongkai worker``); ``queued`` leaves every message to
  the sweeper, :func:`message_send_pending` (``gongkai notify send-pending``, which each worker also
  runs every ``GONGKAI_WORKER_SWEEP_SECONDS``). If the task cannot be enqueued (Redis down) the message
  stays in the outbox, due at once for the sweeper, and a warning is logged; the caller's change stands.
  Each gateway call waits at most ``GONGKAI_NOTIFY_TIMEOUT`` seconds. A failure never reaches
  the caller: the message becomes ``failed`` with ``last_error`` and is tried again after a back-off
  (``RETRY_DELAYS``) for ``GONGKAI_NOTIFY_RETRY_DAYS``; after the last try it is failed for good
  (``gave_up_at``) and the coordinators of its unit (or the superusers) get an in-app message, once.
* ``related`` (a model instance, or an ``(app_label, model, object_id)`` triple) ties the message to
  what it is about, for the audit trail; notify itself knows nothing about requests or letters.
"""

import logging
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import EmailMessage, make_msgid
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai.core.errors import AccessDenied
from gongkai.core.tasks import enqueue_on_commit

from .models import Channel, Message, Status
from .sms import DeliveryError, get_sms_backend, is_mainland_mobile, normalize_phone

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, … failed attempt; the last one repeats until GONGKAI_NOTIFY_RETRY_DAYS have passed.
RETRY_DELAYS = (
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=6),
    timedelta(hours=12),
)
# An attempt claimed this long ago and not finished was lost (the process died during it): it is claimable
# again. A message handed to a task is also left to `send-pending` after this long, in case the task was
# lost (a worker died, a queue was emptied).
STALE_CLAIM_AFTER = timedelta(minutes=10)
DELIVERY_MODES = ("task", "queued", "inline")  # "inline": the old name of "task"

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
    by_task = delivery_mode() == "task"
    fields = {
        "channel": channel, "recipient": recipient, "user": user, "subject": " ".join(subject.split()), "body": body,
        "dedupe_key": dedupe_key or None, "related_app_label": app_label, "related_model": model,
        "related_object_id": object_id, "created_at": now,
        "next_attempt_at": now + STALE_CLAIM_AFTER if by_task else now,
    }
    if channel == Channel.INAPP:
        # Committing the row is the delivery: it is in the inbox exactly when the caller's change is.
        fields.update(status=Status.SENT, attempts=1, last_attempt_at=now, sent_at=now, next_attempt_at=None)

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
        if channel != Channel.INAPP and by_task:
            from .tasks import message_deliver_task

            enqueue_on_commit(message_deliver_task, message.pk, on_failure=partial(_due_now, message.pk))
    return message


def _due_now(message_id: int) -> None:
    """The delivery task could not be enqueued: make the message due at once for the sweeper."""
    Message.objects.filter(pk=message_id, status=Status.QUEUED, attempts=0).update(next_attempt_at=timezone.now())


def deliver(message_id: int) -> Message | None:
    """Try to deliver one queued or failed message now; record the outcome on the row. Never raises.

    Call it outside any transaction that holds locks a slow provider would keep waiting. An attempt is
    claimed with a conditional UPDATE (same ``attempts``, no live ``claimed_at``, not given up), so two
    processes that deliver the same message at once do not both send it. Returns the message as it is
    afterwards, or ``None`` if it does not exist, was already sent or given up, or another process claimed
    this attempt.
    """
    try:
        return _deliver(message_id)
    except Exception:
        # Recording the outcome itself failed (database gone?); the message stays queued or failed and
        # the retry command will see it again.
        logger.exception("notify: delivering message %s failed unexpectedly", message_id)
        return None


def delivery_mode() -> str:
    """``task`` or ``queued`` (``inline`` is read as ``task``)."""
    mode = settings.GONGKAI_NOTIFY_DELIVERY
    if mode not in DELIVERY_MODES:
        raise ImproperlyConfigured(f"GONGKAI_NOTIFY_DELIVERY 无法识别：{mode}（可选 task、queued）")
    return "task" if mode == "inline" else mode


def message_send_pending(*, limit: int = 500) -> dict[str, int]:
    """Deliver the messages that are due: new ones (queued delivery), failed ones whose back-off is over,
    and attempts that were lost. Idempotent, and safe to run from several schedulers at once.

    Returns counts: ``{"tried": n, "sent": n, "failed": n}`` (``failed`` includes those given up).
    """
    now = timezone.now()
    due = _deliverable(now).filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
    return _deliver_all(due.order_by("created_at", "id").values_list("pk", flat=True)[:limit])


def message_retry_failed(*, limit: int = 500) -> dict[str, int]:
    """Deliver the failed messages (not given up) now, without waiting for their back-off to end, and the
    ones that :func:`message_send_pending` would deliver. Same counts and safety."""
    now = timezone.now()
    due = _deliverable(now).filter(
        Q(status=Status.FAILED) | Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True)
    )
    return _deliver_all(due.order_by("created_at", "id").values_list("pk", flat=True)[:limit])


def _deliverable(now) -> models.QuerySet[Message]:
    return (
        Message.objects.exclude(channel=Channel.INAPP)
        .filter(status__in=[Status.QUEUED, Status.FAILED], gave_up_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM_AFTER))
    )


def _deliver_all(pks) -> dict[str, int]:
    counts = {"tried": 0, "sent": 0, "failed": 0}
    for pk in list(pks):
        message = deliver(pk)
        if message is None:
            continue
        counts["tried"] += 1
        counts["sent" if message.status == Status.SENT else "failed"] += 1
    return counts


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt (1 → 1 minute, … 6 and later → 12 hours)."""
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


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
    if message is None or message.channel == Channel.INAPP:
        return None
    now = timezone.now()
    claimed = (
        Message.objects.filter(pk=message.pk, attempts=message.attempts)
        .filter(status__in=[Status.QUEUED, Status.FAILED], gave_up_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM_AFTER))
        .update(status=Status.QUEUED, attempts=F("attempts") + 1, last_attempt_at=now, claimed_at=now)
    )
    if not claimed:
        return None
    try:
        provider_id = _send(message)
    except Exception as exc:
        error = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
        logger.warning("notify: message %s (%s) failed: %s", message.pk, message.channel, error)
        _record_failure(message_id=message.pk, error=error[:2000], attempted_at=now)
    else:
        Message.objects.filter(pk=message.pk).update(
            status=Status.SENT, sent_at=timezone.now(), provider_message_id=provider_id[:200], last_error="",
            claimed_at=None, next_attempt_at=None,
        )
    message.refresh_from_db()
    return message


def _record_failure(*, message_id: int, error: str, attempted_at) -> None:
    """Schedule the next try after the back-off, or give up for good once the retry period is over."""
    message = Message.objects.get(pk=message_id)
    now = timezone.now()
    next_attempt_at = attempted_at + retry_delay(message.attempts)
    if next_attempt_at <= message.created_at + timedelta(days=settings.GONGKAI_NOTIFY_RETRY_DAYS):
        Message.objects.filter(pk=message.pk).update(
            status=Status.FAILED, last_error=error, claimed_at=None, next_attempt_at=next_attempt_at
        )
        return
    with transaction.atomic():
        given_up = Message.objects.filter(pk=message.pk, gave_up_at__isnull=True).update(
            status=Status.FAILED, last_error=error, claimed_at=None, next_attempt_at=None, gave_up_at=now
        )
        if given_up:
            message.refresh_from_db()
            _tell_about_undelivered(message)


def _tell_about_undelivered(message: Message) -> None:
    """An in-app message, once per failed message, to the coordinators of its unit (else the superusers)."""
    logger.error("notify: message %s (%s) given up after %s attempts: %s", message.pk, message.channel,
                 message.attempts, message.last_error)
    subject = f"{message.get_channel_display()}未能送达：{message.recipient}"
    body = (
        f"发给 {message.recipient} 的{message.get_channel_display()}（{timezone.localtime(message.created_at):%Y-%m-%d %H:%M}"
        f"存入，消息 {message.pk}）发送 {message.attempts} 次均失败，已停止重发，请核实地址或改用其他方式告知。\n"
        f"最近一次错误：{message.last_error}\n内容：{message.body[:300]}"
    )
    for person in _people_to_tell(message):
        message_send(
            channel=Channel.INAPP, user=person, subject=subject, body=body,
            dedupe_key=f"notify:message:{message.pk}:undelivered:user:{person.pk}", related=message,
        )


def _people_to_tell(message: Message) -> list[AbstractBaseUser]:
    unit = _unit_of(message)
    if unit is not None:
        from gongkai.orgs.models import Membership, Role

        memberships = (
            Membership.objects.filter(role=Role.COORDINATOR, user__is_active=True)
            .select_related("user", "unit").order_by("user__username")
        )
        # the coordinator role acts on its unit's whole subtree
        people = {m.user.pk: m.user for m in memberships if unit.path.startswith(m.unit.path)}
        if people:
            return list(people.values())
    return list(get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk"))


def _unit_of(message: Message):
    """The unit of the object the message is about (the object itself, or its ``unit``), if any."""
    if not (message.related_app_label and message.related_model and message.related_object_id):
        return None
    from gongkai.orgs.models import Unit

    try:
        model = apps.get_model(message.related_app_label, message.related_model)
        related = model._default_manager.filter(pk=message.related_object_id).first()
    except (LookupError, ValueError, ValidationError):
        return None
    unit = related if isinstance(related, Unit) else getattr(related, "unit", None)
    return unit if isinstance(unit, Unit) else None


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
