"""What every request service shares: the row lock, the permission-then-state check, date checks, the
event row and the one function that stores the clock."""

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.utils import timezone

from gongkai.core.dates import date_text
from gongkai.core.errors import DomainError
from gongkai.disclosures import files
from gongkai.orgs import access
from gongkai.orgs.models import User

from .. import clock, workflow
from ..models import InfoRequest, RequestEvent, RequestFile
from ..selectors import clock_input_for


def today_or(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


fmt = date_text


def locked(request: InfoRequest) -> InfoRequest:
    """The case, re-read under a row lock (PostgreSQL) / the write lock (SQLite) for this transaction."""
    return InfoRequest.objects.select_for_update().select_related("unit", "original_unit").get(pk=request.pk)


def allow(item: InfoRequest, action: str, actor: User | None) -> workflow.Transition:
    """Who first (403), then when (409): the row of the transitions table for this move."""
    if action in workflow.SIGNED_LETTERS:
        access.require_sign(actor, item.unit, workflow.SIGNED_LETTERS[action])
    else:
        access.require(actor, workflow.permission_of(action), item.unit)
    return workflow.transition_for(action, item.status)


def as_date(value: Any, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise DomainError(f"{label}应为日期（YYYY-MM-DD），不能带时间。")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError) as exc:
        raise DomainError(f"{label}“{value}”不是有效日期，应为 YYYY-MM-DD。") from exc


def check_on(item: InfoRequest, on: Any, *, today: dt.date, label: str,
             after: tuple[dt.date | None, str] | None = None) -> dt.date:
    """An action date: a real date, not in the future, not before receipt, and not before ``after``
    (a date and its name) when given."""
    on = as_date(on, label)
    if on > today:
        raise DomainError(f"{label}（{fmt(on)}）不能晚于今天（{fmt(today)}）。")
    if on < item.received_on:
        raise DomainError(f"{label}（{fmt(on)}）不能早于收到申请的日期（{fmt(item.received_on)}）。")
    if after and after[0] and on < after[0]:
        raise DomainError(f"{label}（{fmt(on)}）不能早于{after[1]}（{fmt(after[0])}）。")
    return on


def _clock_update(request: InfoRequest, today: dt.date) -> clock.ClockResult:
    """Recompute the clock from the case and its pause rows and store the derived dates on the case
    (not saved here). A replied case is computed as of its reply date, so it no longer moves."""
    result = clock.compute(clock_input_for(request), today=request.replied_on or today)
    request.due_date = result.due_date
    request.due_provisional = result.provisional
    request.clarification_due = result.clarification_due
    request.supplement_due = result.supplement_due
    request.fee_payment_due = result.fee_payment_due
    return result


def event(item: InfoRequest, actor: User | None, action: str, opinion: str = "", data: dict | None = None) -> None:
    RequestEvent.objects.create(request=item, actor=actor, action=action, opinion=opinion or "",
                                data=_jsonable(data or {}))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def commit(item: InfoRequest, transition: workflow.Transition, actor: User | None, *, today: dt.date,
           opinion: str = "", data: dict | None = None) -> None:
    """Apply the move: the table's target status, the clock, the save and the event row."""
    before = item.status
    item.status = transition.target
    _clock_update(item, today)
    item.save()
    event(item, actor, transition.action, opinion, {
        "from": before, "to": item.status, **(data or {}),
        "due_date": item.due_date, "due_provisional": item.due_provisional,
    })


def file_add(item: InfoRequest, upload, kind: str, actor: User | None) -> RequestFile:
    """Keep an uploaded file of the case (type decided by content, as for attachments). Stored under a
    random name so that a proof of identity cannot be guessed from its URL."""
    name = getattr(upload, "name", "") or RequestFile.Kind(kind).label
    checked = files.check(upload, filename=name, max_bytes=settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    upload.seek(0)
    row = RequestFile(request=item, kind=kind, name=checked.safe_name, mime=checked.mime, size=checked.size,
                      sha256=checked.sha256, uploaded_by=actor)
    row.file.save(secrets.token_hex(16) + checked.extension, upload, save=False)
    row.save()
    return row


def files_add(item: InfoRequest, uploads, kind: str, actor: User | None) -> list[int]:
    return [file_add(item, upload, kind, actor).pk for upload in uploads or () if upload]


def tell_applicant(item: InfoRequest, kind: str) -> None:
    """Notify the applicant (SMS / e-mail, once per case and kind) after 补正, extension or reply."""
    from ..reminders import applicant_notify, applicant_text

    applicant_notify(request=item, kind=kind, text=applicant_text(request=item, kind=kind))
