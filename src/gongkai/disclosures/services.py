"""Every change to the register that is not a review step: drafting, editing, attachments.

Status moves live in :mod:`gongkai.reviews.services`; nothing here writes ``status``.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.core.counters import counter_next
from gongkai.core.errors import DomainError, InvalidTransition
from gongkai.core.sanitize import clean_html
from gongkai.orgs import access
from gongkai.orgs.models import Unit, User
from gongkai.workdays.calendar import add_workdays_provisional
from gongkai.workdays.services import on_calendar_changed

from . import files, selectors
from .counts import count_key, public_count_change
from .models import Attachment, Disclosure, DisclosureEvent, Term
from .taxonomy import Category, Channel, DisclosureMode, NormativeKind, Status, Validity, Vocabulary

EDITABLE_FIELDS = (
    "title", "body_html", "summary", "doc_number", "written_on", "changed_on", "topic", "genre", "category",
    "disclosure_mode", "non_disclosure_reason", "validity", "effective_on", "validity_changed_on",
    "normative_kind", "channels",
)
_LONG_FIELDS = {"body_html"}


def index_counter_key(unit_id: int, year: int) -> str:
    return f"disclosure-index:{unit_id}:{year}"


def index_number_format(unit: Unit, year: int, serial: int) -> str:
    return settings.GONGKAI_INDEX_NUMBER_PATTERN.format(
        unit_code=unit.code, credit_code=unit.credit_code or unit.code, year=year, serial=serial
    )


def index_number_next(*, unit: Unit, year: int) -> str:
    """Take the next 索引号 of ``unit`` for ``year``: unique, never reused (a gap after a rollback is
    harmless, reuse would not be)."""
    return index_number_format(unit, year, counter_next(index_counter_key(unit.pk, year)))


def _term(vocabulary: str, value: Any) -> Term:
    if isinstance(value, Term):
        if value.vocabulary != vocabulary:
            raise DomainError(f"“{value.name}”不是{Vocabulary(vocabulary).label}。")
        return value
    term = Term.objects.filter(vocabulary=vocabulary, code=str(value or "")).first()
    if term is None:
        raise DomainError(f"{Vocabulary(vocabulary).label}“{value}”不存在，请从列表中选择。")
    return term


def _date(label: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DomainError(f"{label}“{value}”不是有效日期，应为 YYYY-MM-DD。") from exc


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    """Check and convert the editable fields; raise DomainError with a message naming the field."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"未知字段：{', '.join(sorted(unknown))}")
    out = dict(values)
    for key in ("title", "summary", "doc_number", "non_disclosure_reason"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "title" in out and not out["title"]:
        raise DomainError("标题不能为空。")
    if "title" in out and len(out["title"]) > 300:
        raise DomainError("标题不能超过 300 个字。")
    if "body_html" in out:
        out["body_html"] = clean_html(out["body_html"] or "")
    if "topic" in out:
        out["topic"] = _term(Vocabulary.TOPIC, out["topic"])
    if "genre" in out:
        out["genre"] = _term(Vocabulary.GENRE, out["genre"])
    for key, label in (("written_on", "成文日期"), ("changed_on", "变更日期"), ("effective_on", "施行日期"),
                       ("validity_changed_on", "失效/废止/修订日期")):
        if key in out:
            out[key] = _date(label, out[key])
    today = timezone.localdate()
    for key, label in (("written_on", "成文日期"), ("changed_on", "变更日期")):
        if out.get(key) and out[key] > today:
            raise DomainError(f"{label}不能晚于今天。")
    choices = (("category", Category, "公开类别"), ("disclosure_mode", DisclosureMode, "公开方式"),
               ("validity", Validity, "有效性"), ("normative_kind", NormativeKind, "规章或规范性文件"))
    for key, enum, label in choices:
        if key in out:
            optional = key in {"category", "normative_kind"}
            out[key] = out[key] or ("" if optional else out[key])
            if out[key] not in enum.values and not (optional and out[key] == ""):
                raise DomainError(f"{label}“{out[key]}”无效。")
    if "channels" in out:
        channels = list(dict.fromkeys(out["channels"] or []))
        bad = [c for c in channels if c not in Channel.values]
        if bad:
            raise DomainError(f"发布渠道“{'、'.join(bad)}”无效。")
        out["channels"] = channels
    return out


def _check_consistency(item: Disclosure) -> None:
    if item.disclosure_mode == DisclosureMode.NOT_DISCLOSED and not item.non_disclosure_reason:
        raise DomainError("公开方式为“不予公开”时，必须说明不予公开的理由。")
    if item.validity != Validity.VALID and not item.validity_changed_on:
        raise DomainError(f"有效性为“{Validity(item.validity).label}”时，必须填写{Validity(item.validity).label}日期。")
    if item.written_on and item.validity_changed_on and item.validity_changed_on < item.written_on:
        raise DomainError("失效/废止/修订日期不能早于成文日期。")


def publish_due_update(item: Disclosure) -> None:
    """Art. 26: publish within N working days of the information being formed or last changed."""
    base = item.changed_on or item.written_on or timezone.localdate(item.created_at or timezone.now())
    item.publish_due, item.publish_due_provisional = add_workdays_provisional(
        base, settings.GONGKAI_PUBLISH_WITHIN_WORKDAYS
    )


PUBLISH_DUE_FIELDS = ("publish_due", "publish_due_provisional")


def disclosure_publish_dues_recompute(*, actor: User | None = None) -> int:
    """Recompute every provisional Art. 26 date (RULES.md §1), e.g. after the coordinator entered a year's
    holidays. A system job: no permission check, ``actor`` only recorded (None when the calendar entry
    triggered it).

    Each item is recomputed in its own transaction, under a row lock; an item whose date moved or became
    final gets a ``publish_due_recompute`` event with before and after. Idempotent; returns how many items
    changed.
    """
    changed = 0
    for pk in selectors.disclosures_with_provisional_publish_due().values_list("pk", flat=True):
        with transaction.atomic():
            item = Disclosure.objects.select_for_update().filter(pk=pk).first()
            if item is None:  # deleted meanwhile
                continue
            before = _snapshot(item, PUBLISH_DUE_FIELDS)
            publish_due_update(item)
            after = _snapshot(item, PUBLISH_DUE_FIELDS)
            if before != after:
                item.save(update_fields=[*PUBLISH_DUE_FIELDS, "updated_at"])
                DisclosureEvent.objects.create(
                    disclosure=item, actor=actor, action="publish_due_recompute",
                    data={"before": before, "after": after},
                )
                changed += 1
    return changed


@on_calendar_changed
def _recompute_after_calendar_entry(year: int) -> None:
    """A year's holidays were entered: provisional Art. 26 dates become final (RULES.md §1). Registered when
    this module is imported; the calendar imports every app's services module before calling listeners."""
    disclosure_publish_dues_recompute()


def _snapshot(item: Disclosure, keys) -> dict[str, Any]:
    shot = {}
    for key in keys:
        value = getattr(item, key)
        if key in _LONG_FIELDS:
            value = {"length": len(value or "")}
        elif isinstance(value, Term):
            value = value.code
        elif isinstance(value, dt.date):
            value = value.isoformat()
        shot[key] = value
    return shot


@transaction.atomic
def disclosure_create(*, unit: Unit, actor: User, interprets: list[int] | None = None, **fields) -> Disclosure:
    """Draft a new item for ``unit``. Required: title, topic, genre. Takes its 索引号 at once."""
    access.require(actor, "disclosure.create", unit)
    for key, label in (("title", "标题"), ("topic", "主题分类"), ("genre", "体裁")):
        if not fields.get(key):
            raise DomainError(f"{label}不能为空。")
    values = _normalise(fields)
    item = Disclosure(unit=unit, created_by=actor, status=Status.DRAFT, **values)
    if not item.channels and item.disclosure_mode == DisclosureMode.PROACTIVE:
        item.channels = [Channel.WEBSITE]
    _check_consistency(item)
    year = (item.written_on or timezone.localdate()).year
    item.index_number = index_number_next(unit=unit, year=year)
    publish_due_update(item)
    item.save()
    if interprets:
        _set_interprets(item, interprets, actor)
    DisclosureEvent.objects.create(
        disclosure=item, actor=actor, action="create", data={"after": _snapshot(item, EDITABLE_FIELDS)}
    )
    return item


def _set_interprets(item: Disclosure, ids: list[int], actor: User) -> None:
    ids = [int(i) for i in dict.fromkeys(ids)]
    if item.pk in ids:
        raise DomainError("一条信息不能解读它自己。")
    policies = list(Disclosure.objects.filter(pk__in=ids))
    if len(policies) != len(ids):
        raise DomainError("所解读的政策不存在。")
    visible = Disclosure.objects.filter(pk__in=ids).filter(
        access.scope_q(actor, "disclosure.view") | Q(status=Status.PUBLISHED)
    ).count()
    if visible != len(ids):
        raise DomainError("只能关联已发布的政策或本机构的信息。")
    item.interprets.set(policies)


@transaction.atomic
def disclosure_update(
    *, disclosure: Disclosure, actor: User, interprets: list[int] | None = None, **changes
) -> Disclosure:
    """Edit a draft. Only drafts change; a published item is withdrawn and reopened first."""
    item = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    access.require(actor, "disclosure.edit", item.unit)
    if item.status != Status.DRAFT:
        raise InvalidTransition(f"当前状态为“{item.get_status_display()}”，只有草稿可以修改。")
    values = _normalise(changes)
    before = _snapshot(item, values)
    counted = count_key(item)
    for key, value in values.items():
        setattr(item, key, value)
    _check_consistency(item)
    publish_due_update(item)
    item.save()
    public_count_change(counted, count_key(item))
    before_links = sorted(item.interprets.values_list("pk", flat=True))
    if interprets is not None:
        _set_interprets(item, interprets, actor)
    after = _snapshot(item, values)
    changed = {key for key in values if before[key] != after[key]}
    after_links = sorted(item.interprets.values_list("pk", flat=True))
    if changed or before_links != after_links:
        data = {"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}}
        if before_links != after_links:
            data["interprets"] = {"before": before_links, "after": after_links}
        DisclosureEvent.objects.create(disclosure=item, actor=actor, action="update", data=data)
    return item


@transaction.atomic
def attachment_add(*, disclosure: Disclosure, actor: User, upload, filename: str | None = None) -> Attachment:
    """Attach a file to a draft. The type is decided by content; the text is extracted for scanning."""
    item = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    access.require(actor, "disclosure.edit", item.unit)
    if item.status != Status.DRAFT:
        raise InvalidTransition("只有草稿可以添加附件。")
    name = filename or getattr(upload, "name", "") or "附件"
    checked = files.check(upload, filename=name, max_bytes=settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    text = files.extract_text(upload, checked.kind)
    upload.seek(0)
    attachment = Attachment(
        disclosure=item, name=checked.safe_name, kind=checked.kind, mime=checked.mime,
        extension=checked.extension, size=checked.size, sha256=checked.sha256, text=text,
        uploaded_by=actor, sort=item.attachments.count(),
    )
    # Stored under its SHA-256, so a file left behind by a rolled-back transaction is inert.
    attachment.file.save(checked.safe_name, upload, save=False)
    attachment.save()
    DisclosureEvent.objects.create(
        disclosure=item, actor=actor, action="attachment_add",
        data={"attachment": attachment.pk, "name": attachment.name, "kind": attachment.kind, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User) -> None:
    item = Disclosure.objects.select_for_update().get(pk=attachment.disclosure_id)
    access.require(actor, "disclosure.edit", item.unit)
    if item.status != Status.DRAFT:
        raise InvalidTransition("只有草稿可以删除附件。")
    DisclosureEvent.objects.create(
        disclosure=item, actor=actor, action="attachment_remove",
        data={"attachment": attachment.pk, "name": attachment.name},
    )
    stored, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    # The file goes only when the deletion is committed, so a rollback loses nothing.
    transaction.on_commit(lambda: storage.delete(stored) if not Attachment.objects.filter(file=stored).exists() else None)
