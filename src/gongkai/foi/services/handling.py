"""Handling a case between receipt and reply: assignment, transfer, merge, 补正, consultations,
extension, Art. 35, and the fee window. Every status change goes through :mod:`gongkai.foi.workflow`.

A notice (补正告知书, 征求意见书, 收费通知书) is recorded with how it went out (``sent_by``, a
:class:`~gongkai.foi.codes.NoticeWay`) and, when known, the day it was received; its period runs from
receipt (:func:`gongkai.foi.clock.receipt_of`). A posted notice's signed-for date usually comes later:
:func:`request_notice_received` records it and the clock is computed again."""

import datetime as dt

from django.db import transaction

from gongkai.core.errors import DomainError, InvalidTransition, NotFound
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit, User
from gongkai.workdays.services import on_calendar_changed

from .. import clock, fees, workflow
from ..codes import LetterKind, NoticeWay, PauseKind, Status
from ..letters import _letter_issue
from ..models import InfoRequest, RequestPause
from ..selectors import RUNNING, clock_input_for, setting
from ._common import (
    _clock_update,
    allow,
    as_date,
    check_on,
    commit,
    event,
    files_add,
    fmt,
    locked,
    tell_applicant,
    today_or,
)

MAX_SUPPLEMENT_PERIOD_DAYS = 60
CONSULTATIONS = (PauseKind.THIRD_PARTY, PauseKind.AGENCY)
# The notices whose receipt can be recorded later (request_notice_received), with their Chinese names.
NOTICES = {"clarification": "补正告知书", "fee_notice": "收费通知书", "consultation": "征求意见书"}
WAYS_TEXT = "、".join(NoticeWay.labels)


def _notice_way(sent_by: str | None, received_on, *, sent: dt.date, today: dt.date, what: str
                ) -> tuple[str, dt.date | None]:
    """How a notice went out (required) and the day it was received, when given."""
    sent_by = (sent_by or "").strip()
    if not sent_by:
        raise DomainError(f"请选择{what}的送达方式（{WAYS_TEXT}）：期限自收到{what}的次日起计算。")
    if sent_by not in NoticeWay.values:
        raise DomainError(f"送达方式“{sent_by}”无效，应为{WAYS_TEXT}之一。")
    if received_on in (None, ""):
        return sent_by, None
    return sent_by, _received_date(received_on, sent=sent, today=today, what=what)


def _received_date(on, *, sent: dt.date, today: dt.date, what: str) -> dt.date:
    """The day a notice was received: a real date, not before it was sent, not in the future."""
    label = f"收到{what}的日期"
    on = as_date(on, label)
    if on < sent:
        raise DomainError(f"{label}（{fmt(on)}）不能早于{what}的发出日期（{fmt(sent)}）。")
    if on > today:
        raise DomainError(f"{label}（{fmt(on)}）不能晚于今天（{fmt(today)}）。")
    return on


def _by_post(sent_by: str, received_on: dt.date | None) -> bool:
    """A posted notice whose period the letter cannot date: it runs from the signed-for day, not yet known."""
    return sent_by == NoticeWay.POST and received_on is None


def _last_start(item: InfoRequest) -> tuple[dt.date | None, str]:
    """The date the clock (re)started: a later action cannot be dated before it."""
    if item.supplement_received_on:
        return item.supplement_received_on, "收到补正的日期"
    return item.received_on, "收到申请的日期"


@transaction.atomic
def request_assign(*, request: InfoRequest, handler: User, actor: User, today: dt.date | None = None) -> InfoRequest:
    """Give the case to a handler: an operator or approver of the handling unit."""
    item = locked(request)
    transition = allow(item, "assign", actor)
    if not handler.is_active or not handler.memberships.filter(
            unit=item.unit, role__in=[Role.OPERATOR, Role.APPROVER]).exists():
        raise DomainError(f"{handler}不是{item.unit.name}的经办人或负责领导，不能承办该申请。")
    before = item.handler_id
    item.handler = handler
    commit(item, transition, actor, today=today_or(today),
           data={"handler": handler.pk, "handler_name": str(handler), "before": before})
    return item


@transaction.atomic
def request_transfer(*, request: InfoRequest, to_unit: Unit, actor: User, reason: str,
                     today: dt.date | None = None) -> InfoRequest:
    """转办: hand the case to another unit. The date of receipt and the clock stay as they are; the unit
    that first received it is kept as ``original_unit``; the new unit assigns its own handler."""
    item = locked(request)
    transition = allow(item, "transfer", actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("转办必须说明理由。")
    if to_unit.pk == item.unit_id:
        raise DomainError("不能转办给本机关。")
    before = item.unit
    item.unit, item.handler = to_unit, None
    commit(item, transition, actor, today=today_or(today), opinion=reason,
           data={"from_unit": before.code, "to_unit": to_unit.code, "received_on": item.received_on})
    return item


@transaction.atomic
def request_merge(*, request: InfoRequest, into: InfoRequest, actor: User, reason: str = "",
                  today: dt.date | None = None) -> InfoRequest:
    """A duplicate of another open case (the same application registered twice): closed as merged,
    pointing to the case that goes on."""
    item = locked(request)
    transition = allow(item, "merge", actor)
    target = InfoRequest.objects.select_related("unit").filter(pk=into.pk).first()
    if target is None or not access.can(actor, "request.view", target.unit):
        raise NotFound("要合并到的申请不存在，或不在您的管理范围内。")
    if target.pk == item.pk:
        raise DomainError("不能把申请合并到它自己。")
    if target.status == Status.MERGED:
        raise InvalidTransition(f"申请{target.number}已合并到其他申请，请合并到最终办理的申请。")
    item.merged_into = target
    commit(item, transition, actor, today=today_or(today), opinion=(reason or "").strip(),
           data={"into": target.pk, "into_number": target.number})
    event(target, actor, "merged_from", data={"request": item.pk, "number": item.number})
    return item


@transaction.atomic
def request_clarify(*, request: InfoRequest, on: dt.date, items: str, sent_by: str,
                    received_on: dt.date | None = None, period_days: int | None = None, actor: User,
                    today: dt.date | None = None) -> InfoRequest:
    """补正 (Art. 30): once only, within 7 working days of receipt, saying what to supplement and by when.
    The reply clock stops until the supplement arrives. The supplement period runs from the day after the
    applicant receives the 补正告知书 (``sent_by``; ``received_on`` when already known, else the day sent,
    or for post a presumed day until :func:`request_notice_received`). Issues the 补正告知书: its end
    date is printed only when receipt is the day sent; by post it runs from the signed-for day."""
    item = locked(request)
    transition = allow(item, "clarify", actor)
    today = today_or(today)
    if item.clarification_sent_on:
        raise InvalidTransition(
            f"已于{fmt(item.clarification_sent_on)}告知补正；补正只能一次（《政府信息公开条例》第三十条）。")
    on = check_on(item, on, today=today, label="补正告知日期")
    if item.clarification_due and on > item.clarification_due:
        raise DomainError(
            f"补正应在收到申请之日起7个工作日内一次性告知，最迟为{fmt(item.clarification_due)}；"
            f"{fmt(on)}已超过期限，不能再要求补正，请按现有内容答复（《政府信息公开条例》第三十条）。")
    items = (items or "").strip()
    if not items:
        raise DomainError("请写明需要补正的事项。")
    period = setting("GONGKAI_SUPPLEMENT_PERIOD_DAYS") if period_days is None else int(period_days)
    if not 1 <= period <= MAX_SUPPLEMENT_PERIOD_DAYS:
        raise DomainError(f"补正期限应为 1 到 {MAX_SUPPLEMENT_PERIOD_DAYS} 个工作日。")
    sent_by, received_on = _notice_way(sent_by, received_on, sent=on, today=today, what="补正告知书")
    item.clarification_sent_on, item.clarification_items, item.clarification_period_days = on, items, period
    item.clarification_sent_by, item.clarification_received_on = sent_by, received_on
    commit(item, transition, actor, today=today, opinion=items,
           data={"on": on, "period_days": period, "sent_by": sent_by, "received_on": received_on,
                 "supplement_due": item.supplement_due})
    by_post = _by_post(sent_by, received_on)
    _letter_issue(item, kind=LetterKind.CLARIFICATION, template_key="clarification", on=on, actor=actor,
                  context={"items": items, "period_days": period, "notice_by_post": by_post,
                           "due_date_text": None if by_post else item.supplement_due})
    tell_applicant(item, "clarification")
    return item


@transaction.atomic
def request_supplement(*, request: InfoRequest, on: dt.date, actor: User, files=(), note: str = "",
                       today: dt.date | None = None) -> InfoRequest:
    """The supplemented application arrived: the reply clock restarts from this day (Art. 30)."""
    item = locked(request)
    transition = allow(item, "supplement", actor)
    today = today_or(today)
    on = check_on(item, on, today=today, label="收到补正的日期", after=(item.clarification_sent_on, "补正告知日期"))
    # the supplement period as it stands now (from the receipt of the 补正告知书, entered or presumed)
    period = _clock_update(item, today)
    late = bool(period.supplement_due and on > period.supplement_due)
    item.supplement_received_on = on
    stored = files_add(item, files, "supplement", actor)
    commit(item, transition, actor, today=today, opinion=(note or "").strip(),
           data={"on": on, "late": late, "supplement_due": period.supplement_due,
                 "supplement_due_presumed": period.supplement_due_presumed, "files": stored})
    return item


@transaction.atomic
def request_consult(*, request: InfoRequest, on: dt.date, party: str, sent_by: str,
                    received_on: dt.date | None = None, kind: str = PauseKind.THIRD_PARTY, actor: User,
                    reason: str = "", today: dt.date | None = None) -> RequestPause:
    """Ask a third party (Art. 32) or another agency (Art. 34) for its opinion. The days from sending until
    the answer are not counted; the party has 15 working days from the day after it receives the letter
    (``sent_by``, ``received_on`` as for :func:`request_clarify`). Issues the 第三方意见征询函 to a third
    party, saying which of its rights the information touches (``reason``, e.g. 商业秘密)."""
    item = locked(request)
    transition = allow(item, "consult", actor)
    today = today_or(today)
    if kind not in (PauseKind.THIRD_PARTY, PauseKind.AGENCY):
        raise DomainError("征求意见的对象类型应为第三方（third_party）或其他机关（agency）。")
    party = (party or "").strip()
    if not party:
        raise DomainError("请填写征求意见的对象。")
    on = check_on(item, on, today=today, label="发出征求意见书的日期", after=_last_start(item))
    sent_by, received_on = _notice_way(sent_by, received_on, sent=on, today=today, what="征求意见书")
    pause = RequestPause.objects.create(request=item, kind=kind, party=party[:200], started_on=on, sent_by=sent_by,
                                        received_on=received_on)
    reason = (reason or "").strip()
    window_end = clock.consultation_end(
        clock.Pause(kind=kind, start=on, end=None, sent_by=sent_by, received_on=received_on),
        post_presumed_days=setting("GONGKAI_POST_PRESUMED_DAYS"))
    commit(item, transition, actor, today=today, opinion=reason,
           data={"pause": pause.pk, "kind": kind, "party": party, "on": on, "sent_by": sent_by,
                 "received_on": received_on, "window_end": window_end})
    if kind == PauseKind.THIRD_PARTY:
        by_post = _by_post(sent_by, received_on)
        _letter_issue(item, kind=LetterKind.THIRD_PARTY, template_key="third_party", on=on, actor=actor,
                      recipient=party, context={"third_party_name": party, "notice_by_post": by_post,
                                                "answer_due_text": None if by_post else window_end,
                                                "reason": reason})
    return pause


def _open_pause(item: InfoRequest, pause_id: int | None, kinds: tuple[str, ...], what: str) -> RequestPause:
    open_pauses = item.pauses.select_for_update().filter(ended_on__isnull=True, kind__in=kinds)
    if pause_id is not None:
        pause = open_pauses.filter(pk=pause_id).first()
        if pause is None:
            raise InvalidTransition(f"没有编号为 {pause_id} 的未结束{what}。")
        return pause
    pauses = list(open_pauses)
    if not pauses:
        raise InvalidTransition(f"该申请没有未结束的{what}。")
    if len(pauses) > 1:
        raise DomainError(f"该申请有 {len(pauses)} 项未结束的{what}，请指明是哪一项。")
    return pauses[0]


def _close_pause(item: InfoRequest, pause: RequestPause, action: str, actor: User, *, today: dt.date,
                 data: dict, opinion: str = "") -> None:
    """Close one pause; when it was the last open one, the clock runs again ("resume")."""
    commit(item, allow(item, action, actor), actor, today=today, opinion=opinion, data=data)
    if not item.pauses.filter(ended_on__isnull=True).exists():
        commit(item, allow(item, "resume", actor), actor, today=today, data={"after": action})


@transaction.atomic
def request_consult_end(*, request: InfoRequest, pause_id: int | None = None, on: dt.date, answer: str = "",
                        objection: bool = False, actor: User, today: dt.date | None = None) -> RequestPause:
    """Record the answer of a consultation (or that the 15-day window passed without one). A third party's
    objection with reasons means the information is not disclosed unless the public interest requires."""
    item = locked(request)
    allow(item, "consult_end", actor)
    today = today_or(today)
    pause = _open_pause(item, pause_id, (PauseKind.THIRD_PARTY, PauseKind.AGENCY), "征求意见")
    on = check_on(item, on, today=today, label="收到答复的日期", after=(pause.started_on, "发出征求意见书的日期"))
    if objection and pause.kind != PauseKind.THIRD_PARTY:
        raise DomainError("只有第三方可以提出不同意公开的意见；其他机关逾期未答复视为同意。")
    pause.ended_on, pause.answer, pause.objection = on, (answer or "").strip(), bool(objection)
    pause.save()
    _close_pause(item, pause, "consult_end", actor, today=today, opinion=pause.answer,
                 data={"pause": pause.pk, "on": on, "objection": pause.objection})
    return pause


@transaction.atomic
def request_extend(*, request: InfoRequest, on: dt.date, days: int, reason: str, actor: User,
                   today: dt.date | None = None) -> InfoRequest:
    """Extend the reply period by at most 20 working days, once, with the approver's sign-off, before the
    period runs out (Art. 33). Issues the 延期答复告知书."""
    item = locked(request)
    transition = allow(item, "extend", actor)
    today = today_or(today)
    if item.extension_days:
        raise InvalidTransition(f"该申请已于{fmt(item.extension_on)}延期{item.extension_days}个工作日，只能延期一次。")
    days = int(days)
    if not 1 <= days <= clock.MAX_EXTENSION_DAYS:
        raise DomainError(f"延长的期限应为 1 到 {clock.MAX_EXTENSION_DAYS} 个工作日（《政府信息公开条例》第三十三条）。")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("延期答复必须说明理由。")
    on = check_on(item, on, today=today, label="延期决定日期", after=_last_start(item))
    if item.due_date and on > item.due_date:
        raise DomainError(f"答复期限已于{fmt(item.due_date)}届满，不能再延期。")
    before = item.due_date
    item.extension_days, item.extension_reason, item.extension_on = days, reason, on
    item.extension_approved_by = actor
    commit(item, transition, actor, today=today, opinion=reason, data={"on": on, "days": days, "before": before})
    _letter_issue(item, kind=LetterKind.EXTENSION, template_key="extension", on=on, actor=actor,
                  context={"extension_days": days, "reason": reason, "due_date_text": item.due_date})
    tell_applicant(item, "extension")
    return item


@transaction.atomic
def request_mark_excessive(*, request: InfoRequest, due: dt.date, reason: str, actor: User,
                           today: dt.date | None = None) -> InfoRequest:
    """Art. 35: a request whose number or frequency clearly exceeds a reasonable range gets a later,
    stated reply date (approver's decision)."""
    item = locked(request)
    transition = allow(item, "excessive", actor)
    today = today_or(today)
    due = as_date(due, "确定的答复期限")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("确定延迟答复的期限必须说明理由（《政府信息公开条例》第三十五条）。")
    if item.due_date and due <= item.due_date:
        raise DomainError(f"确定的答复期限应晚于现在的答复期限（{fmt(item.due_date)}）。")
    before = item.excessive_due
    item.excessive_due, item.excessive_reason = due, reason
    commit(item, transition, actor, today=today, opinion=reason, data={"due": due, "before": before})
    return item


def month_position(item: InfoRequest) -> int:
    """The case's place among the applicant's requests to the same agency received in the same calendar
    month (this one included), for the per-request fee (国办函〔2020〕109号第四条: each agency charges for
    the requests made to it, not for those to other units of the deployment). Same ID number, same
    handling unit, merged duplicates not counted.

    The agency is the handling unit (``unit``), not the unit that first received the case: the agency
    that answers, and so charges, is the one the request was made to in law; a case transferred on counts
    for the unit it was transferred to and no longer for the one that passed it on. A transfer keeps the
    date of receipt, so the case's place in that month is the same either way."""
    first = item.received_on.replace(day=1)
    earlier = InfoRequest.objects.filter(
        id_number=item.id_number, unit_id=item.unit_id, received_on__gte=first, received_on__lte=item.received_on,
    ).exclude(status=Status.MERGED).exclude(pk=item.pk)
    before = earlier.filter(received_on__lt=item.received_on).count()
    same_day = earlier.filter(received_on=item.received_on, pk__lt=item.pk).count()
    return before + same_day + 1


@transaction.atomic
def request_fee_notice(*, request: InfoRequest, on: dt.date, method: str, sent_by: str,
                       received_on: dt.date | None = None, quantity: int | None = None, actor: User,
                       today: dt.date | None = None) -> InfoRequest:
    """收费通知 (国办函〔2020〕109号第七条): sent within the reply period, per request (the applicant's n-th
    request to this agency in the month of receipt, counted here) or per page (``quantity`` pages). Payment
    is due within 20 working days from the day after the applicant receives the notice (``sent_by``,
    ``received_on`` as for :func:`request_clarify`); the window pauses the reply clock by default. Issues
    the 收费通知书."""
    item = locked(request)
    transition = allow(item, "fee_notice", actor)
    today = today_or(today)
    if item.fee_notice_on:
        raise InvalidTransition(f"已于{fmt(item.fee_notice_on)}发出收费通知，一件申请只收费一次。")
    if method not in fees.METHODS:
        raise DomainError("收费方式应为按件计收（per_request）或按量计收（per_page）。")
    on = check_on(item, on, today=today, label="收费通知日期", after=_last_start(item))
    due = _clock_update(item, today).due_date  # the reply period as it stands now
    if due is not None and on > due:
        raise InvalidTransition(
            f"收费通知应当在答复期限内发出（{clock.FEE_MEASURES}第七条）；该申请的答复期限已于{fmt(due)}届满，"
            f"{fmt(on)}不能再发出收费通知。")
    sent_by, received_on = _notice_way(sent_by, received_on, sent=on, today=today, what="收费通知书")
    try:
        if method == "per_request":
            quantity = month_position(item)
            amount = fees.quote(method, count=quantity)
        else:
            if quantity is None:
                raise DomainError("按量计收须填写页数。")
            quantity = int(quantity)
            amount = fees.quote(method, pages=quantity)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    if not amount:
        basis = f"本月第{quantity}件申请" if method == "per_request" else f"{quantity}页"
        raise DomainError(f"按{fees.METHODS[method]}计算，{basis}不收取信息处理费，无需发出收费通知。")
    item.fee_method, item.fee_quantity, item.fee_amount, item.fee_notice_on = method, quantity, amount, on
    item.fee_notice_sent_by, item.fee_notice_received_on = sent_by, received_on
    # the pause row repeats how the notice went out: the clock reads the receipt from the pause
    pause = RequestPause.objects.create(request=item, kind=PauseKind.FEE, started_on=on, sent_by=sent_by,
                                        received_on=received_on)
    commit(item, transition, actor, today=today,
           data={"on": on, "method": method, "quantity": quantity, "amount": str(amount), "pause": pause.pk,
                 "sent_by": sent_by, "received_on": received_on, "fee_payment_due": item.fee_payment_due})
    month = f"{item.received_on.year}年{item.received_on.month}月"
    if method == "per_request":
        reason = f"您{month}已向本机关提出{quantity}件政府信息公开申请"
        items = f"本件为您{month}向本机关提出的第{quantity}件申请"
    else:
        reason = f"您申请的政府信息共{quantity}页"
        items = f"共{quantity}页，第1至30页免费，超出部分按页分段累进计收"
    by_post = _by_post(sent_by, received_on)
    _letter_issue(item, kind=LetterKind.FEE_NOTICE, template_key="fee_notice", on=on, actor=actor,
                  context={"reason": reason, "fee_method_text": fees.METHODS[method], "items": items,
                           "amount_yuan": amount, "notice_by_post": by_post,
                           "payment_due_text": None if by_post else item.fee_payment_due})
    return item


@transaction.atomic
def request_fee_paid(*, request: InfoRequest, on: dt.date, actor: User, today: dt.date | None = None) -> InfoRequest:
    """The fee was paid: the fee window ends and the clock runs again."""
    item = locked(request)
    allow(item, "fee_paid", actor)
    today = today_or(today)
    pause = _open_pause(item, None, (PauseKind.FEE,), "缴费期间")
    on = check_on(item, on, today=today, label="缴费日期", after=(pause.started_on, "收费通知日期"))
    # the payment window as it stands now (from the receipt of the 收费通知书, entered or presumed)
    window = _clock_update(item, today)
    late = bool(window.fee_payment_due and on > window.fee_payment_due)
    pause.ended_on = on
    pause.save()
    item.fee_paid_on = on
    _close_pause(item, pause, "fee_paid", actor, today=today,
                 data={"on": on, "late": late, "pause": pause.pk, "fee_payment_due": window.fee_payment_due,
                       "fee_payment_due_presumed": window.fee_payment_due_presumed})
    return item


@transaction.atomic
def request_notice_received(*, request: InfoRequest, notice: str, pause_id: int | None = None, on: dt.date,
                            actor: User, today: dt.date | None = None) -> InfoRequest:
    """登记签收日期: the day a notice sent earlier was received — the applicant's 补正告知书
    (``clarification``) or 收费通知书 (``fee_notice``), or a party's 征求意见书 (``consultation``, the one
    ``pause_id`` names when there are several) — usually the signed-for date of a posted one. The notice's
    period is counted again from the next day; an entered date may be corrected the same way. The status
    does not change; the event row keeps the date it replaced."""
    item = locked(request)
    access.require(actor, "request.handle", item.unit)
    if item.status not in workflow.OPEN:
        raise InvalidTransition(f"该申请当前状态为“{Status(item.status).label}”，不能再登记签收日期。")
    if notice not in NOTICES:
        raise DomainError("请指明登记哪一份文书的签收日期：clarification（补正告知书）、fee_notice（收费通知书）"
                          "或 consultation（征求意见书）。")
    today = today_or(today)
    what = NOTICES[notice]
    pause = None
    if notice == "clarification":
        if not item.clarification_sent_on:
            raise InvalidTransition("该申请没有发出补正告知书。")
        sent, before = item.clarification_sent_on, item.clarification_received_on
        on = _received_date(on, sent=sent, today=today, what=what)
        item.clarification_received_on = on
    else:
        pause = _notice_pause(item, notice, pause_id)
        sent, before = pause.started_on, pause.received_on
        on = _received_date(on, sent=sent, today=today, what=what)
        pause.received_on = on
        pause.save(update_fields=["received_on"])
        if notice == "fee_notice":
            item.fee_notice_received_on = on
    result = _clock_update(item, today)
    item.save()
    event(item, actor, "notice_received", data={
        "notice": notice, "pause": pause.pk if pause else None, "sent_on": sent, "on": on, "before": before,
        "supplement_due": result.supplement_due, "fee_payment_due": result.fee_payment_due,
        "due_date": item.due_date, "due_provisional": item.due_provisional,
    })
    return item


def _notice_pause(item: InfoRequest, notice: str, pause_id: int | None) -> RequestPause:
    """The pause row of a fee notice (the case's one) or of a consultation (``pause_id``, or the only one)."""
    kinds = (PauseKind.FEE,) if notice == "fee_notice" else CONSULTATIONS
    pauses = item.pauses.select_for_update().filter(kind__in=kinds).order_by("-started_on", "-id")
    if pause_id is not None:
        pause = pauses.filter(pk=pause_id).first()
        if pause is None:
            raise NotFound(f"该申请没有编号为 {pause_id} 的{NOTICES[notice]}。")
        return pause
    found = list(pauses)
    if not found:
        raise InvalidTransition(f"该申请没有发出{NOTICES[notice]}。")
    if notice == "consultation" and len(found) > 1:
        raise DomainError(f"该申请发出过 {len(found)} 份征求意见书，请指明是哪一份。")
    return found[0]


def notice_period_over(item: InfoRequest, notice: str, *, on: dt.date) -> None:
    """Refuse to treat the application as abandoned on ``on`` (Art. 30; 国办函〔2020〕109号第七条) unless the
    period of the 补正告知书 (``clarification``) or the 收费通知书 (``fee_notice``), counted from its receipt,
    is over — and, for a posted notice, until its signed-for date is entered: a presumed receipt is no
    proof that the applicant had the notice."""
    result = clock.compute(clock_input_for(item), today=on)
    if notice == "clarification":
        due, presumed, what, period = result.supplement_due, result.supplement_due_presumed, "补正告知书", "补正期限"
    else:
        due, presumed, what, period = result.fee_payment_due, result.fee_payment_due_presumed, "收费通知书", "缴费期限"
    if presumed:
        raise InvalidTransition(
            f"{what}以邮寄方式送达，尚未登记申请人签收的日期（{period}暂按推定的收到日期算至{fmt(due)}）："
            f"请先登记签收日期，{period}届满后才能视为放弃。")
    if on <= due:
        raise InvalidTransition(f"{period}至{fmt(due)}，期限届满后才能视为放弃。")


CLOCK_FIELDS = ("due_date", "due_provisional", "clarification_due", "supplement_due", "fee_payment_due")


def request_clocks_recompute(*, today: dt.date | None = None, provisional_only: bool = True,
                             actor: User | None = None) -> int:
    """Recompute the stored dates of open cases (by default those marked provisional), e.g. after the
    coordinator entered a year's holidays (RULES.md §1). Idempotent; returns how many cases changed, each
    with a ``clock_recompute`` event saying what moved."""
    today = today_or(today)
    cases = InfoRequest.objects.filter(status__in=[*RUNNING, Status.CLARIFYING])
    if provisional_only:
        cases = cases.filter(due_provisional=True)
    changed = 0
    for pk in cases.values_list("pk", flat=True):
        with transaction.atomic():
            item = InfoRequest.objects.select_for_update().get(pk=pk)
            before = {name: getattr(item, name) for name in CLOCK_FIELDS}
            _clock_update(item, today)
            after = {name: getattr(item, name) for name in CLOCK_FIELDS}
            if before != after:
                item.save(update_fields=[*CLOCK_FIELDS, "updated_at"])
                event(item, actor, "clock_recompute", data={"before": before, "after": after})
                changed += 1
    return changed


@on_calendar_changed
def _recompute_after_calendar_entry(year: int) -> None:
    """A year's holidays were entered: provisional dates become final (RULES.md §1). Registered when this
    module is imported (the app config imports it at start-up)."""
    request_clocks_recompute()
