"""Staff endpoints of information requests (依申请公开) and their appeals. Each parses, calls one service
or selector, and answers; a wrong move is 409, a wrong person 403, a case outside one's units 404."""

from typing import Literal

from django.http import FileResponse
from ninja import Router

from gongkai.api.auth import bearer
from gongkai.core.errors import NotFound
from gongkai.foi import selectors, services
from gongkai.foi.codes import Status
from gongkai.foi.intake import ApplicantData, IntakeInvalid
from gongkai.foi.models import Appeal, InfoRequest, Letter
from gongkai.orgs.models import Unit, User

from .requests_schemas import (
    AppealIn,
    AppealOut,
    AssignIn,
    ClarifyIn,
    ConsultEndIn,
    ConsultIn,
    CreatedOut,
    DecideIn,
    DeliverIn,
    ErrorOut,
    ExcessiveIn,
    ExtendIn,
    FeeNoticeIn,
    ListItemOut,
    MergeIn,
    NoticeReceivedIn,
    OnIn,
    ReopenIn,
    ReplyIn,
    RequestIn,
    RequestOut,
    SignOffIn,
    SupplementIn,
    TransferIn,
    appeal_dict,
    applicant_dict,
    detail,
)

router = Router(tags=["requests"], auth=bearer)
appeals_router = Router(tags=["requests"], auth=bearer)


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise NotFound(f"机构“{code}”不存在。")
    return unit


def _case(request, pk: int) -> InfoRequest:
    return selectors.request_get_for(request.auth, pk)


# --- endpoints ----------------------------------------------------------------------------------------

@router.post("", response={201: CreatedOut, 400: ErrorOut})
def register(request, payload: RequestIn):
    """Register a request received by letter, fax, e-mail or in person. The query code is shown once."""
    try:
        item, code = services.request_register(
            unit=_unit(payload.unit), channel=payload.channel, received_on=payload.received_on,
            receipt_basis=payload.receipt_basis, applicant=ApplicantData(**payload.applicant.dict()),
            description=payload.description, delivery_form=payload.delivery_form,
            delivery_way=payload.delivery_way, doc_reference=payload.doc_reference,
            receipt_note=payload.receipt_note, actor=request.auth,
        )
    except IntakeInvalid as exc:
        return 400, {"detail": exc.message, "errors": exc.errors}
    return 201, {"id": item.pk, "number": item.number, "status": item.status, "due_date": item.due_date,
                 "due_provisional": item.due_provisional, "query_code": code}


@router.get("", response=list[ListItemOut])
def request_list(request, status: str = "", limit: int = 100, offset: int = 0):
    """Cases the caller may see, newest first; applicants masked."""
    qs = selectors.requests_for(request.auth)
    if status:
        qs = qs.filter(status=status)
    limit = min(max(limit, 1), 500)
    return [
        {"id": r.pk, "number": r.number, "unit": r.unit.code,
         "applicant": applicant_dict(selectors.applicant_masked(r)), "received_on": r.received_on,
         "status": r.status, "status_name": Status(r.status).label, "due_date": r.due_date,
         "due_provisional": r.due_provisional, "handler": r.handler.username if r.handler else None}
        for r in qs[max(offset, 0):max(offset, 0) + limit]
    ]


@router.get("/{int:pk}", response=RequestOut)
def request_detail(request, pk: int):
    return detail(request.auth, pk)


@router.get("/{int:pk}/letters/{int:lid}.{ext}", url_name="request_letter_file")
def letter_file(request, pk: int, lid: int, ext: Literal["docx", "pdf"]):
    item = _case(request, pk)
    letter = item.letters.filter(pk=lid).first()
    if letter is None:
        raise NotFound("该文书不存在。")
    return letter_response(letter, ext)


def letter_response(letter: Letter, ext: str) -> FileResponse:
    stored = letter.docx if ext == "docx" else letter.pdf
    if not stored:
        raise NotFound("该文书文件不存在。")
    return FileResponse(stored.open("rb"), as_attachment=True, filename=f"{letter.number}.{ext}")


def _act(request, pk: int, call) -> dict:
    item = _case(request, pk)
    call(item, request.auth)
    return detail(request.auth, pk)


@router.post("/{int:pk}/assign", response=RequestOut)
def assign(request, pk: int, payload: AssignIn):
    handler = User.objects.filter(username=payload.handler).first()
    if handler is None:
        raise NotFound(f"工作人员“{payload.handler}”不存在。")
    return _act(request, pk, lambda item, actor: services.request_assign(request=item, handler=handler, actor=actor))


@router.post("/{int:pk}/transfer", response=RequestOut)
def transfer(request, pk: int, payload: TransferIn):
    to_unit = _unit(payload.to_unit)
    item = _case(request, pk)
    services.request_transfer(request=item, to_unit=to_unit, actor=request.auth, reason=payload.reason)
    # the caller may no longer see the personal data (or the case) after handing it on
    return detail(request.auth, pk)


@router.post("/{int:pk}/merge", response=RequestOut)
def merge(request, pk: int, payload: MergeIn):
    into = selectors.request_get_for(request.auth, payload.into)
    return _act(request, pk, lambda item, actor: services.request_merge(
        request=item, into=into, actor=actor, reason=payload.reason))


def _signed(request, pk: int, action: str, params: dict):
    """A move that issues a deciding letter: made by a signer (200), prepared for signature by anyone else
    who handles the case (202, the open sign-off in ``signoffs``)."""
    prepared = services.request_sign_or_prepare(request=_case(request, pk), action=action, params=params,
                                                actor=request.auth)
    return (202 if prepared else 200), detail(request.auth, pk)


@router.post("/{int:pk}/clarify", response={200: RequestOut, 202: RequestOut})
def clarify(request, pk: int, payload: ClarifyIn):
    return _signed(request, pk, "clarify", {
        "on": payload.on, "items": payload.items, "period_days": payload.period_days, "sent_by": payload.sent_by,
        "received_on": payload.received_on})


@router.post("/{int:pk}/supplement", response=RequestOut)
def supplement(request, pk: int, payload: SupplementIn):
    return _act(request, pk, lambda item, actor: services.request_supplement(
        request=item, on=payload.on, note=payload.note, actor=actor))


@router.post("/{int:pk}/consult", response=RequestOut)
def consult(request, pk: int, payload: ConsultIn):
    return _act(request, pk, lambda item, actor: services.request_consult(
        request=item, on=payload.on, party=payload.party, kind=payload.kind, reason=payload.reason,
        sent_by=payload.sent_by, received_on=payload.received_on, actor=actor))


@router.post("/{int:pk}/consult-end", response=RequestOut)
def consult_end(request, pk: int, payload: ConsultEndIn):
    return _act(request, pk, lambda item, actor: services.request_consult_end(
        request=item, pause_id=payload.pause_id, on=payload.on, answer=payload.answer, objection=payload.objection,
        actor=actor))


@router.post("/{int:pk}/extend", response=RequestOut)
def extend(request, pk: int, payload: ExtendIn):
    return _act(request, pk, lambda item, actor: services.request_extend(
        request=item, on=payload.on, days=payload.days, reason=payload.reason, actor=actor))


@router.post("/{int:pk}/excessive", response=RequestOut)
def excessive(request, pk: int, payload: ExcessiveIn):
    return _act(request, pk, lambda item, actor: services.request_mark_excessive(
        request=item, due=payload.due, reason=payload.reason, actor=actor))


@router.post("/{int:pk}/fee-notice", response={200: RequestOut, 202: RequestOut})
def fee_notice(request, pk: int, payload: FeeNoticeIn):
    return _signed(request, pk, "fee_notice", {
        "on": payload.on, "method": payload.method, "quantity": payload.pages, "sent_by": payload.sent_by,
        "received_on": payload.received_on})


@router.post("/{int:pk}/notice-received", response=RequestOut)
def notice_received(request, pk: int, payload: NoticeReceivedIn):
    """登记签收日期: the day a 补正告知书, 收费通知书 or 征求意见书 was received; its period is counted again."""
    return _act(request, pk, lambda item, actor: services.request_notice_received(
        request=item, notice=payload.notice, pause_id=payload.pause_id, on=payload.on, actor=actor))


@router.post("/{int:pk}/fee-paid", response=RequestOut)
def fee_paid(request, pk: int, payload: OnIn):
    return _act(request, pk, lambda item, actor: services.request_fee_paid(request=item, on=payload.on, actor=actor))


@router.post("/{int:pk}/reply", response={200: RequestOut, 202: RequestOut})
def reply(request, pk: int, payload: ReplyIn):
    """Reply (Art. 36/37). The unit's approver issues the 答复书 at once (200); anyone else who handles the
    case prepares it for the approver's signature (202; ``POST …/signoffs/{id}`` signs or returns it)."""
    return _signed(request, pk, "reply", {
        "on": payload.on, "reply_kind": payload.reply_kind, "outcome": payload.outcome, "note": payload.note,
        "where_published": payload.where_published, "right_agency": payload.right_agency,
        "provided": payload.provided, "withheld_parts": [p.dict() for p in payload.withheld_parts],
        "withheld_reasons": payload.withheld_reasons, "details": payload.details})


@router.post("/{int:pk}/signoffs/{int:sid}", response=RequestOut)
def signoff(request, pk: int, sid: int, payload: SignOffIn):
    """签发 (sign: the letter is issued as the signer), return (with an opinion) or withdraw (the person
    who prepared it) the case's open sign-off."""
    item = _case(request, pk)
    row = item.signoffs.filter(pk=sid).first()
    if row is None:
        raise NotFound("该签发事项不存在。")
    services.request_signoff(signoff=row, decision=payload.decision, opinion=payload.opinion, actor=request.auth)
    return detail(request.auth, pk)


@router.post("/{int:pk}/deliver", response=RequestOut)
def deliver(request, pk: int, payload: DeliverIn):
    return _act(request, pk, lambda item, actor: services.request_deliver(
        request=item, on=payload.on, way=payload.way, note=payload.note, actor=actor))


@router.post("/{int:pk}/reopen", response=RequestOut)
def reopen(request, pk: int, payload: ReopenIn):
    return _act(request, pk, lambda item, actor: services.request_reopen(
        request=item, actor=actor, reason=payload.reason))


@router.post("/{int:pk}/appeals", response={201: AppealOut})
def appeal_create(request, pk: int, payload: AppealIn):
    item = _case(request, pk)
    appeal = services.appeal_file(request=item, kind=payload.kind, after_reconsideration=payload.after_reconsideration,
                                  filed_on=payload.filed_on, body=payload.body, case_number=payload.case_number,
                                  actor=request.auth)
    return 201, appeal_dict(appeal)


@appeals_router.post("/{int:pk}/decide", response=AppealOut)
def appeal_decide(request, pk: int, payload: DecideIn):
    appeal = Appeal.objects.filter(pk=pk).first()
    if appeal is None:
        raise NotFound("该复议诉讼记录不存在。")
    selectors.request_get_for(request.auth, appeal.request_id)  # 404 outside the caller's units
    appeal = services.appeal_decide(appeal=appeal, result=payload.result, on=payload.on, note=payload.note,
                                    reopen=payload.reopen, actor=request.auth)
    return appeal_dict(appeal)
