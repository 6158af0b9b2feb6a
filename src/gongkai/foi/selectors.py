"""Reads of information requests. Staff reads are scoped by :mod:`gongkai.orgs.access`; the public reads
one case only with its number and query code.

The applicant's personal data is handed out by :func:`applicant_view_for` alone, which logs each view;
everything else shows :func:`applicant_masked`.
"""

import datetime as dt
import difflib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.errors import NotFound
from gongkai.orgs import access
from gongkai.orgs.models import Role, User
from gongkai.reviews.scanner import mask
from gongkai.workdays.calendar import add_workdays_provisional

from . import clock
from .codes import ApplicantType, PauseKind, Status
from .intake import ApplicantData
from .models import InfoRequest, Letter, RequestEvent, SignOff

_LIST_RELATED = ("unit", "original_unit", "handler")

# Settings of the request clock (RULES.md §2; each overridable in the settings module).
SETTING_DEFAULTS = {
    "GONGKAI_REQUEST_REPLY_DAYS": 20,  # Art. 33
    "GONGKAI_SUPPLEMENT_PERIOD_DAYS": 15,  # Art. 30 "reasonable period", configurable
    "GONGKAI_FEE_PAUSES_CLOCK": True,  # fee window pauses the reply clock (configurable)
    "GONGKAI_POST_PRESUMED_DAYS": clock.POST_PRESUMED_DAYS,  # a posted notice is presumed received N days later
    "GONGKAI_REQUEST_DUE_SOON_DAYS": 5,  # "due soon" in the work queue
    "GONGKAI_ART44_APPLICANTS": 3,  # Art. 44 hint: this many different applicants asked the same
}


def setting(name: str):
    return getattr(settings, name, SETTING_DEFAULTS[name])


# --- staff reads -------------------------------------------------------------------------------------

def requests_for(user: User) -> QuerySet[InfoRequest]:
    """Every case the person may read: those their units handle (a coordinator: the whole subtree), and
    those their units received and transferred on (without the applicant's personal data)."""
    scope = access.scope_q(user, "request.view") | access.scope_q(user, "request.view", field="original_unit")
    return InfoRequest.objects.filter(scope).select_related(*_LIST_RELATED)


def request_get_for(user: User, pk: int) -> InfoRequest:
    """One case the person may read; a case outside their units is reported as not found."""
    item = requests_for(user).filter(pk=pk).first()
    if item is None:
        raise NotFound("该申请不存在，或不在您的管理范围内。")
    return item


def applicant_full(request: InfoRequest) -> ApplicantData:
    return ApplicantData(
        type=request.applicant_type, name=request.applicant_name, id_type=request.id_type,
        id_number=request.id_number, phone=request.phone, email=request.email, address=request.address,
        postcode=request.postcode, contact_name=request.contact_name,
        org_code=request.id_number if request.applicant_type != ApplicantType.NATURAL_PERSON else "",
    )


def applicant_view_for(user: User, request: InfoRequest) -> ApplicantData | None:
    """The applicant's personal data, for the handling unit's staff and the coordinators above it only
    (``None`` for anyone else). Every view writes a ``view_applicant`` event."""
    if not access.can(user, "request.view_applicant", request.unit):
        return None
    RequestEvent.objects.create(request=request, actor=user, action="view_applicant")
    return applicant_full(request)


def mask_name(name: str) -> str:
    """张三 → 张*; 欧阳娜娜 → 欧***."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*" * len(name)


def applicant_masked(request: InfoRequest) -> ApplicantData:
    """What lists show: a person's name, ID number, phone and e-mail masked; no address. An
    organisation's name and credit code are not personal data and stay as they are."""
    person = request.applicant_type == ApplicantType.NATURAL_PERSON
    return ApplicantData(
        type=request.applicant_type,
        name=mask_name(request.applicant_name) if person else request.applicant_name,
        id_type=request.id_type,
        id_number=mask("id_number", request.id_number) if person and request.id_number else request.id_number,
        phone=mask("mobile", request.phone) if request.phone else "",
        email=mask("email", request.email) if request.email else "",
        contact_name=mask_name(request.contact_name) if request.contact_name else "",
        org_code="" if person else request.id_number,
    )


# --- the clock ---------------------------------------------------------------------------------------

def clock_input_for(request: InfoRequest) -> clock.ClockInput:
    """The clock's input, built from the case and its pause rows (the one place that does this). How each
    notice was sent and the receipt date entered come along, so that the 补正, fee and consultation periods
    run from receipt (a fee pause row repeats the case's ``fee_notice_sent_by`` / ``_received_on``)."""
    pauses = tuple(
        clock.Pause(kind=p.kind, start=p.started_on, end=p.ended_on,
                    label=p.party if p.kind != PauseKind.FEE else "", sent_by=p.sent_by, received_on=p.received_on)
        for p in (request.pauses.all() if request.pk else ())
    )
    return clock.ClockInput(
        received_on=request.received_on,
        reply_days=setting("GONGKAI_REQUEST_REPLY_DAYS"),
        clarification_sent_on=request.clarification_sent_on,
        clarification_period_days=request.clarification_period_days or setting("GONGKAI_SUPPLEMENT_PERIOD_DAYS"),
        supplement_received_on=request.supplement_received_on,
        pauses=pauses,
        extension_days=request.extension_days,
        extension_on=request.extension_on,
        excessive_due=request.excessive_due,
        fee_pauses_clock=setting("GONGKAI_FEE_PAUSES_CLOCK"),
        clarification_sent_by=request.clarification_sent_by,
        clarification_received_on=request.clarification_received_on,
        post_presumed_days=setting("GONGKAI_POST_PRESUMED_DAYS"),
    )


def clock_for(request: InfoRequest, *, today: dt.date | None = None) -> clock.ClockResult:
    """The clock as of ``today``; a replied case is frozen at its reply date."""
    as_of = request.replied_on or today or timezone.localdate()
    return clock.compute(clock_input_for(request), today=as_of)


def clock_explanation(request: InfoRequest, *, today: dt.date | None = None) -> tuple[clock.Segment, ...]:
    """Each step of the due-date arithmetic (received, 补正, pauses, extension, due) with its basis."""
    return clock_for(request, today=today).segments


def segment_dict(segment: clock.Segment) -> dict:
    return {"kind": segment.kind, "start": segment.start, "end": segment.end, "workdays": segment.workdays,
            "basis": segment.basis, "text": segment.text}


# --- the work queue ----------------------------------------------------------------------------------

RUNNING = (Status.RECEIVED, Status.PROCESSING, Status.PAUSED)  # a reply deadline is running


@dataclass
class RequestQueue:
    to_assign: QuerySet[InfoRequest]
    to_handle: QuerySet[InfoRequest]
    due_soon: QuerySet[InfoRequest]
    overdue: QuerySet[InfoRequest]

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name).count() for name in ("to_assign", "to_handle", "due_soon", "overdue")}


def work_queue_for(user: User, *, today: dt.date | None = None) -> RequestQueue:
    """To assign (new cases of units where I assign), to handle (mine, open), due within
    ``GONGKAI_REQUEST_DUE_SOON_DAYS`` working days, and overdue (every case I can see)."""
    today = today or timezone.localdate()
    soon, _ = add_workdays_provisional(today, setting("GONGKAI_REQUEST_DUE_SOON_DAYS"))
    base = InfoRequest.objects.select_related(*_LIST_RELATED).order_by("due_date", "id")
    visible = base.filter(access.scope_q(user, "request.view"))
    return RequestQueue(
        to_assign=base.filter(access.scope_q(user, "request.assign"), status=Status.RECEIVED, handler__isnull=True),
        to_handle=base.filter(handler=user, status__in=[*RUNNING, Status.CLARIFYING, Status.REPLIED]),
        due_soon=visible.filter(status__in=RUNNING, due_date__gte=today, due_date__lte=soon),
        overdue=visible.filter(status__in=RUNNING, due_date__lt=today),
    )


# --- 签发 ------------------------------------------------------------------------------------------------

SIGNOFF_FIELDS = {
    "on": "日期", "reply_kind": "答复类型", "outcome": "办理结果", "provided": "提供的政府信息",
    "withheld_parts": "不予公开的部分", "note": "说明", "where_published": "获取途径", "right_agency": "负责公开的机关",
    "details": "答复书其他内容", "items": "需补正事项", "period_days": "补正期限（工作日）", "method": "收费方式",
    "quantity": "页数", "sent_by": "送达方式", "received_on": "收到日期",
}


@dataclass(frozen=True)
class SignOffView:
    """The case's open sign-off as a person sees it, and the last one returned (with its opinion)."""

    open: SignOff | None
    last_returned: SignOff | None
    can_sign: bool  # the person may sign or return it
    is_preparer: bool
    summary: list[tuple[str, str]]


def _summary(params: dict) -> list[tuple[str, str]]:
    from . import codes

    rows = []
    for key, label in SIGNOFF_FIELDS.items():
        value = params.get(key)
        if value in (None, "", [], {}):
            continue
        if key == "reply_kind":
            value = codes.ReplyKind(value).label
        elif key == "outcome":
            value = codes.Outcome(value).label
        elif key == "withheld_parts":
            value = "；".join(f"{p['part']}（{codes.Outcome(p['outcome']).label}）：{p['reason']}" for p in value)
        elif isinstance(value, list):
            value = "；".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = "；".join(f"{v}" for v in value.values())
        rows.append((label, str(value)))
    return rows


def signoff_view_for(user: User, item: InfoRequest) -> SignOffView:
    from .workflow import SIGNED_LETTERS

    signoffs = list(item.signoffs.select_related("prepared_by", "decided_by")[:5])
    pending = next((s for s in signoffs if s.decision == SignOff.Decision.PENDING), None)
    returned = next((s for s in signoffs if s.decision == SignOff.Decision.RETURNED), None)
    return SignOffView(
        open=pending,
        last_returned=returned if pending is None else None,
        can_sign=bool(pending and pending.prepared_by_id != user.pk
                      and access.can_sign(user, item.unit, SIGNED_LETTERS[pending.action])),
        is_preparer=bool(pending and pending.prepared_by_id == user.pk),
        summary=_summary(pending.params) if pending else [],
    )


def signoffs_to_sign_for(user: User) -> list[SignOff]:
    """Open sign-offs the person may sign (their units' approver, or a reviewer the kind is delegated to)."""
    from .workflow import SIGNED_LETTERS

    rows = (SignOff.objects.filter(decision=SignOff.Decision.PENDING)
            .filter(access.scope_q(user, "request.view", field="request__unit"))
            .select_related("request", "request__unit", "prepared_by").order_by("prepared_at"))
    return [s for s in rows if s.prepared_by_id != user.pk
            and access.can_sign(user, s.request.unit, SIGNED_LETTERS[s.action])]


def handlers_for(request: InfoRequest) -> QuerySet[User]:
    """Who may be assigned: the handling unit's operators and approvers."""
    return User.objects.filter(
        is_active=True, memberships__unit=request.unit, memberships__role__in=[Role.OPERATOR, Role.APPROVER]
    ).distinct().order_by("username")


# --- repeats and Art. 44 -------------------------------------------------------------------------------

_DOC_NUMBER = re.compile(r"([\u4e00-\u9fffA-Za-z]{1,12})\s*[〔\[［（(【]\s*(\d{4})\s*[〕\]］）)】]\s*第?\s*0*(\d{1,5})\s*号")
_NOISE = re.compile(r"[\W_]+", re.UNICODE)
SIMILARITY = 0.8
WINDOW_DAYS = 365
MAX_CANDIDATES = 2000


def normalise_text(text: str) -> str:
    """Full-width to half-width, lower case, without spaces and punctuation: what is compared."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def doc_numbers(text: str) -> set[tuple[str, str, str]]:
    """文号 mentioned in the text as (机关代字 with whatever precedes it, year, number); brackets and
    leading zeros do not matter (测发改[2025]012号 = 测发改〔2025〕12号)."""
    return {(m.group(1), m.group(2), m.group(3))
            for m in _DOC_NUMBER.finditer(unicodedata.normalize("NFKC", text or ""))}


def _same_doc_number(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    # the text before a 文号 runs into its 机关代字 ("我想要测发改〔2025〕12号"): compare the common tail,
    # at least two characters of it
    if a[1:] != b[1:]:
        return False
    short, long = sorted((a[0], b[0]), key=len)
    return len(short) >= 2 and long.endswith(short)


def _similar(a: str, a_numbers: set[tuple[str, str, str]], b: InfoRequest) -> bool:
    if a_numbers:
        b_numbers = doc_numbers(f"{b.description} {b.doc_reference}")
        if any(_same_doc_number(x, y) for x in a_numbers for y in b_numbers):
            return True
    other = normalise_text(b.description)
    if not a or not other:
        return False
    matcher = difflib.SequenceMatcher(None, a, other, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILARITY and matcher.quick_ratio() >= SIMILARITY and \
        matcher.ratio() >= SIMILARITY


@dataclass
class SimilarRequests:
    repeats: list[InfoRequest] = field(default_factory=list)  # same applicant, similar description
    others: list[InfoRequest] = field(default_factory=list)  # other applicants, similar description
    applicants: int = 1  # different applicants asking for it, this one included
    art44: bool = False  # consider proactive disclosure (Art. 44)

    @property
    def repeat_hint(self) -> str:
        if not self.repeats:
            return ""
        numbers = "、".join(r.number for r in self.repeats[:5])
        return f"同一申请人在12个月内提出过相似申请（{numbers}），请核实是否属于重复申请（第三十六条第六项）。"

    @property
    def art44_hint(self) -> str:
        if not self.art44:
            return ""
        return (f"已有{self.applicants}个不同申请人申请相似的政府信息，可以考虑纳入主动公开范围"
                f"（《政府信息公开条例》第四十四条）。")


def similar_requests_for(request: InfoRequest) -> SimilarRequests:
    """Cases of the same unit received in the 12 months up to this one (and not after it) whose
    description is similar (normalised text, difflib ratio ≥ 0.8) or that name the same 文号."""
    start = request.received_on - dt.timedelta(days=WINDOW_DAYS)
    candidates = (
        InfoRequest.objects.filter(unit_id=request.unit_id, received_on__gte=start,
                                   received_on__lte=request.received_on)
        .exclude(pk=request.pk).exclude(status=Status.MERGED)
        .only("pk", "number", "id_number", "description", "doc_reference", "received_on", "status")
        .order_by("-received_on", "-id")[:MAX_CANDIDATES]
    )
    text = normalise_text(request.description)
    numbers = doc_numbers(f"{request.description} {request.doc_reference}")
    found = SimilarRequests()
    applicants = {request.id_number}
    for other in candidates:
        if not _similar(text, numbers, other):
            continue
        if other.id_number == request.id_number:
            found.repeats.append(other)
        else:
            found.others.append(other)
            applicants.add(other.id_number)
    found.applicants = len(applicants)
    found.art44 = found.applicants >= setting("GONGKAI_ART44_APPLICANTS")
    return found


# --- the public ----------------------------------------------------------------------------------------

_DUMMY_DIGEST = InfoRequest.digest_of("0" * 8)


def request_track(number: str, code: str) -> InfoRequest | None:
    """The case with this number if ``code`` is its query code; ``None`` for any mismatch (an unknown
    number and a wrong code look the same, and take the same time)."""
    number = (number or "").strip().upper()[:30]
    item = InfoRequest.objects.select_related("unit").filter(number=number).first() if number else None
    digest = InfoRequest.digest_of(code or "")
    stored = item.query_code_digest if item is not None else _DUMMY_DIGEST
    if not hmac.compare_digest(stored, digest) or item is None:
        return None
    return item


def public_letters(request: InfoRequest) -> QuerySet[Letter]:
    """The letters the applicant may download (not, for example, the letter to a third party)."""
    return request.letters.filter(public=True).order_by("issued_on", "id")


def public_letter_get(pk: int, *, number: str, code: str) -> Letter | None:
    """One of the applicant's own letters, checked with number and query code."""
    item = request_track(number, code)
    if item is None:
        return None
    return public_letters(item).filter(pk=pk).first()
