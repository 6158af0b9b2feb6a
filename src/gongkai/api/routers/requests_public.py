"""Public endpoints of information requests: the online application, tracking with number + query code,
the applicant's own letters, and fee quotes. No account; rate-limited per address
(``GONGKAI_RATE_APPLY`` / ``GONGKAI_RATE_TRACK``, see :mod:`gongkai.core.antiabuse`)."""

import datetime as dt
import json
from typing import Literal

from django.core import signing
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import ValidationError as PydanticError

from gongkai.api.routers.requests import letter_response
from gongkai.api.routers.requests_schemas import ApplicantIn, ErrorOut, SegmentOut
from gongkai.core.antiabuse import rate_check
from gongkai.core.errors import DomainError, NotFound
from gongkai.foi import fees, selectors, services
from gongkai.foi.codes import Status
from gongkai.foi.intake import ApplicantData, IntakeInvalid
from gongkai.foi.models import InfoRequest, Letter

router = Router(tags=["public"])
fees_router = Router(tags=["public"])

TRACK_FAILED = "编号或查询码不正确。"
LINK_SALT = "gongkai.foi.public-letter"
LINK_MAX_AGE = 3600  # a download link from the tracking page works for an hour


class DetailOut(Schema):
    detail: str


class PublicRequestIn(Schema):
    unit: str
    applicant: ApplicantIn
    description: str
    doc_reference: str = ""
    delivery_form: str
    delivery_way: str


class SubmittedOut(Schema):
    number: str
    query_code: str
    received_on: dt.date
    due_date: dt.date | None
    due_provisional: bool


class PublicLetterOut(Schema):
    id: int
    kind: str
    kind_name: str
    number: str
    issued_on: dt.date
    url_pdf: str
    url_docx: str


class TrackOut(Schema):
    number: str
    unit_name: str
    status: str
    status_name: str
    received_on: dt.date
    due_date: dt.date | None
    due_provisional: bool
    replied_on: dt.date | None
    closed_on: dt.date | None
    clock: list[SegmentOut]
    letters: list[PublicLetterOut]


class TrackQuery(Schema):
    number: str = ""
    code: str = ""


class LetterQuery(Schema):
    number: str = ""
    code: str = ""
    sig: str = ""


class QuoteQuery(Schema):
    method: Literal["per_request", "per_page"]
    count: int | None = None
    pages: int | None = None


class QuoteOut(Schema):
    method: str
    amount_yuan: int


def _payload(request) -> tuple[dict, object]:
    """JSON, or multipart with the JSON in a ``data`` field (or flat ``applicant.*`` fields) and an
    optional ``proof`` file."""
    if request.content_type == "application/json":
        try:
            return json.loads(request.body or b"{}"), None
        except ValueError as exc:
            raise DomainError("请求内容不是有效的 JSON。") from exc
    if "data" in request.POST:
        try:
            data = json.loads(request.POST["data"])
        except ValueError as exc:
            raise DomainError("data 字段不是有效的 JSON。") from exc
    else:
        data = {k: v for k, v in request.POST.items() if not k.startswith("applicant.")}
        data["applicant"] = {k.removeprefix("applicant."): v for k, v in request.POST.items()
                             if k.startswith("applicant.")}
    return data, request.FILES.get("proof")


def _body_schema() -> dict:
    # The body is parsed by hand (JSON or multipart), so it is described here; ApplicantIn is in the
    # components already (the staff endpoint uses it).
    schema = PublicRequestIn.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema},
        "multipart/form-data": {"schema": {"type": "object", "required": ["data"], "properties": {
            "data": {"type": "string", "description": "the JSON body above, as a string"},
            "proof": {"type": "string", "format": "binary", "description": "身份证明（PDF 或图片）"}}}},
    }}}


@router.post("", response={200: SubmittedOut, 400: ErrorOut, 422: ErrorOut, 429: DetailOut},
             openapi_extra=_body_schema())
def submit(request):
    """The online application form as an API. The query code is shown once: keep it."""
    rate_check("APPLY", request)
    data, proof = _payload(request)
    try:
        payload = PublicRequestIn.model_validate(data)
    except PydanticError as exc:
        return 422, {"detail": "请求参数有误。", "errors": {
            ".".join(str(p) for p in e["loc"]): e["msg"] for e in exc.errors()}}
    try:
        item, code = services.request_submit_online(
            unit_code=payload.unit, applicant=ApplicantData(**payload.applicant.dict()),
            description=payload.description, delivery_form=payload.delivery_form,
            delivery_way=payload.delivery_way, doc_reference=payload.doc_reference, proof=proof,
        )
    except IntakeInvalid as exc:
        return 400, {"detail": exc.message, "errors": exc.errors}
    return {"number": item.number, "query_code": code, "received_on": item.received_on, "due_date": item.due_date,
            "due_provisional": item.due_provisional}


def letter_link(letter: Letter, ext: str) -> str:
    token = signing.dumps({"l": letter.pk}, salt=LINK_SALT)
    return reverse("api:public_request_letter", args=[letter.pk, ext]) + f"?sig={token}"


@router.get("/track", response={200: TrackOut, 404: DetailOut, 429: DetailOut})
def track(request, q: Query[TrackQuery]):
    """Status, dates and the clock explanation of one case, with links to the applicant's letters. An
    unknown number and a wrong code get the same answer."""
    rate_check("TRACK", request)
    item = selectors.request_track(q.number, q.code)
    if item is None:
        return 404, {"detail": TRACK_FAILED}
    return track_dict(item)


def track_dict(item: InfoRequest) -> dict:
    return {
        "number": item.number, "unit_name": item.unit.name, "status": item.status,
        "status_name": Status(item.status).label, "received_on": item.received_on, "due_date": item.due_date,
        "due_provisional": item.due_provisional, "replied_on": item.replied_on, "closed_on": item.closed_on,
        "clock": [selectors.segment_dict(s) for s in selectors.clock_explanation(item)],
        "letters": [
            {"id": letter.pk, "kind": letter.kind, "kind_name": letter.get_kind_display(), "number": letter.number,
             "issued_on": letter.issued_on, "url_pdf": letter_link(letter, "pdf"),
             "url_docx": letter_link(letter, "docx")}
            for letter in selectors.public_letters(item)
        ],
    }


@router.get("/letters/{int:pk}.{ext}", url_name="public_request_letter", response={404: DetailOut, 429: DetailOut})
def letter_download(request, pk: int, ext: Literal["pdf", "docx"], q: Query[LetterQuery]):
    """One of the applicant's own letters: with the signed link from the tracking answer, or with the
    case's number and query code."""
    letter = None
    if q.sig:
        try:
            signed = signing.loads(q.sig, salt=LINK_SALT, max_age=LINK_MAX_AGE)
        except signing.BadSignature:
            signed = {}
        if signed.get("l") == pk:
            letter = Letter.objects.filter(pk=pk, public=True).first()
    else:
        rate_check("TRACK", request)
        letter = selectors.public_letter_get(pk, number=q.number, code=q.code)
    if letter is None:
        raise NotFound("文书不存在，或链接已失效，请重新查询。")
    return letter_response(letter, ext)


@fees_router.get("/quote", response={200: QuoteOut, 400: DetailOut})
def fee_quote(request, q: Query[QuoteQuery]):
    """信息处理费: ``per_request`` with ``count`` = the applicant's n-th request of the month;
    ``per_page`` with ``pages``."""
    try:
        amount = fees.quote(q.method, count=q.count, pages=q.pages)
    except ValueError as exc:
        return 400, {"detail": str(exc)}
    return {"method": q.method, "amount_yuan": int(amount)}
