"""Staff endpoints of information requests (依申请公开) and their appeals. Each parses, calls one service
or selector, and answers; a wrong move is 409, a wrong person 403, a case outside one's units 404."""

import datetime as dt
from typing import Literal

from django.http import FileResponse
from django.urls import reverse
from ninja import Router, Schema

from gongkai.api.auth import bearer
from gongkai.core.errors import NotFound
from gongkai.foi import selectors, services, workflow
from gongkai.foi.codes import Status
from gongkai.foi.intake import ApplicantData, IntakeInvalid
from gongkai.foi.models import Appeal, InfoRequest, Letter
from gongkai.orgs.models import Unit, User

router = Router(tags=["requests"], auth=bearer)
appeals_router = Router(tags=["requests"], auth=bearer)


# --- shapes -----------------------------------------------------------------------------------------

class ApplicantIn(Schema):
    type: str
    name: str
    id_type: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_name: str = ""
    org_code: str = ""


class RequestIn(Schema):
    unit: str
    channel: str
    received_on: dt.date
    receipt_basis: str | None = None
    receipt_note: str = ""
    applicant: ApplicantIn
    description: str
    doc_reference: str = ""
    delivery_form: str
    delivery_way: str


class CreatedOut(Schema):
    id: int
    number: str
    status: str
    due_date: dt.date | None
    due_provisional: bool
    query_code: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


class ApplicantOut(Schema):
    type: str
    name: str
    id_type: str
    id_number: str
    phone: str
    email: str
    address: str
    postcode: str
    contact_name: str
    org_code: str


class SegmentOut(Schema):
    kind: str
    start: dt.date
    end: dt.date | None
    workdays: int
    basis: str
    text: str


class EventOut(Schema):
    at: dt.datetime
    actor: str | None
    action: str
    opinion: str
    data: dict


class LetterOut(Schema):
    id: int
    kind: str
    kind_name: str
    number: str
    issued_on: dt.date
    public: bool
    url_docx: str
    url_pdf: str


class PauseOut(Schema):
    id: int
    kind: str
    party: str
    started_on: dt.date
    ended_on: dt.date | None
    answer: str
    objection: bool


class AppealOut(Schema):
    id: int
    request: int
    kind: str
    after_reconsideration: bool
    filed_on: dt.date
    body: str
    case_number: str
    result: str
    decided_on: dt.date | None
    note: str


class SimilarOut(Schema):
    repeats: list[str]
    others: list[str]
    applicants: int
    art44: bool
    hints: list[str]


class RequestOut(Schema):
    id: int
    number: str
    unit: str
    unit_name: str
    original_unit: str
    handler: str | None
    channel: str
    received_on: dt.date
    receipt_basis: str
    receipt_note: str
    applicant: ApplicantOut | None  # only for the handling unit and coordinators above it (each view logged)
    applicant_masked: ApplicantOut
    description: str
    doc_reference: str
    delivery_form: str
    delivery_way: str
    status: str
    status_name: str
    due_date: dt.date | None
    due_provisional: bool
    clarification_due: dt.date | None
    clarification_sent_on: dt.date | None
    clarification_items: str
    clarification_period_days: int | None
    supplement_due: dt.date | None
    supplement_received_on: dt.date | None
    extension_days: int
    extension_reason: str
    extension_on: dt.date | None
    excessive_due: dt.date | None
    excessive_reason: str
    fee_method: str
    fee_quantity: int | None
    fee_amount: str | None
    fee_notice_on: dt.date | None
    fee_payment_due: dt.date | None
    fee_paid_on: dt.date | None
    reply_kind: str
    outcome: str
    reply_note: str
    replied_on: dt.date | None
    on_time: bool | None
    delivered_on: dt.date | None
    delivered_way: str
    closed_on: dt.date | None
    merged_into: int | None
    allowed_actions: list[str]
    pauses: list[PauseOut]
    clock: list[SegmentOut]
    events: list[EventOut]
    letters: list[LetterOut]
    appeals: list[AppealOut]
    similar: SimilarOut


class ListItemOut(Schema):
    id: int
    number: str
    unit: str
    applicant: ApplicantOut
    received_on: dt.date
    status: str
    status_name: str
    due_date: dt.date | None
    due_provisional: bool
    handler: str | None


class OnIn(Schema):
    on: dt.date


class ClarifyIn(OnIn):
    items: str
    period_days: int | None = None


class SupplementIn(OnIn):
    note: str = ""


class ConsultIn(OnIn):
    party: str
    kind: Literal["third_party", "agency"] = "third_party"


class ConsultEndIn(OnIn):
    pause_id: int | None = None
    answer: str = ""
    objection: bool = False


class ExtendIn(OnIn):
    days: int
    reason: str


class ExcessiveIn(Schema):
    due: dt.date
    reason: str


class FeeNoticeIn(OnIn):
    method: Literal["per_request", "per_page"]
    pages: int | None = None
    count: int | None = None  # per_request: ignored, the applicant's requests of the month are counted


class TransferIn(Schema):
    to_unit: str
    reason: str


class AssignIn(Schema):
    handler: str  # username


class MergeIn(Schema):
    into: int
    reason: str = ""


class ReplyIn(OnIn):
    reply_kind: str
    outcome: str | None = None
    note: str = ""
    where_published: str = ""
    right_agency: str = ""
    withheld_reasons: str = ""


class DeliverIn(OnIn):
    way: str
    note: str = ""


class ReopenIn(Schema):
    reason: str


class AppealIn(Schema):
    kind: Literal["reconsideration", "litigation"]
    after_reconsideration: bool = False
    filed_on: dt.date
    body: str = ""
    case_number: str = ""


class DecideIn(Schema):
    result: Literal["upheld", "corrected", "other"]
    on: dt.date
    note: str = ""
    reopen: bool = False


# --- rendering ----------------------------------------------------------------------------------------

def applicant_dict(a: ApplicantData) -> dict:
    return {"type": a.type, "name": a.name, "id_type": a.id_type, "id_number": a.id_number, "phone": a.phone,
            "email": a.email, "address": a.address, "postcode": a.postcode, "contact_name": a.contact_name,
            "org_code": a.org_code}


def letter_dict(letter: Letter) -> dict:
    return {
        "id": letter.pk, "kind": letter.kind, "kind_name": letter.get_kind_display(), "number": letter.number,
        "issued_on": letter.issued_on, "public": letter.public,
        "url_docx": reverse("api:request_letter_file", args=[letter.request_id, letter.pk, "docx"]),
        "url_pdf": reverse("api:request_letter_file", args=[letter.request_id, letter.pk, "pdf"]),
    }


def appeal_dict(appeal: Appeal) -> dict:
    return {"id": appeal.pk, "request": appeal.request_id, "kind": appeal.kind,
            "after_reconsideration": appeal.after_reconsideration, "filed_on": appeal.filed_on, "body": appeal.body,
            "case_number": appeal.case_number, "result": appeal.result, "decided_on": appeal.decided_on,
            "note": appeal.note}


def similar_dict(item: InfoRequest) -> dict:
    found = selectors.similar_requests_for(item)
    return {"repeats": [r.number for r in found.repeats], "others": [r.number for r in found.others],
            "applicants": found.applicants, "art44": found.art44,
            "hints": [h for h in (found.repeat_hint, found.art44_hint) if h]}


def detail(user: User, pk: int) -> dict:
    item = selectors.request_get_for(user, pk)
    applicant = selectors.applicant_view_for(user, item)
    fields = (
        "channel", "received_on", "receipt_basis", "receipt_note", "description", "doc_reference", "delivery_form",
        "delivery_way", "status", "due_date", "due_provisional", "clarification_due", "clarification_sent_on",
        "clarification_items", "clarification_period_days", "supplement_due", "supplement_received_on",
        "extension_days", "extension_reason", "extension_on", "excessive_due", "excessive_reason", "fee_method",
        "fee_quantity", "fee_notice_on", "fee_payment_due", "fee_paid_on", "reply_kind", "outcome", "reply_note",
        "replied_on", "on_time", "delivered_on", "delivered_way", "closed_on",
    )
    return {
        "id": item.pk, "number": item.number, **{name: getattr(item, name) for name in fields},
        "unit": item.unit.code, "unit_name": item.unit.name, "original_unit": item.original_unit.code,
        "handler": item.handler.username if item.handler else None,
        "applicant": applicant_dict(applicant) if applicant else None,
        "applicant_masked": applicant_dict(selectors.applicant_masked(item)),
        "status_name": Status(item.status).label,
        "fee_amount": str(item.fee_amount) if item.fee_amount is not None else None,
        "merged_into": item.merged_into_id,
        "allowed_actions": sorted({t.action for t in workflow.allowed_actions(item.status)}),
        "pauses": [
            {"id": p.pk, "kind": p.kind, "party": p.party, "started_on": p.started_on, "ended_on": p.ended_on,
             "answer": p.answer, "objection": p.objection} for p in item.pauses.all()
        ],
        "clock": [selectors.segment_dict(s) for s in selectors.clock_explanation(item)],
        "events": [
            {"at": e.at, "actor": e.actor.username if e.actor else None, "action": e.action, "opinion": e.opinion,
             "data": e.data} for e in item.events.select_related("actor")
        ],
        "letters": [letter_dict(letter) for letter in item.letters.all()],
        "appeals": [appeal_dict(a) for a in item.appeals.all()],
        "similar": similar_dict(item),
    }


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


@router.post("/{int:pk}/clarify", response=RequestOut)
def clarify(request, pk: int, payload: ClarifyIn):
    return _act(request, pk, lambda item, actor: services.request_clarify(
        request=item, on=payload.on, items=payload.items, period_days=payload.period_days, actor=actor))


@router.post("/{int:pk}/supplement", response=RequestOut)
def supplement(request, pk: int, payload: SupplementIn):
    return _act(request, pk, lambda item, actor: services.request_supplement(
        request=item, on=payload.on, note=payload.note, actor=actor))


@router.post("/{int:pk}/consult", response=RequestOut)
def consult(request, pk: int, payload: ConsultIn):
    return _act(request, pk, lambda item, actor: services.request_consult(
        request=item, on=payload.on, party=payload.party, kind=payload.kind, actor=actor))


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


@router.post("/{int:pk}/fee-notice", response=RequestOut)
def fee_notice(request, pk: int, payload: FeeNoticeIn):
    return _act(request, pk, lambda item, actor: services.request_fee_notice(
        request=item, on=payload.on, method=payload.method, quantity=payload.pages, actor=actor))


@router.post("/{int:pk}/fee-paid", response=RequestOut)
def fee_paid(request, pk: int, payload: OnIn):
    return _act(request, pk, lambda item, actor: services.request_fee_paid(request=item, on=payload.on, actor=actor))


@router.post("/{int:pk}/reply", response=RequestOut)
def reply(request, pk: int, payload: ReplyIn):
    return _act(request, pk, lambda item, actor: services.request_reply(
        request=item, on=payload.on, reply_kind=payload.reply_kind, outcome=payload.outcome, note=payload.note,
        where_published=payload.where_published, right_agency=payload.right_agency,
        withheld_reasons=payload.withheld_reasons, actor=actor))


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
