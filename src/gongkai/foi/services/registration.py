"""Intake: staff registration of letters, faxes, e-mails and visits, and the public online form."""

import datetime as dt
import logging
import secrets

from django.apps import apps
from django.conf import settings
from django.db import transaction

from gongkai.core.counters import counter_next
from gongkai.core.errors import DomainError
from gongkai.core.identifiers import mobile_valid
from gongkai.orgs import access
from gongkai.orgs.models import Unit, User

from ..codes import Channel, ReceiptBasis, Status
from ..intake import ApplicantData, IntakeInvalid, applicant_normalise, validate_intake
from ..models import InfoRequest, RequestFile
from ._common import _clock_update, as_date, event, file_add, fmt, today_or

logger = logging.getLogger(__name__)

# Art. 31: how the date of receipt is fixed for each channel. The first basis is the default.
RECEIPT_BASES: dict[str, tuple[str, ...]] = {
    Channel.IN_PERSON: (ReceiptBasis.SUBMITTED,),
    Channel.LETTER: (ReceiptBasis.SIGNED_FOR, ReceiptBasis.CONFIRMED),
    Channel.FAX: (ReceiptBasis.BOTH_CONFIRMED,),
    Channel.ONLINE: (ReceiptBasis.BOTH_CONFIRMED,),
    Channel.EMAIL: (ReceiptBasis.BOTH_CONFIRMED,),
}

# No 0/O, 1/I/L: a code read out over the phone or copied from paper cannot be mistyped that way.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8
DEFAULT_REQUEST_NUMBER_PATTERN = "YSQ-{year}-{serial:06d}"


def default_receipt_basis(channel: str) -> str:
    bases = RECEIPT_BASES.get(channel)
    return bases[0] if bases else ""


def query_code_new() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def request_number_next(year: int) -> str:
    """``YSQ-2026-000123``: unique per deployment, never reused (``GONGKAI_REQUEST_NUMBER_PATTERN``)."""
    pattern = getattr(settings, "GONGKAI_REQUEST_NUMBER_PATTERN", DEFAULT_REQUEST_NUMBER_PATTERN)
    return pattern.format(year=year, serial=counter_next(f"foi-request:{year}"))


def _receipt_errors(channel: str, receipt_basis: str, received_on, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if channel not in Channel.values:
        errors["channel"] = "请选择申请方式（当面、传真、网络、信函或电子邮件）。"
    elif receipt_basis not in RECEIPT_BASES[channel]:
        allowed = "或".join(f"“{ReceiptBasis(b).label}”" for b in RECEIPT_BASES[channel])
        errors["receipt_basis"] = (
            f"{Channel(channel).label}提交的申请，收到申请的日期应为{allowed}（《政府信息公开条例》第三十一条）。"
        )
    try:
        day = as_date(received_on, "收到申请日期")
    except DomainError as exc:
        errors["received_on"] = exc.message
    else:
        if day > today:
            errors["received_on"] = f"收到申请日期（{fmt(day)}）不能晚于今天（{fmt(today)}）。"
    return errors


def _create(*, unit: Unit, channel: str, received_on: dt.date, receipt_basis: str, applicant: ApplicantData,
            description: str, delivery_form: str, delivery_way: str, doc_reference: str, receipt_note: str,
            proof, scan, actor: User | None, today: dt.date) -> tuple[InfoRequest, str]:
    a = applicant_normalise(applicant)
    code = query_code_new()
    item = InfoRequest(
        number=request_number_next(received_on.year), query_code_digest=InfoRequest.digest_of(code),
        unit=unit, original_unit=unit, channel=channel, received_on=received_on, receipt_basis=receipt_basis,
        receipt_note=(receipt_note or "").strip()[:200],
        applicant_type=a.type, applicant_name=a.name, contact_name=a.contact_name, id_type=a.id_type,
        id_number=a.id_number, phone=a.phone, email=a.email, address=a.address, postcode=a.postcode,
        description=description.strip(), doc_reference=(doc_reference or "").strip(),
        delivery_form=delivery_form, delivery_way=delivery_way, status=Status.RECEIVED, created_by=actor,
    )
    _clock_update(item, today)
    item.save()
    stored = [file_add(item, f, kind, actor).pk for f, kind in ((proof, RequestFile.Kind.PROOF),
                                                                (scan, RequestFile.Kind.SCAN)) if f]
    event(item, actor, "register", data={
        "to": item.status, "channel": channel, "received_on": received_on, "receipt_basis": receipt_basis,
        "unit": unit.code, "files": stored, "due_date": item.due_date, "due_provisional": item.due_provisional,
    })
    _receipt_notice(item, code)
    return item, code


def _receipt_notice(item: InfoRequest, code: str) -> None:
    """Tell the applicant by SMS and/or e-mail: number, query code and due date (sent on commit)."""
    if not apps.is_installed("gongkai.notify"):
        logger.warning("notify is not installed; no receipt notice for %s", item.number)
        return
    from gongkai.notify.services import message_send

    site = getattr(settings, "GONGKAI_SITE_NAME", "政府信息公开")
    due = f"，答复期限{'（暂定）' if item.due_provisional else ''}为{fmt(item.due_date)}" if item.due_date else ""
    body = (f"【{site}】{item.unit.name}已于{fmt(item.received_on)}收到您的政府信息公开申请，"
            f"申请编号{item.number}，查询码{code}{due}。请凭编号和查询码查询办理进度，查询码请妥善保管。")
    channels = []
    if item.phone and mobile_valid(item.phone):
        channels.append(("sms", item.phone))
    if item.email:
        channels.append(("email", item.email))
    for channel, recipient in channels:
        message_send(channel=channel, recipient=recipient, body=body, subject=f"政府信息公开申请{item.number}已收到",
                     dedupe_key=f"foi:request:{item.pk}:receipt:{channel}", related=item)


@transaction.atomic
def request_register(
    *, unit: Unit, channel: str, received_on: dt.date, receipt_basis: str | None, applicant: ApplicantData,
    description: str, delivery_form: str, delivery_way: str, doc_reference: str = "", receipt_note: str = "",
    proof=None, scan=None, actor: User, today: dt.date | None = None,
) -> tuple[InfoRequest, str]:
    """Register an application received by letter, fax, e-mail or in person (staff intake).

    The date of receipt follows Art. 31 (``receipt_basis`` must fit the channel; empty → the channel's
    default) and cannot be in the future. Returns the case and its query code, which is not stored (only
    its SHA-256) and must be handed to the applicant now. Raises :class:`IntakeInvalid` with every
    problem by field.
    """
    access.require(actor, "request.register", unit)
    today = today_or(today)
    receipt_basis = receipt_basis or default_receipt_basis(channel)
    errors = _receipt_errors(channel, receipt_basis, received_on, today)
    errors.update(validate_intake(applicant=applicant, description=description, delivery_form=delivery_form,
                                  delivery_way=delivery_way, doc_reference=doc_reference))
    if errors:
        raise IntakeInvalid(errors)
    return _create(unit=unit, channel=channel, received_on=as_date(received_on, "收到申请日期"),
                   receipt_basis=receipt_basis, applicant=applicant, description=description,
                   delivery_form=delivery_form, delivery_way=delivery_way, doc_reference=doc_reference,
                   receipt_note=receipt_note, proof=proof, scan=scan, actor=actor, today=today)


@transaction.atomic
def request_submit_online(
    *, unit_code: str, applicant: ApplicantData, description: str, delivery_form: str, delivery_way: str,
    doc_reference: str = "", proof=None, today: dt.date | None = None,
) -> tuple[InfoRequest, str]:
    """The public online form: received today, the system confirming receipt at once (Art. 31: internet
    applications count from the day both sides confirm). Returns the case and its query code."""
    today = today_or(today)
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    errors = {} if unit else {"unit": "请选择受理申请的机关。"}
    errors.update(validate_intake(applicant=applicant, description=description, delivery_form=delivery_form,
                                  delivery_way=delivery_way, doc_reference=doc_reference))
    if errors:
        raise IntakeInvalid(errors)
    return _create(unit=unit, channel=Channel.ONLINE, received_on=today, receipt_basis=ReceiptBasis.BOTH_CONFIRMED,
                   applicant=applicant, description=description, delivery_form=delivery_form,
                   delivery_way=delivery_way, doc_reference=doc_reference, receipt_note="网上申请，系统即时确认收到",
                   proof=proof, scan=None, actor=None, today=today)
