"""Shapes of the information-request endpoints (staff and public) and how a case is rendered into them.

The detail of a case shows the applicant's personal data only to those
:func:`gongkai.foi.selectors.applicant_view_for` allows, and that view is logged.
"""

import datetime as dt
from typing import Literal

from django.urls import reverse
from ninja import Schema

from gongkai.foi import selectors, workflow
from gongkai.foi.codes import Status
from gongkai.foi.intake import ApplicantData
from gongkai.foi.models import Appeal, InfoRequest, Letter
from gongkai.orgs import access
from gongkai.orgs.models import User

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
    sent_by: str  # how the letter / notice went out (NoticeWay); "" before ways were recorded
    received_on: dt.date | None  # the signed-for date entered (post); None: the day sent, or presumed
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


class SignOffOut(Schema):
    id: int
    action: str
    params: dict
    prepared_by: str
    prepared_at: dt.datetime
    decision: str
    decided_by: str | None
    decided_at: dt.datetime | None
    opinion: str


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
    clarification_sent_by: str
    clarification_received_on: dt.date | None
    supplement_due: dt.date | None
    supplement_due_presumed: bool  # counted from a presumed receipt (post, signed-for date not entered)
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
    fee_notice_sent_by: str
    fee_notice_received_on: dt.date | None
    fee_payment_due: dt.date | None
    fee_payment_due_presumed: bool
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
    withheld_parts: list[dict]
    signoffs: list[SignOffOut]  # 签发: prepared letters, the open one with decision "pending"
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


class NoticeIn(OnIn):
    """A notice to the applicant or a party: how it went out and, when already known, the day it was
    received (post: the signed-for date; it can be entered later with ``notice-received``)."""

    sent_by: str = ""  # in_person, online, email, fax, post (required; the service says so in Chinese)
    received_on: dt.date | None = None


class ClarifyIn(NoticeIn):
    items: str
    period_days: int | None = None


class SupplementIn(OnIn):
    note: str = ""


class ConsultIn(NoticeIn):
    party: str
    kind: Literal["third_party", "agency"] = "third_party"
    reason: str = ""  # a third party: which of its rights the information touches (商业秘密, 个人隐私 …)


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


class FeeNoticeIn(NoticeIn):
    method: Literal["per_request", "per_page"]
    pages: int | None = None
    count: int | None = None  # per_request: ignored, the applicant's requests of the month are counted


class NoticeReceivedIn(OnIn):
    notice: str  # clarification, fee_notice or consultation
    pause_id: int | None = None  # which consultation, when there are several


class TransferIn(Schema):
    to_unit: str
    reason: str


class AssignIn(Schema):
    handler: str  # username


class MergeIn(Schema):
    into: int
    reason: str = ""


class WithheldPartIn(Schema):
    part: str = ""  # what is withheld (empty for a refusal of the whole)
    outcome: str  # one of the withheld.* grounds of Art. 14–16
    reason: str  # why, in this case


class ReplyIn(OnIn):
    reply_kind: str
    outcome: str | None = None
    note: str = ""
    where_published: str = ""
    right_agency: str = ""
    provided: list[str] = []  # the titles of the information provided (予以公开 / 部分公开)
    withheld_parts: list[WithheldPartIn] = []  # 不予公开 / 部分公开: each part with its ground and reason
    withheld_reasons: str = ""  # a refusal of the whole on one ground: the reason (outcome names the ground)
    details: dict[str, str] = {}  # values some letters need (right_agency_contact, special_law, …)


class SignOffIn(Schema):
    decision: Literal["sign", "return", "withdraw"]
    opinion: str = ""



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


EMPTY_SIMILAR = {"repeats": [], "others": [], "applicants": 0, "art44": False, "hints": []}


def similar_dict(item: InfoRequest) -> dict:
    found = selectors.similar_requests_for(item)
    return {"repeats": [r.number for r in found.repeats], "others": [r.number for r in found.others],
            "applicants": found.applicants, "art44": found.art44,
            "hints": [h for h in (found.repeat_hint, found.art44_hint) if h]}


def signoff_dict(signoff) -> dict:
    return {"id": signoff.pk, "action": signoff.action, "params": signoff.params,
            "prepared_by": signoff.prepared_by.username, "prepared_at": signoff.prepared_at,
            "decision": signoff.decision or "pending", "opinion": signoff.opinion,
            "decided_by": signoff.decided_by.username if signoff.decided_by else None,
            "decided_at": signoff.decided_at}


def detail(user: User, pk: int) -> dict:
    item = selectors.request_get_for(user, pk)
    applicant = selectors.applicant_view_for(user, item)
    clock_now = selectors.clock_for(item)
    fields = (
        "channel", "received_on", "receipt_basis", "receipt_note", "description", "doc_reference", "delivery_form",
        "delivery_way", "status", "due_date", "due_provisional", "clarification_due", "clarification_sent_on",
        "clarification_items", "clarification_period_days", "clarification_sent_by", "clarification_received_on",
        "supplement_due", "supplement_received_on",
        "extension_days", "extension_reason", "extension_on", "excessive_due", "excessive_reason", "fee_method",
        "fee_quantity", "fee_notice_on", "fee_notice_sent_by", "fee_notice_received_on", "fee_payment_due",
        "fee_paid_on", "reply_kind", "outcome", "reply_note",
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
            {"id": p.pk, "kind": p.kind, "party": p.party, "started_on": p.started_on, "sent_by": p.sent_by,
             "received_on": p.received_on, "ended_on": p.ended_on, "answer": p.answer, "objection": p.objection}
            for p in item.pauses.all()
        ],
        "supplement_due_presumed": clock_now.supplement_due_presumed,
        "fee_payment_due_presumed": clock_now.fee_payment_due_presumed,
        "clock": [selectors.segment_dict(s) for s in clock_now.segments],
        "events": [
            {"at": e.at, "actor": e.actor.username if e.actor else None, "action": e.action, "opinion": e.opinion,
             "data": e.data} for e in item.events.select_related("actor")
        ],
        "letters": [letter_dict(letter) for letter in item.letters.all()],
        "withheld_parts": item.withheld_parts,
        "signoffs": [signoff_dict(s) for s in item.signoffs.select_related("prepared_by", "decided_by")],
        "appeals": [appeal_dict(a) for a in item.appeals.all()],
        # other cases of the handling unit (and the applicant's history) are for that unit's staff only
        "similar": similar_dict(item) if access.can(user, "request.view", item.unit) else EMPTY_SIMILAR,
    }
