"""Handling a case between receipt and reply: assignment, transfer, merge, 补正, consultations,
extension, Art. 35, and the fee window. Every status change goes through :mod:`gongkai.foi.workflow`."""

import datetime as dt

from django.db import transaction

from gongkai.core.errors import DomainError, InvalidTransition, NotFound
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit, User
from gongkai.workdays.services import on_calendar_changed

from .. import clock, fees
from ..codes import LetterKind, PauseKind, Status
from ..letters import _letter_issue
from ..models import InfoRequest, RequestPause
from ..selectors import RUNNING, setting
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
def request_clarify(*, request: InfoRequest, on: dt.date, items: str, period_days: int | None = None,
                    actor: User, today: dt.date | None = None) -> InfoRequest:
    """补正 (Art. 30): once only, within 7 working days of receipt, saying what to supplement and by when.
    The reply clock stops until the supplement arrives. Issues the 补正告知书."""
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
    item.clarification_sent_on, item.clarification_items, item.clarification_period_days = on, items, period
    commit(item, transition, actor, today=today, opinion=items, data={"on": on, "period_days": period})
    _letter_issue(item, kind=LetterKind.CLARIFICATION, template_key="clarification", on=on, actor=actor,
                  context={"items": items, "period_days": period, "due_date_text": item.supplement_due})
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
    late = bool(item.supplement_due and on > item.supplement_due)
    item.supplement_received_on = on
    stored = files_add(item, files, "supplement", actor)
    commit(item, transition, actor, today=today, opinion=(note or "").strip(),
           data={"on": on, "late": late, "files": stored})
    return item


@transaction.atomic
def request_consult(*, request: InfoRequest, on: dt.date, party: str, kind: str = PauseKind.THIRD_PARTY,
                    actor: User, reason: str = "", today: dt.date | None = None) -> RequestPause:
    """Ask a third party (Art. 32) or another agency (Art. 34) for its opinion. The days until the answer
    (at most 15 working days) are not counted. Issues the 第三方意见征询函 to a third party, saying which
    of its rights the information touches (``reason``, e.g. 商业秘密)."""
    item = locked(request)
    transition = allow(item, "consult", actor)
    today = today_or(today)
    if kind not in (PauseKind.THIRD_PARTY, PauseKind.AGENCY):
        raise DomainError("征求意见的对象类型应为第三方（third_party）或其他机关（agency）。")
    party = (party or "").strip()
    if not party:
        raise DomainError("请填写征求意见的对象。")
    on = check_on(item, on, today=today, label="发出征求意见书的日期", after=_last_start(item))
    pause = RequestPause.objects.create(request=item, kind=kind, party=party[:200], started_on=on)
    reason = (reason or "").strip()
    commit(item, transition, actor, today=today, opinion=reason,
           data={"pause": pause.pk, "kind": kind, "party": party, "on": on})
    if kind == PauseKind.THIRD_PARTY:
        window_end = clock.consultation_end(clock.Pause(kind=kind, start=on, end=None))
        _letter_issue(item, kind=LetterKind.THIRD_PARTY, template_key="third_party", on=on, actor=actor,
                      recipient=party, context={"third_party_name": party, "answer_due_text": window_end,
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
    """The case's place among the applicant's requests received in the same calendar month (this one
    included), for the per-request fee: same ID number, any unit, merged duplicates not counted."""
    first = item.received_on.replace(day=1)
    earlier = InfoRequest.objects.filter(
        id_number=item.id_number, received_on__gte=first, received_on__lte=item.received_on,
    ).exclude(status=Status.MERGED).exclude(pk=item.pk)
    before = earlier.filter(received_on__lt=item.received_on).count()
    same_day = earlier.filter(received_on=item.received_on, pk__lt=item.pk).count()
    return before + same_day + 1


@transaction.atomic
def request_fee_notice(*, request: InfoRequest, on: dt.date, method: str, quantity: int | None = None,
                       actor: User, today: dt.date | None = None) -> InfoRequest:
    """收费通知 (国办函〔2020〕109号): per request (the applicant's n-th request of the month of receipt,
    counted here) or per page (``quantity`` pages). Payment is due within 20 working days; the window
    pauses the reply clock by default. Issues the 收费通知书."""
    item = locked(request)
    transition = allow(item, "fee_notice", actor)
    today = today_or(today)
    if item.fee_notice_on:
        raise InvalidTransition(f"已于{fmt(item.fee_notice_on)}发出收费通知，一件申请只收费一次。")
    if method not in fees.METHODS:
        raise DomainError("收费方式应为按件计收（per_request）或按量计收（per_page）。")
    on = check_on(item, on, today=today, label="收费通知日期", after=_last_start(item))
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
    pause = RequestPause.objects.create(request=item, kind=PauseKind.FEE, started_on=on)
    commit(item, transition, actor, today=today,
           data={"on": on, "method": method, "quantity": quantity, "amount": str(amount), "pause": pause.pk})
    if method == "per_request":
        reason = f"您本月（{on.year}年{item.received_on.month}月）已提出{quantity}件政府信息公开申请"
        items = f"本件为您{item.received_on.year}年{item.received_on.month}月提出的第{quantity}件申请"
    else:
        reason = f"您申请的政府信息共{quantity}页"
        items = f"共{quantity}页，第1至30页免费，超出部分按页分段累进计收"
    _letter_issue(item, kind=LetterKind.FEE_NOTICE, template_key="fee_notice", on=on, actor=actor,
                  context={"reason": reason, "fee_method_text": fees.METHODS[method], "items": items,
                           "amount_yuan": amount, "payment_due_text": item.fee_payment_due})
    return item


@transaction.atomic
def request_fee_paid(*, request: InfoRequest, on: dt.date, actor: User, today: dt.date | None = None) -> InfoRequest:
    """The fee was paid: the fee window ends and the clock runs again."""
    item = locked(request)
    allow(item, "fee_paid", actor)
    today = today_or(today)
    pause = _open_pause(item, None, (PauseKind.FEE,), "缴费期间")
    on = check_on(item, on, today=today, label="缴费日期", after=(pause.started_on, "收费通知日期"))
    late = bool(item.fee_payment_due and on > item.fee_payment_due)
    pause.ended_on = on
    pause.save()
    item.fee_paid_on = on
    _close_pause(item, pause, "fee_paid", actor, today=today, data={"on": on, "late": late, "pause": pause.pk})
    return item


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
