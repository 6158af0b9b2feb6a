"""The answer: reply (Art. 36/37), delivery, and reopening after an appeal corrects the reply."""

import datetime as dt

from django.db import transaction

from gongkai.core.errors import DomainError, InvalidTransition
from gongkai.orgs.models import User

from ..codes import (
    DEFAULT_OUTCOME,
    AppealResult,
    DeliveryWay,
    LetterKind,
    Outcome,
    PauseKind,
    ReplyKind,
    Status,
)
from ..letters import _letter_issue
from ..models import InfoRequest
from ._common import allow, check_on, commit, files_add, fmt, locked, tell_applicant, today_or

ABANDONED_OUTCOMES = (Outcome.NO_SUPPLEMENT, Outcome.FEE_UNPAID)


def _outcome(item: InfoRequest, reply_kind: str, outcome: str | None, *, on: dt.date, note: str) -> str:
    """The statistical outcome: the kind's default unless given; checked against the kind and the case."""
    if reply_kind not in ReplyKind.values:
        raise DomainError(f"答复类型“{reply_kind}”无效。")
    outcome = outcome or DEFAULT_OUTCOME[reply_kind]
    if reply_kind == ReplyKind.WITHHOLD:
        if not outcome or not outcome.startswith("withheld."):
            raise DomainError("不予公开的答复须选择不予公开的理由（第三项的八类之一）。")
    if reply_kind == ReplyKind.ABANDONED:
        if outcome not in ABANDONED_OUTCOMES:
            raise DomainError("视为放弃须选择“逾期不补正”（other.no_supplement）或“逾期未缴费”（other.fee_unpaid）。")
    elif outcome in ABANDONED_OUTCOMES:
        raise DomainError("“逾期不补正”和“逾期未缴费”只能用于视为放弃的答复。")
    if outcome not in Outcome.values:
        raise DomainError(f"办理结果“{outcome}”无效。")
    if reply_kind == ReplyKind.PARTIAL and not note:
        raise DomainError("部分公开须说明不予公开的内容及理由（《政府信息公开条例》第三十七条）。")
    if outcome == Outcome.NO_SUPPLEMENT:
        if item.status != Status.CLARIFYING:
            raise InvalidTransition("只有在等待补正、尚未收到补正的申请才能以逾期不补正视为放弃。")
        if on <= item.supplement_due:
            raise InvalidTransition(f"补正期限至{fmt(item.supplement_due)}，期限届满后才能视为放弃。")
    elif item.status == Status.CLARIFYING:
        raise InvalidTransition("该申请正在等待补正：收到补正后再答复，或在补正期限届满后以逾期不补正视为放弃。")
    open_pauses = set(item.pauses.filter(ended_on__isnull=True).values_list("kind", flat=True))
    if open_pauses - {PauseKind.FEE}:
        raise InvalidTransition("征求意见尚未结束，请先登记答复（或答复期满）后再作出答复。")
    if outcome == Outcome.FEE_UNPAID:
        if PauseKind.FEE not in open_pauses:
            raise InvalidTransition("只有发出收费通知且尚未缴费的申请才能以逾期未缴费视为放弃。")
        if on <= item.fee_payment_due:
            raise InvalidTransition(f"缴费期限至{fmt(item.fee_payment_due)}，期限届满后才能视为放弃。")
    elif PauseKind.FEE in open_pauses:
        raise InvalidTransition("信息处理费尚未缴纳：缴费后再答复，或在缴费期限届满后以逾期未缴费视为放弃。")
    return outcome


@transaction.atomic
def request_reply(
    *, request: InfoRequest, on: dt.date, reply_kind: str, outcome: str | None = None, note: str = "",
    where_published: str = "", right_agency: str = "", withheld_reasons: str = "", files=(), actor: User,
    context: dict | None = None, today: dt.date | None = None,
) -> InfoRequest:
    """Answer the application (Art. 36 kinds, Art. 37 partial) and issue the numbered 答复书.

    ``outcome`` defaults from ``codes.DEFAULT_OUTCOME``; withholding needs one of the eight reasons;
    "abandoned" only after the supplement period or the payment period has run out. ``on_time`` records
    whether the reply came on or before the due date. ``context`` adds values for the letter's other
    placeholders (e.g. ``search_scope``, ``right_agency_contact``, ``special_law``).
    """
    item = locked(request)
    transition = allow(item, "reply", actor)
    today = today_or(today)
    last = max((p.ended_on for p in item.pauses.all() if p.ended_on), default=None)
    on = check_on(item, on, today=today, label="答复日期",
                  after=max([(d, label) for d, label in ((item.supplement_received_on, "收到补正的日期"),
                                                          (last, "征求意见或缴费结束的日期")) if d],
                            default=None))
    note = (note or "").strip()
    where_published = (where_published or "").strip()
    if reply_kind == ReplyKind.ALREADY_PUBLIC and not where_published:
        raise DomainError("已主动公开的，应告知获取该政府信息的方式和途径（第三十六条第一项）。")
    outcome = _outcome(item, reply_kind, outcome, on=on, note=note)
    due = item.due_date
    item.reply_kind, item.outcome, item.reply_note = reply_kind, outcome, note
    item.replied_on = on
    item.on_time = due is None or on <= due
    stored = files_add(item, files, "provided", actor)
    commit(item, transition, actor, today=today, opinion=note, data={
        "on": on, "reply_kind": reply_kind, "outcome": outcome, "on_time": item.on_time, "due": due,
        "where_published": where_published, "right_agency": (right_agency or "").strip(),
        "withheld_reasons": (withheld_reasons or "").strip(), "files": stored,
    })
    _letter_issue(item, kind=LetterKind.REPLY, template_key=f"reply.{reply_kind}", on=on, actor=actor,
                  context={**_reply_context(item, note, where_published, right_agency, withheld_reasons, stored),
                           **(context or {})})
    tell_applicant(item, "reply")
    return item


def _reply_context(item: InfoRequest, note: str, where_published: str, right_agency: str, withheld_reasons: str,
                   stored: list[int]) -> dict:
    provided = list(item.files.filter(pk__in=stored).values_list("name", flat=True))
    abandoned_fee = item.outcome == Outcome.FEE_UNPAID
    return {
        "items": provided or note, "where_published": where_published, "right_agency": (right_agency or "").strip(),
        "right_agency_unknown": item.reply_kind == ReplyKind.NOT_THIS_AGENCY and not (right_agency or "").strip(),
        "withheld_reasons": (withheld_reasons or "").strip() or note, "reason": note, "search_scope": note,
        "abandon_cause": "fee_unpaid" if abandoned_fee else "no_supplement",
        "notice_sent_text": item.fee_notice_on if abandoned_fee else item.clarification_sent_on,
        "due_date_text": item.supplement_due,
    }


@transaction.atomic
def request_deliver(*, request: InfoRequest, on: dt.date, way: str, note: str = "", proof=None, actor: User,
                    today: dt.date | None = None) -> InfoRequest:
    """Record delivery of the reply (way, date, proof); the case is closed (办结) that day."""
    item = locked(request)
    transition = allow(item, "deliver", actor)
    today = today_or(today)
    if way not in DeliveryWay.values:
        raise DomainError("请选择送达方式（邮寄、电子邮件、传真、自行领取或在线下载）。")
    on = check_on(item, on, today=today, label="送达日期", after=(item.replied_on, "答复日期"))
    item.delivered_on, item.delivered_way, item.delivery_note = on, way, (note or "").strip()[:300]
    item.closed_on = on
    stored = files_add(item, [proof] if proof else (), "delivery", actor)
    commit(item, transition, actor, today=today, opinion=item.delivery_note,
           data={"on": on, "way": way, "files": stored})
    return item


REPLY_FIELDS = ("reply_kind", "outcome", "reply_note", "replied_on", "on_time", "delivered_on", "delivered_way",
                "delivery_note", "closed_on")


@transaction.atomic
def request_reopen(*, request: InfoRequest, actor: User, reason: str, today: dt.date | None = None) -> InfoRequest:
    """Handle the case again after a reconsideration or court corrected the reply (纠正). The earlier
    reply stays in the event history and its letters remain; the case returns to processing."""
    item = locked(request)
    transition = allow(item, "reopen", actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("重新办理必须说明理由（例如复议决定书文号）。")
    if not item.appeals.filter(result=AppealResult.CORRECTED).exists():
        raise InvalidTransition("只有行政复议或行政诉讼结果为“纠正”的申请可以重新办理。")
    before = {name: getattr(item, name) for name in REPLY_FIELDS}
    for name in REPLY_FIELDS:
        setattr(item, name, None if name in ("replied_on", "on_time", "delivered_on", "closed_on") else "")
    commit(item, transition, actor, today=today_or(today), opinion=reason, data={"before": before})
    return item
