"""The answer: reply (Art. 36/37), delivery, and reopening after an appeal corrects the reply."""

import datetime as dt

from django.db import transaction

from gongkai.core.errors import DomainError, InvalidTransition
from gongkai.orgs.models import User

from .. import legal
from ..codes import (
    AppealResult,
    DeliveryWay,
    LetterKind,
    Outcome,
    PauseKind,
    ReplyKind,
    Status,
)
from ..letters import _letter_issue
from ..models import InfoRequest, RequestFile
from ._common import allow, as_date, check_on, commit, files_add, locked, tell_applicant, today_or
from .handling import notice_period_over

ABANDONED_OUTCOMES = (Outcome.NO_SUPPLEMENT, Outcome.FEE_UNPAID)
WHOLE = "所申请的政府信息"
# Values some reply letters need that no record holds; the clerk enters them with the reply.
LETTER_DETAILS: dict[str, str] = {
    "right_agency_contact": "负责公开的机关的联系方式",
    "info_category": "信息类别（如 不动产登记资料）",
    "special_law": "对该类信息的获取有特别规定的法律、行政法规",
    "right_channel": "信访、投诉、举报等事项的受理渠道",
    "previous_reply_number": "此前答复书的文号",
    "previous_reply_on": "此前作出答复的日期",
}


def _outcome(item: InfoRequest, reply_kind: str, outcome: str | None, *, on: dt.date, note: str) -> str:
    """The statistical outcome: the kind's default unless given; checked against the kind
    (:data:`gongkai.foi.legal.REPLY_OUTCOMES`) and the case."""
    try:
        outcome = legal.outcomes_check(reply_kind, outcome)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    if outcome == Outcome.STILL_UNCLEAR and not item.supplement_received_on:
        raise InvalidTransition("只有发出补正告知并收到补正后的申请，才能以“补正后申请内容仍不明确”答复（条例第三十条）。")
    if outcome == Outcome.NO_SUPPLEMENT:
        if item.status != Status.CLARIFYING:
            raise InvalidTransition("只有在等待补正、尚未收到补正的申请才能以逾期不补正视为放弃。")
        notice_period_over(item, "clarification", on=on)  # counted from the notice's receipt
    elif item.status == Status.CLARIFYING:
        raise InvalidTransition("该申请正在等待补正：收到补正后再答复，或在补正期限届满后以逾期不补正视为放弃。")
    open_pauses = set(item.pauses.filter(ended_on__isnull=True).values_list("kind", flat=True))
    if open_pauses - {PauseKind.FEE}:
        raise InvalidTransition("征求意见尚未结束，请先登记答复（或答复期满）后再作出答复。")
    if outcome == Outcome.FEE_UNPAID:
        if PauseKind.FEE not in open_pauses:
            raise InvalidTransition("只有发出收费通知且尚未缴费的申请才能以逾期未缴费视为放弃。")
        notice_period_over(item, "fee_notice", on=on)  # counted from the notice's receipt
    elif PauseKind.FEE in open_pauses:
        raise InvalidTransition("信息处理费尚未缴纳：缴费后再答复，或在缴费期限届满后以逾期未缴费视为放弃。")
    if outcome == Outcome.OTHER and not note:
        raise DomainError("以“其他”结案须在答复说明中写明事由（如申请人撤回申请）。")
    return outcome


def withheld_parts_check(reply_kind: str, outcome: str | None, parts, *, withheld_reasons: str = "") -> list[dict]:
    """The withheld parts of a 不予公开 or 部分公开 reply, each {part, outcome, reason}: every part names
    what is withheld, one of the grounds of Art. 14–16 and the reason in this case. A single reason given
    as ``withheld_reasons`` for a refusal stands for the whole of the information."""
    if reply_kind not in (ReplyKind.WITHHOLD, ReplyKind.PARTIAL):
        if parts:
            raise DomainError("只有不予公开和部分公开的答复需要写明不予公开的部分。")
        return []
    cleaned = []
    for i, part in enumerate(parts or (), start=1):
        part = dict(part or {})
        what = str(part.get("part") or "").strip() or (WHOLE if reply_kind == ReplyKind.WITHHOLD else "")
        ground = str(part.get("outcome") or "").strip()
        reason = str(part.get("reason") or "").strip()
        if not what:
            raise DomainError(f"第{i}项不予公开的部分：请写明不予公开的是哪部分内容。")
        if ground not in legal.WITHHELD:
            choices = "、".join(Outcome(o).label for o in legal.WITHHELD)
            raise DomainError(f"第{i}项不予公开的部分（{what}）：请选择不予公开的理由（{choices}）。")
        if not reason:
            raise DomainError(f"第{i}项不予公开的部分（{what}）：请写明不予公开的具体理由。")
        cleaned.append({"part": what[:300], "outcome": ground, "reason": reason[:2000]})
    reasons = (withheld_reasons or "").strip()
    if not cleaned and reasons and reply_kind == ReplyKind.WITHHOLD and outcome in legal.WITHHELD:
        cleaned = [{"part": WHOLE, "outcome": outcome, "reason": reasons}]
    if not cleaned:
        what = "不予公开的" if reply_kind == ReplyKind.WITHHOLD else "部分公开中不予公开的"
        raise DomainError(f"{what}答复须逐项写明不予公开的内容、理由（条例第十四条至第十六条之一）和具体说明。")
    if reply_kind == ReplyKind.WITHHOLD and outcome and outcome not in {p["outcome"] for p in cleaned}:
        raise DomainError(f"办理结果“{Outcome(outcome).label}”与所列不予公开的理由不一致。")
    return cleaned


def refusal_outcome(reply_kind: str, outcome: str | None, parts: list[dict]) -> str | None:
    """A refusal counts in table 三 under the ground of its first withheld part unless told otherwise."""
    if reply_kind == ReplyKind.WITHHOLD and not outcome and parts:
        return parts[0]["outcome"]
    return outcome


def withheld_text(parts: list[dict]) -> list[str]:
    """One sentence per withheld part, citing the article of its ground."""
    sentences = []
    for part in parts:
        basis = legal.OUTCOME_BASIS[part["outcome"]]
        sentences.append(f"“{part['part']}”属于{basis.ground}，根据{basis.citation}的规定不予公开，"
                         f"具体理由：{part['reason'].rstrip('。；;')}")
    return sentences


def _provided(reply_kind: str, provided) -> list[str]:
    titles = [str(t).strip()[:300] for t in provided or () if str(t).strip()]
    if reply_kind in (ReplyKind.DISCLOSE, ReplyKind.PARTIAL) and not titles:
        raise DomainError("请逐项写明提供的政府信息的名称（如文件标题、文号），答复书按此列明。")
    return titles


@transaction.atomic
def request_reply(
    *, request: InfoRequest, on: dt.date, reply_kind: str, outcome: str | None = None, note: str = "",
    where_published: str = "", right_agency: str = "", withheld_reasons: str = "", withheld_parts=None,
    provided=None, details: dict | None = None, files=(), stored_files=(), actor: User,
    context: dict | None = None, today: dt.date | None = None,
) -> InfoRequest:
    """Answer the application (Art. 36 kinds, Art. 37 partial) and issue the numbered 答复书.

    The outcome must be one the kind allows (:data:`gongkai.foi.legal.REPLY_OUTCOMES`; the kind's default
    when not given). A refusal or a partial disclosure lists each withheld part with its ground and reason
    (``withheld_parts``); a disclosure names each piece of information provided by its title
    (``provided``; uploaded ``files`` take those titles in order). "Abandoned" only after the supplement
    or payment period ran out. ``stored_files`` are files of the case kept when the reply was prepared
    for signature (:mod:`.signoffs`). ``details`` holds the values of :data:`LETTER_DETAILS` the letter of the
    kind needs. The letter is refused while any of its values is missing.
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
    parts = withheld_parts_check(reply_kind, outcome, withheld_parts, withheld_reasons=withheld_reasons)
    outcome = _outcome(item, reply_kind, refusal_outcome(reply_kind, outcome, parts), on=on, note=note)
    titles = _provided(reply_kind, provided)
    details = {key: str(value).strip() for key, value in (details or {}).items() if key in LETTER_DETAILS and value}
    letter_details = dict(details)
    if "previous_reply_on" in letter_details:
        letter_details["previous_reply_text"] = as_date(letter_details.pop("previous_reply_on"), "此前作出答复的日期")
    due = item.due_date
    item.reply_kind, item.outcome, item.reply_note = reply_kind, outcome, note
    item.withheld_parts = parts
    item.replied_on = on
    item.on_time = due is None or on <= due
    stored = [*item.files.filter(pk__in=stored_files or (), kind="provided").values_list("pk", flat=True),
              *files_add(item, files, "provided", actor)]
    for pk, title in zip(stored, titles, strict=False):
        RequestFile.objects.filter(pk=pk).update(title=title)
    commit(item, transition, actor, today=today, opinion=note, data={
        "on": on, "reply_kind": reply_kind, "outcome": outcome, "on_time": item.on_time, "due": due,
        "where_published": where_published, "right_agency": (right_agency or "").strip(),
        "withheld_parts": parts, "provided": titles, "details": details, "files": stored,
    })
    _letter_issue(item, kind=LetterKind.REPLY, template_key=legal.reply_template_key(reply_kind, outcome), on=on,
                  actor=actor, context={**_reply_context(item, note, where_published, right_agency, parts, titles),
                                        **letter_details, **(context or {})})
    tell_applicant(item, "reply")
    return item


def _reply_context(item: InfoRequest, note: str, where_published: str, right_agency: str, parts: list[dict],
                   titles: list[str]) -> dict:
    abandoned_fee = item.outcome == Outcome.FEE_UNPAID
    context = {
        "items": titles, "where_published": where_published, "right_agency": (right_agency or "").strip(),
        "right_agency_unknown": item.reply_kind == ReplyKind.NOT_THIS_AGENCY and not (right_agency or "").strip(),
        "withheld_text": withheld_text(parts), "reason": note, "search_scope": note,
        "notice_sent_text": item.fee_notice_on if abandoned_fee else item.clarification_sent_on,
        "due_date_text": item.fee_payment_due if abandoned_fee else item.supplement_due,
        "supplement_received_text": item.supplement_received_on,
    }
    return context


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
