"""Administrative reconsideration (行政复议) and litigation (行政诉讼) about a case (table 四)."""

import datetime as dt

from django.db import transaction

from gongkai.core.errors import DomainError, InvalidTransition
from gongkai.orgs import access
from gongkai.orgs.models import User

from ..codes import AppealKind, AppealResult, Status
from ..models import Appeal, InfoRequest
from ._common import as_date, event, fmt, locked, today_or
from .replies import request_reopen


@transaction.atomic
def appeal_file(*, request: InfoRequest, kind: str, after_reconsideration: bool = False, filed_on: dt.date,
                body: str = "", case_number: str = "", actor: User, today: dt.date | None = None) -> Appeal:
    """Record that the applicant applied for reconsideration or sued about this case."""
    item = locked(request)
    access.require(actor, "request.appeal", item.unit)
    today = today_or(today)
    if item.status == Status.MERGED:
        raise InvalidTransition("已合并的申请不单独登记复议诉讼，请在合并后的申请中登记。")
    if kind not in AppealKind.values:
        raise DomainError("类型应为行政复议（reconsideration）或行政诉讼（litigation）。")
    if after_reconsideration and kind != AppealKind.LITIGATION:
        raise DomainError("只有行政诉讼才区分是否经过复议。")
    filed_on = as_date(filed_on, "申请复议或起诉的日期")
    if filed_on > today:
        raise DomainError(f"申请复议或起诉的日期（{fmt(filed_on)}）不能晚于今天。")
    if filed_on < item.received_on:
        raise DomainError(f"申请复议或起诉的日期（{fmt(filed_on)}）不能早于收到申请的日期。")
    appeal = Appeal.objects.create(
        request=item, kind=kind, after_reconsideration=bool(after_reconsideration), filed_on=filed_on,
        body=(body or "").strip()[:200], case_number=(case_number or "").strip()[:100], created_by=actor,
    )
    event(item, actor, "appeal_file", data={"appeal": appeal.pk, "kind": kind, "filed_on": filed_on,
                                            "after_reconsideration": appeal.after_reconsideration})
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, result: str, on: dt.date, note: str = "", reopen: bool = False, actor: User,
                  today: dt.date | None = None) -> Appeal:
    """Record the decision: upheld (维持), corrected (纠正) or other. A correction may reopen the case
    (``reopen=True``) so that it is handled again."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    item = locked(appeal.request)
    access.require(actor, "request.appeal", item.unit)
    today = today_or(today)
    if appeal.result != AppealResult.PENDING:
        raise InvalidTransition(f"该{appeal.get_kind_display()}已于{fmt(appeal.decided_on)}审结，不能再次登记结果。")
    if result not in AppealResult.values or result == AppealResult.PENDING:
        raise DomainError("结果应为维持（upheld）、纠正（corrected）或其他（other）。")
    on = as_date(on, "审结日期")
    if on > today:
        raise DomainError(f"审结日期（{fmt(on)}）不能晚于今天。")
    if on < appeal.filed_on:
        raise DomainError(f"审结日期（{fmt(on)}）不能早于申请复议或起诉的日期（{fmt(appeal.filed_on)}）。")
    if reopen and result != AppealResult.CORRECTED:
        raise DomainError("只有结果为纠正时才能重新办理。")
    appeal.result, appeal.decided_on, appeal.note = result, on, (note or "").strip()
    appeal.save()
    event(item, actor, "appeal_decide", opinion=appeal.note,
          data={"appeal": appeal.pk, "result": result, "on": on})
    if reopen:
        request_reopen(request=item, actor=actor, reason=f"{appeal.get_kind_display()}结果为纠正（{fmt(on)}）"
                       + (f"：{appeal.note}" if appeal.note else ""), today=today)
    return appeal
